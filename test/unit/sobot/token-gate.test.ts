import { describe, expect, it } from 'vitest';
import { TokenGate } from '../../../src/adapters/sobot/token-gate.ts';
import type { TokenProvider } from '../../../src/core/sobot/api.ts';

/** A provider whose refresh waits until the test lets it finish, counting the refreshes it made. */
function slowProvider() {
  let current = 'token-1';
  let refreshes = 0;
  let finish: () => void = () => {};
  const provider: TokenProvider = {
    token: async () => current,
    refresh: (rejected) =>
      new Promise<string>((resolve) => {
        finish = () => {
          if (rejected === current) current = `token-${++refreshes + 1}`;
          resolve(current);
        };
      }),
  };
  return { provider, finish: () => finish(), refreshes: () => refreshes };
}

describe('Class: TokenGate', () => {
  it('holds calls not yet sent while a replacement is fetched, and hands them the new token', async () => {
    // Prepare
    const tokens = slowProvider();
    const gate = new TokenGate(tokens.provider);
    const old = await gate.current();

    // Act
    const replacing = gate.replace(old);
    const waiting = gate.current();
    tokens.finish();
    await replacing;

    // Assess
    expect(await waiting).toBe('token-2');
    expect(gate.isNewest('token-2')).toBe(true);
    expect(gate.isNewest(old)).toBe(false);
  });

  it('fetches once and reports one replacement however many calls saw the old token rejected', async () => {
    // Prepare
    const tokens = slowProvider();
    const gate = new TokenGate(tokens.provider);
    const old = await gate.current();
    let replaced = 0;

    // Act
    const all = Promise.all(Array.from({ length: 20 }, () => gate.replace(old, () => replaced++)));
    tokens.finish();
    await all;
    await gate.replace(old, () => replaced++);

    // Assess
    expect(tokens.refreshes()).toBe(1);
    expect(replaced).toBe(1);
    expect(await gate.current()).toBe('token-2');
  });

  it('reports a token the provider renewed on its own once, to the first call that sees it', async () => {
    // Prepare
    let current = 'token-1';
    const gate = new TokenGate({ token: async () => current, refresh: async () => current });
    await gate.current();
    current = 'token-renewed';
    let replaced = 0;

    // Act
    const seen = await Promise.all(Array.from({ length: 3 }, () => gate.current(() => replaced++)));

    // Assess
    expect(seen).toEqual(['token-renewed', 'token-renewed', 'token-renewed']);
    expect(replaced).toBe(1);
  });
});
