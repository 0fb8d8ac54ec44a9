import * as z from 'zod';
import { columnsOf } from '../render/columns.ts';
import type { Language } from '../render/i18n.ts';
import { tableSheet } from '../render/sheet.ts';
import type { ApiRequest } from '../sobot/api.ts';
import { num, text } from '../sobot/schemas.ts';
import { defineSection, type Localized } from './section.ts';

/**
 * Dimensions: the account's condition lists (channels, sub-channels, classifications, bots,
 * departments, skill groups, agents). They are fetched once per run, for the whole account (filters do
 * not apply), and resolve ids to names everywhere; this section lists them on one sheet.
 */

const channel = z.looseObject({ code: text, msg: text });
const subChannel = z.looseObject({
  sub_channel_id: text,
  channel_type: text,
  sub_channel_name: text,
  channel_flag: text,
  channel_flag_key: text,
});
const classification = z.looseObject({
  id: text,
  classify_name: text,
  classify_code: text,
  classify_level: num,
  classify_level_path: text,
  classify_parent_id: text,
  sort: num,
});
const robot = z.looseObject({ robot_logo: text, robot_name: text, robot_flag: text });

export interface Department {
  depart_id?: string | null | undefined;
  depart_name?: string | null | undefined;
  parent_id?: string | null | undefined;
  company_id?: string | null | undefined;
  child_list?: Department[] | null | undefined;
  [extra: string]: unknown;
}
const department: z.ZodType<Department> = z.lazy(() =>
  z.looseObject({
    depart_id: text,
    depart_name: text,
    parent_id: text,
    company_id: text,
    child_list: z.array(department).nullable().optional(),
  }),
);
const group = z.looseObject({ group_id: text, group_name: text });
const agent = z.looseObject({ service_id: text, service_name: text, service_nick: text });
export type Channel = z.infer<typeof channel>;
export type SubChannel = z.infer<typeof subChannel>;
export type Classification = z.infer<typeof classification>;
export type Robot = z.infer<typeof robot>;
export type Group = z.infer<typeof group>;
export type Agent = z.infer<typeof agent>;

/** Every condition list the account has. */
export interface Conditions {
  readonly channels: Channel[];
  readonly subChannels: SubChannel[];
  readonly classifications: Classification[];
  readonly robots: Robot[];
  readonly departments: Department[];
  readonly groups: Group[];
  readonly agents: Agent[];
}

/** The requests for the condition lists, by where they land in `Conditions`. */
export const CONDITION_REQUESTS: { readonly [K in keyof Conditions]: ApiRequest } = {
  channels: { endpoint: 'getChannelList', params: {}, schema: channel },
  subChannels: { endpoint: 'getChildChannelList', params: {}, schema: subChannel },
  classifications: { endpoint: 'getClassificationList', params: {}, schema: classification },
  robots: { endpoint: 'getRobotList', params: {}, schema: robot },
  departments: { endpoint: 'getDepartmentList', params: {}, schema: department },
  groups: { endpoint: 'getGroupList', params: {}, schema: group },
  agents: { endpoint: 'getServiceList', params: { search_way: 1 }, schema: agent },
};

export function flattenDepartments(departments: readonly Department[]): Department[] {
  return departments.flatMap((d) => [d, ...flattenDepartments(d.child_list ?? [])]);
}

/** One line of the Dimensions sheet: a department, skill group, channel or sub-channel. */
interface DimensionEntry {
  readonly kind: string;
  readonly name: string | null | undefined;
  readonly path: string | null | undefined;
  readonly id: string | null | undefined;
  readonly parent: string | null | undefined;
  readonly key: string | null | undefined;
  /** Depth in the department tree, shown as indentation of the name. */
  readonly depth: number;
}

const KINDS: Record<'department' | 'group' | 'channel' | 'subChannel', Localized> = {
  department: { en: 'Department', zh: '部门' },
  group: { en: 'Skill group', zh: '技能组' },
  channel: { en: 'Channel', zh: '渠道' },
  subChannel: { en: 'Sub-channel', zh: '子渠道' },
};

const PATH_SEPARATOR = ' / ';
/** Excel's largest indent level. */
const MAX_INDENT = 15;

function* departmentEntries(
  departments: readonly Department[],
  kind: string,
  ancestors: readonly string[],
  seen: Set<Department>,
): Generator<DimensionEntry> {
  for (const department of departments) {
    // A malformed answer could nest a department inside itself; each is listed once.
    if (seen.has(department)) continue;
    seen.add(department);
    const name = department.depart_name ?? department.depart_id ?? '';
    yield {
      kind,
      name,
      path: [...ancestors, name].join(PATH_SEPARATOR),
      id: department.depart_id,
      parent: ancestors.at(-1) ?? null,
      key: null,
      depth: Math.min(ancestors.length, MAX_INDENT),
    };
    yield* departmentEntries(department.child_list ?? [], kind, [...ancestors, name], seen);
  }
}

/** Every dimension the account has, from the condition lists: the tree first, then flat lists. */
function dimensionEntries(conditions: Conditions, language: Language): DimensionEntry[] {
  const channelNames = new Map(conditions.channels.map((c) => [c.code ?? '', c.msg]));
  return [
    ...departmentEntries(conditions.departments, KINDS.department[language], [], new Set()),
    ...conditions.groups.map((g) => ({
      kind: KINDS.group[language],
      name: g.group_name,
      path: g.group_name,
      id: g.group_id,
      parent: null,
      key: null,
      depth: 0,
    })),
    ...conditions.channels.map((c) => ({
      kind: KINDS.channel[language],
      name: c.msg,
      path: c.msg,
      id: c.code,
      parent: null,
      key: null,
      depth: 0,
    })),
    ...conditions.subChannels.map((s) => {
      const channel = channelNames.get(s.channel_type ?? '') ?? s.channel_type;
      return {
        kind: KINDS.subChannel[language],
        name: s.sub_channel_name,
        path: [channel, s.sub_channel_name].filter(Boolean).join(PATH_SEPARATOR),
        id: s.sub_channel_id,
        parent: channel,
        key: s.channel_flag_key,
        depth: 0,
      };
    }),
  ];
}

const column = columnsOf<DimensionEntry>();

/** Departments (tree, indented, with their path), skill groups, channels and sub-channels in one list. */
export const DIMENSION_LIST_COLUMNS = [
  column('kind', 'Type', '类型', 'text', 14),
  column('name', 'Name', '名称', 'text', 32),
  column('path', 'Path', '路径', 'text', 48),
  column('id', 'ID', 'ID', 'text', 34),
  column('parent', 'Parent', '上级', 'text', 24),
  column('key', 'Channel tag key', '渠道标识', 'text', 16),
];

export const dimensions = defineSection({
  id: 'dimensions',
  parts: null,
  reads: ['chats.totals', 'messages.totals'],
  sheets: ({ snapshot, language }) => [
    tableSheet({
      name: { en: 'Dimensions', zh: '维度列表' },
      columns: DIMENSION_LIST_COLUMNS,
      rows: dimensionEntries(snapshot.conditions, language),
      indentOf: (entry, column) => (column.field === 'name' ? entry.depth : 0),
    }),
  ],
});
