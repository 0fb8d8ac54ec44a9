import { DateTime } from 'luxon';
import { emptyConditions, emptyDataset } from '../../src/core/report/collect.ts';
import type { Dataset, Dimension, PeriodWindow, RawSnapshot, Scope } from '../../src/core/report/snapshot.ts';
import type { AgentWorkRow } from '../../src/core/sections/agents.ts';
import type { ChatRow } from '../../src/core/sections/chats.ts';
import { botReception, overview } from '../../src/core/sections/customers.ts';
import { sessionSatisfaction } from '../../src/core/sections/satisfaction.ts';

/**
 * A plausible, deterministic RawSnapshot for render tests: daily getStat rows per dimension unit that
 * sum to the summary_way=0 totals, agents from staffWorkStatis, customer/satisfaction objects, and a
 * previous dataset about 10% smaller.
 */
export interface SnapshotFixtureOptions {
  readonly dimension?: Dimension;
  /** First day `yyyy-MM-dd`; default 2025-11-03 (a Monday). */
  readonly from?: string;
  /** Default 7. */
  readonly days?: number;
  readonly timezone?: string;
  /** Departments, skill groups or channels; default 3. Names default to `Department 1` etc. */
  readonly units?: number;
  readonly unitNames?: readonly string[];
  /** Default 12. Names default to `Agent 01` etc. */
  readonly agents?: number;
  readonly agentNames?: readonly string[];
  /** Include a previous dataset; default true. */
  readonly compare?: boolean;
  /** No chats at all in the current period. */
  readonly empty?: boolean;
  readonly scope?: Scope;
  readonly language?: 'en' | 'zh';
}

