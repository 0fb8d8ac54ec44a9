import { DateTime } from 'luxon';
import { snapshotKpis } from '../render/kpis.ts';
import { emptyConditions, emptyDataset } from '../report/collect.ts';
import { contextFor } from '../report/collect-plan.ts';
import type { ReportConfig } from '../report/config.ts';
import { MAX_RANGE_DAYS } from '../report/periods.ts';
import { type RouteSlice, sliceSnapshot } from '../report/slice.ts';
import type { PeriodKind, PeriodWindow, RawSnapshot } from '../report/snapshot.ts';
import { CHAT_KPIS, type ChatRow, chats } from '../sections/chats.ts';
import type { ApiRequest, SummaryWay } from '../sobot/api.ts';
import { decodeRows } from '../sobot/decode.ts';

/**
 * Past periods the history lacks, filled from getStat at the cost of few calls: one request with
 * summary_way 1 (daily), 2 (weekly) or 3 (monthly) answers one row per period and dimension value, so
 * a request spanning up to the API's 90 days fills every period inside it (8 days, or 8 weeks = 56
 * days, in one call; 8 months in 3 or 4). Only the chat figures (getStat) can be filled this way: the
 * satisfaction and customer figures of a past period are known only from a run's own history record,
 * and stay gaps otherwise.
 */

const SUMMARY_WAY: Readonly<Record<PeriodKind, SummaryWay>> = { daily: 1, weekly: 2, monthly: 3 };

/** The headline figures getStat's rows give; the others stay null in a filled record. */
const FILLABLE = new Set(CHAT_KPIS.map((kpi) => kpi.id));

interface FillRequest {
  readonly windows: readonly PeriodWindow[];
  readonly request: ApiRequest;
}

/**
 * The requests that cover `windows` (whole periods, oldest first): consecutive windows share a request
 * while the span from the first one's start to the last one's end stays within the API's range limit.
 * A window the history already has but that lies between two missing ones is fetched again rather
 * than split into two calls.
 */
export function fillRequests(report: ReportConfig, windows: readonly PeriodWindow[]): FillRequest[] {
  const chunks: PeriodWindow[][] = [];
  for (const window of windows) {
    const chunk = chunks.at(-1);
    const first = chunk?.[0];
    if (chunk && first && daysBetween(first.from, window.to) <= MAX_RANGE_DAYS) chunk.push(window);
    else chunks.push([window]);
  }
  return chunks.map((chunk) => {
    const first = chunk[0] as PeriodWindow;
    const last = chunk.at(-1) as PeriodWindow;
    const kind = first.kind === 'custom' ? 'daily' : first.kind;
    const span = { ...first, start: first.start, end: last.end, to: last.to };
    const part = chats.parts.totals;
    const params = part.params(contextFor(report, span)) ?? {};
    return {
      windows: chunk,
      request: {
        endpoint: part.endpoint,
        schema: part.schema,
        params: { ...params, summary_way: SUMMARY_WAY[kind] },
      },
    };
  });
}

function daysBetween(from: string, to: string): number {
  return DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days + 1;
}

/**
 * The period a summary_way row belongs to, as the window's label names it. The getStat items table
 * lists no date field at all; the reference's one weekly example (summary/search, summary_way 2) has
 * `"real_date": "2024-45"` and `"show_date": "45 week 2024-11-04-2024-11-10"`: a week is read from
 * `real_date` as `<ISO week-year>-<week>`, else from the first day `show_date` names; a month from
 * `yyyy-MM`, a day from `yyyy-MM-dd`.
 */
export function periodLabelOf(
  row: Pick<ChatRow, 'real_date' | 'show_date'>,
  kind: PeriodKind,
): string | null {
  const real = row.real_date?.trim() ?? '';
  const shown = row.show_date?.trim() ?? '';
  const firstDay = /\d{4}-\d{2}-\d{2}/.exec(`${real} ${shown}`)?.[0];
  switch (kind) {
    case 'daily':
      return firstDay ?? null;
    case 'weekly': {
      const week = /^(\d{4})-(\d{1,2})$/.exec(real);
      if (week) return `${week[1]}-W${(week[2] ?? '').padStart(2, '0')}`;
      return firstDay ? DateTime.fromISO(firstDay, { zone: 'utc' }).toFormat("kkkk-'W'WW") : null;
    }
    case 'monthly':
      return /^\d{4}-\d{2}/.exec(real)?.[0] ?? firstDay?.slice(0, 7) ?? null;
  }
}

/** What a fill answers per window: the chat rows of that period, for every dimension value. */
export function rowsByWindow(
  windows: readonly PeriodWindow[],
  answer: unknown,
  request: ApiRequest,
): Map<string, ChatRow[]> {
  const rows = decodeRows(request.endpoint, request.schema, Array.isArray(answer) ? answer : [])
    .value as ChatRow[];
  const byLabel = new Map<string, ChatRow[]>(windows.map((w) => [w.label, []]));
  const kind = windows[0]?.kind;
  if (!kind || kind === 'custom') return byLabel;
  for (const row of rows) {
    const label = periodLabelOf(row, kind);
    if (label) byLabel.get(label)?.push(row);
  }
  return byLabel;
}

/**
 * The headline figures of one period's getStat rows, for the whole report (slice null) or a routed
 * slice, computed as the run computes them (the same KPIs and the same slicing). Figures getStat does
 * not give, or that a slice could only show account-wide, are null: a slice's record holds only its
 * own figures. A period with no rows had no chats (getStat leaves out empty rows).
 */
export function filledFigures(
  report: ReportConfig,
  window: PeriodWindow,
  rows: readonly ChatRow[],
  slice: RouteSlice | null,
): Record<string, number | null> {
  const snapshot: RawSnapshot = {
    version: 1,
    reportId: report.id,
    dimension: report.dimension,
    language: report.language,
    period: window,
    previousPeriod: null,
    collectedAt: window.end,
    apiCalls: 0,
    conditions: emptyConditions(),
    current: { ...emptyDataset(), chats: { totals: [...rows], daily: [] } },
    previous: null,
  };
  const scoped = slice ? sliceSnapshot(snapshot, slice) : snapshot;
  const noChats = scoped.current.chats.totals.length === 0;
  const figures: Record<string, number | null> = {};
  for (const kpi of snapshotKpis(scoped)) {
    const own = FILLABLE.has(kpi.id) && !kpi.accountWide;
    if (!own) figures[kpi.metric] = null;
    else if (noChats) figures[kpi.metric] = kpi.format === 'count' ? 0 : null;
    else figures[kpi.metric] = kpi.current;
  }
  return figures;
}
