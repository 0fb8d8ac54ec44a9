import { DateTime } from 'luxon';
import * as z from 'zod';
import { formatPath, recipientsSchema } from '../core/report/config.ts';
import type { RunRequest } from '../core/report/run-types.ts';

const isoDate = z
  .string()
  .refine((value) => DateTime.fromFormat(value, 'yyyy-MM-dd').isValid, 'must be a date as yyyy-MM-dd');

/** The config's own mailbox rule (`a@b.c` or `Name <a@b.c>`, no line breaks), so both accept the same. */
const mailbox = recipientsSchema.shape.to.unwrap().element;

/** `{ reportId, date? | (from?, to?), recipients?, dryRun?, force? }`; unknown fields are typos, so rejected. */
export const onDemandRequestSchema = z
  .strictObject({
    reportId: z.string().min(1),
    date: isoDate.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    recipients: z.array(mailbox).min(1).optional(),
    dryRun: z.boolean().optional(),
    force: z.boolean().optional(),
  })
  .superRefine((request, ctx) => {
    const ranged = request.from !== undefined || request.to !== undefined;
    if (request.date !== undefined && ranged) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'give either date or from/to, not both' });
    }
    if (ranged && request.from === undefined) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'is required with to' });
    }
    if (ranged && request.to === undefined) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'is required with from' });
    }
    if (request.from && request.to && request.from > request.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    }
  });

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export type ParsedOnDemandRequest =
  | { readonly ok: true; readonly request: RunRequest }
  | { readonly ok: false; readonly fields: readonly FieldProblem[] };

export function parseOnDemandRequest(payload: unknown): ParsedOnDemandRequest {
  const result = onDemandRequestSchema.safeParse(payload);
  if (!result.success) {
    return {
      ok: false,
      fields: result.error.issues.map((issue) => ({
        path: formatPath(issue.path) || '(payload)',
        message: issue.message,
      })),
    };
  }
  const { reportId, date, from, to, recipients, dryRun, force } = result.data;
  const request: RunRequest = {
    reportId,
    ...(date ? { date } : {}),
    ...(from && to ? { from, to } : {}),
    ...(recipients ? { recipients } : {}),
    ...(dryRun !== undefined ? { dryRun } : {}),
    ...(force !== undefined ? { force } : {}),
  };
  return { ok: true, request };
}
