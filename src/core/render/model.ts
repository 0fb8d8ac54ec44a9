import { DateTime } from 'luxon';
import type { Section } from '../report/config.ts';
import type { Conditions, Dimension, PeriodWindow, RawSnapshot } from '../report/snapshot.ts';
import type { AgentWorkRow, ChatStatRow, Department } from '../sobot/schemas.ts';
import { type Language, labelsFor } from './i18n.ts';
import { chatFigures, type Kpi, ratio, snapshotKpis, sumOf, weightedAverage } from './kpis.ts';

export type { Kpi, KpiDirection, KpiFormat, KpiId } from './kpis.ts';
export { computeKpis, judgeChange, KPI_DEFINITIONS, snapshotKpis } from './kpis.ts';

export interface TrendPoint {
  /** `yyyy-MM-dd` */
  readonly date: string;
  readonly chats: number;
  readonly valid: number;
}

export interface DimensionRow {
  readonly id: string;
  readonly name: string;
  readonly chats: number | null;
  readonly valid: number | null;
  readonly validReceptionRate: number | null;
  readonly avgFirstResponse: number | null;
  readonly resolvedRate: number | null;
}

export interface AgentRow {
  readonly id: string;
  readonly name: string;
  /** Skill groups the agent worked in, comma-separated. */
  readonly groups: string;
  readonly chats: number;
  readonly validReception: number;
  readonly validReceptionRate: number | null;
  /** ms */
  readonly avgFirstResponse: number | null;
  /** 5-star average, null when no one rated. */
  readonly satisfaction: number | null;
}

export interface ArchiveLinks {
  readonly location: string;
  readonly files: readonly { readonly name: string; readonly href: string }[];
}

export interface ReportModel {
  readonly title: string;
  readonly language: Language;
  readonly sections: readonly Section[];
  readonly period: PeriodWindow;
  /** `2025-11-03 – 2025-11-09 (Asia/Shanghai)` */
  readonly periodText: string;
  readonly previousPeriodText: string | null;
  readonly compared: boolean;
  /** The slice's name (a routed supervisor's department/group), null for the whole account. */
  readonly scopeName: string | null;
  readonly kpis: readonly Kpi[];
  /** One point per day; empty for a single-day report. */
  readonly trend: readonly TrendPoint[];
  readonly dimension: Dimension;
  /** Sorted by chats, most first. */
  readonly dimensionRows: readonly DimensionRow[];
  readonly agents: {
    readonly top: readonly AgentRow[];
    readonly bottom: readonly AgentRow[];
    /** How many agents the ranking considered. */
    readonly ranked: number;
  };
  /** No chats at all in the period. */
  readonly empty: boolean;
  readonly emptyMessage: string | null;
  readonly archive: ArchiveLinks | null;
  /** When the data was pulled, in the report's timezone: `2025-11-10 08:05 (Asia/Shanghai)`. */
  readonly collectedAt: string;
}

export interface ReportModelOptions {
  readonly title: string;
  readonly language: Language;
  readonly sections: readonly Section[];
  readonly archive?: ArchiveLinks;
}

export const AGENT_LIST_SIZE = 5;

export function describePeriod(period: PeriodWindow): string {
  const days = period.from === period.to ? period.from : `${period.from} – ${period.to}`;
  return `${days} (${period.timezone})`;
}

export function describeInstant(iso: string, timezone: string): string {
  const instant = DateTime.fromISO(iso, { setZone: true }).setZone(timezone);
  return instant.isValid ? `${instant.toFormat('yyyy-MM-dd HH:mm')} (${timezone})` : iso;
}

function dailyTrend(rows: readonly ChatStatRow[], period: PeriodWindow): TrendPoint[] {
  if (period.from === period.to) return [];
  const byDate = new Map<string, ChatStatRow[]>();
  for (const row of rows) {
    const date = row.real_date?.slice(0, 10);
    if (!date) continue;
    byDate.set(date, [...(byDate.get(date) ?? []), row]);
  }
  // Days the API omits had no chats; a gap-free axis keeps the bars honest.
  const points: TrendPoint[] = [];
  const last = DateTime.fromISO(period.to);
  for (let day = DateTime.fromISO(period.from); day <= last; day = day.plus({ days: 1 })) {
    const date = day.toISODate() ?? '';
    const figures = chatFigures(byDate.get(date) ?? []);
    points.push({ date, chats: figures.chats ?? 0, valid: figures.valid ?? 0 });
  }
  return points;
}

function flattenDepartments(departments: readonly Department[]): Department[] {
  return departments.flatMap((d) => [d, ...flattenDepartments(d.child_list ?? [])]);
}

