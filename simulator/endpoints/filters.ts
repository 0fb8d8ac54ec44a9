import type { Account } from '../data/account.ts';
import { type Body, listParam } from './params.ts';

/** The filters of the statistics endpoints; every one narrows the set of agents whose chats count. */
export interface AgentFilter {
  readonly departmentIds?: readonly string[] | undefined;
  readonly groupIds?: readonly string[] | undefined;
  readonly staffIds?: readonly string[] | undefined;
  readonly sources?: readonly string[] | undefined;
  readonly channelFlagKeys?: readonly string[] | undefined;
  readonly robotFlags?: readonly string[] | undefined;
}

/** The standard filter parameters (`source`, `channel_flag`, `*_ids_param`). */
export function standardFilter(body: Body, options: { robots: boolean } = { robots: true }): AgentFilter {
  return {
    departmentIds: listParam(body, 'depart_ids_param'),
    groupIds: listParam(body, 'group_ids_param'),
    staffIds: listParam(body, 'staff_ids_param'),
    sources: listParam(body, 'source'),
    channelFlagKeys: listParam(body, 'channel_flag'),
    robotFlags: options.robots ? listParam(body, 'robot_ids_param') : undefined,
  };
}

export function filterKey(filter: AgentFilter): string {
  return JSON.stringify([
    filter.departmentIds,
    filter.groupIds,
    filter.staffIds,
    filter.sources,
    filter.channelFlagKeys,
    filter.robotFlags,
  ]);
}

function allows(values: readonly string[] | undefined, value: string): boolean {
  return values === undefined || values.includes(value);
}

export function selectAgents(account: Account, filter: AgentFilter): number[] {
  const selected: number[] = [];
  for (const agent of account.agents) {
    const department = account.departments[agent.departmentIndex];
    const group = account.groups[agent.groupIndex];
    const channel = account.channels[agent.channelIndex];
    if (
      department &&
      group &&
      channel &&
      allows(filter.departmentIds, department.id) &&
      allows(filter.groupIds, group.id) &&
      allows(filter.staffIds, agent.id) &&
      allows(filter.sources, channel.source) &&
      allows(filter.channelFlagKeys, channel.flagKey) &&
      allows(filter.robotFlags, String(channel.robotFlag))
    ) {
      selected.push(agent.index);
    }
  }
  return selected;
}
