import { describe, expect, it } from 'vitest';
import { MemoryArchiveStore } from '../../../src/adapters/archive/memory.ts';
import {
  type DeliveryEventRecord,
  DeliveryHistoryError,
  decodeRunFolder,
  encodeRunFolder,
  messageState,
  readDeliveryEvents,
  readRunHistories,
  recordDeliveryEvent,
  runFolderOfEventKey,
  runStatus,
  sentAt,
} from '../../../src/core/delivery/history.ts';
import { ManifestBuilder, serializeManifest } from '../../../src/core/delivery/manifest.ts';
import { weekW45 } from '../delivery/helpers.ts';

const FOLDER = 'reports/weekly-supervisors/weekly/2025/2025-W45/';

function record(eventType: DeliveryEventRecord['eventType'], timestamp: string, messageId = 'm-1') {
  return {
    version: 1,
    eventType,
    messageId,
    timestamp,
    recipient: 'c'.repeat(64),
    recordedAt: '2025-11-10T02:00:00.000Z',
  } as const satisfies DeliveryEventRecord;
}

describe('Function: decodeRunFolder', () => {
  it('answers the run folder a run-folder tag names, variant folders included', () => {
    // Prepare
    const override = `${FOLDER}to-0123456789ab/`;

    // Act
    const decoded = [
      decodeRunFolder(encodeRunFolder(FOLDER), 'weekly-supervisors'),
      decodeRunFolder(encodeRunFolder(override), 'weekly-supervisors'),
    ];

    // Assess
    expect(decoded).toEqual([FOLDER, override]);
  });

  it.each([
    ['padding or characters outside base64url', `${encodeRunFolder(FOLDER)}=`],
    // Decodes to `${FOLDER}x/` too, through bits the canonical encoding leaves zero.
    ['a non-canonical encoding', 'cmVwb3J0cy93ZWVrbHktc3VwZXJ2aXNvcnMvd2Vla2x5LzIwMjUvMjAyNS1XNDUveC9'],
    ['a folder without its trailing slash', encodeRunFolder(FOLDER.slice(0, -1))],
    ['a backslash', encodeRunFolder('reports/weekly-supervisors/weekly/2025/a\\b/')],
    ['an empty segment', encodeRunFolder('reports/weekly-supervisors/weekly/2025//')],
  ])('refuses %s', (_name, value) => {
    // Act
    const decoding = () => decodeRunFolder(value, 'weekly-supervisors');

    // Assess
    expect(decoding).toThrow(DeliveryHistoryError);
  });
});

describe('Function: messageState', () => {
  it('is the latest of delivered, bounced, complained and rejected, ignoring sends and delays', () => {
    // Prepare
    const events = [
      record('Send', '2025-11-10T01:00:00.000Z'),
      record('Complaint', '2025-11-11T09:00:00.000Z'),
      record('Delivery', '2025-11-10T01:00:03.000Z'),
      record('DeliveryDelay', '2025-11-12T00:00:00.000Z'),
      { ...record('Bounce', '2025-11-13T00:00:00.000Z', 'm-2'), detail: 'Permanent/General' },
    ];

    // Act
    const states = [messageState(events, 'm-1'), messageState(events, 'm-2'), messageState(events, 'm-3')];

    // Assess
    expect(states).toEqual([
      { outcome: 'complained', at: '2025-11-11T09:00:00.000Z' },
      { outcome: 'bounced', at: '2025-11-13T00:00:00.000Z', detail: 'Permanent/General' },
      null,
    ]);
    expect(sentAt(events, 'm-1')).toBe('2025-11-10T01:00:00.000Z');
    expect(sentAt(events, 'm-2')).toBeUndefined();
  });
});

describe('Function: readRunHistories', () => {
  it('pairs each run’s manifest with its own events, not those of a variant folder below it', async () => {
    // Prepare
    const store = new MemoryArchiveStore();
    const override = `${FOLDER}to-0123456789ab/`;
    for (const folder of [FOLDER, override]) {
      const manifest = new ManifestBuilder({
        reportId: 'weekly-supervisors',
        runKey: `weekly-supervisors/${weekW45.from}_${weekW45.to}`,
        period: weekW45,
        generatedAt: new Date('2025-11-10T01:00:00Z'),
      }).build();
      await store.put(`${folder}manifest.json`, {
        body: serializeManifest(manifest),
        contentType: 'application/json',
      });
    }
    const event = (runFolder: string, r: DeliveryEventRecord) =>
      recordDeliveryEvent(store, { reportId: 'weekly-supervisors', runFolder, record: r });
    await event(FOLDER, record('Delivery', '2025-11-10T01:00:03.000Z'));
    await event(FOLDER, record('Send', '2025-11-10T01:00:00.000Z'));
    await event(override, record('Bounce', '2025-11-10T01:00:09.000Z', 'm-9'));
    await store.put(`${FOLDER}deliveries/m-1/garbled.delivery.json`, {
      body: '{',
      contentType: 'application/json',
    });

    // Act
    const histories = await readRunHistories(store, 'weekly-supervisors');

    // Assess
    const byFolder = Object.fromEntries(histories.map((h) => [h.folder, h.events.map((e) => e.eventType)]));
    expect(byFolder).toEqual({ [FOLDER]: ['Send', 'Delivery'], [override]: ['Bounce'] });
    expect((await readDeliveryEvents(store, FOLDER)).map((e) => e.eventType)).toEqual(['Send', 'Delivery']);
  });
});

describe('Function: runStatus', () => {
  it('names a failure first, then a dry run, an empty period, an unfinished send and an override', () => {
    // Prepare
    const base = new ManifestBuilder({
      reportId: 'weekly-supervisors',
      runKey: 'weekly-supervisors/2025-11-03_2025-11-09',
      period: weekW45,
      generatedAt: new Date('2025-11-10T01:00:00Z'),
    })
      .step('sent', 'done')
      .build();
    const error = { step: 'archived', name: 'ArchiveError', message: 'no' } as const;

    // Act
    const statuses = [
      runStatus({ ...base, error, dryRun: true }),
      runStatus({ ...base, dryRun: true, skipped: 'empty' }),
      runStatus({ ...base, steps: { ...base.steps, sent: 'skipped' }, skipped: 'empty' }),
      runStatus({ ...base, steps: { ...base.steps, sent: 'skipped' }, skipped: 'targetsMet' }),
      runStatus({ ...base, steps: { ...base.steps, sent: 'pending' } }),
      runStatus({ ...base, recipientsOverride: true }),
      runStatus(base),
    ];

    // Assess
    expect(statuses).toEqual([
      'failed at archived',
      'dry run',
      'skipped empty',
      'targets met, not sent',
      'incomplete',
      'recipients override',
      'delivered',
    ]);
  });
});

describe('Function: runFolderOfEventKey', () => {
  it('finds the run folder of an event key and nothing in other keys', () => {
    // Act
    const folders = [
      runFolderOfEventKey(`${FOLDER}deliveries/m-1/20251110T010003.000Z.delivery.json`),
      runFolderOfEventKey(`${FOLDER}manifest.json`),
      runFolderOfEventKey('reports/deliveries/weekly/2025/x/manifest.json'),
    ];

    // Assess
    expect(folders).toEqual([FOLDER, null, null]);
  });
});
