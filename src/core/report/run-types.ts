import type { Clock } from '../clock.ts';
import type { StatsSource } from '../sobot/api.ts';
import type { ReportConfig, ReportsConfig } from './config.ts';
import type { ArchiveStore, DeliveryLedger, Mailer } from './ports.ts';
import type { renderSlice } from './render-run.ts';
import type { PeriodWindow } from './snapshot.ts';

/** What a caller (CLI, scheduled handler, on-demand handler) asks the report use case to do. */
export interface RunRequest {
  readonly reportId: string;
  /** Reference date `yyyy-MM-dd` in the report's timezone; the period is the one before it. Default: today. */
  readonly date?: string;
  /** An explicit range `yyyy-MM-dd`..`yyyy-MM-dd` (inclusive) instead of the configured period. */
  readonly from?: string;
  readonly to?: string;
  /** Send the whole report to these addresses only, instead of the configured recipients. */
  readonly recipients?: readonly string[];
  /** Collect, render and archive, but send nothing. */
  readonly dryRun?: boolean;
  /** Resend a run that was already delivered. */
  readonly force?: boolean;
}

/** A Sobot stats source bound to one report's timezone and language, with the calls it has made. */
export interface StatsSession {
  readonly api: StatsSource;
  calls(): number;
  /** The embedded simulator: its numbers are invented, and mail built from them says so. */
  readonly simulated?: boolean;
}

type LogMethod = (message: string, ...extra: Record<string, unknown>[]) => void;

/** What the use case logs through; Powertools' Logger and the CLI's line logger both fit. */
export interface RunLogger {
  readonly info: LogMethod;
  readonly warn: LogMethod;
  readonly error: LogMethod;
  /** Keys added to every later line (the run key); loggers without it skip them. */
  readonly appendKeys?: (keys: Record<string, unknown>) => void;
}

export interface RunDependencies {
  readonly config: ReportsConfig;
  readonly openStats: (report: ReportConfig) => StatsSession;
  readonly archive: ArchiveStore;
  readonly mailer: Mailer;
  readonly ledger: DeliveryLedger;
  readonly clock: Clock;
  readonly logger?: RunLogger;
  /**
   * Fires shortly before a deadline (Lambda timeout) or on Ctrl-C / SIGTERM: the run stops between
   * steps, gives its lease up, and the next attempt resumes.
   */
  readonly signal?: AbortSignal;
  /**
   * Renders one recipient slice (workbook and email bodies). Default: `renderSlice`. It calls no port
   * but `archive.locate`, and the same input renders the same artifacts, so a harness that runs one
   * report hundreds of times may render each input once.
   */
  readonly renderSlice?: typeof renderSlice;
}

export type RunStep = 'plan' | 'collect' | 'render' | 'archive' | 'send';

export interface RunResult {
  /** `<reportId>/<from>_<to>`; each recipient slice has its own key below it. */
  readonly runKey: string;
  readonly reportId: string;
  readonly period: PeriodWindow;
  readonly archive: readonly string[];
  readonly messages: readonly string[];
  readonly apiCalls: number;
  readonly dryRun: boolean;
  /**
   * Why nothing was sent: delivered before (and not forced), an empty period with skipIfEmpty, or an
   * alert (`sendWhen: "targetMissed"`) whose every outstanding slice met its targets.
   */
  readonly skipped?: 'already-delivered' | 'empty' | 'targets-met';
  /** An alert's slices not sent because their own figures met every target (`all` is the whole account's). */
  readonly targetsMet?: readonly string[];
  /** The snapshot came from the archive (an earlier attempt), not the API. */
  readonly resumed?: boolean;
  readonly emailsSent?: number;
  readonly bytesArchived?: number;
  /** Values the collection could not read (blank cells); each is listed in the manifest. */
  readonly unreadValues?: number;
  /** Fields a section depends on that no row carried (`getStat.human_consult`). */
  readonly missingFields?: readonly string[];
  /** Where a person finds the run's files (a folder path or s3:// prefix). */
  readonly location: string;
}
