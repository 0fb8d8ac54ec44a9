import { describe, expect, it, vi } from 'vitest';
import { tokenFingerprint } from '../../../src/core/token/fingerprint.ts';
import {
  type IssuedToken,
  type RefreshTokenRequest,
  refreshToken,
  type SobotCredentials,
  type TokenStore,
} from '../../../src/core/token/refresh-token.ts';
import type { StoredToken } from '../../../src/core/token/stored-token.ts';
import { createFakeClock } from '../../support/fake-clock.ts';

const NOW = Date.parse('2025-11-12T12:00:00Z');
const MINUTE = 60_000;
const MIN_REFRESH_INTERVAL_MS = 5 * MINUTE;
const CREDENTIALS: SobotCredentials = { appId: 'app-1', appKey: 'key-secret' };

/** A TokenStore in memory: `writes` holds every token written, in order. */
class MemoryTokenStore implements TokenStore {
  readonly writes: StoredToken[] = [];
  #current: StoredToken | null;

  constructor(current: StoredToken | null = null) {
    this.#current = current;
  }

  async read(): Promise<StoredToken | null> {
    return this.#current;
  }

  async readCredentials(): Promise<SobotCredentials> {
    return CREDENTIALS;
  }

  async write(token: StoredToken): Promise<void> {
    this.writes.push(token);
    this.#current = token;
  }
}

function storedAt(token: string, refreshedAt: number): StoredToken {
  return {
    token,
    expiresAt: new Date(refreshedAt + 24 * 60 * MINUTE).toISOString(),
    refreshedAt: new Date(refreshedAt).toISOString(),
  };
}

function setup(
  stored: StoredToken | null,
  issued: IssuedToken = { token: 'token-new', expiresInSeconds: 7200 },
) {
  const tokenStore = new MemoryTokenStore(stored);
  const fetchToken = vi.fn(async (_credentials: SobotCredentials) => issued);
  const logger = { info: vi.fn(), warn: vi.fn() };
  const clock = createFakeClock(NOW);
  const refresh = (request: RefreshTokenRequest = {}) =>
    refreshToken(
      { tokenStore, fetchToken, clock, minRefreshIntervalMs: MIN_REFRESH_INTERVAL_MS, logger },
      request,
    );
  return { tokenStore, fetchToken, logger, clock, refresh };
}

