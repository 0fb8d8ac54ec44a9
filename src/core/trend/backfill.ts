import type { Clock } from '../clock.ts';
import { slug } from '../delivery/layout.ts';
import { type ReportsConfig, WHOLE_ACCOUNT } from '../report/config.ts';
import { definitionFingerprint } from '../report/definition.ts';
import { assertNotAfterToday, reportWindow, todayIn } from '../report/periods.ts';
import type { ArchiveStore } from '../report/ports.ts';
import type { StatsSession } from '../report/run-types.ts';
import type { PeriodWindow } from '../report/snapshot.ts';
import type { HistoryRecord } from './history.ts';
import { fillHistory, type TrendScope, trendWindows } from './trend.ts';

/**
 * Fills a report's history ahead of its first email: the `periods` periods (by default the report's
 * `trendPeriods`) up to the one its next run reports (the period before `date`, default today), for
 * the whole report and each route, from getStat alone (fill.ts). What is already recorded is read,
 * not fetched again, so a stopped backfill run again completes without duplicates, and a run's own
 * record is never replaced.
 */

export const MAX_BACKFILL_PERIODS = 60;

export interface BackfillRequest {
  readonly reportId: string;
  /** Default: the report's `trendPeriods`, what its email shows. */
  readonly periods?: number;
  /** `yyyy-MM-dd` in the report's timezone; the last period filled is the one before it. */
  readonly date?: string;
}

export interface BackfillDependencies {
  readonly config: ReportsConfig;
  readonly clock: Clock;
  readonly archive: ArchiveStore;
  readonly openStats: (report: ReportsConfig['reports'][number]) => StatsSession;
  readonly signal?: AbortSignal;
  readonly onWritten?: (record: HistoryRecord) => void;
}

export interface BackfillResult {
  readonly reportId: string;
  readonly first: PeriodWindow;
  readonly last: PeriodWindow;
  readonly scopes: readonly string[];
  readonly written: number;
  readonly found: number;
  readonly apiCalls: number;
}

/** Throws with the field at fault (`report`, `periods`, `date`) before any call. */
export async function backfillHistory(
  deps: BackfillDependencies,
  request: BackfillRequest,
): Promise<BackfillResult> {
  const report = deps.config.reports.find((r) => r.id === request.reportId);
  if (!report) {
    const known = deps.config.reports.map((r) => r.id).join(', ');
    throw new BackfillInputError(
      'report',
      `no report "${request.reportId}" in the config (it has: ${known})`,
    );
  }
  const periods = request.periods ?? report.trendPeriods;
  if (!Number.isInteger(periods) || periods < 1 || periods > MAX_BACKFILL_PERIODS) {
    throw new BackfillInputError('periods', `must be a whole number from 1 to ${MAX_BACKFILL_PERIODS}`);
  }
  const now = deps.clock.now();
  const date = request.date ?? todayIn(report.timezone, now);
  assertNotAfterToday(date, report.timezone, now);
  const windows = trendWindows(reportWindow(report.period, date, report.timezone), periods);
  const scopes: TrendScope[] = [
    { scope: WHOLE_ACCOUNT, scopeName: null, slice: null },
    ...report.recipients.routes.map((route) => ({
      scope: slug(route.name),
      scopeName: route.name,
      slice: route,
    })),
  ];
  let session: StatsSession | null = null;
  const filled = await fillHistory(
    {
      archive: deps.archive,
      clock: deps.clock,
      report,
      fingerprint: definitionFingerprint(report),
      api: () => {
        session ??= deps.openStats(report);
        return session.api;
      },
      write: true,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.onWritten ? { onWritten: deps.onWritten } : {}),
    },
    windows,
    scopes,
  );
  return {
    reportId: report.id,
    first: windows[0] as PeriodWindow,
    last: windows.at(-1) as PeriodWindow,
    scopes: scopes.map((s) => s.scope),
    written: filled.written,
    found: filled.found,
    apiCalls: (session as StatsSession | null)?.calls() ?? 0,
  };
}

export class BackfillInputError extends Error {
  override readonly name = 'BackfillInputError';
  readonly field: 'report' | 'periods' | 'date';
  constructor(field: BackfillInputError['field'], detail: string) {
    super(`${field}: ${detail}`);
    this.field = field;
  }
}
