import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from '../../../src/core/render/columns.ts';
import { computeKpis } from '../../../src/core/render/kpis.ts';
import { renderWorkbook, WorkbookRenderError } from '../../../src/core/render/workbook.ts';
import type { RawSnapshot } from '../../../src/core/report/snapshot.ts';
import { AGENT_COLUMNS } from '../../../src/core/sections/agents.ts';
import { DAY_COLUMN, DIMENSION_COLUMNS } from '../../../src/core/sections/breakdown.ts';
import { CHAT_COLUMNS } from '../../../src/core/sections/chats.ts';
import { REGION_COLUMNS } from '../../../src/core/sections/customers.ts';
import { DIMENSION_LIST_COLUMNS } from '../../../src/core/sections/dimensions.ts';
import { SECTION_IDS } from '../../../src/core/sections/ids.ts';
import { MESSAGE_COLUMNS } from '../../../src/core/sections/messages.ts';
import { METRICS } from '../../../src/core/sections/metrics.ts';
import { SERVICE_SUMMARY_COLUMNS } from '../../../src/core/sections/service-summary.ts';
import type { Target } from '../../../src/core/sections/targets.ts';
import { WORK_STATUS_COLUMNS } from '../../../src/core/sections/work-status.ts';
import {
  cellOf,
  columnIndex,
  headerTexts,
  renderToWorkbook,
  sheet,
  WORK_LOG,
  workbookSnapshot,
} from './workbook-fixture.ts';

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** exceljs reads a `[h]:mm:ss` cell back as a Date from Excel's epoch, rounded to the millisecond. */
const durationMsOf = (value: unknown) => (value as Date).getTime() - EXCEL_EPOCH;

const EN_SHEETS = [
  'Summary',
  'Definitions',
  'Chats',
  'Chats by day',
  'Messages',
  'Messages by day',
  'Customers',
  'Customer regions',
  'Agents',
  'Work status',
  'Satisfaction',
  'Service summary',
  'Dimensions',
];

const headersOf = (columns: readonly ColumnSpec[], language: 'en' | 'zh') =>
  columns.map((c) => c.header[language]);

/** What exceljs reads back of a sheet's conditional formatting (its types leave the reader's model out). */
type ReadFormatting = { readonly ref: string; readonly rules: readonly { readonly formulae?: string[] }[] };
function formattingsOf(worksheet: ExcelJS.Worksheet): readonly ReadFormatting[] {
  return (worksheet as unknown as { conditionalFormattings: ReadFormatting[] }).conditionalFormattings;
}

