import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsArchiveStore } from '../../../src/adapters/archive/fs.ts';
import { LOCAL_EVENTS_NOTE } from '../../../src/cli/commands/history.ts';
import { runCli } from '../../../src/cli/program.ts';
import { type DeliveryEventRecord, recordDeliveryEvent } from '../../../src/core/delivery/history.ts';
import {
  type Manifest,
  ManifestBuilder,
  serializeManifest,
  sha256,
} from '../../../src/core/delivery/manifest.ts';
import type { ArchiveStore } from '../../../src/core/report/ports.ts';
import { memoryIo } from '../../support/cli-io.ts';
import { period } from '../delivery/helpers.ts';

const HEAD = sha256('head-of-service@example.com');
const CARE = sha256('care.supervisor@example.com');
const w45 = period({});
const w46 = period({ label: '2025-W46', from: '2025-11-10', to: '2025-11-16' });
const w47 = period({ label: '2025-W47', from: '2025-11-17', to: '2025-11-23' });

type Outcome = 'delivered' | 'failed' | 'dry-run' | 'override' | 'empty';

function manifestOf(week: typeof w45, outcome: Outcome, generatedAt: string): Manifest {
  const builder = new ManifestBuilder({
    reportId: 'weekly-supervisors',
    runKey: `weekly-supervisors/${week.from}_${week.to}`,
    period: week,
    generatedAt: new Date(generatedAt),
    dryRun: outcome === 'dry-run',
  })
    .step('collected', 'done')
    .step('rendered', 'done')
    .step('archived', 'done');
  if (outcome === 'delivered' || outcome === 'override') {
    builder
      .step('sent', 'done')
      .message({ messageId: `${week.label}-m1`, recipients: 1, recipient: HEAD, attached: true })
      .message({
        messageId: `${week.label}-m2`,
        slice: 'Customer Care',
        recipients: 1,
        recipient: CARE,
        attached: true,
      });
  }
  if (outcome === 'dry-run' || outcome === 'empty') builder.step('sent', 'skipped');
  if (outcome === 'failed') builder.fail('sent', new Error('SES said no'));
  return {
    ...builder.build(),
    ...(outcome === 'override' ? { recipientsOverride: true } : {}),
    ...(outcome === 'empty' ? { skipped: 'empty' as const } : {}),
  };
}

const FOLDER = (week: typeof w45, variant = '') =>
  `reports/weekly-supervisors/weekly/2025/${week.label}/${variant}`;

async function seed(store: ArchiveStore, folder: string, manifest: Manifest): Promise<void> {
  await store.put(`${folder}manifest.json`, {
    body: serializeManifest(manifest),
    contentType: 'application/json',
  });
}

function event(
  eventType: DeliveryEventRecord['eventType'],
  messageId: string,
  timestamp: string,
  detail?: string,
): DeliveryEventRecord {
  return {
    version: 1,
    eventType,
    messageId,
    timestamp,
    ...(detail ? { detail } : {}),
    recordedAt: timestamp,
  };
}

