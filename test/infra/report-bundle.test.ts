import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLE_OPTIONS } from '../../bench/support/lambda-bundle.ts';

/**
 * What the report functions ship: their handlers bundled with the options the stack's NodejsFunction
 * uses (bench/support/lambda-bundle.ts mirrors infra/report-function.ts), in one esbuild build held in
 * memory. Build-time tools (the CSS inliner that writes the templates, the TypeScript loader, CDK, the
 * test runner, every devDependency) must not be in it, nor the simulator or the template sources.
 */

const ROOT = new URL('../../', import.meta.url);
const REPORT_HANDLERS = ['scheduled-report', 'on-demand-report'] as const;

const manifest = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as {
  devDependencies: Record<string, string>;
};
const BUILD_TIME_PACKAGES = Object.keys(manifest.devDependencies).filter(
  (name) => !name.startsWith('@types/'),
);
const BUILD_TIME_FOLDERS = ['simulator/', 'templates/', 'test/', 'bench/', 'infra/'];

/** The npm package an input path lies in (`node_modules/<name>/…` or `node_modules/@scope/<name>/…`). */
function packageOf(input: string): string | undefined {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match?.[1];
}

describe('Bundle: the report handlers as the stack deploys them', () => {
  const shipped = new Map<string, string[]>();

  beforeAll(async () => {
    const result = await build({
      ...LAMBDA_BUNDLE_OPTIONS,
      absWorkingDir: fileURLToPath(ROOT),
      entryPoints: REPORT_HANDLERS.map((name) => `src/handlers/${name}.ts`),
      outdir: 'cdk.out/bundle-check',
      write: false,
      metafile: true,
    });
    const { outputs }: Metafile = result.metafile;
    for (const output of Object.values(outputs)) {
      if (output.entryPoint) shipped.set(output.entryPoint, Object.keys(output.inputs));
    }
  });

  it('builds one bundle per report handler, with its runtime libraries in it', () => {
    // Assess
    expect([...shipped.keys()].sort()).toEqual(
      REPORT_HANDLERS.map((name) => `src/handlers/${name}.ts`).sort(),
    );
    for (const [entry, inputs] of shipped) {
      const packages = new Set(inputs.map(packageOf));
      expect([...packages], entry).toEqual(expect.arrayContaining(['exceljs', 'luxon', 'zod']));
      expect(inputs, entry).toContain('src/core/render/templates.generated.ts');
    }
  });

  it.each(BUILD_TIME_PACKAGES)('leaves the build-time package %s out of every report handler', (name) => {
    // Assess
    for (const [entry, inputs] of shipped) {
      expect(
        inputs.filter((input) => packageOf(input) === name),
        entry,
      ).toEqual([]);
    }
  });

  it('leaves the simulator, the template sources, the tests, the benchmarks and the stack out', () => {
    // Assess
    for (const [entry, inputs] of shipped) {
      const local = inputs.filter((input) => packageOf(input) === undefined);
      expect(
        local.filter((input) => BUILD_TIME_FOLDERS.some((folder) => input.startsWith(folder))),
        entry,
      ).toEqual([]);
    }
  });
});
