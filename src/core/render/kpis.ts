import { chatRowsSliced } from '../report/slice.ts';
import type { Dataset, RawSnapshot } from '../report/snapshot.ts';
import type { ChatStatRow } from '../sobot/schemas.ts';

export type KpiFormat = 'count' | 'percent' | 'duration' | 'score';

/** Which way a change is good news. Volumes are `neutral`: more chats is neither praise nor blame. */
export type KpiDirection = 'higher' | 'lower' | 'neutral';

export type KpiId =
  | 'totalChats'
  | 'validChats'
  | 'validReceptionRate'
  | 'avgFirstResponse'
  | 'avgResponse'
  | 'resolvedRate'
  | 'transferred'
  | 'satisfaction'
  | 'botSelfService'
  | 'validCustomers'
  | 'newCustomers'
  | 'regularCustomers';

export interface KpiChange {
  /** current − previous, in the KPI's own unit (a fraction for percents, ms for durations). */
  readonly absolute: number;
  /** (current − previous) / previous; null when previous is 0. */
  readonly relative: number | null;
}

export interface Kpi {
  readonly id: KpiId;
  readonly format: KpiFormat;
  readonly better: KpiDirection;
  /** Durations in ms, percents as fractions (0.75), scores on the 5-star scale. */
  readonly current: number | null;
  /** Null when the report is not compared or the previous value is unknown. */
  readonly previous: number | null;
  /** Null when either side is unknown. */
  readonly change: KpiChange | null;
  /** True in a department/group slice for KPIs from account-level endpoints: the figure is the whole account's. */
  readonly accountWide: boolean;
}

/** Whether a change is good, bad or neither, from the KPI's direction. */
export type ChangeVerdict = 'good' | 'bad' | 'neutral';

export function judgeChange(kpi: Pick<Kpi, 'better' | 'change'>): ChangeVerdict {
  const delta = kpi.change?.absolute ?? 0;
  if (delta === 0 || kpi.better === 'neutral') return 'neutral';
  return delta > 0 === (kpi.better === 'higher') ? 'good' : 'bad';
}

export function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return numerator / denominator;
}

