import type { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import * as z from 'zod';
import type { StoredToken } from '../../core/token/stored-token.ts';

/** The JSON held in the token SecureString parameter; token-refresh is its only writer. */
const storedTokenSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
  /** When token-refresh wrote it; absent in a hand-written parameter. */
  refreshedAt: z.iso.datetime({ offset: true }).optional(),
});

class StoredTokenError extends Error {
  override readonly name = 'StoredTokenError';
}

/** Parses the parameter value; the message never repeats the value (it holds the token). */
function parseStoredToken(value: unknown, parameterName: string): StoredToken {
  const result = storedTokenSchema.safeParse(value);
  if (result.success) {
    const { token, expiresAt, refreshedAt } = result.data;
    return refreshedAt === undefined ? { token, expiresAt } : { token, expiresAt, refreshedAt };
  }
  const fields = result.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
  throw new StoredTokenError(`${parameterName} does not hold { token, expiresAt } JSON (bad: ${fields})`);
}

/** Powertools wraps SDK errors; ParameterNotFound means token-refresh has not run yet. */
function isParameterNotFound(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.name === 'ParameterNotFound') return true;
    current = current.cause;
  }
  return false;
}

interface ReadOptions {
  /** Past Powertools' cache. */
  readonly forceFetch: boolean;
  /** How long a read is cached (seconds); Powertools' default (5) otherwise. */
  readonly maxAge?: number;
}

/** The decrypted token parameter, or null when it does not exist yet. */
export async function readStoredToken(
  parameters: SSMProvider,
  parameterName: string,
  { forceFetch, maxAge }: ReadOptions,
): Promise<StoredToken | null> {
  try {
    const value = await parameters.get(parameterName, {
      decrypt: true,
      transform: 'json',
      forceFetch,
      ...(maxAge === undefined ? {} : { maxAge }),
    });
    return parseStoredToken(value, parameterName);
  } catch (error) {
    if (isParameterNotFound(error)) return null;
    throw error;
  }
}

/** The parameter's value for a token: the JSON `readStoredToken` parses. */
export function serializeStoredToken(token: StoredToken): string {
  return JSON.stringify(token);
}
