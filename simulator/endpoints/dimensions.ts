import type { Account } from '../data/account.ts';
import type { Row } from './context.ts';

/** search_way: 1 department, 2 skill group, 3 channel: which column a summary row is keyed by. */
interface Dimension {
  readonly count: number;
  indexOf(agent: number): number;
  fields(index: number): Row;
}

export function dimensionOf(account: Account, searchWay: 1 | 2 | 3): Dimension {
  const agents = account.agents;
  switch (searchWay) {
    case 1:
      return {
        count: account.departments.length,
        indexOf: (a) => agents[a]?.departmentIndex ?? 0,
        fields: (i) => ({ depart_id: account.departments[i]?.id, depart_name: account.departments[i]?.name }),
      };
    case 2:
      return {
        count: account.groups.length,
        indexOf: (a) => agents[a]?.groupIndex ?? 0,
        fields: (i) => ({ group_id: account.groups[i]?.id, group_name: account.groups[i]?.name }),
      };
    case 3:
      return {
        count: account.channels.length,
        indexOf: (a) => agents[a]?.channelIndex ?? 0,
        fields: (i) => {
          const channel = account.channels[i];
          return {
            channel_flag: channel?.flag,
            channel_flag_name: channel?.name,
            source: channel?.source,
            source_name: channel?.sourceName,
          };
        },
      };
  }
}
