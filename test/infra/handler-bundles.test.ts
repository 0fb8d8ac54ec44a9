import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLE_OPTIONS } from '../../bench/support/lambda-bundle.ts';

/**
 * One composition root (src/handlers/wiring.ts) wires all the functions, yet each function's bundle
 * must hold only what it runs: esbuild drops the other wirings because the project's modules are
 * declared free of import side effects (package.json `sideEffects`). Without that, every function
 * would carry the report's workbook writer, mail composer and Sobot client (about 1.2 MB).
 */

interface Contents {
  /** Bundled files, as paths relative to the project. */
  readonly inputs: string[];
  /** `@aws-sdk/*` packages left to the Lambda runtime and required by the bundle. */
  readonly sdk: string[];
}

async function bundleOf(handler: string): Promise<Contents> {
  const entry = fileURLToPath(new URL(`../../src/handlers/${handler}.ts`, import.meta.url));
  const { metafile } = await build({
    ...LAMBDA_BUNDLE_OPTIONS,
    // What is bundled does not depend on these; skipping them keeps the test quick.
    minify: false,
    sourcemap: false,
    entryPoints: [entry],
    outfile: `${handler}.js`,
    write: false,
    metafile: true,
  });
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
  return {
    inputs: Object.keys(output?.inputs ?? {}),
    sdk: [
      ...new Set(
        (output?.imports ?? [])
          .filter((i) => i.external && i.path.startsWith('@aws-sdk/'))
          .map((i) => i.path),
      ),
    ].sort(),
  };
}

const REPORT_ONLY = [/node_modules\/exceljs\//, /node_modules\/nodemailer\//, /^src\/core\/render\//];
const SOBOT_CLIENT = /^src\/adapters\/sobot\/client\.ts$/;
const includes = (contents: Contents, pattern: RegExp) => contents.inputs.some((path) => pattern.test(path));

describe('Bundles: each function holds only the wiring it runs', () => {
  it('leaves the report’s code and the Sobot client out of delivery-events and delivery-watchdog', async () => {
    // Act
    const bundles = await Promise.all(['delivery-events', 'delivery-watchdog'].map(bundleOf));

    // Assess
    for (const contents of bundles) {
      expect(contents.inputs).toContain('src/handlers/wiring.ts');
      for (const pattern of [...REPORT_ONLY, SOBOT_CLIENT]) {
        expect(includes(contents, pattern), String(pattern)).toBe(false);
      }
      expect(contents.sdk).toEqual(['@aws-sdk/client-s3']);
    }
  });

  it('leaves the report’s code out of token-refresh, which needs SSM and get_token only', async () => {
    // Act
    const contents = await bundleOf('token-refresh');

    // Assess
    expect(includes(contents, /^src\/adapters\/sobot\/token-provider\.ts$/)).toBe(true);
    for (const pattern of [...REPORT_ONLY, /^src\/adapters\/archive\//]) {
      expect(includes(contents, pattern), String(pattern)).toBe(false);
    }
    expect(contents.sdk).toEqual(['@aws-sdk/client-ssm']);
  });

  it('still gives the report functions everything they run', async () => {
    // Act
    const contents = await bundleOf('scheduled-report');

    // Assess
    for (const pattern of [...REPORT_ONLY, SOBOT_CLIENT]) {
      expect(includes(contents, pattern), String(pattern)).toBe(true);
    }
    expect(contents.sdk).toEqual([
      '@aws-sdk/client-lambda',
      '@aws-sdk/client-s3',
      '@aws-sdk/client-sesv2',
      '@aws-sdk/client-ssm',
    ]);
  });
});