describe('Function: renderWorkbook', () => {
  it('writes the sheets of every section in order, each name at most 31 characters', async () => {
    // Prepare
    const snapshot = workbookSnapshot();

    // Act
    const { workbook, result } = await renderToWorkbook(snapshot);

    // Assess
    expect(result.sheets).toEqual(EN_SHEETS);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(EN_SHEETS);
    for (const name of result.sheets) expect(name.length).toBeLessThanOrEqual(31);
    expect(result.rows).toBeGreaterThan(snapshot.current.agents.length + snapshot.current.chats.daily.length);
  });

  it('ends with a Data notes sheet listing what could not be read, when something could not', async () => {
    // Prepare
    const snapshot = {
      ...workbookSnapshot(),
      quality: {
        unreadCount: 2,
        unread: [{ endpoint: 'getStat', field: 'human_transfer', value: '"∞"' }],
        missing: [
          {
            endpoint: 'getMsgStat',
            field: 'msg_human',
            rows: 4,
            blanks: { en: 'Message counts', zh: '消息数' },
          },
        ],
      },
    };

    // Act
    const { workbook, result } = await renderToWorkbook(snapshot);

    // Assess
    expect(result.sheets).toEqual([...EN_SHEETS, 'Data notes']);
    const notes = sheet(workbook, 'Data notes');
    expect(notes.getCell(1, 1).value).toBe('2 values could not be read: getStat.human_transfer ("∞")');
    const texts = notes
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string');
    expect(texts).toContain('getStat.human_transfer');
    expect(texts).toContain('"∞"');
    expect(texts).toContain('No getMsgStat row has msg_human; Message counts cannot be shown.');
  });

  it('names the sheets in Chinese for a zh report', async () => {
    // Prepare
    const snapshot = workbookSnapshot({ language: 'zh' });

    // Act
    const { result } = await renderToWorkbook(snapshot, { language: 'zh' });

    // Assess
    expect(result.sheets).toEqual([
      '概览',
      '指标定义',
      '会话统计',
      '每日会话统计',
      '消息统计',
      '每日消息统计',
      '客户统计',
      '客户地域分布',
      '客服工作量',
      '客服工作状态',
      '满意度',
      '服务总结',
      '维度列表',
    ]);
  });

  it('writes only the sheets of the selected sections, in the canonical order', async () => {
    // Prepare
    const snapshot = workbookSnapshot();

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { sections: ['agents', 'summary'] });

    // Assess
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Summary', 'Definitions', 'Agents']);
  });

  it.each(['en', 'zh'] as const)(
    'heads every dataset sheet with the %s headers of columns.ts',
    async (language) => {
      // Prepare
      const snapshot = workbookSnapshot({ dimension: 'channel' });
      const labels = DIMENSION_COLUMNS.channel;
      const metricColumns = [
        { en: 'Section', zh: '分类' },
        { en: 'Metric', zh: '指标' },
        { en: 'Value', zh: '数值' },
        // The API's "MoM" twins of a weekly report compare with the week before.
        { en: 'vs previous week', zh: '较上周' },
      ].map((header) => ({ header }) as ColumnSpec);
      const expected: Record<string, readonly ColumnSpec[]> = {
        Chats: [...labels, ...CHAT_COLUMNS],
        'Chats by day': [DAY_COLUMN, ...labels, ...CHAT_COLUMNS],
        Messages: [...labels, ...MESSAGE_COLUMNS],
        Customers: metricColumns,
        'Customer regions': REGION_COLUMNS,
        Agents: AGENT_COLUMNS,
        'Work status': WORK_STATUS_COLUMNS,
        Satisfaction: metricColumns,
        'Service summary': SERVICE_SUMMARY_COLUMNS,
        Dimensions: DIMENSION_LIST_COLUMNS,
      };

      // Act
      const { workbook } = await renderToWorkbook(snapshot, { language });

      // Assess
      workbook.worksheets.slice(1).forEach((worksheet, i) => {
        const columns = expected[EN_SHEETS[i + 1] ?? ''];
        if (columns) expect(headerTexts(worksheet)).toEqual(headersOf(columns, language));
      });
      expect(headerTexts(sheet(workbook, language === 'en' ? 'Chats' : '会话统计')).slice(0, 3)).toEqual(
        language === 'en' ? ['Channel', 'Sub-channel', 'Total chats'] : ['渠道', '子渠道', '总会话量'],
      );
    },
  );

  it('marks department and agent cells that miss a target with conditional formatting, at the precision the email shows', async () => {
    // Prepare
    const targets: readonly Target[] = [
      { metric: 'validReceptionRate', bound: 'min', value: 0.9 },
      { metric: 'avgFirstResponse', bound: 'max', value: 30_000 },
      { metric: 'transferred', bound: 'max', value: 10 },
    ];

    // Act
    const { workbook } = await renderToWorkbook(workbookSnapshot({ agents: 12 }), { targets });

    // Assess
    const rulesOf = (name: string) =>
      formattingsOf(sheet(workbook, name)).map((cf) => ({
        ref: cf.ref,
        formulae: cf.rules.flatMap((rule) => rule.formulae ?? []),
      }));
    const chats = sheet(workbook, 'Chats');
    const reception = chats.getColumn(columnIndex(chats, METRICS.validReceptionRate.label.en)).letter;
    const firstResponse = chats.getColumn(columnIndex(chats, METRICS.avgFirstResponse.label.en)).letter;
    expect(rulesOf('Chats')).toEqual([
      {
        ref: `${reception}2:${reception}${chats.rowCount}`,
        formulae: [`AND(ISNUMBER(${reception}2),ROUND(${reception}2,3)<0.9)`],
      },
      {
        ref: `${firstResponse}2:${firstResponse}${chats.rowCount}`,
        formulae: [`AND(ISNUMBER(${firstResponse}2),ROUND(${firstResponse}2*86400,0)>30)`],
      },
    ]);
    expect(rulesOf('Agents')).toHaveLength(2);
    expect(rulesOf('Chats by day')).toEqual([]);
  });

  it('adds no conditional formatting without targets', async () => {
    // Act
    const { workbook } = await renderToWorkbook(workbookSnapshot());

    // Assess
    expect(workbook.worksheets.flatMap(formattingsOf)).toEqual([]);
  });

  it('freezes the header row and puts an autofilter on it in every sheet', async () => {
    // Prepare
    const snapshot = workbookSnapshot();

    // Act
    const { workbook } = await renderToWorkbook(snapshot);

    // Assess
    for (const worksheet of workbook.worksheets) {
      const headerRow = worksheet.name === 'Summary' ? 5 : 1;
      const width = headerTexts(worksheet, headerRow).length;
      expect(worksheet.views[0], worksheet.name).toMatchObject({ state: 'frozen', ySplit: headerRow });
      expect(worksheet.autoFilter, worksheet.name).toBe(
        `A${headerRow}:${worksheet.getColumn(width).letter}${headerRow}`,
      );
      expect(worksheet.getColumn(1).width ?? 0, worksheet.name).toBeGreaterThanOrEqual(10);
    }
  });

  it('sets title, period, creator and the collection time as document properties', async () => {
    // Prepare
    const snapshot = workbookSnapshot();

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { title: 'Weekly live-chat report' });

    // Assess
    expect(workbook.title).toBe('Weekly live-chat report');
    expect(workbook.subject).toBe('2025-11-03 – 2025-11-09 (Asia/Shanghai)');
    expect(workbook.creator).toBe('sobot-report-mailer');
    expect(workbook.created.toISOString()).toBe(snapshot.collectedAt);
  });

  it('writes rates as numbers with a percent format and durations as fractions of a day', async () => {
    // Prepare
    const fixture = workbookSnapshot();
    const [first, ...others] = fixture.current.chats.totals;
    const snapshot = {
      ...fixture,
      current: {
        ...fixture.current,
        chats: { ...fixture.current.chats, totals: [{ ...first, human_valid_rate: 0.75 }, ...others] },
      },
    };

    // Act
    const { workbook } = await renderToWorkbook(snapshot);

    // Assess
    const chats = sheet(workbook, 'Chats');
    const rate = cellOf(chats, 'Department 1', columnIndex(chats, 'Valid Chat %'));
    const messages = sheet(workbook, 'Messages');
    const qa = cellOf(messages, 'Department 1', columnIndex(messages, 'Q&A %'));
    expect(qa.type).toBe(ExcelJS.ValueType.Number);
    expect(qa.value).toBeCloseTo(0.3478, 6);
    expect(qa.numFmt).toBe('0.00%');
    expect(rate.type).toBe(ExcelJS.ValueType.Number);
    expect(rate.value).toBe(0.75);
    expect(rate.numFmt).toBe('0.00%');
    const duration = cellOf(chats, 'Department 1', columnIndex(chats, 'Avg first response'));
    expect(duration.numFmt).toBe('[h]:mm:ss');
    // The API averages to fractions of a millisecond; the read-back Date keeps whole milliseconds.
    expect(durationMsOf(duration.value)).toBeCloseTo(first?.avg_staff_first_res_duration ?? Number.NaN, -0.3);
    const total = cellOf(chats, 'Department 1', columnIndex(chats, 'Total chats'));
    expect(total.value).toBe(first?.human_consult);
    expect(total.numFmt).toBe('#,##0');
  });

  it('writes days as dates and millisecond timestamps as dates in the report timezone', async () => {
    // Prepare
    const snapshot = workbookSnapshot({ timezone: 'Asia/Shanghai' });

    // Act
    const { workbook } = await renderToWorkbook(snapshot);

    // Assess
    const byDay = sheet(workbook, 'Chats by day');
    const day = byDay.getRow(2).getCell(1);
    expect(day.value).toEqual(new Date('2025-11-03T00:00:00.000Z'));
    expect(day.numFmt).toBe('yyyy-mm-dd');
    const work = sheet(workbook, 'Work status');
    const login = work.getRow(2).getCell(columnIndex(work, 'Last login time'));
    // 1762149918830 is 06:05:18.830 UTC, 14:05:18.830 in Shanghai (UTC+8).
    expect(login.value).toEqual(new Date('2025-11-03T14:05:18.830Z'));
    expect(login.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(work.getRow(2).getCell(columnIndex(work, 'Date')).value).toEqual(
      new Date('2025-11-03T00:00:00.000Z'),
    );
    expect(work.getRow(2).getCell(columnIndex(work, 'Last offline time')).value).toBeNull();
    const online = work.getRow(2).getCell(columnIndex(work, 'Online duration'));
    expect(durationMsOf(online.value)).toBe(WORK_LOG.online_duration);
  });

  it('lists every agent of a multi-page staffWorkStatis answer', async () => {
    // Prepare: 250 agents is three pages of 100.
    const snapshot = workbookSnapshot({ agents: 250 });

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { sections: ['agents'] });

    // Assess
    const agents = sheet(workbook, 'Agents');
    const names = agents.getColumn(1).values.slice(2);
    expect(names).toHaveLength(250);
    expect(names).toEqual(snapshot.current.agents.map((a) => a.service_nick));
  });

  it('shows the KPIs with the previous period and the change in their own units', async () => {
    // Prepare
    const snapshot = workbookSnapshot();
    const kpis = computeKpis(snapshot.current, snapshot.previous);
    const chats = kpis.find((k) => k.id === 'totalChats');
    const firstResponse = kpis.find((k) => k.id === 'avgFirstResponse');
    const reception = kpis.find((k) => k.id === 'validReceptionRate');

    // Act
    const { workbook } = await renderToWorkbook(snapshot);

    // Assess
    const summary = sheet(workbook, 'Summary');
    expect(summary.getCell('A1').value).toBe('Weekly live-chat report');
    expect(summary.getCell('A2').value).toBe('Period: 2025-11-03 – 2025-11-09 (Asia/Shanghai)');
    expect(headerTexts(summary, 5)).toEqual([
      'Metric',
      'This period',
      'Previous week',
      'Change vs previous week',
      'Change % vs previous week',
    ]);
    expect(summary.getColumn(1).values.slice(6)).toHaveLength(kpis.length);
    expect(cellOf(summary, 'Total chats', 2).value).toBe(chats?.current);
    expect(cellOf(summary, 'Total chats', 3).value).toBe(chats?.previous);
    expect(cellOf(summary, 'Total chats', 4).numFmt).toBe('+#,##0;-#,##0;#,##0');
    // Changes are written at the precision their format shows, so one too small to see reads 0.
    const relative = chats?.change?.relative ?? Number.NaN;
    expect(cellOf(summary, 'Total chats', 5).value).toBeCloseTo(Math.round(relative * 10_000) / 10_000, 9);
    const firstResponseCell = cellOf(summary, 'Avg first response', 2);
    expect(firstResponseCell.numFmt).toBe('[h]:mm:ss');
    expect(durationMsOf(firstResponseCell.value)).toBeCloseTo(firstResponse?.current ?? Number.NaN, -0.3);
    expect(cellOf(summary, 'Avg first response', 4).value).toBe(
      Math.round((firstResponse?.change?.absolute ?? Number.NaN) / 1000),
    );
    const receptionLabel = METRICS.validReceptionRate.label.en;
    expect(cellOf(summary, receptionLabel, 2).numFmt).toBe('0.00%');
    expect(cellOf(summary, receptionLabel, 4).value).toBeCloseTo(
      Math.round((reception?.change?.absolute ?? Number.NaN) * 10_000) / 100,
      6,
    );
  });

  it('leaves the previous period and change empty when the report is not compared', async () => {
    // Prepare
    const snapshot = workbookSnapshot({ compare: false });

    // Act
    const { workbook } = await renderToWorkbook(snapshot);

    // Assess
    const summary = sheet(workbook, 'Summary');
    expect(summary.getCell('A3').value).toBe('Not compared with a previous period');
    expect(cellOf(summary, 'Total chats', 2).value).toBe(
      snapshot.current.chats.totals.reduce((t, r) => t + (r.human_consult ?? 0), 0),
    );
    expect(cellOf(summary, 'Total chats', 3).value).toBeNull();
    expect(cellOf(summary, 'Total chats', 4).value).toBeNull();
  });

  it('lists customer and satisfaction figures with their month-on-month change as rates', async () => {
    // Prepare
    const snapshot = workbookSnapshot();

    // Act
    const { workbook } = await renderToWorkbook(snapshot);

    // Assess
    const customers = sheet(workbook, 'Customers');
    const proportion = cellOf(customers, 'Agent Validly Received Customer %', 3, 2);
    expect(proportion.value).toBeCloseTo(0.9943, 6);
    expect(proportion.numFmt).toBe('0.00%');
    expect(cellOf(customers, 'Agent Validly Received Customer %', 4, 2).value).toBeCloseTo(-0.0031, 6);
    expect(cellOf(customers, 'Received Customers', 3, 2).numFmt).toBe('#,##0');
    const satisfaction = sheet(workbook, 'Satisfaction');
    const customerScore = satisfaction
      .getRows(2, satisfaction.rowCount - 1)
      ?.find(
        (row) =>
          row.getCell(1).value === 'Customer satisfaction' &&
          row.getCell(2).value === 'Customer satisfaction (5★)',
      );
    expect(customerScore?.getCell(3).value).toBe(4.5);
    expect(customerScore?.getCell(3).numFmt).toBe('0.00');
    expect(customerScore?.getCell(4).value).toBeCloseTo(0.02, 6);
    expect(satisfaction.getColumn(1).values).toContain('Chat satisfaction');
  });

  it('indents the department tree and gives each department its path', async () => {
    // Prepare
    const snapshot = workbookSnapshot();

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { sections: ['dimensions'] });

    // Assess
    const dimensions = sheet(workbook, 'Dimensions');
    const east = cellOf(dimensions, 'Sales East', 3, 2);
    expect(east.value).toBe('Head office / Sales / Sales East');
    expect(cellOf(dimensions, 'Sales East', 2, 2).alignment?.indent).toBe(2);
    expect(cellOf(dimensions, 'DeskTop--6', 5, 2).value).toBe('Desktop Site');
    expect(dimensions.getColumn(1).values.slice(2)).toEqual([
      'Department',
      'Department',
      'Department',
      'Skill group',
      'Channel',
      'Sub-channel',
    ]);
  });

  it('writes one service summary row per classification and period', async () => {
    // Prepare
    const snapshot = workbookSnapshot();

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { sections: ['serviceSummary'] });

    // Assess
    const summary = sheet(workbook, 'Service summary');
    expect(summary.getRow(2).values).toEqual(
      expect.arrayContaining(['Category 2', 1, new Date('2025-11-03T00:00:00.000Z'), 2]),
    );
    expect(summary.getRow(2).getCell(columnIndex(summary, '10 Score Rating')).value).toBe(1);
    expect(summary.getRow(3).getCell(columnIndex(summary, 'Total Chats')).value).toBe(3);
    expect(summary.rowCount).toBe(3);
  });

  it('writes a service summary day as a date, and a week or month the API names as text formatted as text', async () => {
    // Prepare: the reference's weekly example, and a month as the simulator labels one.
    const fixture = workbookSnapshot();
    const [category] = fixture.current.serviceSummary;
    const periods = [
      { show_date: '2025-11-03', real_date: '2025-11-03', total_conversation_num: 2 },
      { show_date: '45 week 2024-11-04-2024-11-10', real_date: '2024-45', total_conversation_num: 4 },
      { show_date: '2025-11', real_date: '2025-11', total_conversation_num: 6 },
    ];
    const snapshot = {
      ...fixture,
      current: { ...fixture.current, serviceSummary: [{ ...category, details: periods }] },
    } as RawSnapshot;

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { sections: ['serviceSummary'] });

    // Assess
    const summary = sheet(workbook, 'Service summary');
    const date = columnIndex(summary, 'Date');
    const [day, week, month] = [2, 3, 4].map((row) => summary.getRow(row).getCell(date));
    expect(day?.value).toEqual(new Date('2025-11-03T00:00:00.000Z'));
    expect(day?.numFmt).toBe('yyyy-mm-dd');
    expect(week?.value).toBe('45 week 2024-11-04-2024-11-10');
    expect(week?.numFmt).toBe('@');
    expect(month?.value).toBe('2025-11');
    expect(month?.numFmt).toBe('@');
  });

  it('dates a one-day report’s service summary with its day, whatever the whole-period details are labelled', async () => {
    // Prepare: summary_way 0 over one day; the reference documents no label for a whole period.
    const fixture = workbookSnapshot({ from: '2025-11-05', days: 1 });
    const [category] = fixture.current.serviceSummary;
    const whole = {
      show_date: '2025-11-05-2025-11-05',
      real_date: '2025-11-05-2025-11-05',
      total_conversation_num: 5,
    };
    const snapshot = {
      ...fixture,
      current: { ...fixture.current, serviceSummary: [{ ...category, details: [whole] }] },
    } as RawSnapshot;

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { sections: ['serviceSummary'] });

    // Assess
    const summary = sheet(workbook, 'Service summary');
    const cell = summary.getRow(2).getCell(columnIndex(summary, 'Date'));
    expect(cell.value).toEqual(new Date('2025-11-05T00:00:00.000Z'));
    expect(cell.numFmt).toBe('yyyy-mm-dd');
  });

  it('leaves the by-day sheets out of a one-day report, whose totals are that day, and keeps them in a weekly one', async () => {
    // Prepare
    const daily = workbookSnapshot({ from: '2025-11-05', days: 1 });
    const weekly = workbookSnapshot({ from: '2025-11-03', days: 7 });

    // Act
    const [oneDay, oneWeek] = await Promise.all(
      [daily, weekly].map((snapshot) => renderToWorkbook(snapshot, { sections: ['chats', 'messages'] })),
    );

    // Assess
    expect(oneDay?.result.sheets).toEqual(['Chats', 'Messages']);
    expect(oneWeek?.result.sheets).toEqual(['Chats', 'Chats by day', 'Messages', 'Messages by day']);
    const byDay = sheet(oneWeek?.workbook as ExcelJS.Workbook, 'Chats by day');
    expect(byDay.rowCount - 1).toBe(weekly.current.chats.daily.length);
    expect(weekly.current.chats.daily.length).toBeGreaterThan(0);
  });

  it('writes to a file path', async () => {
    // Prepare
    const folder = await mkdtemp(join(tmpdir(), 'workbook-'));
    const file = join(folder, 'report.xlsx');
    try {
      // Act
      const result = await renderWorkbook(workbookSnapshot(), {
        title: 'Report',
        language: 'en',
        sections: SECTION_IDS,
        output: file,
      });

      // Assess
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(result.sheets);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('fails with a WorkbookRenderError when the file cannot be written', async () => {
    // Prepare
    const file = join(tmpdir(), 'no-such-folder-for-workbook', 'nested', 'report.xlsx');

    // Act
    const render = renderWorkbook(workbookSnapshot(), {
      title: 'Report',
      language: 'en',
      sections: ['summary'],
      output: file,
    });

    // Assess
    await expect(render).rejects.toBeInstanceOf(WorkbookRenderError);
    await expect(render).rejects.toMatchObject({ cause: { code: 'ENOENT' } });
  });
});
