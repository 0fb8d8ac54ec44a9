import * as z from 'zod';

/** The JSON held in the token SecureString parameter; token-refresh is its only writer. */
export const storedTokenSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
  /** When token-refresh wrote it; absent in a hand-written parameter. */
  refreshedAt: z.iso.datetime({ offset: true }).optional(),
});

export type StoredToken = z.infer<typeof storedTokenSchema>;

class StoredTokenError extends Error {
  override readonly name = 'StoredTokenError';
}

/** Parses the parameter value; the message never repeats the value (it holds the token). */
export function parseStoredToken(value: unknown, parameterName: string): StoredToken {
  const result = storedTokenSchema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
  throw new StoredTokenError(`${parameterName} does not hold { token, expiresAt } JSON (bad: ${fields})`);
}

/** Powertools wraps SDK errors; ParameterNotFound means token-refresh has not run yet. */
export function isParameterNotFound(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.name === 'ParameterNotFound') return true;
    current = current.cause;
  }
  return false;
}
