import type { Totals } from '../data/cells.ts';
import type { SimData } from './context.ts';
import { type AgentFilter, selectAgents } from './filters.ts';
import type { ResolvedRange } from './params.ts';

/** The filtered totals of a range and of the same number of days just before it (for MoM fields). */
interface PeriodTotals {
  readonly current: Totals;
  readonly previous: Totals;
}

export function periodTotals(data: SimData, range: ResolvedRange, filter: AgentFilter): PeriodTotals {
  const agents = selectAgents(data.account, filter);
  const days = range.toDay - range.fromDay + 1;
  return {
    current: data.activity.sumAgents(data.activity.agentTotals(range.fromDay, range.toDay), agents),
    previous: data.activity.sumAgents(
      data.activity.agentTotals(range.fromDay - days, range.fromDay - 1),
      agents,
    ),
  };
}
