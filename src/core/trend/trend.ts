import type { Clock } from '../clock.ts';
import type { Kpi } from '../render/kpis.ts';
import type { ReportConfig } from '../report/config.ts';
import { previousWindow } from '../report/periods.ts';
import type { ArchiveStore } from '../report/ports.ts';
import type { RouteSlice } from '../report/slice.ts';
import type { PeriodKind, PeriodWindow } from '../report/snapshot.ts';
import type { StatsSource } from '../sobot/api.ts';
import { filledFigures, fillRequests, rowsByWindow } from './fill.ts';
import {
  type HistoryRecord,
  type HistorySource,
  historyRecord,
  readHistory,
  writeHistory,
} from './history.ts';
import { DEFAULT_TREND_PERIODS } from './length.ts';

export type Figures = Readonly<Record<string, number | null>>;

export interface TrendPeriod {
  readonly label: string;
  readonly from: string;
  readonly to: string;
  /** Null for a gap: no history record and nothing the API could fill. Single figures may be null too. */
  readonly figures: Figures | null;
  /** `current` for this run's own period. */
  readonly source: HistorySource | 'current' | null;
}

/** The last periods of one scope's headline figures, oldest first; the last one is this run's. */
export interface PeriodTrend {
  readonly kind: PeriodKind;
  readonly periods: readonly TrendPeriod[];
}

/** One recipient scope: the whole report (`all`, slice null) or a route's slice. */
export interface TrendScope {
  readonly scope: string;
  readonly scopeName: string | null;
  readonly slice: RouteSlice | null;
}

type WholeWindow = PeriodWindow & { readonly kind: PeriodKind };

function isWhole(window: PeriodWindow): window is WholeWindow {
  return window.kind !== 'custom';
}

/** The `count` periods ending with `period`, oldest first; none for a custom range, which has no history. */
export function trendWindows(period: PeriodWindow, count = DEFAULT_TREND_PERIODS): WholeWindow[] {
  if (!isWhole(period)) return [];
  const windows: WholeWindow[] = [period];
  while (windows.length < count) windows.unshift(previousWindow(windows[0] as WholeWindow) as WholeWindow);
  return windows;
}

/** A run's own figures for its history record and trend: the account-wide ones are not a slice's own. */
export function ownFigures(kpis: readonly Kpi[]): Record<string, number | null> {
  return Object.fromEntries(kpis.map((kpi) => [kpi.metric, kpi.accountWide ? null : kpi.current]));
}

export interface HistoryDeps {
  readonly archive: ArchiveStore;
  readonly clock: Clock;
  readonly report: ReportConfig;
  readonly fingerprint: string;
  /** Opened only when a period is missing; null when the API may not be called. */
  readonly api: (() => StatsSource) | null;
  /** False for a dry run or a recipients override: filled figures are used but not recorded. */
  readonly write: boolean;
  readonly signal?: AbortSignal;
  /** Called after each record is written, so a long backfill can say how far it got. */
  readonly onWritten?: (record: HistoryRecord) => void;
}

export interface FilledHistory {
  /** By scope, then by period label. */
  readonly records: ReadonlyMap<string, ReadonlyMap<string, HistoryRecord>>;
  readonly requests: number;
  /** Records that were already there and were read, not fetched. */
  readonly found: number;
  readonly written: number;
}

/** By scope, then by period label. */
export type HistoryRecords = Map<string, Map<string, HistoryRecord>>;

/**
 * Every scope's record of each window: read from the history first, the missing ones filled from
 * getStat (fill.ts) and recorded, unless `write` is off. A record already in the history is never
 * replaced by a fill: the run's own record has figures a fill cannot give. A stop between two
 * requests leaves the records of the first: the next call finds them and fetches only the rest.
 */
export async function fillHistory(
  deps: HistoryDeps,
  windows: readonly PeriodWindow[],
  scopes: readonly TrendScope[],
): Promise<FilledHistory> {
  const { records, found } = await readHistoryRecords(deps, windows, scopes);
  const { requests, written } = await fillMissing(deps, windows, scopes, records);
  return { records, requests, found, written };
}

/** The records the history has of each scope and window; a window it lacks is absent. */
export async function readHistoryRecords(
  deps: Pick<HistoryDeps, 'archive' | 'report' | 'fingerprint'>,
  windows: readonly PeriodWindow[],
  scopes: readonly TrendScope[],
): Promise<{ records: HistoryRecords; found: number }> {
  const { archive, report, fingerprint } = deps;
  const records: HistoryRecords = new Map();
  let found = 0;
  for (const { scope } of scopes) {
    const byLabel = new Map<string, HistoryRecord>();
    for (const period of windows) {
      const record = await readHistory(archive, { reportId: report.id, scope, period, fingerprint });
      if (record) byLabel.set(period.label, record);
    }
    found += byLabel.size;
    records.set(scope, byLabel);
  }
  return { records, found };
}

/**
 * Fills the windows `records` lacks, adding each record to `records` as soon as its request is
 * answered: a later request or a write that fails leaves what was fetched before it in place.
 */
export async function fillMissing(
  deps: HistoryDeps,
  windows: readonly PeriodWindow[],
  scopes: readonly TrendScope[],
  records: HistoryRecords,
): Promise<{ requests: number; written: number }> {
  const { archive, report, fingerprint } = deps;
  const missing = windows.filter(
    (window) => isWhole(window) && scopes.some(({ scope }) => !records.get(scope)?.has(window.label)),
  ) as WholeWindow[];
  if (missing.length === 0 || !deps.api) return { requests: 0, written: 0 };

  const api = deps.api();
  let requests = 0;
  let written = 0;
  for (const { windows: chunk, request } of fillRequests(report, missing)) {
    deps.signal?.throwIfAborted();
    const answer = await api.fetch(request, deps.signal ? { signal: deps.signal } : {});
    requests += 1;
    const rows = rowsByWindow(chunk, answer, request);
    const made: HistoryRecord[] = [];
    for (const window of chunk as WholeWindow[]) {
      for (const { scope, scopeName, slice } of scopes) {
        const byLabel = records.get(scope) ?? new Map<string, HistoryRecord>();
        records.set(scope, byLabel);
        if (byLabel.has(window.label)) continue;
        const record = historyRecord({
          reportId: report.id,
          scope,
          scopeName,
          period: window,
          source: 'api',
          fingerprint,
          recordedAt: new Date(deps.clock.now()),
          figures: filledFigures(report, window, rows.get(window.label) ?? [], slice),
        });
        byLabel.set(window.label, record);
        made.push(record);
      }
    }
    // Shown even if recording them fails: the figures were fetched, only keeping them failed.
    if (!deps.write) continue;
    for (const record of made) {
      await writeHistory(archive, record);
      written += 1;
      deps.onWritten?.(record);
    }
  }
  return { requests, written };
}

/** A scope's trend: its past records (a gap where there is none) and this run's own figures. */
export function trendOf(
  windows: readonly WholeWindow[],
  records: ReadonlyMap<string, HistoryRecord> | undefined,
  current: Figures,
): PeriodTrend | null {
  const last = windows.at(-1);
  if (!last) return null;
  const periods = windows.map((window): TrendPeriod => {
    const base = { label: window.label, from: window.from, to: window.to };
    if (window === last) return { ...base, figures: current, source: 'current' };
    const record = records?.get(window.label);
    return record
      ? { ...base, figures: record.figures, source: record.source }
      : { ...base, figures: null, source: null };
  });
  return { kind: last.kind, periods };
}
