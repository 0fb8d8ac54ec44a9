import { describe, expect, it } from 'vitest';
import { type AgentWorkRow, rankAgents } from '../../../src/core/sections/agents.ts';

describe('Function: rankAgents, per-agent averages', () => {
  it('shows an agent’s own first-response time when they have no valid reception', () => {
    // Prepare: staffWorkStatis's example row: 7 chats, 0 valid receptions, 353669.5 ms to first response
    const row: AgentWorkRow = {
      staff_id: 'staff1',
      service_nick: 'staff1',
      human_consult: 7,
      human_valid: 4,
      human_valid_recep: 0,
      avg_first_response_time: 353_669.5,
    };

    // Act
    const { top } = rankAgents([row]);

    // Assess
    expect(top[0]?.avgFirstResponse).toBe(353_669.5);
  });

  it('averages an agent’s groups over their valid receptions when any group has one', () => {
    // Prepare
    const rows: AgentWorkRow[] = [
      { staff_id: 'x', human_valid_recep: 1, avg_first_response_time: 10_000 },
      { staff_id: 'x', human_valid_recep: 3, avg_first_response_time: 30_000 },
      { staff_id: 'x', human_valid_recep: 0, avg_first_response_time: 900_000 },
    ];

    // Act
    const { top } = rankAgents(rows);

    // Assess
    expect(top[0]?.avgFirstResponse).toBe(25_000);
  });

  it('takes the plain mean of an agent’s groups when none has a valid reception', () => {
    // Prepare
    const rows: AgentWorkRow[] = [
      { staff_id: 'x', human_valid_recep: 0, avg_first_response_time: 10_000 },
      { staff_id: 'x', human_valid_recep: 0, avg_first_response_time: 30_000 },
    ];

    // Act
    const { top } = rankAgents(rows);

    // Assess
    expect(top[0]?.avgFirstResponse).toBe(20_000);
  });

  it('leaves the first-response time blank when the agent’s rows carry none', () => {
    // Act
    const { top } = rankAgents([{ staff_id: 'x', human_valid_recep: 0, avg_first_response_time: null }]);

    // Assess
    expect(top[0]?.avgFirstResponse).toBeNull();
  });
});
