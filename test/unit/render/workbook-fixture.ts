import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { renderWorkbook, type WorkbookResult } from '../../../src/core/render/workbook.ts';
import type { Section } from '../../../src/core/report/config.ts';
import type { Conditions, Dataset, RawSnapshot } from '../../../src/core/report/snapshot.ts';
import { agentReception, regionRow } from '../../../src/core/sections/customers.ts';
import { SECTION_IDS } from '../../../src/core/sections/ids.ts';
import { messageRow } from '../../../src/core/sections/messages.ts';
import { customerSatisfaction } from '../../../src/core/sections/satisfaction.ts';
import { summaryRow } from '../../../src/core/sections/service-summary.ts';
import type { Target } from '../../../src/core/sections/targets.ts';
import { workLogRow } from '../../../src/core/sections/work-status.ts';
import type { PeriodTrend } from '../../../src/core/trend/trend.ts';
import { buildSnapshotFixture, type SnapshotFixtureOptions } from '../../support/snapshot-fixture.ts';

/**
 * The shared snapshot fixture plus the datasets it leaves empty (messages, regions, work status,
 * service summary, condition lists), parsed by the real schemas as the collector does.
 */
export const WORK_LOG = workLogRow.parse({
  staff_id: 'staff-001',
  staff_name: 'Zhao Chen',
  department_name: 'Headquarters',
  group_name: 'Test, lzc',
  result_date: '2025-11-03',
  start_login_time: '1762149918830',
  first_login_time: '1762146293005',
  last_leave_time: '0',
  online_duration: '11529665',
  busy_counts: '1',
  busy_all_duration: '2059',
});

const CONDITIONS: Conditions = {
  channels: [{ code: '0', msg: 'Desktop Site' }],
  subChannels: [
    {
      sub_channel_id: 'sub-1',
      channel_type: '0',
      sub_channel_name: 'DeskTop--6',
      channel_flag: '6',
      channel_flag_key: '0_6',
    },
  ],
  classifications: [],
  robots: [],
  departments: [
    {
      depart_id: 'dept-root',
      depart_name: 'Head office',
      child_list: [
        {
          depart_id: 'dept-001',
          depart_name: 'Sales',
          parent_id: 'dept-root',
          child_list: [{ depart_id: 'dept-011', depart_name: 'Sales East', parent_id: 'dept-001' }],
        },
      ],
    },
  ],
  groups: [{ group_id: 'group-1', group_name: 'VIP' }],
  agents: [],
};

function enrich(base: Dataset): Dataset {
  return {
    ...base,
    messages: {
      totals: base.chats.totals.map((row) =>
        messageRow.parse({
          depart_name: row.depart_name,
          msg_human: 31,
          msg_staff_visitor_rate: '34.78%',
        }),
      ),
      daily: [],
    },
    customers: {
      ...base.customers,
      agentReception: agentReception.parse({
        staff_reception_num: '704',
        staff_valid_reception_num_proportion: '99.43%',
        staff_valid_reception_num_proportion_cycle: '-0.31%',
      }),
      regions: [regionRow.parse({ id: '6', country: 'China', province: 'Beijing', visitor_total: '1445' })],
    },
    workStatus: [WORK_LOG],
    satisfaction: {
      ...base.satisfaction,
      customers: customerSatisfaction.parse({
        score5_average: '4.5',
        score5_average_change: '2.00%',
        score5: '1',
        score4: '1',
      }),
    },
    serviceSummary: [
      summaryRow.parse({
        level: '1',
        classify_id: 'c-2',
        classify_show_name: 'Category 2',
        details: [
          { show_date: '2025-11-03', real_date: '2025-11-03', total_conversation_num: 2, score_num10: '1' },
          { show_date: '2025-11-04', real_date: '2025-11-04', total_conversation_num: 3 },
        ],
      }),
    ],
  };
}

export function workbookSnapshot(options: SnapshotFixtureOptions = {}): RawSnapshot {
  const base = buildSnapshotFixture(options);
  return { ...base, conditions: CONDITIONS, current: enrich(base.current) };
}

export async function renderToWorkbook(
  snapshot: RawSnapshot,
  options: {
    language?: 'en' | 'zh';
    sections?: readonly Section[];
    title?: string;
    targets?: readonly Target[];
    trend?: PeriodTrend;
  } = {},
): Promise<{ workbook: ExcelJS.Workbook; result: WorkbookResult; bytes: number; buffer: Buffer }> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const result = await renderWorkbook(snapshot, {
    title: options.title ?? 'Weekly live-chat report',
    language: options.language ?? 'en',
    sections: options.sections ?? SECTION_IDS,
    output,
    ...(options.targets ? { targets: options.targets } : {}),
    ...(options.trend ? { trend: options.trend } : {}),
  });
  const buffer = Buffer.concat(chunks);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return { workbook, result, bytes: buffer.length, buffer };
}

export function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found)
    throw new Error(`no sheet "${name}" (have ${workbook.worksheets.map((w) => w.name).join(', ')})`);
  return found;
}

/** The header row's texts (row 1, or the row after the preamble). */
export function headerTexts(worksheet: ExcelJS.Worksheet, row = 1): string[] {
  const values = worksheet.getRow(row).values as unknown[];
  return values.slice(1).map(String);
}

/** The data cell of the first row whose column `labelColumn` reads `label`. */
export function cellOf(
  worksheet: ExcelJS.Worksheet,
  label: string,
  column: number,
  labelColumn = 1,
): ExcelJS.Cell {
  for (let r = 1; r <= worksheet.rowCount; r++) {
    if (worksheet.getRow(r).getCell(labelColumn).value === label) return worksheet.getRow(r).getCell(column);
  }
  throw new Error(`no row labelled "${label}" in ${worksheet.name}`);
}

/** 1-based index of the column whose header reads `header`. */
export function columnIndex(worksheet: ExcelJS.Worksheet, header: string, row = 1): number {
  const index = headerTexts(worksheet, row).indexOf(header);
  if (index < 0) throw new Error(`no column "${header}" in ${worksheet.name}`);
  return index + 1;
}