describe('CLI: sobot-reports history', () => {
  let out: string;
  let store: FsArchiveStore;

  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'sobot-history-'));
    store = new FsArchiveStore({ root: join(out, 'archive') });
  });

  afterEach(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('lists the local runs newest first with their status, and each message as sent', async () => {
    // Prepare
    await seed(store, FOLDER(w45), manifestOf(w45, 'delivered', '2025-11-10T01:05:00.000Z'));
    await seed(
      store,
      FOLDER(w45, 'to-0123456789ab/'),
      manifestOf(w45, 'override', '2025-11-11T03:00:00.000Z'),
    );
    await seed(store, FOLDER(w46), manifestOf(w46, 'failed', '2025-11-17T01:05:00.000Z'));
    await seed(store, FOLDER(w46, 'dry-run/'), manifestOf(w46, 'dry-run', '2025-11-17T02:00:00.000Z'));
    await seed(store, FOLDER(w47), manifestOf(w47, 'empty', '2025-11-24T01:05:00.000Z'));
    const { io, written } = memoryIo();

    // Act
    const code = await runCli(['history', '--out', out], io);

    // Assess
    expect(code).toBe(0);
    const heads = written.stdout.split('\n').filter((line) => line.startsWith('weekly-supervisors'));
    expect(heads).toEqual([
      'weekly-supervisors  2025-W47 (2025-11-17 to 2025-11-23)  generated 2025-11-24T01:05:00.000Z  skipped empty',
      'weekly-supervisors  2025-W46 (2025-11-10 to 2025-11-16)  generated 2025-11-17T02:00:00.000Z  dry run',
      'weekly-supervisors  2025-W46 (2025-11-10 to 2025-11-16)  generated 2025-11-17T01:05:00.000Z  failed at sent',
      'weekly-supervisors  2025-W45 (2025-11-03 to 2025-11-09)  generated 2025-11-11T03:00:00.000Z  recipients override',
      'weekly-supervisors  2025-W45 (2025-11-03 to 2025-11-09)  generated 2025-11-10T01:05:00.000Z  delivered',
    ]);
    expect(written.stdout).toContain('  recipient     slice           sent\n');
    expect(written.stdout).toContain(`  ${HEAD.slice(0, 12)}  (whole report)  sent`);
    expect(written.stdout).toContain(`  ${CARE.slice(0, 12)}  Customer Care   sent`);
    expect(written.stdout).not.toContain(HEAD.slice(0, 13));
    expect(written.stderr).toContain(LOCAL_EVENTS_NOTE);
  });

  it('shows the latest of delivered, bounced, complained and rejected per message, with its time', async () => {
    // Prepare
    await seed(store, FOLDER(w45), manifestOf(w45, 'delivered', '2025-11-10T01:05:00.000Z'));
    const record = (r: DeliveryEventRecord) =>
      recordDeliveryEvent(store, { reportId: 'weekly-supervisors', runFolder: FOLDER(w45), record: r });
    await record(event('Send', '2025-W45-m1', '2025-11-10T01:05:01.000Z'));
    await record(event('Delivery', '2025-W45-m1', '2025-11-10T01:05:04.000Z'));
    await record(event('Send', '2025-W45-m2', '2025-11-10T01:05:02.000Z'));
    await record(event('DeliveryDelay', '2025-W45-m2', '2025-11-10T02:00:00.000Z', 'MailboxFull'));
    await record(event('Bounce', '2025-W45-m2', '2025-11-10T09:00:00.000Z', 'Transient/MailboxFull'));
    const { io, written } = memoryIo();

    // Act
    const code = await runCli(['history', '--report', 'weekly-supervisors', '--out', out], io);

    // Assess
    expect(code).toBe(0);
    const rows = written.stdout.split('\n').slice(1);
    expect(rows).toEqual([
      `  recipient     slice           ${'sent'.padEnd('sent 2025-11-10T01:05:01.000Z'.length)}  latest`,
      `  ${HEAD.slice(0, 12)}  (whole report)  sent 2025-11-10T01:05:01.000Z  delivered 2025-11-10T01:05:04.000Z`,
      `  ${CARE.slice(0, 12)}  Customer Care   sent 2025-11-10T01:05:02.000Z  bounced 2025-11-10T09:00:00.000Z (Transient/MailboxFull)`,
      '',
    ]);
    expect(written.stderr).not.toContain(LOCAL_EVENTS_NOTE);
  });

  it('prints one JSON document with --json, full recipient hashes included', async () => {
    // Prepare
    await seed(store, FOLDER(w45), manifestOf(w45, 'delivered', '2025-11-10T01:05:00.000Z'));
    await seed(store, 'reports/daily-channels/daily/2025/2025-11-09/', {
      ...manifestOf(w45, 'failed', '2025-11-10T00:05:00.000Z'),
      reportId: 'daily-channels',
    });
    const { io, written } = memoryIo();

    // Act
    const code = await runCli(['history', '--report', 'weekly-supervisors', '--json', '--out', out], io);

    // Assess
    expect(code).toBe(0);
    const document = JSON.parse(written.stdout);
    expect(document).toMatchObject({ ok: true, target: 'local', note: LOCAL_EVENTS_NOTE });
    expect(document.runs).toEqual([
      {
        reportId: 'weekly-supervisors',
        period: { kind: 'weekly', label: '2025-W45', from: '2025-11-03', to: '2025-11-09' },
        generatedAt: '2025-11-10T01:05:00.000Z',
        folder: FOLDER(w45),
        status: 'delivered',
        messages: [
          { recipient: HEAD, slice: null, messageId: '2025-W45-m1', sentAt: null, state: null },
          { recipient: CARE, slice: 'Customer Care', messageId: '2025-W45-m2', sentAt: null, state: null },
        ],
      },
    ]);
  });

  it('says where it looked when the archive holds no runs', async () => {
    // Prepare
    const { io, written } = memoryIo();

    // Act
    const code = await runCli(['history', '--out', out], io);

    // Assess
    expect(code).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toContain(`no runs archived in ${join(out, 'archive', 'reports')}`);
  });

  it('refuses a --report that is not a report id, with exit code 2', async () => {
    // Prepare
    const { io, written } = memoryIo();

    // Act
    const code = await runCli(['history', '--report', '../ledger', '--out', out], io);

    // Assess
    expect(code).toBe(2);
    expect(written.stderr).toContain('--report: "../ledger" is not a report id');
  });

  describe('with --target aws', () => {
    const s3 = mockClient(S3Client);
    beforeEach(() => s3.reset());

    it('reads the runs and their delivery events from the bucket, listing it once', async () => {
      // Prepare
      const manifest = manifestOf(w45, 'delivered', '2025-11-10T01:05:00.000Z');
      const bounce = event('Bounce', '2025-W45-m2', '2025-11-10T01:06:00.000Z', 'Permanent/General');
      const eventKey = `${FOLDER(w45)}deliveries/2025-w45-m2/20251110T010600.000Z.bounce.json`;
      s3.on(ListObjectsV2Command, {
        Bucket: 'archive-bucket',
        Prefix: 'reports/weekly-supervisors/',
      }).resolves({
        Contents: [
          { Key: `${FOLDER(w45)}manifest.json`, Size: 1 },
          { Key: eventKey, Size: 1 },
        ],
      });
      const body = (text: string) => ({ transformToByteArray: async () => Buffer.from(text) }) as never;
      s3.on(GetObjectCommand, { Key: `${FOLDER(w45)}manifest.json` }).resolves({
        Body: body(serializeManifest(manifest)),
      });
      s3.on(GetObjectCommand, { Key: eventKey }).resolves({ Body: body(JSON.stringify(bounce)) });
      const { io, written } = memoryIo({ AWS_REGION: 'ap-southeast-1' });

      // Act
      const code = await runCli(
        ['history', '--report', 'weekly-supervisors', '--target', 'aws', '--bucket', 'archive-bucket'],
        io,
      );

      // Assess
      expect(code).toBe(0);
      expect(written.stdout).toContain('bounced 2025-11-10T01:06:00.000Z (Permanent/General)');
      expect(written.stderr).not.toContain(LOCAL_EVENTS_NOTE);
      expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(1);
    });
  });
});
