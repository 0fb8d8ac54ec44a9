import {
  CHANNEL_TYPES,
  CLASSIFICATION_TREE,
  DEPARTMENT_NAMES,
  FIRST_NAMES,
  GROUP_SKILLS,
  LAST_NAMES,
  REGIONS,
  ROBOT_NAMES,
  SUB_CHANNELS,
} from './names.ts';
import { hash32, hashString, hexId, unitHash } from './random.ts';

/**
 * The simulated Sobot account: departments, skill groups, agents, channels, robots, classifications
 * and regions, all derived from the seed. Every agent belongs to one skill group (and so one
 * department) and serves one sub-channel, so every dimension partitions the agents exactly.
 */

interface AccountSize {
  readonly departments: number;
  readonly groupsPerDepartment: number;
  readonly agents: number;
  readonly channels: number;
}

export interface SimDepartment {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly parentId: string;
}

export interface SimGroup {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly departmentIndex: number;
}

export interface SimChannel {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  /** Channel type code (`source`). */
  readonly source: string;
  readonly sourceName: string;
  /** `channel_flag`, and `channel_flag_key` = `${source}_${flag}` (the filter value). */
  readonly flag: string;
  readonly flagKey: string;
  readonly robotFlag: number;
}

export interface SimAgent {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly nick: string;
  readonly email: string;
  readonly groupIndex: number;
  readonly departmentIndex: number;
  readonly channelIndex: number;
}

export interface SimClassification {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly code: string;
  readonly level: 1 | 2;
  readonly parentId: string;
  readonly path: string;
  readonly sort: number;
  /** Leaf indexes (into `leaves`) this classification covers: itself, or its children. */
  readonly leafIndexes: readonly number[];
}

export interface SimRobot {
  readonly flag: number;
  readonly name: string;
}

export interface SimRegion {
  readonly id: string;
  readonly country: string;
  readonly province: string;
  readonly weight: number;
}

export interface Account {
  readonly seed: number;
  readonly companyId: string;
  readonly departments: readonly SimDepartment[];
  readonly groups: readonly SimGroup[];
  readonly channels: readonly SimChannel[];
  readonly robots: readonly SimRobot[];
  readonly agents: readonly SimAgent[];
  readonly classifications: readonly SimClassification[];
  /** Level-2 classifications: what a chat is actually tagged with. */
  readonly leaves: readonly SimClassification[];
  readonly regions: readonly SimRegion[];
}

const KIND = { company: 1, channel: 2 } as const;

function numbered(pool: readonly string[], index: number): string {
  const base = pool[index % pool.length] ?? 'Item';
  const round = Math.floor(index / pool.length);
  return round === 0 ? base : `${base} ${round + 1}`;
}

function padded(prefix: string, index: number, width: number): string {
  return `${prefix}-${String(index + 1).padStart(width, '0')}`;
}

function buildDepartments(count: number): SimDepartment[] {
  // Like the reference example: one root ("Headquarters") with the other departments as its children.
  return Array.from({ length: count }, (_, index) => ({
    index,
    id: padded('dept', index, 3),
    name: numbered(DEPARTMENT_NAMES, index),
    parentId: index === 0 ? '0' : 'dept-001',
  }));
}

function buildGroups(departments: readonly SimDepartment[], perDepartment: number): SimGroup[] {
  const groups: SimGroup[] = [];
  for (const department of departments) {
    for (let k = 0; k < perDepartment; k++) {
      const index = groups.length;
      groups.push({
        index,
        id: padded('group', index, 3),
        name: `${department.name} ${numbered(GROUP_SKILLS, k)}`,
        departmentIndex: department.index,
      });
    }
  }
  return groups;
}

/**
 * Flags are numbered within their channel type, so two types share flag "1": getChannelList's
 * example keys them `channel_flag_key` "4_1" ("Channel tag key (used for bot API query input)"), and
 * a client that tells sub-channels apart by `channel_flag` alone merges them.
 */
