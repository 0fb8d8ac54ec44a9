import type { Clock } from '../clock.ts';
import type { RunLogger } from '../report/run-types.ts';
import { tokenFingerprint } from './fingerprint.ts';
import type { StoredToken } from './stored-token.ts';

export interface SobotCredentials {
  readonly appId: string;
  readonly appKey: string;
}

export interface IssuedToken {
  readonly token: string;
  readonly expiresInSeconds: number;
}

/** Where the shared token and the credentials that fetch it live (SSM SecureStrings in Lambda). */
export interface TokenStore {
  /** The token as stored now, past any cache; null before the first refresh. */
  read(): Promise<StoredToken | null>;
  readCredentials(): Promise<SobotCredentials>;
  write(token: StoredToken): Promise<void>;
}

export interface RefreshTokenDependencies {
  readonly tokenStore: TokenStore;
  /** Sobot's get_token: the new token invalidates the previous one for every caller. */
  readonly fetchToken: (credentials: SobotCredentials) => Promise<IssuedToken>;
  readonly clock: Clock;
  /** A token written this recently is kept, so a burst of rejections cannot cause a burst of get_token. */
  readonly minRefreshIntervalMs: number;
  readonly logger: Pick<RunLogger, 'info' | 'warn'>;
}

export interface RefreshTokenRequest {
  /** `tokenFingerprint` of the token the API rejected; absent for a scheduled refresh. */
  readonly rejectedHash?: string | undefined;
}

export type RefreshTokenResult =
  | { readonly refreshed: true; readonly expiresAt: string }
  | { readonly refreshed: false; readonly reason: 'fresh' | 'already-replaced'; readonly expiresAt: string };

/**
 * Replaces the shared token unless that would only churn it: a caller's rejected token that another
 * refresh has already replaced is left alone, and so is a token written less than
 * `minRefreshIntervalMs` ago. Exactly one caller may run this at a time (token-refresh has reserved
 * concurrency 1): get_token invalidates the previous token for everyone (reference, "Token usage
 * description"). Neither the token nor the credentials are ever logged or returned.
 */
export async function refreshToken(
  deps: RefreshTokenDependencies,
  { rejectedHash }: RefreshTokenRequest,
): Promise<RefreshTokenResult> {
  const { tokenStore, clock, logger } = deps;
  const stored = await tokenStore.read();
  if (stored) {
    const storedIsRejected = rejectedHash !== undefined && tokenFingerprint(stored.token) === rejectedHash;
    if (rejectedHash !== undefined && !storedIsRejected) {
      logger.info('token already replaced since the caller read it');
      return { refreshed: false, reason: 'already-replaced', expiresAt: stored.expiresAt };
    }
    const age = stored.refreshedAt ? clock.now() - Date.parse(stored.refreshedAt) : Number.POSITIVE_INFINITY;
    if (age < deps.minRefreshIntervalMs) {
      if (storedIsRejected) {
        logger.warn(
          'a token refreshed moments ago was rejected; is another client calling get_token with this appid?',
        );
      }
      logger.info('token refreshed recently; keeping it', { ageMs: age });
      return { refreshed: false, reason: 'fresh', expiresAt: stored.expiresAt };
    }
  }
  const issued = await deps.fetchToken(await tokenStore.readCredentials());
  const now = clock.now();
  const next: StoredToken = {
    token: issued.token,
    expiresAt: new Date(now + issued.expiresInSeconds * 1000).toISOString(),
    refreshedAt: new Date(now).toISOString(),
  };
  await tokenStore.write(next);
  logger.info('token refreshed', { expiresAt: next.expiresAt });
  return { refreshed: true, expiresAt: next.expiresAt };
}
