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
  external: ['@aws-sdk/*'],
  logLevel: 'error',
};

/**
 * The stack sets NODE_OPTIONS=--enable-source-maps on every function (infra/report-function.ts): Node
 * then reads and parses the bundle's source map while loading it, and keeps it, which costs load time
 * and memory on every cold start.
 */
export const DEPLOYED_NODE_OPTIONS = '--enable-source-maps';

export interface Bundle {
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
