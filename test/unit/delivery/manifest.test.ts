import { describe, expect, it } from 'vitest';
import { archiveObjectFor, XLSX_CONTENT_TYPE } from '../../../src/core/delivery/archive-object.ts';
import {
  hashRecipients,
  ManifestBuilder,
  parseManifest,
  serializeManifest,
  sha256,
} from '../../../src/core/delivery/manifest.ts';
import { weekW45 } from './helpers.ts';

function builder(recipients: string[] = []) {
  return new ManifestBuilder({
    reportId: 'weekly-supervisors',
    title: 'Weekly live-chat report',
    runKey: 'weekly-supervisors/2025-11-03_2025-11-09',
    period: weekW45,
    generatedAt: new Date('2025-11-10T01:00:00Z'),
    recipients,
  });
}

describe('Class: ManifestBuilder', () => {
  it('starts with every step pending and the period, range and timezone', () => {
    // Act
    const manifest = builder().build();

    // Assess
    expect(manifest.steps).toEqual({
      collected: 'pending',
      rendered: 'pending',
      archived: 'pending',
      sent: 'pending',
    });
    expect(manifest.period).toMatchObject({
      kind: 'weekly',
      label: '2025-W45',
      from: '2025-11-03',
      to: '2025-11-09',
    });
    expect(manifest.timezone).toBe('Asia/Shanghai');
    expect(manifest.generatedAt).toBe('2025-11-10T01:00:00.000Z');
  });

  it('keeps recipient hashes and count, never the addresses', () => {
    // Act
    const manifest = builder([
      'Supervisor One <Supervisor.One@example.com>',
      'supervisor.one@example.com',
      'b@example.com',
    ]).build();

    // Assess
    expect(manifest.recipients.count).toBe(2);
    expect(manifest.recipients.sha256).toContain(sha256('supervisor.one@example.com'));
    expect(serializeManifest(manifest)).not.toMatch(/example\.com/);
  });

  it('records files with size, sha256 and content type, the slice when there is one', () => {
    // Prepare
    const key = 'reports/w/weekly/2025/2025-W45/w_2025-11-03_2025-11-09_department-1.xlsx';
    const body = new Uint8Array([1, 2, 3]);

    // Act
    const manifest = builder().file(key, archiveObjectFor(key, body), 'Department 1').build();

    // Assess
    expect(manifest.files).toEqual([
      {
        key,
        name: 'w_2025-11-03_2025-11-09_department-1.xlsx',
        slice: 'Department 1',
        contentType: XLSX_CONTENT_TYPE,
        size: 3,
        sha256: sha256(body),
      },
    ]);
  });

  it('records API calls, SES message ids and step progress', () => {
    // Act
    const manifest = builder()
      .apiCalls(42)
      .step('collected', 'done')
      .step('rendered', 'done')
      .message({ messageId: 'ses-1', recipients: 2, attached: true })
      .build();

    // Assess
    expect(manifest.apiCalls).toBe(42);
    expect(manifest.messages).toEqual([{ messageId: 'ses-1', recipients: 2, attached: true }]);
    expect(manifest.steps.rendered).toBe('done');
    expect(manifest.steps.archived).toBe('pending');
  });

  it('shows how far a failed run got', () => {
    // Act
    const manifest = builder().step('collected', 'done').fail('rendered', new TypeError('bad row')).build();

    // Assess
    expect(manifest.steps).toMatchObject({ collected: 'done', rendered: 'failed', sent: 'pending' });
    expect(manifest.error).toEqual({ step: 'rendered', name: 'TypeError', message: 'bad row' });
  });

  it('round-trips through JSON', () => {
    // Prepare
    const manifest = builder(['a@example.com']).step('collected', 'done').build();

    // Act
    const parsed = parseManifest(serializeManifest(manifest));

    // Assess
    expect(parsed).toEqual(manifest);
  });
});

describe('Function: parseManifest', () => {
  it.each(['not json', '{"version":2}', '[]'])('returns null for %j', (text) => {
    // Act & Assess
    expect(parseManifest(text)).toBeNull();
  });
});

describe('Function: hashRecipients', () => {
  it('hashes the lowercased bare address', () => {
    // Act & Assess
    expect(hashRecipients(['X <A@B.co>'])).toEqual([sha256('a@b.co')]);
  });
});
