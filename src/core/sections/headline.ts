import type { Dataset } from '../report/snapshot.ts';
import { CHAT_KPIS } from './chats.ts';
import { CUSTOMER_KPIS } from './customers.ts';
import { SATISFACTION_KPIS } from './satisfaction.ts';
import type { KpiDefinition } from './section.ts';

/**
 * The headline KPIs, in the order the email and the Summary sheet show them. Each is defined by the
 * section whose data it reads; this list only picks and orders them.
 */

type HeadlineKpi = KpiDefinition<Dataset> & {
  /** The section whose data it reads. */
  readonly section: keyof Dataset;
};

function from<K extends keyof Dataset>(
  key: K,
  definitions: readonly KpiDefinition<Dataset[K]>[],
): HeadlineKpi[] {
  return definitions.map((definition) => ({
    ...definition,
    section: key,
    value: (dataset) => definition.value(dataset[key]),
    fallbacks: (definition.fallbacks ?? []).map((reading) => ({
      metric: reading.metric,
      value: (dataset: Dataset) => reading.value(dataset[key]),
    })),
  }));
}

export const HEADLINE_KPIS: readonly HeadlineKpi[] = [
  ...from('chats', CHAT_KPIS),
  ...from('satisfaction', SATISFACTION_KPIS),
  ...from('customers', CUSTOMER_KPIS),
];
