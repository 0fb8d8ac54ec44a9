import { describe, expect, it } from 'vitest';
import { columnsOf } from '../../../src/core/render/columns.ts';
import { emptyDataset } from '../../../src/core/report/collect.ts';
import type { ChatRow } from '../../../src/core/sections/chats.ts';
import { SECTION_IDS } from '../../../src/core/sections/ids.ts';
import { SECTIONS, sectionById } from '../../../src/core/sections/registry.ts';
import { listPart, partsOf } from '../../../src/core/sections/section.ts';
import { ENDPOINTS } from '../../../src/core/sobot/endpoints.ts';

const PART_IDS = new Set(SECTIONS.flatMap((section) => partsOf(section).map((entry) => entry.id)));

describe('Registry: report sections', () => {
  it('names each section once, in workbook order, as the config knows them', () => {
    // Assess
    expect(SECTIONS.map((section) => section.id)).toEqual([...SECTION_IDS]);
    expect(new Set(SECTION_IDS).size).toBe(SECTIONS.length);
    expect(SECTION_IDS).toEqual([
      'summary',
      'chats',
      'messages',
      'customers',
      'agents',
      'workStatus',
      'satisfaction',
      'serviceSummary',
      'dimensions',
    ]);
  });

  it('has every part read by a section and every section fetched besides registered', () => {
    // Act
    const reads = SECTIONS.flatMap((section) => section.reads ?? []);
    const extras = SECTIONS.flatMap(
      (section) =>
        section.alsoFetch?.({
          dimension: 'department',
          recipients: { routes: [{ departmentIds: ['d'] }] },
        }) ?? [],
    );

    // Assess
    expect(reads.filter((id) => !PART_IDS.has(id))).toEqual([]);
    expect(extras.filter((id) => !SECTION_IDS.includes(id as never))).toEqual([]);
    expect(extras).toEqual(['workStatus']);
  });

  it('gives every fetched part a slot in the dataset, empty until fetched', () => {
    // Act
    const dataset = emptyDataset() as unknown as Record<string, unknown>;

    // Assess
    for (const section of SECTIONS) {
      for (const { key, part } of partsOf(section)) {
        const value =
          key === null ? dataset[section.id] : (dataset[section.id] as Record<string, unknown>)[key];
        expect(value, `${section.id}${key ? `.${key}` : ''}`).toEqual(part.empty());
      }
    }
  });

  it('refuses a part whose endpoint answers the other way', () => {
    // Act
    const wrong = () => listPart('getGeneral', ENDPOINTS.getGeneral as never, () => ({}));

    // Assess
    expect(wrong).toThrow('getGeneral answers item, not items');
  });

  it('finds a section by id and refuses an unknown one', () => {
    // Assess
    expect(sectionById('agents').id).toBe('agents');
    expect(() => sectionById('nope')).toThrow('no section "nope"');
  });
});

describe('Function: columnsOf', () => {
  it('takes only fields the row schema declares', () => {
    // Prepare
    const column = columnsOf<ChatRow>();

    // Act
    const declared = column('human_consult', 'Total Chats', '总会话量', 'count');
    // @ts-expect-error a field getStat rows do not declare is a compile error (npm test type-checks this file)
    const misspelt = column('human_consult_typo', 'Total Chats', '总会话量', 'count');

    // Assess
    expect(declared).toEqual({
      field: 'human_consult',
      header: { en: 'Total Chats', zh: '总会话量' },
      type: 'count',
      width: 12,
    });
    expect(misspelt.field).toBe('human_consult_typo');
  });
});
