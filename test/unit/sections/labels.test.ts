import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from '../../../src/core/render/columns.ts';
import { AGENT_COLUMNS, rankAgents } from '../../../src/core/sections/agents.ts';
import { CHAT_COLUMNS } from '../../../src/core/sections/chats.ts';

function headerOf(columns: readonly ColumnSpec<string>[], field: string) {
  const column = columns.find((c) => c.field === field);
  if (!column) throw new Error(`no column for ${field}`);
  return column.header;
}

describe('Column labels', () => {
  it('calls human_self_rate the independent reception share, as zh 独立接待率 does, not a bot figure', () => {
    // Assess
    expect(headerOf(CHAT_COLUMNS, 'human_self_rate')).toEqual({
      en: 'Independent Reception %',
      zh: '独立接待率',
    });
    expect(headerOf(CHAT_COLUMNS, 'human_self').en).toBe('Independent Reception Chats');
  });

  it('calls the agents’ human_self independent receptions, not bot receptions', () => {
    // Assess
    expect(headerOf(AGENT_COLUMNS, 'human_self')).toEqual({
      en: 'Independent Reception Chats',
      zh: '独立接待会话量',
    });
  });

  it('names an agent whose nickname is "[]" by their email in the ranking', () => {
    // Act
    const { top } = rankAgents([
      { staff_id: 's1', service_nick: '[]', service_email: 'li@example.com', human_valid_recep: 3 },
    ]);

    // Assess
    expect(top[0]?.name).toBe('li@example.com');
  });
});
