import * as z from 'zod';
import {
  type RefreshTokenDependencies,
  type RefreshTokenResult,
  refreshToken,
} from '../core/token/refresh-token.ts';
import { wiredOnFirstEvent } from './cold-start.ts';
import { wireTokenRefresh } from './wiring.ts';

/** `{}` from the schedule, `{ rejectedHash }` from an instance whose token the API rejected. */
const refreshEventSchema = z.looseObject({
  rejectedHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 hex of the rejected token')
    .optional(),
});

export class TokenRefreshEventError extends Error {
  override readonly name = 'TokenRefreshEventError';
}

/**
 * The only writer of the Sobot token (reserved concurrency 1): get_token invalidates the previous
 * token for every caller (reference, "Token usage description"), so exactly one place may call it.
 * What it decides is `refreshToken`'s; this parses the event and answers with the decision.
 */
export function createTokenRefreshHandler(deps: RefreshTokenDependencies) {
  return async function handleTokenRefresh(event: unknown): Promise<RefreshTokenResult> {
    const parsed = refreshEventSchema.safeParse(event ?? {});
    if (!parsed.success) {
      throw new TokenRefreshEventError(
        `invalid event: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      );
    }
    return refreshToken(deps, { rejectedHash: parsed.data.rejectedHash });
  };
}

export const handler = wiredOnFirstEvent(() => createTokenRefreshHandler(wireTokenRefresh()));