/** The row's key and display name for the report's dimension, falling back to the condition lists. */
function dimensionKey(
  row: ChatStatRow,
  dimension: Dimension,
  conditions: Conditions,
): { id: string; name: string } {
  switch (dimension) {
    case 'department': {
      const id = row.depart_id ?? row.depart_name ?? '';
      const known = flattenDepartments(conditions.departments).find((d) => d.depart_id === id);
      return { id, name: row.depart_name ?? known?.depart_name ?? id };
    }
    case 'skillGroup': {
      const id = row.group_id ?? row.group_name ?? '';
      const known = conditions.groups.find((g) => g.group_id === id);
      return { id, name: row.group_name ?? known?.group_name ?? id };
    }
    case 'channel': {
      const id = row.channel_flag ?? row.channel_flag_name ?? row.source ?? row.source_name ?? '';
      return { id, name: row.channel_flag_name ?? row.source_name ?? id };
    }
  }
}

function dimensionRows(snapshot: RawSnapshot): DimensionRow[] {
  const groups = new Map<string, { name: string; rows: ChatStatRow[] }>();
  for (const row of snapshot.current.chats.totals) {
    const { id, name } = dimensionKey(row, snapshot.dimension, snapshot.conditions);
    const group = groups.get(id) ?? { name, rows: [] };
    group.rows.push(row);
    groups.set(id, group);
  }
  return [...groups.entries()]
    .map(([id, { name, rows }]) => {
      const figures = chatFigures(rows);
      return {
        id,
        name,
        chats: figures.chats,
        valid: figures.valid,
        validReceptionRate: figures.validReceptionRate,
        avgFirstResponse: figures.avgFirstResponse,
        resolvedRate: figures.resolvedRate,
      };
    })
    .sort((a, b) => (b.chats ?? 0) - (a.chats ?? 0) || a.name.localeCompare(b.name));
}

/** staffWorkStatis may list an agent once per skill group; the ranking is per person. */
function agentRows(rows: readonly AgentWorkRow[]): AgentRow[] {
  const byAgent = new Map<string, AgentWorkRow[]>();
  for (const row of rows) {
    const id = row.staff_id ?? row.service_email ?? row.service_nick ?? '';
    byAgent.set(id, [...(byAgent.get(id) ?? []), row]);
  }
  return [...byAgent.entries()].map(([id, own]) => {
    const first = own[0];
    const valid = sumOf(own, (r) => r.human_valid);
    const validReception = sumOf(own, (r) => r.human_valid_recep) ?? 0;
    const ratings = (r: AgentWorkRow) =>
      sumOf([r.score1, r.score2, r.score3, r.score4, r.score5], (v) => v) ?? r.total_times;
    return {
      id,
      name: first?.service_nick ?? first?.service_email ?? id,
      groups: [...new Set(own.map((r) => r.group_name).filter((g): g is string => !!g))].join(', '),
      chats: sumOf(own, (r) => r.human_consult) ?? 0,
      validReception,
      validReceptionRate: ratio(validReception, valid),
      avgFirstResponse: weightedAverage(
        own,
        (r) => r.avg_first_response_time,
        (r) => r.human_valid_recep,
      ),
      satisfaction: weightedAverage(own, (r) => r.avg_comment_score, ratings),
    };
  });
}

const byFirstResponse = (a: AgentRow, b: AgentRow) =>
  (a.avgFirstResponse ?? Number.POSITIVE_INFINITY) - (b.avgFirstResponse ?? Number.POSITIVE_INFINITY);

/**
 * Top: most valid reception chats (ties: faster first response, then name). Bottom: fewest valid
 * reception chats among agents who had any chat at all, so someone on leave is not "worst"; an
 * agent already in the top list is not repeated when there are fewer than ten.
 */
export function rankAgents(rows: readonly AgentWorkRow[]): ReportModel['agents'] {
  const agents = agentRows(rows);
  const best = [...agents].sort(
    (a, b) => b.validReception - a.validReception || byFirstResponse(a, b) || a.name.localeCompare(b.name),
  );
  const top = best.slice(0, AGENT_LIST_SIZE);
  const topIds = new Set(top.map((a) => a.id));
  const bottom = best
    .filter((a) => a.chats > 0 && !topIds.has(a.id))
    .reverse()
    .slice(0, AGENT_LIST_SIZE);
  return { top, bottom, ranked: agents.length };
}

export function buildReportModel(snapshot: RawSnapshot, options: ReportModelOptions): ReportModel {
  const { current, previous } = snapshot;
  const chats = sumOf(current.chats.totals, (r) => r.human_consult) ?? 0;
  const empty = chats === 0;
  return {
    title: options.title,
    language: options.language,
    sections: options.sections,
    period: snapshot.period,
    periodText: describePeriod(snapshot.period),
    previousPeriodText: snapshot.previousPeriod ? describePeriod(snapshot.previousPeriod) : null,
    compared: previous !== null,
    scopeName: snapshot.scope?.name ?? null,
    kpis: snapshotKpis(snapshot),
    trend: dailyTrend(current.chats.daily, snapshot.period),
    dimension: snapshot.dimension,
    dimensionRows: dimensionRows(snapshot),
    agents: rankAgents(current.agents),
    empty,
    emptyMessage: empty ? labelsFor(options.language).noChats : null,
    archive: options.archive ?? null,
    collectedAt: describeInstant(snapshot.collectedAt, snapshot.period.timezone),
  };
}