describe('Function: refreshToken', () => {
  it('fetches a first token with the stored credentials when none is stored', async () => {
    // Prepare
    const { refresh, fetchToken, tokenStore } = setup(null);

    // Act
    const result = await refresh();

    // Assess
    expect(fetchToken).toHaveBeenCalledWith(CREDENTIALS);
    expect(tokenStore.writes).toHaveLength(1);
    expect(result).toEqual({ refreshed: true, expiresAt: '2025-11-12T14:00:00.000Z' });
  });

  it('writes expiresAt from the issued lifetime and refreshedAt from the clock at the time of writing', async () => {
    // Prepare
    const { refresh, fetchToken, tokenStore, clock } = setup(storedAt('token-old', NOW - 60 * MINUTE));
    fetchToken.mockImplementation(async () => {
      await clock.advance(1500); // get_token takes its time; the token lives from when it was issued
      return { token: 'token-new', expiresInSeconds: 3600 };
    });

    // Act
    const result = await refresh();

    // Assess
    expect(tokenStore.writes).toEqual([
      { token: 'token-new', expiresAt: '2025-11-12T13:00:01.500Z', refreshedAt: '2025-11-12T12:00:01.500Z' },
    ]);
    expect(result).toEqual({ refreshed: true, expiresAt: '2025-11-12T13:00:01.500Z' });
  });

  it('keeps a token written within the minimum interval on a scheduled refresh', async () => {
    // Prepare
    const stored = storedAt('token-recent', NOW - 2 * MINUTE);
    const { refresh, fetchToken, tokenStore, logger } = setup(stored);

    // Act
    const result = await refresh();

    // Assess
    expect(result).toEqual({ refreshed: false, reason: 'fresh', expiresAt: stored.expiresAt });
    expect(fetchToken).not.toHaveBeenCalled();
    expect(tokenStore.writes).toHaveLength(0);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('refreshes a token exactly the minimum interval old', async () => {
    // Prepare
    const { refresh, tokenStore } = setup(storedAt('token-old', NOW - MIN_REFRESH_INTERVAL_MS));

    // Act
    const result = await refresh();

    // Assess
    expect(result).toMatchObject({ refreshed: true });
    expect(tokenStore.writes).toHaveLength(1);
  });

  it('refreshes a hand-written token without refreshedAt, however recent', async () => {
    // Prepare
    const { refresh, tokenStore } = setup({ token: 'token-by-hand', expiresAt: '2025-11-13T00:00:00Z' });

    // Act
    const result = await refresh();

    // Assess
    expect(result).toMatchObject({ refreshed: true });
    expect(tokenStore.writes).toHaveLength(1);
  });

  it('leaves a token alone when the one the caller rejected was already replaced, however old', async () => {
    // Prepare
    const stored = storedAt('token-replaced', NOW - 20 * 60 * MINUTE);
    const { refresh, fetchToken, tokenStore } = setup(stored);

    // Act
    const result = await refresh({ rejectedHash: tokenFingerprint('token-old') });

    // Assess
    expect(result).toEqual({ refreshed: false, reason: 'already-replaced', expiresAt: stored.expiresAt });
    expect(fetchToken).not.toHaveBeenCalled();
    expect(tokenStore.writes).toHaveLength(0);
  });

  it('keeps a rejected token written moments ago and warns that another client may be calling get_token', async () => {
    // Prepare
    const stored = storedAt('token-recent', NOW - MINUTE);
    const { refresh, fetchToken, logger } = setup(stored);

    // Act
    const result = await refresh({ rejectedHash: tokenFingerprint('token-recent') });

    // Assess
    expect(result).toEqual({ refreshed: false, reason: 'fresh', expiresAt: stored.expiresAt });
    expect(fetchToken).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledOnce();
    expect(logger.warn.mock.calls[0]?.[0]).toMatch(/another client calling get_token/);
  });

  it('replaces a rejected token older than the minimum interval without warning', async () => {
    // Prepare
    const { refresh, tokenStore, logger } = setup(storedAt('token-old', NOW - 60 * MINUTE));

    // Act
    const result = await refresh({ rejectedHash: tokenFingerprint('token-old') });

    // Assess
    expect(result).toMatchObject({ refreshed: true });
    expect(tokenStore.writes.map((written) => written.token)).toEqual(['token-new']);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('fetches a token when a caller names a rejected token but none is stored', async () => {
    // Prepare
    const { refresh, tokenStore } = setup(null);

    // Act
    const result = await refresh({ rejectedHash: tokenFingerprint('token-old') });

    // Assess
    expect(result).toMatchObject({ refreshed: true });
    expect(tokenStore.writes).toHaveLength(1);
  });

  it('writes nothing when get_token fails', async () => {
    // Prepare
    const { refresh, fetchToken, tokenStore } = setup(storedAt('token-old', NOW - 60 * MINUTE));
    fetchToken.mockRejectedValue(new Error('get_token: ret_code 400'));

    // Act
    const refreshing = refresh();

    // Assess
    await expect(refreshing).rejects.toThrow('ret_code 400');
    expect(tokenStore.writes).toHaveLength(0);
  });

  it('never logs or returns the token or the app_key', async () => {
    // Prepare
    const { refresh, logger } = setup(storedAt('token-old', NOW - 60 * MINUTE));

    // Act
    const results = [await refresh({ rejectedHash: tokenFingerprint('token-old') }), await refresh()];

    // Assess
    const visible = JSON.stringify([results, logger.info.mock.calls, logger.warn.mock.calls]);
    expect(logger.info).toHaveBeenCalled();
    expect(visible).not.toMatch(/token-new|token-old|key-secret/);
  });
});
