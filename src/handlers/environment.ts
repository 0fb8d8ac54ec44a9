import type * as z from 'zod';

export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

/**
 * Reads and validates the function's environment once, at cold start. A missing variable throws with
 * its name; nothing silently defaults to `''`. Values are parameter *names* and settings, never secrets.
 */
export function readEnvironment<Schema extends z.ZodObject>(
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<Schema> {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(environment)');
    return present[name] === undefined
      ? `Environment variable ${name} is required`
      : `Environment variable ${name} ${issue.message}`;
  });
  throw new EnvironmentError(problems.join('; '));
}
