import { describe, expect, it } from 'vitest';
import { describeRun, type RunReport } from '../../../src/cli/run-summary.ts';

/** What the CLI prints of a finished run: the data notes line only when the API sent something odd. */

const RUN: RunReport = {
  runKey: 'daily/2025-11-12_2025-11-12',
  reportId: 'daily',
  period: {
    label: '2025-11-12',
    from: '2025-11-12',
    to: '2025-11-12',
    timezone: 'Asia/Shanghai',
  } as RunReport['period'],
  archive: [],
  messages: ['<m1@example.com>'],
  apiCalls: 12,
  dryRun: false,
  location: '/tmp/out/archive/daily',
};

describe('Function: describeRun', () => {
  it('names the values not read and the fields missing from every row', () => {
    // Act
    const text = describeRun({ ...RUN, unreadValues: 3, missingFields: ['getStat.human_consult'] });

    // Assess
    expect(text).toContain(
      '  data       3 values could not be read; missing from every row: getStat.human_consult (listed in the email and the manifest)',
    );
  });

  it('prints no data line for a clean answer', () => {
    // Act
    const text = describeRun({ ...RUN, unreadValues: 0, missingFields: [] });

    // Assess
    expect(text).not.toContain('  data ');
  });

  it('says why an alert whose targets were all met sent nothing', () => {
    // Act
    const text = describeRun({ ...RUN, messages: [], skipped: 'targets-met', targetsMet: ['all'] });

    // Assess
    expect(text.split('\n')[0]).toBe(
      'daily 2025-11-12: every target met and sendWhen is "targetMissed", nothing sent',
    );
    expect(text).toContain('  not sent   targets met: all');
  });

  it('names the slices an alert left unsent beside the ones it sent', () => {
    // Act
    const text = describeRun({
      ...RUN,
      emailsSent: 1,
      targetsMet: ['customer-care'],
      emlFiles: ['/tmp/out/outbox/all.eml'],
    });

    // Assess: the message files stay under the emails line they belong to.
    const lines = text.split('\n');
    const emails = lines.findIndex((line) => line.startsWith('  emails     1 '));
    expect(emails).toBeGreaterThan(0);
    expect(lines[emails + 1]).toBe('             /tmp/out/outbox/all.eml');
    expect(lines[emails + 2]).toBe('  not sent   targets met: customer-care');
  });
});
