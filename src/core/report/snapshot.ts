import type { Conditions } from '../sections/dimensions.ts';
import type { Dataset } from '../sections/ids.ts';
import type { DataQuality } from './data-quality.ts';

export type { Conditions } from '../sections/dimensions.ts';
export type { Dataset } from '../sections/ids.ts';

export type PeriodKind = 'daily' | 'weekly' | 'monthly';

/** One reporting window, in the report's timezone. */
export interface PeriodWindow {
  readonly kind: PeriodKind | 'custom';
  /** `yyyy-MM-dd HH:mm:ss` wall clock, inclusive. */
  readonly start: string;
  readonly end: string;
  /** `yyyy-MM-dd` of the first and last day. */
  readonly from: string;
  readonly to: string;
  readonly timezone: string;
  /** What a person calls it: `2025-11-12`, `2025-W45`, `2025-11`, or `2025-11-01_2025-11-20`. */
  readonly label: string;
  readonly days: number;
}

export type Dimension = 'department' | 'skillGroup' | 'channel';

/** The slice of the data a routed supervisor receives; absent for the whole account. */
export interface Scope {
  readonly name: string;
  readonly departmentIds: readonly string[];
  readonly groupIds: readonly string[];
  /** The account-level sections whose figures are this scope's team's own, not the account's. */
  readonly ownFigures?: readonly string[];
}

/** The raw snapshot: archived as raw.json.gz, enough to re-render a report without calling the API. */
export interface RawSnapshot {
  readonly version: 1;
  readonly reportId: string;
  readonly dimension: Dimension;
  readonly language: 'en' | 'zh';
  readonly period: PeriodWindow;
  readonly previousPeriod: PeriodWindow | null;
  readonly collectedAt: string;
  readonly apiCalls: number;
  readonly conditions: Conditions;
  readonly current: Dataset;
  readonly previous: Dataset | null;
  /** The report definition it was collected for (see definition.ts); another definition refetches. */
  readonly fingerprint?: string;
  /** Collected from the embedded simulator: invented numbers, which the mail says in its subject. */
  readonly simulated?: boolean;
  /** What could not be read; absent in snapshots archived before the tolerant reader (read as clean). */
  readonly quality?: DataQuality;
  /**
   * Each routed team's own figures for the perTeam sections (customers, satisfaction), by team key
   * (report/teams.ts); absent when no route has a team, and in a sliced copy, which holds its own only.
   */
  readonly teams?: Readonly<Record<string, TeamFigures>>;
  /** Set on a sliced copy (see slice.ts); account-level figures then stay account-wide. */
  readonly scope?: Scope;
}

export interface TeamFigures {
  readonly current: Partial<Dataset>;
  /** Null when the report is not compared. */
  readonly previous: Partial<Dataset> | null;
}

/** Whether the chat and message rows of a sliced snapshot were cut to its scope (else they are account-wide). */
export function chatRowsSliced(snapshot: Pick<RawSnapshot, 'dimension' | 'scope'>): boolean {
  const { dimension, scope } = snapshot;
  if (!scope) return false;
  if (dimension === 'department') return scope.departmentIds.length > 0;
  if (dimension === 'skillGroup') return scope.groupIds.length > 0;
  return false;
}
