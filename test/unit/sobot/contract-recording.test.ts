import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedExchange } from '../../../src/adapters/sobot/contract/check.ts';
import { redactedRecording, writeRecording } from '../../../src/adapters/sobot/contract/record.ts';
import { parseRecording } from '../../../src/core/recording.ts';

/**
 * What `check --record` keeps of its exchanges: no token, app_key or sign anywhere (a server may echo
 * them), and each agent as the same "Agent N" / agentN@example.invalid in every list that names them.
 */

const TOKEN = 'c84f8b6f5885434da40d8449eb15c7f1';
const APP_KEY = 'APPKEY-7f3a9c2e5d1b';
const SIGN = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

const exchanges: CapturedExchange[] = [
  {
    endpoint: 'getServiceList',
    probe: 'contract',
    request: { search_way: 1, page: '1', size: '1' },
    status: 200,
    body: {
      ret_code: '000000',
      ret_msg: `Succeed for token ${TOKEN}`,
      items: [
        { service_id: 'id-zhao', service_name: 'Zhao Chen', service_nick: 'zc' },
        { service_id: 'id-li', service_name: 'Li Wei', service_nick: 'Wei' },
      ],
    },
  },
  {
    endpoint: 'staffWorkStatis',
    probe: 'contract',
    request: { search_way: 2 },
    status: 200,
    body: {
      ret_code: '000000',
      ret_msg: 'Succeed',
      items: [{ staff_id: 'id-li', service_nick: 'Wei', service_email: 'li.wei@corp.example.com' }],
    },
  },
  {
    endpoint: 'getWorkLogList',
    probe: 'filter-table',
    request: { staff_ids_param: 'id-zhao' },
    status: 200,
    body: {
      ret_code: '000000',
      ret_msg: `echo ${APP_KEY} ${SIGN.toUpperCase()}`,
      items: [
        { staff_id: 'id-zhao', staff_name: 'Zhao Chen', note: 'called by Zhao Chen, zhao@corp.example.com' },
      ],
    },
  },
  { endpoint: 'getStat', probe: 'contract', request: {}, status: 502, text: `<h1>502</h1> ${TOKEN}` },
];

const meta = {
  day: '2025-11-11',
  timezone: 'Asia/Shanghai',
  recordedAt: '2025-11-12T01:00:00.000Z',
  secrets: [TOKEN, APP_KEY, SIGN],
};

describe('Contract: the redacted recording', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sobot-recording-'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('holds no token, app_key or sign, in any case or place', () => {
    // Act
    const text = JSON.stringify(redactedRecording(exchanges, meta));

    // Assess
    for (const secret of meta.secrets) expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    expect(text).toContain('[redacted]');
  });

  it('holds no original name or email, and gives each agent one placeholder in every list', () => {
    // Act
    const recording = redactedRecording(exchanges, meta);

    // Assess
    const text = JSON.stringify(recording);
    for (const original of ['Zhao Chen', 'Li Wei', '"zc"', 'Wei"', 'corp.example.com']) {
      expect(text).not.toContain(original);
    }
    const [services, workload, workLog] = recording.exchanges.map((exchange) => exchange.body) as {
      items: Record<string, string>[];
    }[];
    expect(services?.items).toEqual([
      { service_id: 'id-zhao', service_name: 'Agent 1', service_nick: 'Agent 1' },
      { service_id: 'id-li', service_name: 'Agent 2', service_nick: 'Agent 2' },
    ]);
    expect(workload?.items[0]).toMatchObject({
      service_nick: 'Agent 2',
      service_email: 'agent2@example.invalid',
    });
    expect(workLog?.items[0]).toMatchObject({ staff_name: 'Agent 1' });
    expect(workLog?.items[0]?.note).toBe('called by Agent 1, agent3@example.invalid');
  });

  it('gives two agents who share a name two placeholders, told apart by their ids', () => {
    // Prepare
    const namesakes: CapturedExchange[] = [
      {
        endpoint: 'getServiceList',
        probe: 'contract',
        request: {},
        status: 200,
        body: {
          ret_code: '000000',
          items: [
            { service_id: 'id-1', service_name: 'Li Wei', service_email: 'li.wei@corp.example.com' },
            { service_id: 'id-2', service_name: 'Li Wei', service_email: 'wei.li@corp.example.com' },
          ],
        },
      },
    ];

    // Act
    const recording = redactedRecording(namesakes, meta);

    // Assess
    const body = recording.exchanges[0]?.body as { items: Record<string, string>[] } | undefined;
    const items = body?.items ?? [];
    expect(items.map((item) => item.service_email)).toEqual([
      'agent1@example.invalid',
      'agent2@example.invalid',
    ]);
    expect(items[1]?.service_id).toBe('id-2');
  });

  it('is a recording the replay can read', () => {
    // Act
    const recording = parseRecording(JSON.parse(JSON.stringify(redactedRecording(exchanges, meta))));

    // Assess
    expect(recording.exchanges.map((exchange) => exchange.endpoint)).toEqual([
      'getServiceList',
      'staffWorkStatis',
      'getWorkLogList',
      'getStat',
    ]);
  });

  it('is written whole under its name, with no temporary file left beside it', async () => {
    // Prepare
    const file = join(folder, 'capture.json');

    // Act
    await writeRecording(file, redactedRecording(exchanges, meta));

    // Assess
    expect(await readdir(folder)).toEqual(['capture.json']);
    expect(parseRecording(JSON.parse(await readFile(file, 'utf8'))).day).toBe('2025-11-11');
  });

  it('leaves nothing behind when it cannot be written', async () => {
    // Prepare: the target is a folder, so the rename over it fails after the temporary file is written.
    const target = join(folder, 'taken');
    await writeRecording(join(folder, 'placeholder.json'), redactedRecording([], meta));
    await mkdir(target);
    const before = (await readdir(folder)).sort();

    // Act
    const written = writeRecording(target, redactedRecording(exchanges, meta));

    // Assess
    await expect(written).rejects.toThrow();
    expect((await readdir(folder)).sort()).toEqual(before);
  });

  it('refuses a file that is not a recording, naming the field', () => {
    // Act
    const parse = () => parseRecording({ ...redactedRecording([], meta), day: '2025-13-40' });

    // Assess
    expect(parse).toThrow(/^day: /);
  });
});
