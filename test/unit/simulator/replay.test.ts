import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../../simulator/index.ts';
import { RECORDING_FORMAT, type Recording } from '../../../src/core/recording.ts';
import { getToken, post } from './harness.ts';

/**
 * The simulator's replay mode: each endpoint answers from the recording, its recorded rows paged again
 * as the whole list, with the paging fields it had in the types it had; get_token and the token check
 * stay the simulator's.
 */

const agents = ['a1', 'a2', 'a3'].map((id) => ({ service_id: id, service_name: `Agent ${id}` }));

const recording: Recording = {
  format: RECORDING_FORMAT,
  recordedAt: '2025-11-12T01:00:00.000Z',
  day: '2025-11-11',
  timezone: 'Asia/Shanghai',
  exchanges: [
    {
      endpoint: 'getServiceList',
      probe: 'contract',
      request: { search_way: 1, page: '1', size: '1' },
      status: 200,
      body: { ret_code: '000000', ret_msg: 'Succeed', page_no: '1', total_count: '3', items: agents },
    },
    {
      endpoint: 'getStat',
      probe: 'contract',
      request: { start_date: '2025-11-11 00:00:00', end_date: '2025-11-11 23:59:59' },
      status: 200,
      body: {
        ret_code: '000000',
        ret_msg: 'Succeed',
        page_no: 1,
        page_count: 1,
        items: [{ real_date: '2025-11-11' }],
      },
    },
    { endpoint: 'getGeneral', probe: 'contract', request: {}, status: 502, text: '<h1>502 Bad Gateway</h1>' },
  ],
};

describe('Simulator: replaying a recording', () => {
  let sim: RunningSimulator;
  let token: string;
  const notes: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ replay: { recording, onNote: (note) => notes.push(note) } });
    token = (await getToken(sim)).item.token as string;
  });

  afterAll(async () => {
    await sim.close();
  });

  it('pages the recorded rows as the whole list, keeping the paging fields it had and their types', async () => {
    // Act
    const second = await post(sim, 'getServiceList', { search_way: 1, page: '2', size: '1' }, { token });

    // Assess
    expect(second).toEqual({
      ret_code: '000000',
      ret_msg: 'Succeed',
      page_no: '2',
      total_count: '3',
      items: [agents[1]],
    });
  });

  it('serves an answer that was not JSON as it came', async () => {
    // Act
    const response = await fetch(`${sim.url}/chat-static-api/api/online/custom/getGeneral`, {
      method: 'POST',
      headers: { token, 'content-type': 'application/json' },
      body: '{}',
    });

    // Assess
    expect(response.status).toBe(502);
    expect(await response.text()).toBe('<h1>502 Bad Gateway</h1>');
  });

  it('answers an endpoint the recording lacks with an input error naming it', async () => {
    // Act
    const answer = await post(sim, 'getMsgStat', {}, { token });

    // Assess
    expect(answer).toEqual({ ret_code: '222000', ret_msg: 'getMsgStat is not in the recording' });
  });

  it('still checks the token', async () => {
    // Act
    const answer = await post(sim, 'getServiceList', {}, { token: 'not-the-token' });

    // Assess
    expect(answer.ret_code).toBe('900002');
  });

  it("answers other dates with the recording's day, and says so once", async () => {
    // Act
    const first = await post(
      sim,
      'getStat',
      { start_date: '2025-11-01 00:00:00', end_date: '2025-11-07 23:59:59' },
      { token },
    );
    await post(
      sim,
      'getStat',
      { start_date: '2025-10-01 00:00:00', end_date: '2025-10-31 23:59:59' },
      { token },
    );

    // Assess
    expect(first.items).toEqual([{ real_date: '2025-11-11' }]);
    expect(notes).toEqual([
      'replay: getStat asked for 2025-11-01 00:00:00 to 2025-11-07 23:59:59; the recording holds ' +
        "2025-11-11 (Asia/Shanghai) only, so every request gets that day's answers",
    ]);
  });
});
