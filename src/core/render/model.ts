import { DateTime } from 'luxon';
import type { Section } from '../report/config.ts';
import type { Conditions, Dimension, PeriodWindow, RawSnapshot } from '../report/snapshot.ts';
import { type AgentRanking, agentMeasures, rankAgents } from '../sections/agents.ts';
import { type ChatRow, chatFigures, hasNoChats } from '../sections/chats.ts';
import { flattenDepartments } from '../sections/dimensions.ts';
import { sumOf } from '../sections/figures.ts';
import { judgeTarget, type Target, type TargetState, targetFor } from '../sections/targets.ts';
import type { PeriodTrend } from '../trend/trend.ts';
import { type DataNotes, dataNotesOf } from './data-notes.ts';
import { type Language, labelsFor } from './i18n.ts';
import { type Kpi, snapshotKpis } from './kpis.ts';

export interface TrendPoint {
  /** `yyyy-MM-dd` */
  readonly date: string;
  /** Null when the day's rows lack the field (renamed or dropped by the API): unknown, not zero. */
  readonly chats: number | null;
  readonly valid: number | null;
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

/** The email's "Where the files are": what is attached, and where the run's files are archived. */
export interface ArchiveLinks {
  /** The workbook's file name. */
  readonly workbook: string;
  /** False in the body sent when the workbook is too large to attach. */
  readonly attached: boolean;
  /** The run's folder as a person names it: `s3://bucket/…` or a local path. */
  readonly location: string;
  /** Opens the folder in a browser (the S3 console), for staff with access; null for a local folder. */
  readonly folderUrl: string | null;
  /** The recipient's other files in the folder: never another slice's. */
  readonly files: readonly { readonly name: string; readonly kind: 'html' | 'raw' }[];
}

/** A key figure's target and whether the figure meets it. */
export interface JudgedTarget {
  readonly target: Target;
  readonly state: TargetState;
}

export type JudgedKpi = Kpi & { readonly target: JudgedTarget | null };

/** What "Agents needing attention" was judged against. */
export type AttentionBasis = 'targets' | 'team';

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
  readonly kpis: readonly JudgedKpi[];
  /**
   * The key figures of this slice's own that miss their target, in key-figure order. A figure a
   * routed slice shows as the whole account's is left out: it says nothing about the team.
   */
  readonly missedTargets: readonly JudgedKpi[];
  /** The slice's own targeted key figures that could not be read (unknown), so were not judged. */
  readonly uncheckedTargets: readonly JudgedKpi[];
  /** One point per day; empty for a single-day report. */
  readonly trend: readonly TrendPoint[];
  /** The last periods' headline figures (history, then getStat), this one last; null for a custom range. */
  readonly periodTrend: PeriodTrend | null;
  readonly dimension: Dimension;
  /** Sorted by chats, most first. */
  readonly dimensionRows: readonly DimensionRow[];
  readonly agents: AgentRanking;
  readonly attentionBasis: AttentionBasis;
  /** No chats at all in the period. */
  readonly empty: boolean;
  readonly emptyMessage: string | null;
  readonly archive: ArchiveLinks | null;
  /** When the data was pulled, in the report's timezone: `2025-11-10 08:05 (Asia/Shanghai)`. */
  readonly collectedAt: string;
  /** Values that could not be read, fields missing from every row, an undated daily breakdown. */
  readonly dataNotes: DataNotes;
}

export interface ReportModelOptions {
  readonly title: string;
  readonly language: Language;
  readonly sections: readonly Section[];
  readonly archive?: ArchiveLinks;
  readonly targets?: readonly Target[];
  /** Agents with fewer chats are not judged for "needing attention". Default 10. */
  readonly minChats?: number;
  readonly periodTrend?: PeriodTrend | null;
}

export function describePeriod(period: PeriodWindow): string {
  const days = period.from === period.to ? period.from : `${period.from} – ${period.to}`;
  return `${days} (${period.timezone})`;
}

function describeInstant(iso: string, timezone: string): string {
  const instant = DateTime.fromISO(iso, { setZone: true }).setZone(timezone);
  return instant.isValid ? `${instant.toFormat('yyyy-MM-dd HH:mm')} (${timezone})` : iso;
}

