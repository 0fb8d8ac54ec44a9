import { type BuildOptions, build, type Metafile } from 'esbuild';

/**
 * esbuild with the options the stack's NodejsFunction passes (infra/report-function.ts: minify,
 * sourceMap, target node22, CommonJS; the construct's defaults: bundle, platform node, `@aws-sdk/*`
 * external because the nodejs22.x runtime provides AWS SDK v3).
 */
export const LAMBDA_BUNDLE_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  external: ['@aws-sdk/*'],
  logLevel: 'error',
};

/**
 * The NODE_OPTIONS the stack sets (infra/report-function.ts): a heap ceiling at half the function's
 * 512 MB and a small young generation. No --enable-source-maps: Node would read, parse and keep the bundle's source map on every
 * cold start, which cost ≈ 85 MB and 160 ms here.
 */
export const DEPLOYED_NODE_OPTIONS = '--max-old-space-size=256 --max-semi-space-size=4';

interface Bundle {
  readonly outfile: string;
  readonly bytes: number;
  readonly metafile: Metafile;
}

export async function bundleLikeLambda(entry: string, outfile: string): Promise<Bundle> {
  const result = await build({ ...LAMBDA_BUNDLE_OPTIONS, entryPoints: [entry], outfile, metafile: true });
  const { metafile } = result;
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.js'));
  return { outfile, bytes: output?.[1].bytes ?? 0, metafile };
}
