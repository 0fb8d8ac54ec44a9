import type { Conditions } from '../report/snapshot.ts';
import type { Department } from '../sobot/schemas.ts';
import type { Localized } from './columns.ts';
import type { Language } from './i18n.ts';

/** One line of the Dimensions sheet: a department, skill group, channel or sub-channel. */
export interface DimensionEntry {
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
export function dimensionEntries(conditions: Conditions, language: Language): DimensionEntry[] {
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
