import { afterEach, describe, expect, it } from 'vitest';
import { signOf } from '../../../simulator/index.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { getToken, type Harness, post, startHarness } from './harness.ts';

const range = { start_date: '2025-11-01 00:00:00', end_date: '2025-11-07 23:59:59' };

describe('Simulator: tokens', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('signs as the reference example: md5("1" + "1569397773" + "2")', () => {
    // Act
    const sign = signOf('1', '1569397773', '2');

    // Assess
    expect(sign).toBe('258eec3118705112b2c53dc8043d4d34');
  });

  it('issues a 32-hex token with expires_in as a string', async () => {
    // Prepare
    harness = await startHarness({ tokenTtlSeconds: 7200 });

    // Act
    const answer = await getToken(harness.sim);

    // Assess
    expect(answer).toMatchObject({ ret_code: '000000', item: { expires_in: '7200' } });
    expect(answer.item.token).toMatch(/^[0-9a-f]{32}$/);
    expect(harness.sim.stats.tokensIssued).toBe(1);
  });

  it('refuses a wrong sign with 222000 and issues nothing', async () => {
    // Prepare
    harness = await startHarness();
    const { sim } = harness;

    // Act
    const response = await fetch(
      `${sim.url}/api/get_token?appid=${sim.credentials.appId}&create_time=1&sign=0123`,
    );
    const answer = (await response.json()) as { ret_code: string; ret_msg: string };

    // Assess
    expect(answer.ret_code).toBe('222000');
    expect(answer.ret_msg).not.toContain(sim.credentials.appKey);
    expect(sim.stats.tokensIssued).toBe(0);
  });

  it('invalidates the previous token when a new one is issued', async () => {
    // Prepare
    harness = await startHarness();
    const first = (await getToken(harness.sim)).item.token as string;
    const second = (await getToken(harness.sim)).item.token as string;

    // Act
    const withFirst = await post(harness.sim, 'getChannelList', {}, { token: first });
    const withSecond = await post(harness.sim, 'getChannelList', {}, { token: second });

    // Assess
    expect(withFirst).toEqual({ ret_code: '900002', ret_msg: 'Token invalid or not found. Get a new one!' });
    expect(withSecond.ret_code).toBe('000000');
  });

  it('answers 900001 when the token header is missing', async () => {
    // Prepare
    harness = await startHarness();

    // Act
    const answer = await post(harness.sim, 'getStat', range, {});

    // Assess
    expect(answer).toEqual({ ret_code: '900001', ret_msg: 'Token is null!' });
  });

  it('answers 900002 for an unknown token', async () => {
    // Prepare
    harness = await startHarness();
    await getToken(harness.sim);

    // Act
    const answer = await post(harness.sim, 'getStat', range, { token: 'f'.repeat(32) });

    // Assess
    expect(answer.ret_code).toBe('900002');
  });

  it('expires a token after its TTL on the injected clock', async () => {
    // Prepare
    const clock = createFakeClock();
    harness = await startHarness({ clock, tokenTtlSeconds: 60 });
    const token = (await getToken(harness.sim)).item.token as string;
    const before = await post(harness.sim, 'getRobotList', {}, { token });

    // Act
    await clock.advance(60_000);
    const after = await post(harness.sim, 'getRobotList', {}, { token });

    // Assess
    expect(before.ret_code).toBe('000000');
    expect(after.ret_code).toBe('900002');
  });

  it('records requests without the token header or the sign', async () => {
    // Prepare
    harness = await startHarness();
    const token = await harness.token();

    // Act
    await harness.raw('getStat', range, { token, timezoneid: 'Asia/Singapore' });

    // Assess
    const recorded = harness.sim.stats.requests;
    expect(recorded.map((r) => r.endpoint)).toEqual(['get_token', 'getStat']);
    expect(recorded[1]?.headers.token).toBeUndefined();
    expect(recorded[1]?.headers.timezoneid).toBe('Asia/Singapore');
    expect(recorded[1]?.body).toEqual(range);
    expect(JSON.stringify(recorded)).not.toContain(token);
    expect(recorded[0]?.body).not.toHaveProperty('sign');
  });
});
