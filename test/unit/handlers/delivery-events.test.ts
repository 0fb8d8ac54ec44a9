import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import { MemoryArchiveStore } from '../../../src/adapters/archive/memory.ts';
import { ArchiveError } from '../../../src/core/delivery/errors.ts';
import { encodeRunFolder } from '../../../src/core/delivery/history.ts';
import { sha256 } from '../../../src/core/delivery/manifest.ts';
import type { ArchiveObject } from '../../../src/core/report/ports.ts';
import { createDeliveryEventsHandler } from '../../../src/handlers/delivery-events.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { recordSingleMetrics } from '../../support/published-metrics.ts';

const NOW = Date.parse('2025-11-17T01:10:00Z');
const FOLDER = 'reports/weekly-supervisors/weekly/2025/2025-W46/';
const ADDRESS = 'care.supervisor@example.com';
const RECIPIENT = sha256(ADDRESS);
const MESSAGE_ID = '0100019a1b2c3d4e-5f6a7b8c-9d0e-1f2a-3b4c-5d6e7f8a9b0c-000000';

type Detail = Record<string, unknown>;

/** An SES event as EventBridge delivers it, with the sender's tags and the addresses SES adds. */
function sesEvent(eventType: string, extra: Detail = {}, tags: Record<string, string[]> = reportTags()) {
  return {
    version: '0',
    id: 'b7f1c2d3-0000-4000-8000-000000000001',
    'detail-type': `Email ${eventType}`,
    source: 'aws.ses',
    account: '123456789012',
    time: '2025-11-17T01:00:09Z',
    region: 'ap-southeast-1',
    resources: ['arn:aws:ses:ap-southeast-1:123456789012:configuration-set/sobot-reports'],
    detail: {
      eventType,
      mail: {
        timestamp: '2025-11-17T01:00:05.012Z',
        source: 'Sobot Reports <reports@example.com>',
        sendingAccountId: '123456789012',
        messageId: MESSAGE_ID,
        destination: [ADDRESS],
        headersTruncated: false,
        commonHeaders: { to: [`Customer Care Supervisor <${ADDRESS}>`], subject: 'Weekly live-chat report' },
        tags: { 'ses:configuration-set': ['sobot-reports'], ...tags },
      },
      ...extra,
    },
  };
}

function reportTags(folder = FOLDER, reportId = 'weekly-supervisors'): Record<string, string[]> {
  return { 'report-id': [reportId], 'run-folder': [encodeRunFolder(folder)], recipient: [RECIPIENT] };
}

const bounce = {
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: [
      {
        emailAddress: ADDRESS,
        action: 'failed',
        status: '5.1.1',
        diagnosticCode: `smtp; 550 <${ADDRESS}> unknown`,
      },
    ],
    timestamp: '2025-11-17T01:00:09.120Z',
    feedbackId: '0100019a-feedback-000000',
    reportingMTA: 'dsn; mta.example.com',
  },
};

function setup(archive = new MemoryArchiveStore(() => NOW)) {
  const metrics = new Metrics({ namespace: 'SobotReports', serviceName: 'test' });
  const published = recordSingleMetrics(metrics);
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const warnings = vi.spyOn(logger, 'warn');
  const infos = vi.spyOn(logger, 'info');
  const handle = createDeliveryEventsHandler({ archive, clock: createFakeClock(NOW), logger, metrics });
  const stored = () =>
    [...archive.objects.entries()].map(([key, object]) => ({
      key,
      json: JSON.parse(String(object.body)) as Record<string, unknown>,
    }));
  return { handle, archive, published, warnings, infos, stored };
}

