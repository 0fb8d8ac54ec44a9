import type { Logger } from '@aws-lambda-powertools/logger';
import type { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import * as z from 'zod';
import { isParameterNotFound, parseStoredToken, type StoredToken } from '../adapters/aws/stored-token.ts';
import { tokenFingerprint } from '../adapters/aws/token-fingerprint.ts';
import type { Clock } from '../core/clock.ts';
import { wireTokenRefresh } from './wiring.ts';

/** `{}` from the schedule, `{ rejectedHash }` from an instance whose token the API rejected. */
const refreshEventSchema = z.looseObject({
  rejectedHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 hex of the rejected token')
    .optional(),
});

export interface SobotCredentials {
  readonly appId: string;
  readonly appKey: string;
}

export interface IssuedToken {
  readonly token: string;
  readonly expiresInSeconds: number;
}

export interface TokenRefreshDependencies {
  readonly parameters: SSMProvider;
  readonly parameterNames: { readonly appId: string; readonly appKey: string; readonly token: string };
  readonly fetchToken: (credentials: SobotCredentials) => Promise<IssuedToken>;
  readonly clock: Clock;
  /** A token written this recently is kept, so a burst of rejections cannot cause a burst of get_token. */
  readonly minRefreshIntervalMs: number;
  readonly logger: Logger;
}

export type TokenRefreshResult =
  | { readonly refreshed: true; readonly expiresAt: string }
  | { readonly refreshed: false; readonly reason: 'fresh' | 'already-replaced'; readonly expiresAt: string };

export class TokenRefreshEventError extends Error {
  override readonly name = 'TokenRefreshEventError';
}

/**
 * The only writer of the Sobot token (reserved concurrency 1): get_token invalidates the previous
 * token for every caller (reference, "Token usage description"), so exactly one place may call it.
 */
export function createTokenRefreshHandler(deps: TokenRefreshDependencies) {
  const { parameters, parameterNames, clock, logger } = deps;

  async function readStored(): Promise<StoredToken | null> {
    try {
      const value = await parameters.get(parameterNames.token, {
        decrypt: true,
        transform: 'json',
        forceFetch: true,
      });
      return parseStoredToken(value, parameterNames.token);
    } catch (error) {
      if (isParameterNotFound(error)) return null;
      throw error;
    }
  }

  async function readCredentials(): Promise<SobotCredentials> {
    const [appId, appKey] = await Promise.all([
      parameters.get(parameterNames.appId, { decrypt: true, maxAge: 300 }),
      parameters.get(parameterNames.appKey, { decrypt: true, maxAge: 300 }),
    ]);
    if (!appId || !appKey)
      throw new TokenRefreshEventError(`${parameterNames.appId} or ${parameterNames.appKey} is empty`);
    return { appId, appKey };
  }

  return async function handleTokenRefresh(event: unknown): Promise<TokenRefreshResult> {
    const parsed = refreshEventSchema.safeParse(event ?? {});
    if (!parsed.success) {
      throw new TokenRefreshEventError(
        `invalid event: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      );
    }
    const { rejectedHash } = parsed.data;
    const stored = await readStored();
    if (stored) {
      const storedIsRejected = rejectedHash !== undefined && tokenFingerprint(stored.token) === rejectedHash;
      if (rejectedHash !== undefined && !storedIsRejected) {
        logger.info('token already replaced since the caller read it');
        return { refreshed: false, reason: 'already-replaced', expiresAt: stored.expiresAt };
      }
      const age = stored.refreshedAt
        ? clock.now() - Date.parse(stored.refreshedAt)
        : Number.POSITIVE_INFINITY;
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
    const issued = await deps.fetchToken(await readCredentials());
    const now = clock.now();
    const next: StoredToken = {
      token: issued.token,
      expiresAt: new Date(now + issued.expiresInSeconds * 1000).toISOString(),
      refreshedAt: new Date(now).toISOString(),
    };
    await parameters.set(parameterNames.token, {
      value: JSON.stringify(next),
      overwrite: true,
      parameterType: 'SecureString',
    });
    logger.info('token refreshed', { expiresAt: next.expiresAt });
    return { refreshed: true, expiresAt: next.expiresAt };
  };
}

let wired: ReturnType<typeof createTokenRefreshHandler> | undefined;

export const handler = (event: unknown): Promise<TokenRefreshResult> => {
  wired ??= createTokenRefreshHandler(wireTokenRefresh());
  return wired(event);
};
