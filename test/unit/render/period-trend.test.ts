import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/core/render/html.ts';
import { buildReportModel, type ReportModelOptions } from '../../../src/core/render/model.ts';
import { renderText } from '../../../src/core/render/text.ts';
import type { RawSnapshot } from '../../../src/core/report/snapshot.ts';
import { type PeriodTrend, trendWindows } from '../../../src/core/trend/trend.ts';
import { buildSnapshotFixture } from '../../support/snapshot-fixture.ts';
import { columnIndex, renderToWorkbook, sheet, workbookSnapshot } from './workbook-fixture.ts';

/** The trend of the last periods in the email's HTML and text parts and in the Trend sheet. */

const OPTIONS: ReportModelOptions = {
  title: 'Weekly live-chat report',
  language: 'en',
  sections: ['summary', 'chats', 'dimensions', 'agents'],
};

function weekly(snapshot: RawSnapshot): RawSnapshot {
  return { ...snapshot, period: { ...snapshot.period, kind: 'weekly', label: '2025-W45' } };
}

/** 8 weeks: the third (2025-W40) a gap, the first three filled from getStat (no satisfaction). */
function trendOf(snapshot: RawSnapshot): PeriodTrend {
  const windows = trendWindows(snapshot.period);
  return {
    kind: 'weekly',
    periods: windows.map((w, i) => ({
      label: w.label,
      from: w.from,
      to: w.to,
      figures:
        i === 2
          ? null
          : {
              totalChats: 1_000 + i,
              validReceptionRate: 0.75,
              avgFirstResponse: 45_000,
              satisfaction5: i < 3 ? null : 4.5,
            },
      source: i === 2 ? null : i === 7 ? 'current' : i < 3 ? 'api' : 'report',
    })),
  };
}

describe('The trend of the last periods', () => {
  it('draws each period as a bar in table cells and a gap as words, never a zero bar', () => {
    // Prepare
    const snapshot = weekly(buildSnapshotFixture());

    // Act
    const html = renderHtml(buildReportModel(snapshot, { ...OPTIONS, periodTrend: trendOf(snapshot) }));

    // Assess
    expect(html).toContain('Last 8 weeks');
    expect(html.match(/class="period-label"/g)).toHaveLength(8);
    const gapRow = html.slice(html.indexOf('>2025-W40<'), html.indexOf('>2025-W41<'));
    expect(gapRow).toMatch(/class="period-gap"[^>]*>no data</);
    expect(gapRow).not.toContain('period-fill');
    expect(html.match(/class="period-fill"[^>]*bgcolor="#2f6fde"/g)).toHaveLength(7);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
  });

  it('says the gap in the text part too, and the figures beside each period', () => {
    // Prepare
    const snapshot = weekly(buildSnapshotFixture());

    // Act
    const text = renderText(buildReportModel(snapshot, { ...OPTIONS, periodTrend: trendOf(snapshot) }));

    // Assess
    const lines = text.split('\n');
    const start = lines.indexOf('LAST 8 WEEKS');
    expect(start).toBeGreaterThan(0);
    expect(lines.find((l) => l.startsWith('2025-W40'))).toMatch(/^2025-W40\s+–\s+–\s+–\s+–\s+\(no data\)$/);
    expect(lines.find((l) => l.startsWith('2025-W45'))).toMatch(
      /^2025-W45\s+1,007\s+75\.0%\s+45s\s+4\.50\s+#+$/,
    );
  });

  it('leaves the trend out of a custom range’s email, which has no periods before it', () => {
    // Act
    const html = renderHtml(buildReportModel(buildSnapshotFixture(), OPTIONS));

    // Assess
    expect(html).not.toContain('Last 8');
  });

  it('writes a Trend sheet after the Summary: dates as dates, a gap as empty cells, not zeros', async () => {
    // Prepare
    const snapshot = weekly(workbookSnapshot());

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { trend: trendOf(snapshot) });

    // Assess
    expect(workbook.worksheets.map((w) => w.name).slice(0, 2)).toEqual(['Summary', 'Trend']);
    const trend = sheet(workbook, 'Trend');
    expect(trend.rowCount).toBe(9);
    const chats = columnIndex(trend, 'Total chats');
    const gap = trend.getRow(4);
    expect(gap.getCell(1).value).toBe('2025-W40');
    expect(gap.getCell(4).value).toBe('No data');
    expect(gap.getCell(chats).value).toBeNull();
    expect(trend.getRow(9).getCell(chats).value).toBe(1_007);
    expect(trend.getRow(9).getCell(2).value).toBeInstanceOf(Date);
    expect(trend.getRow(2).getCell(columnIndex(trend, 'Satisfaction (5★)')).value).toBeNull();
    expect(trend.getRow(2).getCell(4).value).toBe('Sobot getStat (chat figures only)');
    expect(trend.getRow(9).getCell(2).type).toBe(ExcelJS.ValueType.Date);
  });
});