function dailyTrend(rows: readonly ChatRow[], period: PeriodWindow): TrendPoint[] {
  if (period.from === period.to) return [];
  const byDate = new Map<string, ChatRow[]>();
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
    const dayRows = byDate.get(date);
    const figures = dayRows ? chatFigures(dayRows) : { chats: 0, valid: 0 };
    points.push({ date, chats: figures.chats, valid: figures.valid });
  }
  return points;
}

/** The row's key and display name for the report's dimension, falling back to the condition lists. */
function dimensionKey(
  row: ChatRow,
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
      // A flag is numbered within its channel type: getChannelList keys sub-channels "type_flag"
      // (`"channel_flag_key": "4_1"`), so flag "1" alone may name a Website and an H5 sub-channel.
      const flagKey = row.channel_flag && row.source ? `${row.source}_${row.channel_flag}` : row.channel_flag;
      const id = flagKey ?? row.channel_flag_name ?? row.source ?? row.source_name ?? '';
      // Named as the workbook's Channel and Sub-channel columns: getStat's source_name is the channel
      // ("Desktop Site"), channel_flag_name the sub-channel within it.
      const name = [...new Set([row.source_name, row.channel_flag_name].filter(Boolean))].join(' / ');
      return { id, name: name || id };
    }
  }
}

function dimensionRows(snapshot: RawSnapshot): DimensionRow[] {
  const groups = new Map<string, { name: string; rows: ChatRow[] }>();
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

function judged(kpis: readonly Kpi[], targets: readonly Target[]): JudgedKpi[] {
  return kpis.map((kpi) => {
    const target = targetFor(targets, kpi.metric);
    return { ...kpi, target: target ? { target, state: judgeTarget(target, kpi.current) } : null };
  });
}

/**
 * Without a target an agent can be judged by, agents are compared with the team's own valid
 * reception and first response, the two figures a supervisor coaches on, as the key figures show them.
 */
function teamMeasures(kpis: readonly Kpi[]): Target[] {
  const figure = (metric: string) => kpis.find((k) => k.metric === metric)?.current ?? null;
  const reception = figure('validReceptionRate');
  const firstResponse = figure('avgFirstResponse');
  return [
    ...(reception === null
      ? []
      : [{ metric: 'validReceptionRate', bound: 'min', value: reception } as const]),
    ...(firstResponse === null
      ? []
      : [{ metric: 'avgFirstResponse', bound: 'max', value: firstResponse } as const]),
  ];
}

export function buildReportModel(snapshot: RawSnapshot, options: ReportModelOptions): ReportModel {
  const { current, previous } = snapshot;
  const kpis = judged(snapshotKpis(snapshot), options.targets ?? []);
  const byTargets = agentMeasures(options.targets ?? []);
  const attentionBasis: AttentionBasis = byTargets.length > 0 ? 'targets' : 'team';
  // Unknown (no row has a readable human_consult) is not zero: that is a data-quality warning instead.
  const chats = sumOf(current.chats.totals, (r) => r.human_consult);
  const empty = chats === 0 || (chats === null && hasNoChats(current.chats));
  const dataNotes = dataNotesOf(snapshot, options.language);
  return {
    title: options.title,
    language: options.language,
    sections: options.sections,
    period: snapshot.period,
    periodText: describePeriod(snapshot.period),
    previousPeriodText: snapshot.previousPeriod ? describePeriod(snapshot.previousPeriod) : null,
    compared: previous !== null,
    scopeName: snapshot.scope?.name ?? null,
    kpis,
    missedTargets: kpis.filter((k) => k.target?.state === 'missed' && !k.accountWide),
    uncheckedTargets: kpis.filter((k) => k.target?.state === 'unknown' && !k.accountWide),
    trend: dataNotes.dailyUnavailable ? [] : dailyTrend(current.chats.daily, snapshot.period),
    periodTrend: options.periodTrend ?? null,
    dimension: snapshot.dimension,
    dimensionRows: dimensionRows(snapshot),
    agents: rankAgents(current.agents, {
      measures: attentionBasis === 'targets' ? byTargets : teamMeasures(kpis),
      minChats: options.minChats ?? 10,
    }),
    attentionBasis,
    empty,
    emptyMessage: empty ? labelsFor(options.language).noChats : null,
    archive: options.archive ?? null,
    collectedAt: describeInstant(snapshot.collectedAt, snapshot.period.timezone),
    dataNotes,
  };
}
