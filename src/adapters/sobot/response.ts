import type * as z from 'zod';
import { RET_CODE } from '../../core/sobot/endpoints.ts';
import { envelopeSchema } from '../../core/sobot/schemas.ts';
import { SobotResponseError } from './errors.ts';
import { errorForRetCode } from './ret-codes.ts';

/**
 * Reads a decoded body: the envelope first (error answers carry no items), then the endpoint's schema.
 * Throws the typed error for a failing ret_code and `SobotResponseError` naming the bad field. The
 * errors quote the server, secrets it echoes included: callers pass them through `redactError`.
 */
export function readAnswer<S extends z.ZodType>(endpoint: string, body: unknown, schema: S): z.infer<S> {
  const envelope = parseOrThrow(endpoint, body, envelopeSchema);
  if (envelope.ret_code !== RET_CODE.ok) {
    throw errorForRetCode(endpoint, envelope.ret_code, envelope.ret_msg);
  }
  return parseOrThrow(endpoint, body, schema);
}

function parseOrThrow<S extends z.ZodType>(endpoint: string, body: unknown, schema: S): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw new SobotResponseError({
    endpoint,
    path: issue ? formatPath(issue.path) : '(body)',
    problem: issue ? describeIssue(issue) : 'invalid',
  });
}

/** `['items', 3, 'human_consult']` → `items[3].human_consult`. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
}
