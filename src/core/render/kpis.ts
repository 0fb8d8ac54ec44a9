import { chatRowsSliced, type Dataset, type RawSnapshot } from '../report/snapshot.ts';
import { ratio } from '../sections/figures.ts';
import { HEADLINE_KPIS } from '../sections/headline.ts';
import type { KpiDirection, KpiFormat, Localized } from '../sections/section.ts';

export type { KpiDirection, KpiFormat } from '../sections/section.ts';

export interface KpiChange {
  /** current − previous, in the KPI's own unit (a fraction for percents, ms for durations). */
  readonly absolute: number;
  /** (current − previous) / previous; null when previous is 0. */
  readonly relative: number | null;
}

export interface Kpi {
  readonly id: string;
  /** The registry metric the figure is (metrics.ts); a fallback reading may be another of the same unit. */
  readonly metric: string;
  readonly label: Localized;
  readonly format: KpiFormat;
  readonly better: KpiDirection;
  /** Durations in ms, percents as fractions (0.75), scores on the scale the label names. */
  readonly current: number | null;
  /** Null when the report is not compared or the previous value is unknown. */
  readonly previous: number | null;
  /** Null when either side is unknown. */
  readonly change: KpiChange | null;
  /**
   * True in a department/group slice for KPIs from account-level endpoints that were not fetched for
   * the slice's team (see report/teams.ts): the figure is the whole account's.
   */
  readonly accountWide: boolean;
}

/** Whether a change is good, bad or neither, from the KPI's direction. */
export type ChangeVerdict = 'good' | 'bad' | 'neutral';

export function judgeChange(kpi: Pick<Kpi, 'better' | 'change'>): ChangeVerdict {
  const delta = kpi.change?.absolute ?? 0;
  if (delta === 0 || kpi.better === 'neutral') return 'neutral';
  return delta > 0 === (kpi.better === 'higher') ? 'good' : 'bad';
}

function changeBetween(current: number | null, previous: number | null): KpiChange | null {
  if (current === null || previous === null) return null;
  return { absolute: current - previous, relative: ratio(current - previous, previous) };
}

/** The KPIs of a snapshot, whole or sliced. */
export function snapshotKpis(snapshot: RawSnapshot): Kpi[] {
  return computeKpis(
    snapshot.current,
    snapshot.previous,
    snapshot.scope !== undefined,
    chatRowsSliced(snapshot),
    new Set(snapshot.scope?.ownFigures ?? []),
  );
}

/**
 * The headline KPIs of a dataset, compared with the previous one when given. `sliced` marks the
 * account-level KPIs of a department/group slice as the whole account's, except those of the
 * sections in `ownFigures` (fetched for the slice's team); when the slice's chat rows could not be
 * cut either (`chatRowsSliced` false, e.g. a channel report), every other KPI is the whole account's.
 */
export function computeKpis(
  current: Dataset,
  previous: Dataset | null,
  sliced = false,
  chatRowsSliced = true,
  ownFigures: ReadonlySet<string> = new Set(),
): Kpi[] {
  return HEADLINE_KPIS.map((definition) => {
    const readings = [definition, ...(definition.fallbacks ?? [])];
    const reading = readings.find((r) => r.value(current) !== null) ?? definition;
    const value = reading.value(current);
    const previousValue = previous ? reading.value(previous) : null;
    return {
      id: definition.id,
      metric: reading.metric.id,
      label: reading.metric.label,
      format: reading.metric.unit,
      better: reading.metric.better,
      current: value,
      previous: previousValue,
      change: changeBetween(value, previousValue),
      accountWide:
        sliced && (definition.accountLevel ? !ownFigures.has(definition.section) : !chatRowsSliced),
    };
  });
}