describe('Function: delivery-events', () => {
  it('records a bounce in its run’s delivery history, with the recipient hashed and the bounce type', async () => {
    // Prepare
    const { handle, stored, published } = setup();

    // Act
    const outcome = await handle(sesEvent('Bounce', bounce));

    // Assess
    const key = `${FOLDER}deliveries/${MESSAGE_ID}/20251117T010009.120Z.bounce.json`;
    expect(outcome).toEqual({ recorded: true, key });
    expect(stored()).toEqual([
      {
        key,
        json: {
          version: 1,
          eventType: 'Bounce',
          messageId: MESSAGE_ID,
          timestamp: '2025-11-17T01:00:09.120Z',
          recipient: RECIPIENT,
          detail: 'Permanent/General',
          recordedAt: new Date(NOW).toISOString(),
        },
      },
    ]);
    expect(published).toEqual([{ reportId: 'weekly-supervisors', name: 'EmailsBounced', value: 1 }]);
  });

  it('never writes or logs an email address from the event', async () => {
    // Prepare
    const { handle, archive, infos } = setup();

    // Act
    await handle(sesEvent('Bounce', bounce));
    await handle(
      sesEvent('Delivery', {
        delivery: {
          timestamp: '2025-11-17T01:00:07.000Z',
          recipients: [ADDRESS],
          smtpResponse: `250 ok <${ADDRESS}>`,
        },
      }),
    );

    // Assess
    const bodies = [...archive.objects.values()].map((object) => String(object.body));
    expect(bodies).toHaveLength(2);
    for (const body of bodies) expect(body).not.toContain('@');
    expect(JSON.stringify(infos.mock.calls)).not.toContain('@');
  });

  it('counts a complaint with its feedback type, and names sends and deliveries without metrics', async () => {
    // Prepare
    const { handle, stored, published } = setup();
    const complaint = {
      complaint: {
        complainedRecipients: [{ emailAddress: ADDRESS }],
        complaintFeedbackType: 'abuse',
        timestamp: '2025-11-18T08:00:00.000Z',
        feedbackId: '0100019a-complaint-000000',
      },
    };

    // Act
    await handle(sesEvent('Send', { send: {} }));
    await handle(sesEvent('Delivery', { delivery: { timestamp: '2025-11-17T01:00:07.000Z' } }));
    await handle(sesEvent('Complaint', complaint));

    // Assess
    expect(stored().map((s) => s.key.slice(`${FOLDER}deliveries/${MESSAGE_ID}/`.length))).toEqual([
      '20251117T010005.012Z.send.json',
      '20251117T010007.000Z.delivery.json',
      '20251118T080000.000Z.complaint.json',
    ]);
    expect(stored().at(-1)?.json.detail).toBe('abuse');
    expect(published).toEqual([{ reportId: 'weekly-supervisors', name: 'EmailsComplained', value: 1 }]);
  });

  it('keeps the reject reason, timed at the send', async () => {
    // Prepare
    const { handle, stored } = setup();

    // Act
    await handle(sesEvent('Reject', { reject: { reason: 'Bad content' } }));

    // Assess
    expect(stored()[0]?.key).toBe(`${FOLDER}deliveries/${MESSAGE_ID}/20251117T010005.012Z.reject.json`);
    expect(stored()[0]?.json).toMatchObject({ eventType: 'Reject', detail: 'Bad content' });
  });

  it('writes an event SES delivers twice to the same key once', async () => {
    // Prepare
    const { handle, archive } = setup();

    // Act
    await handle(sesEvent('Bounce', bounce));
    await handle(sesEvent('Bounce', bounce));

    // Assess
    expect(archive.objects.size).toBe(1);
  });

  it('hashes the single envelope recipient when the message has no recipient tag', async () => {
    // Prepare
    const { handle, stored } = setup();
    const { recipient: _, ...tags } = reportTags();

    // Act
    await handle(sesEvent('Bounce', bounce, tags));

    // Assess
    expect(stored()[0]?.json.recipient).toBe(RECIPIENT);
  });

  it.each([
    ['a folder escaping reports/', 'reports/weekly-supervisors/../../ledger/'],
    ['a folder outside reports/', 'ledger/weekly-supervisors/2025-11-10_2025-11-16/'],
    ['another report’s folder', 'reports/daily-channels/daily/2025/2025-11-16/'],
    ['a folder that is not a run', 'reports/weekly-supervisors/'],
    ['a folder inside a delivery history', `${FOLDER}deliveries/x/`],
  ])('refuses %s: writes nothing, counts it, and does not throw', async (_name, folder) => {
    // Prepare
    const { handle, archive, published, warnings } = setup();

    // Act
    const outcome = await handle(sesEvent('Bounce', bounce, reportTags(folder)));

    // Assess
    expect(outcome).toMatchObject({ recorded: false, reason: expect.stringContaining('run-folder') });
    expect(archive.objects.size).toBe(0);
    expect(published).toEqual([{ reportId: undefined, name: 'DeliveryEventsUnreadable', value: 1 }]);
    expect(warnings).toHaveBeenCalledTimes(1);
  });

  it('counts a message without the report tags as unreadable, logging its id but no address', async () => {
    // Prepare
    const { handle, archive, published, warnings } = setup();

    // Act
    const outcome = await handle(sesEvent('Bounce', bounce, {}));

    // Assess
    expect(outcome).toEqual({ recorded: false, reason: 'no report-id and run-folder tags' });
    expect(archive.objects.size).toBe(0);
    expect(published.map((p) => p.name)).toEqual(['DeliveryEventsUnreadable']);
    expect(warnings.mock.calls[0]?.[1]).toMatchObject({ eventType: 'Bounce', messageId: MESSAGE_ID });
    expect(JSON.stringify(warnings.mock.calls)).not.toContain('@');
  });

  it.each([
    ['not an EventBridge event from SES', { source: 'aws.s3', detail: {} }],
    [
      'an event type it does not record',
      sesEvent('Open', { open: { timestamp: '2025-11-17T02:00:00.000Z' } }),
    ],
    ['a malformed record', { source: 'aws.ses', detail: { eventType: 'Bounce', mail: { messageId: 7 } } }],
    ['no object at all', 'Email Bounced'],
  ])('counts %s as unreadable without throwing', async (_name, input) => {
    // Prepare
    const { handle, archive, published } = setup();

    // Act
    const outcome = await handle(input);

    // Assess
    expect(outcome.recorded).toBe(false);
    expect(archive.objects.size).toBe(0);
    expect(published.map((p) => p.name)).toEqual(['DeliveryEventsUnreadable']);
  });

  it('throws when the archive cannot store a readable event, so Lambda retries it, and counts nothing', async () => {
    // Prepare
    class FailingArchive extends MemoryArchiveStore {
      override async put(key: string, _object: ArchiveObject): Promise<void> {
        throw new ArchiveError(`cannot write ${key}: SlowDown`, key);
      }
    }
    const { handle, published } = setup(new FailingArchive());

    // Act
    const outcome = handle(sesEvent('Bounce', bounce));

    // Assess
    await expect(outcome).rejects.toThrow(ArchiveError);
    expect(published).toEqual([]);
  });
});
