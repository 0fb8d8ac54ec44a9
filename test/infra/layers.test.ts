import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The folders are the layers, and biome.json's noRestrictedImports overrides hold them apart. Each
 * probe file imports across a boundary; the real config is run over them in a scratch folder.
 */

const ROOT = join(import.meta.dirname, '../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');

const PROBES: Record<string, string> = {
  'src/core/report/to-adapter.ts': "import { createSobotClient } from '../../adapters/sobot/client.ts';",
  'src/core/report/to-aws.ts': "import { S3Client } from '@aws-sdk/client-s3';",
  'src/handlers/to-cli.ts': "import { runCli } from '../cli/program.ts';",
  'src/cli/to-handler.ts': "import { handler } from '../handlers/scheduled-report.ts';",
  'src/adapters/sobot/to-cli.ts': "import { runCli } from '../../cli/program.ts';",
  'simulator/to-client.ts': "import { createSobotClient } from '../src/adapters/sobot/client.ts';",
  'simulator/to-endpoints.ts': "import { ENDPOINTS } from '../src/core/sobot/endpoints.ts';",
  'src/cli/to-adapter.ts': "import { createSobotClient } from '../adapters/sobot/client.ts';",
  'src/handlers/to-core.ts': "import { runReport } from '../core/report/run-report.ts';",
};

let scratch: string;
let refused: string[];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'layers-'));
  await copyFile(join(ROOT, 'biome.json'), join(scratch, 'biome.json'));
  for (const [path, line] of Object.entries(PROBES)) {
    await mkdir(dirname(join(scratch, path)), { recursive: true });
    const name = /import \{ (\w+) \}/.exec(line)?.[1];
    await writeFile(join(scratch, path), `${line}\n\nexport const probe = ${name};\n`);
  }
  const { stdout } = await promisify(execFile)(BIOME, ['lint', '--reporter=json', '.'], {
    cwd: scratch,
  }).catch((failure: { stdout: string }) => failure);
  const report = JSON.parse(stdout) as {
    diagnostics: { category: string; location: { path: string } }[];
  };
  refused = report.diagnostics
    .filter((d) => d.category === 'lint/style/noRestrictedImports')
    .map((d) => d.location.path)
    .sort();
});

afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('Lint: imports follow the layers', () => {
  it('refuses the core importing adapters or AWS, and entry points importing each other', () => {
    // Assess
    expect(refused).toEqual([
      'simulator/to-client.ts',
      'simulator/to-endpoints.ts',
      'src/adapters/sobot/to-cli.ts',
      'src/cli/to-handler.ts',
      'src/core/report/to-adapter.ts',
      'src/core/report/to-aws.ts',
      'src/handlers/to-cli.ts',
    ]);
  });

  it('lets entry points compose adapters over the core', () => {
    // Assess
    expect(refused).not.toContain('src/cli/to-adapter.ts');
    expect(refused).not.toContain('src/handlers/to-core.ts');
  });
});