function buildChannels(seed: number, count: number, robots: number): SimChannel[] {
  const flagsBySource = new Map<string, number>();
  return Array.from({ length: count }, (_, index) => {
    const template = SUB_CHANNELS[index % SUB_CHANNELS.length] ?? SUB_CHANNELS[0];
    const round = Math.floor(index / SUB_CHANNELS.length);
    const flagNumber = (flagsBySource.get(template.source) ?? 0) + 1;
    flagsBySource.set(template.source, flagNumber);
    const flag = String(flagNumber);
    return {
      index,
      id: hexId(seed, KIND.channel, index),
      name: round === 0 ? template.name : `${template.name} ${round + 1}`,
      source: template.source,
      sourceName: CHANNEL_TYPES.find((t) => t.code === template.source)?.msg ?? 'Other',
      flag,
      flagKey: `${template.source}_${flag}`,
      robotFlag: (index % robots) + 1,
    };
  });
}

/** Picks an index with probability proportional to its weight, from a uniform number. */
function weightedPick(weights: readonly number[], total: number, uniform: number): number {
  let target = uniform * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i] ?? 0;
    if (target < 0) return i;
  }
  return weights.length - 1;
}

function buildAgents(seed: number, count: number, groups: readonly SimGroup[], channels: number): SimAgent[] {
  const groupWeights = groups.map((g) => 0.5 + unitHash(seed, 11, g.index));
  const groupTotal = groupWeights.reduce((a, b) => a + b, 0);
  const channelWeights = Array.from({ length: channels }, (_, c) => 1 / (c + 1));
  const channelTotal = channelWeights.reduce((a, b) => a + b, 0);
  const usedNames = new Map<string, number>();
  const usedNicks = new Map<string, number>();
  const unique = (used: Map<string, number>, text: string) => {
    const seen = (used.get(text) ?? 0) + 1;
    used.set(text, seen);
    return seen === 1 ? text : `${text} ${seen}`;
  };
  return Array.from({ length: count }, (_, index) => {
    const first = FIRST_NAMES[hash32(seed, 21, index) % FIRST_NAMES.length] ?? 'Alex';
    const last = LAST_NAMES[hash32(seed, 22, index) % LAST_NAMES.length] ?? 'Lee';
    const name = unique(usedNames, `${first} ${last}`);
    const nick = unique(usedNicks, `${first} ${last.charAt(0)}.`);
    // The first agents go round-robin so that every group and channel has someone.
    const groupIndex =
      index < groups.length ? index : weightedPick(groupWeights, groupTotal, unitHash(seed, 23, index));
    const channelIndex =
      index < channels ? index : weightedPick(channelWeights, channelTotal, unitHash(seed, 24, index));
    const group = groups[groupIndex];
    return {
      index,
      id: padded('agent', index, 4),
      name,
      nick,
      email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@support.example.com`,
      groupIndex,
      departmentIndex: group?.departmentIndex ?? 0,
      channelIndex,
    };
  });
}

function buildClassifications(): SimClassification[] {
  const all: SimClassification[] = [];
  let leafCount = 0;
  CLASSIFICATION_TREE.forEach((parent, p) => {
    const parentId = padded('cls', all.length, 3);
    const parentCode = String(1001 + p);
    const childStart = leafCount;
    const parentEntry = {
      index: all.length,
      id: parentId,
      name: parent.name,
      code: parentCode,
      level: 1 as const,
      parentId: '1',
      path: parentId,
      sort: p + 1,
      leafIndexes: parent.children.map((_, c) => childStart + c),
    };
    all.push(parentEntry);
    parent.children.forEach((child, c) => {
      const id = padded('cls', all.length, 3);
      all.push({
        index: all.length,
        id,
        name: child,
        code: `${parentCode}${String(c + 1).padStart(2, '0')}`,
        level: 2,
        parentId,
        path: `${parentId},${id}`,
        sort: c + 1,
        leafIndexes: [leafCount++],
      });
    });
  });
  return all;
}

export function buildAccount(seed: number, size: AccountSize): Account {
  const departments = buildDepartments(Math.max(1, size.departments));
  const groups = buildGroups(departments, Math.max(1, size.groupsPerDepartment));
  const robots = ROBOT_NAMES.map((name, i) => ({ flag: i + 1, name }));
  const channels = buildChannels(seed, Math.max(1, size.channels), robots.length);
  const classifications = buildClassifications();
  return {
    seed,
    companyId: hexId(seed, KIND.company, hashString('company')),
    departments,
    groups,
    channels,
    robots,
    agents: buildAgents(seed, Math.max(1, size.agents), groups, channels.length),
    classifications,
    leaves: classifications.filter((c) => c.level === 2),
    regions: REGIONS.map((r, i) => ({ id: String(i + 1), ...r })),
  };
}