/** Sum of a field over rows; null when no row carries it, so "unknown" never reads as 0. */
export function sumOf<T>(rows: readonly T[], pick: (row: T) => number | null | undefined): number | null {
  let total: number | null = null;
  for (const row of rows) {
    const value = pick(row);
    if (typeof value === 'number' && Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}

/**
 * Mean of per-row averages weighted by each row's own count, which is what the API would report for
 * the union of the rows. Averaging the averages would let a department with 3 chats weigh as much
 * as one with 3,000.
 */
export function weightedAverage<T>(
  rows: readonly T[],
  average: (row: T) => number | null | undefined,
  weight: (row: T) => number | null | undefined,
): number | null {
  let weighted = 0;
  let weights = 0;
  for (const row of rows) {
    const a = average(row);
    const w = weight(row);
    if (typeof a !== 'number' || typeof w !== 'number' || !Number.isFinite(a) || w <= 0) continue;
    weighted += a * w;
    weights += w;
  }
  return weights === 0 ? null : weighted / weights;
}

/** The chat figures of a set of getStat rows (summary_way=0 totals, or one day's rows). */
export interface ChatFigures {
  readonly chats: number | null;
  readonly valid: number | null;
  readonly validReception: number | null;
  readonly validReceptionRate: number | null;
  readonly avgFirstResponse: number | null;
  readonly avgResponse: number | null;
  readonly resolvedRate: number | null;
  readonly transferred: number | null;
}

/**
 * Weights follow the reference's example row (getStat): avg_staff_first_res_duration × human_valid_recep
 * and avg_staff_res_total_duration × staff_res_total_count both give whole milliseconds, i.e. the first
 * response is averaged over validly received chats and the response time over response rounds.
 */
export function chatFigures(rows: readonly ChatStatRow[]): ChatFigures {
  const valid = sumOf(rows, (r) => r.human_valid);
  const validReception = sumOf(rows, (r) => r.human_valid_recep);
  const solved = sumOf(rows, (r) => r.summary_solved);
  const notSolved = sumOf(rows, (r) => r.summary_not_solved);
  const marked = solved === null && notSolved === null ? null : (solved ?? 0) + (notSolved ?? 0);
  return {
    chats: sumOf(rows, (r) => r.human_consult),
    valid,
    validReception,
    validReceptionRate: ratio(validReception, valid),
    avgFirstResponse: weightedAverage(
      rows,
      (r) => r.avg_staff_first_res_duration,
      (r) => r.human_valid_recep,
    ),
    avgResponse: weightedAverage(
      rows,
      (r) => r.avg_staff_res_total_duration,
      (r) => r.staff_res_total_count ?? r.human_valid_recep,
    ),
    resolvedRate: ratio(solved, marked),
    transferred: sumOf(rows, (r) => r.human_transfer),
  };
}

type KpiValues = Record<KpiId, number | null>;

/**
 * The customer and satisfaction schemas type their fields as `unknown` (withMoM takes a plain ZodType),
 * though parsing has already made them numbers or null.
 */
function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function kpiValues(dataset: Dataset): KpiValues {
  const chats = chatFigures(dataset.chats.totals);
  const { overview, botReception } = dataset.customers;
  return {
    totalChats: chats.chats,
    validChats: chats.valid,
    validReceptionRate: chats.validReceptionRate,
    avgFirstResponse: chats.avgFirstResponse,
    avgResponse: chats.avgResponse,
    resolvedRate: chats.resolvedRate,
    transferred: chats.transferred,
    satisfaction:
      numberOrNull(dataset.satisfaction.sessions?.avg_comment_score) ??
      numberOrNull(dataset.satisfaction.customers?.score5_average),
    botSelfService: numberOrNull(botReception?.robot_self_reception_num_proportion),
    validCustomers: numberOrNull(overview?.valid_visitor_total),
    newCustomers: numberOrNull(overview?.new_visitor_num),
    regularCustomers: numberOrNull(overview?.old_visitor_num),
  };
}

interface KpiDefinition {
  readonly id: KpiId;
  readonly format: KpiFormat;
  readonly better: KpiDirection;
  readonly accountLevel: boolean;
}

/** The order the email and the workbook's Summary sheet show them in. */
export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  { id: 'totalChats', format: 'count', better: 'neutral', accountLevel: false },
  { id: 'validChats', format: 'count', better: 'neutral', accountLevel: false },
  { id: 'validReceptionRate', format: 'percent', better: 'higher', accountLevel: false },
  { id: 'avgFirstResponse', format: 'duration', better: 'lower', accountLevel: false },
  { id: 'avgResponse', format: 'duration', better: 'lower', accountLevel: false },
  { id: 'resolvedRate', format: 'percent', better: 'higher', accountLevel: false },
  // A transfer means the first agent could not finish the chat.
  { id: 'transferred', format: 'count', better: 'lower', accountLevel: false },
  // Satisfaction and customer endpoints take no department/group breakdown, so a slice keeps the account's.
  { id: 'satisfaction', format: 'score', better: 'higher', accountLevel: true },
  { id: 'botSelfService', format: 'percent', better: 'higher', accountLevel: true },
  { id: 'validCustomers', format: 'count', better: 'neutral', accountLevel: true },
  { id: 'newCustomers', format: 'count', better: 'neutral', accountLevel: true },
  { id: 'regularCustomers', format: 'count', better: 'neutral', accountLevel: true },
];

function changeBetween(current: number | null, previous: number | null): KpiChange | null {
  if (current === null || previous === null) return null;
  return { absolute: current - previous, relative: ratio(current - previous, previous) };
}

/**
 * The headline KPIs of a dataset, compared with the previous one when given. `sliced` marks the
 * account-level KPIs of a department/group slice (their figures are the whole account's); when the
 * slice's chat rows could not be cut either (`chatRowsSliced` false, e.g. a channel report), every
 * KPI is the whole account's.
 */
/** The KPIs of a snapshot, whole or sliced. */
export function snapshotKpis(snapshot: RawSnapshot): Kpi[] {
  return computeKpis(
    snapshot.current,
    snapshot.previous,
    snapshot.scope !== undefined,
    chatRowsSliced(snapshot),
  );
}

export function computeKpis(
  current: Dataset,
  previous: Dataset | null,
  sliced = false,
  chatRowsSliced = true,
): Kpi[] {
  const now = kpiValues(current);
  const before = previous ? kpiValues(previous) : null;
  return KPI_DEFINITIONS.map((definition) => {
    const value = now[definition.id];
    const previousValue = before ? before[definition.id] : null;
    return {
      id: definition.id,
      format: definition.format,
      better: definition.better,
      current: value,
      previous: previousValue,
      change: changeBetween(value, previousValue),
      accountWide: sliced && (definition.accountLevel || !chatRowsSliced),
    };
  });
}
