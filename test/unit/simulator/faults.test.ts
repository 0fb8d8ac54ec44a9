import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../simulator/api/description.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { getToken, type Harness, startHarness } from './harness.ts';

const robots = API.getRobotList.path;

describe('Simulator: fault injection', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ clock: createFakeClock() });
    await harness.token();
  });
  afterAll(() => harness.close());
  afterEach(() => harness.sim.faults.clear());

  async function raw(path = robots) {
    const response = await request(`${harness.sim.url}${path}`, {
      method: 'POST',
      headers: { token: await harness.token(), 'content-type': 'application/json' },
      body: '{}',
    });
    return { status: response.statusCode, text: await response.body.text() };
  }

  it('forces 229000 after N calls, for `times` calls, with the given wait', async () => {
    // Prepare
    harness.sim.faults.add({
      endpoint: 'getRobotList',
      kind: 'rateLimit',
      waitSeconds: 7,
      afterCalls: 1,
      times: 2,
    });

    // Act
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(await harness.call('getRobotList'));

    // Assess
    expect(codes.map((a) => a.ret_code)).toEqual(['000000', '229000', '229000', '000000']);
    expect(codes[1]?.ret_msg).toContain('Try again [7]s later.');
  });

  it('invalidates the token so the call and the next ones get 900002 until a new token', async () => {
    // Prepare
    harness.sim.faults.add({ endpoint: 'getStat', kind: 'invalidateToken' });

    // Act
    const hit = await harness.call('getStat', {
      start_date: '2025-11-01 00:00:00',
      end_date: '2025-11-01 23:59:59',
    });
    const next = await harness.call('getRobotList');
    await harness.token();
    const afterRefresh = await harness.call('getRobotList');

    // Assess
    expect([hit.ret_code, next.ret_code, afterRefresh.ret_code]).toEqual(['900002', '900002', '000000']);
  });

  it('answers 999999 for an internal error', async () => {
    // Prepare
    harness.sim.faults.add({ endpoint: '*', kind: 'internalError' });

    // Act
    const answer = await harness.call('getChannelList');

    // Assess
    expect(answer).toEqual({ ret_code: '999999', ret_msg: 'Unknown System Exception' });
  });

  it('answers HTTP 502 with an HTML body', async () => {
    // Prepare
    harness.sim.faults.add({ endpoint: 'getRobotList', kind: 'http502' });

    // Act
    const response = await raw();

    // Assess
    expect(response.status).toBe(502);
    expect(response.text).toContain('Bad Gateway');
  });

  it('delays a slow response by delayMs and then answers normally', async () => {
    // Prepare
    harness.sim.faults.add({ endpoint: 'getRobotList', kind: 'slow', delayMs: 30 });

    // Act
    const answer = await harness.call('getRobotList');

    // Assess
    expect(answer.ret_code).toBe('000000');
    expect(harness.sim.stats.requests.at(-1)?.endpoint).toBe('getRobotList');
  });

  it('resets the connection', async () => {
    // Prepare
    harness.sim.faults.add({ endpoint: 'getRobotList', kind: 'reset' });

    // Act
    const attempt = raw();

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET)$/),
    });
  });

  it('truncates the JSON body', async () => {
    // Prepare
    harness.sim.faults.add({ endpoint: 'getRobotList', kind: 'malformedJson' });

    // Act
    const response = await raw();

    // Assess
    expect(response.status).toBe(200);
    expect(() => JSON.parse(response.text)).toThrow();
    expect(response.text.startsWith('{"ret_code":"000000"')).toBe(true);
  });

  it('drops a field from every item', async () => {
    // Prepare
    harness.sim.faults.add({ endpoint: 'getRobotList', kind: 'dropField', field: 'robot_name' });

    // Act
    const answer = await harness.call('getRobotList');

    // Assess
    expect(answer.items.length).toBeGreaterThan(1);
    for (const item of answer.items) expect(item).not.toHaveProperty('robot_name');
  });

  it('renames a field in the item of an item endpoint', async () => {
    // Prepare
    harness.sim.faults.add({
      endpoint: 'getGeneral',
      kind: 'renameField',
      field: 'valid_visitor_total',
      to: 'validVisitors',
    });

    // Act
    const answer = await harness.call('getGeneral', {
      start_date: '2025-11-01 00:00',
      end_date: '2025-11-07 23:59',
    });

    // Assess
    expect(answer.item).not.toHaveProperty('valid_visitor_total');
    expect(answer.item.validVisitors).toMatch(/^\d+$/);
  });

  it('can target get_token', async () => {
    // Prepare
    harness.sim.faults.add({ endpoint: 'get_token', kind: 'internalError' });

    // Act
    const failed = await getToken(harness.sim);
    const next = await getToken(harness.sim);

    // Assess
    expect(failed.ret_code).toBe('999999');
    expect(next.ret_code).toBe('000000');
  });

  it('counts every call in stats and forgets them on resetStats', async () => {
    // Prepare
    harness.sim.resetStats();
    await harness.call('getRobotList');
    await harness.call('getRobotList');
    const counted = { ...harness.sim.stats.callsByEndpoint };

    // Act
    harness.sim.resetStats();

    // Assess
    expect(counted).toEqual({ getRobotList: 2 });
    expect(harness.sim.stats.callsByEndpoint).toEqual({});
    expect(harness.sim.stats.requests).toEqual([]);
  });
});