/** A small LCG so every run builds the same numbers. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function dimensionFields(dimension: Dimension, index: number, name: string): Partial<ChatRow> {
  const id = `${dimension === 'department' ? 'dept' : dimension === 'skillGroup' ? 'group' : 'flag'}-${String(index + 1).padStart(3, '0')}`;
  switch (dimension) {
    case 'department':
      return { depart_id: id, depart_name: name };
    case 'skillGroup':
      return { group_id: id, group_name: name };
    case 'channel':
      return { channel_flag: id, channel_flag_name: name, source: String(index), source_name: name };
  }
}

function dayRow(next: () => number, scale: number): ChatRow {
  const chats = Math.round((40 + next() * 160) * scale);
  const valid = Math.round(chats * (0.8 + next() * 0.15));
  const received = Math.round(valid * (0.85 + next() * 0.12));
  const solved = Math.round(received * (0.6 + next() * 0.3));
  const rounds = received * 4;
  return {
    human_consult: chats,
    human_valid: valid,
    human_valid_recep: received,
    human_transfer: Math.round(chats * 0.05 * next()),
    summary_solved: solved,
    summary_not_solved: Math.round((received - solved) * 0.7),
    avg_staff_first_res_duration: Math.round(15_000 + next() * 90_000),
    avg_staff_res_total_duration: Math.round(20_000 + next() * 60_000),
    staff_res_total_count: rounds,
  };
}

function sumRows(rows: readonly ChatRow[], base: Partial<ChatRow>): ChatRow {
  const sum = (key: keyof ChatRow) => rows.reduce((total, r) => total + ((r[key] as number) ?? 0), 0);
  const weighted = (avg: keyof ChatRow, weight: keyof ChatRow) => {
    const weights = sum(weight);
    return weights === 0
      ? null
      : rows.reduce((t, r) => t + ((r[avg] as number) ?? 0) * ((r[weight] as number) ?? 0), 0) / weights;
  };
  return {
    ...base,
    human_consult: sum('human_consult'),
    human_valid: sum('human_valid'),
    human_valid_recep: sum('human_valid_recep'),
    human_transfer: sum('human_transfer'),
    summary_solved: sum('summary_solved'),
    summary_not_solved: sum('summary_not_solved'),
    staff_res_total_count: sum('staff_res_total_count'),
    avg_staff_first_res_duration: weighted('avg_staff_first_res_duration', 'human_valid_recep'),
    avg_staff_res_total_duration: weighted('avg_staff_res_total_duration', 'staff_res_total_count'),
  };
}

function agentRow(next: () => number, index: number, name: string, scale: number): AgentWorkRow {
  const chats = index % 7 === 6 ? 0 : Math.round((20 + next() * 200) * scale);
  const valid = Math.round(chats * 0.9);
  const received = Math.round(valid * (0.7 + next() * 0.3));
  return {
    staff_id: `staff-${String(index + 1).padStart(3, '0')}`,
    service_nick: name,
    service_email: `agent${index + 1}@example.com`,
    group_name: `Group ${(index % 3) + 1}`,
    human_consult: chats,
    human_valid: valid,
    human_valid_recep: received,
    avg_first_response_time: chats === 0 ? null : Math.round(10_000 + next() * 120_000),
    avg_comment_score: chats === 0 ? null : Math.round((3 + next() * 2) * 100) / 100,
    total_times: Math.round(received * 0.3),
    // Rated on the 5-star scale only: the rated chats, all counted as 4 stars.
    score4: Math.round(received * 0.3),
  };
}

function dataset(options: Required<Omit<SnapshotFixtureOptions, 'scope'>>, seed: number, scale: number) {
  const next = random(seed);
  const { from, days, units, unitNames, agents, agentNames, dimension } = options;
  const dates = Array.from(
    { length: days },
    (_, i) => DateTime.fromISO(from).plus({ days: i }).toISODate() ?? '',
  );
  const totals: ChatRow[] = [];
  const daily: ChatRow[] = [];
  for (let u = 0; u < units; u++) {
    const base = dimensionFields(dimension, u, unitNames[u] ?? `Unit ${u + 1}`);
    const rows = dates.map((date) => ({ ...base, ...dayRow(next, scale), real_date: date, show_date: date }));
    daily.push(...rows);
    totals.push(sumRows(rows, base));
  }
  const visitors = Math.round(totals.reduce((t, r) => t + (r.human_valid ?? 0), 0) * 0.8);
  const newVisitors = Math.round(visitors * 0.35);
  const data: Dataset = {
    chats: { totals, daily },
    messages: { totals: [], daily: [] },
    customers: {
      // Parsed by the real schemas, as the collector does, so the types and coercions match.
      overview: overview.parse({
        valid_visitor_total: String(visitors),
        new_visitor_num: String(newVisitors),
        old_visitor_num: String(visitors - newVisitors),
      }),
      botReception: botReception.parse({
        robot_self_reception_num_proportion: `${(30 + next() * 30).toFixed(2)}%`,
      }),
      agentReception: null,
      regions: [],
    },
    agents: Array.from({ length: agents }, (_, i) =>
      agentRow(next, i, agentNames[i] ?? `Agent ${String(i + 1).padStart(2, '0')}`, scale),
    ),
    workStatus: [],
    satisfaction: {
      sessions: sessionSatisfaction.parse({
        avg_comment_score: (4 + next() * 0.9).toFixed(2),
        score_total_times: 120,
      }),
      customers: null,
    },
    serviceSummary: [],
  };
  return data;
}

function window(from: string, days: number, timezone: string): PeriodWindow {
  const to = DateTime.fromISO(from)
    .plus({ days: days - 1 })
    .toISODate();
  const end = to ?? from;
  return {
    kind: days === 1 ? 'daily' : days === 7 ? 'weekly' : 'custom',
    start: `${from} 00:00:00`,
    end: `${end} 23:59:59`,
    from,
    to: end,
    timezone,
    label: days === 1 ? from : `${from}_${end}`,
    days,
  };
}

export function buildSnapshotFixture(options: SnapshotFixtureOptions = {}): RawSnapshot {
  const settings = {
    dimension: options.dimension ?? 'department',
    from: options.from ?? '2025-11-03',
    days: options.days ?? 7,
    timezone: options.timezone ?? 'Asia/Shanghai',
    units: options.units ?? options.unitNames?.length ?? 3,
    unitNames:
      options.unitNames ??
      Array.from({ length: options.units ?? 3 }, (_, i) =>
        (options.dimension ?? 'department') === 'department' ? `Department ${i + 1}` : `Unit ${i + 1}`,
      ),
    agents: options.agents ?? options.agentNames?.length ?? 12,
    agentNames: options.agentNames ?? [],
    compare: options.compare ?? true,
    empty: options.empty ?? false,
    language: options.language ?? 'en',
  };
  const period = window(settings.from, settings.days, settings.timezone);
  const previousFrom = DateTime.fromISO(settings.from).minus({ days: settings.days }).toISODate() ?? '';
  const compare = settings.compare;
  return {
    version: 1,
    reportId: 'fixture-report',
    dimension: settings.dimension,
    language: settings.language,
    period,
    previousPeriod: compare ? window(previousFrom, settings.days, settings.timezone) : null,
    collectedAt: `${DateTime.fromISO(period.to).plus({ days: 1 }).toISODate()}T00:05:00.000Z`,
    apiCalls: 42,
    conditions: emptyConditions(),
    current: settings.empty ? emptyDataset() : dataset(settings, 7, 1),
    previous: compare ? dataset(settings, 11, 0.9) : null,
    ...(options.scope ? { scope: options.scope } : {}),
  };
}
