import { describe, expect, it } from 'vitest';
import { MemoryArchiveStore } from '../../../src/adapters/archive/memory.ts';
import { archiveObjectFor } from '../../../src/core/delivery/archive-object.ts';
import { renderReportIndex, renderReportsIndex } from '../../../src/core/delivery/index-page.ts';
import { fileKeys, REPORTS_INDEX_KEY, reportIndexKey } from '../../../src/core/delivery/layout.ts';
import { type Manifest, ManifestBuilder, serializeManifest } from '../../../src/core/delivery/manifest.ts';
import { publishIndexes } from '../../../src/core/delivery/publish-indexes.ts';
import type { PeriodWindow } from '../../../src/core/report/snapshot.ts';
import { period } from './helpers.ts';

const W44 = period({ from: '2025-10-27', to: '2025-11-02', label: '2025-W44' });
const W45 = period({ from: '2025-11-03', to: '2025-11-09', label: '2025-W45' });

function manifestFor(reportId: string, window: PeriodWindow, title = 'Weekly report'): Manifest {
  const keys = fileKeys(reportId, window);
  return new ManifestBuilder({
    reportId,
    title,
    runKey: `${reportId}/${window.from}_${window.to}`,
    period: window,
    generatedAt: new Date(`${window.to}T23:00:00Z`),
  })
    .file(keys.workbook, archiveObjectFor(keys.workbook, new Uint8Array(12_345)))
    .file(keys.html, archiveObjectFor(keys.html, 'x'.repeat(999)))
    .step('sent', 'done')
    .build();
}

function text(bytes: Uint8Array | null): string {
  return Buffer.from(bytes ?? []).toString('utf8');
}

describe('Function: renderReportIndex', () => {
  it('lists runs newest first', () => {
    // Act
    const html = renderReportIndex('weekly', [manifestFor('weekly', W44), manifestFor('weekly', W45)]);

    // Assess
    expect(html.indexOf('2025-W45')).toBeGreaterThan(0);
    expect(html.indexOf('2025-W45')).toBeLessThan(html.indexOf('2025-W44'));
  });

  it('links files relative to the index, with their sizes and the generation time', () => {
    // Act
    const html = renderReportIndex('weekly', [manifestFor('weekly', W45)]);

    // Assess
    expect(html).toContain('<a href="weekly/2025/2025-W45/weekly_2025-11-03_2025-11-09.xlsx">');
    expect(html).not.toMatch(/href="\/|href="reports\/|href="s3:/);
    expect(html).toContain('(12 kB)');
    expect(html).toContain('(999 B)');
    expect(html).toContain('2025-11-09T23:00:00.000Z');
    expect(html).toContain('<a href="../index.html">');
  });

  it('escapes everything that came from the data', () => {
    // Prepare
    const hostile = manifestFor(
      'weekly',
      period({ ...W45, label: '<script>alert(1)<script>' }),
      '"><img src=x>',
    );

    // Act
    const html = renderReportIndex('weekly', [hostile], '"><img src=x>');

    // Assess
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;script&gt;');
    expect(html).toContain('href="weekly/2025/%3Cscript%3Ealert(1)%3Cscript%3E/');
    expect(html).toContain('&quot;&gt;&lt;img src=x&gt;');
  });

  it('says a failed run failed and where', () => {
    // Prepare
    const failed = new ManifestBuilder({
      reportId: 'weekly',
      runKey: 'weekly/x',
      period: W45,
      generatedAt: new Date('2025-11-10T01:00:00Z'),
    })
      .fail('sent', new Error('throttled'))
      .build();

    // Act & Assess
    expect(renderReportIndex('weekly', [failed])).toContain('failed at sent');
  });
});

describe('Function: renderReportsIndex', () => {
  it('links each report’s own index relatively, escaped', () => {
    // Act
    const html = renderReportsIndex([
      { reportId: 'weekly', title: 'Weekly <b>', runs: 2 },
      { reportId: 'daily', runs: 0 },
    ]);

    // Assess
    expect(html).toContain('<a href="weekly/index.html">weekly</a>');
    expect(html).toContain('Weekly &lt;b&gt;');
    expect(html.indexOf('daily/index.html')).toBeLessThan(html.indexOf('weekly/index.html'));
  });
});

describe('Function: publishIndexes', () => {
  it('rebuilds the report index and the top-level index from the archived manifests', async () => {
    // Prepare
    const store = new MemoryArchiveStore();
    for (const [id, window] of [
      ['weekly', W44],
      ['weekly', W45],
      ['daily', W45],
    ] as const) {
      const key = fileKeys(id, window).manifest;
      await store.put(key, archiveObjectFor(key, serializeManifest(manifestFor(id, window))));
    }
    await store.put('reports/weekly/weekly/2025/broken/manifest.json', archiveObjectFor('m.json', '{'));
    await publishIndexes(store, 'daily', 'Daily report');

    // Act
    const keys = await publishIndexes(store, 'weekly', 'Weekly report');

    // Assess
    expect(keys).toEqual([reportIndexKey('weekly'), REPORTS_INDEX_KEY]);
    const weekly = text(await store.get(reportIndexKey('weekly')));
    expect(weekly).toContain('2025-W44');
    expect(weekly).toContain('2025-W45');
    const top = text(await store.get(REPORTS_INDEX_KEY));
    expect(top).toContain('<a href="daily/index.html">daily</a>');
    expect(top).toContain('<a href="weekly/index.html">weekly</a>');
    expect(top).toMatch(/Weekly report<\/td><td>2<\/td><td>2025-W45/);
    expect(store.objects.get(REPORTS_INDEX_KEY)?.contentType).toBe('text/html; charset=utf-8');
  });
});
