import * as z from 'zod';
import { ConfigError, findReport, formatPath, type ReportConfig, recipientsSchema } from './config.ts';
import {
  assertEnded,
  assertNotAfterToday,
  customWindow,
  isDay,
  notADay,
  PeriodError,
  previousWindow,
  reportWindow,
  todayIn,
} from './periods.ts';
import { type FieldProblem, RunInputError } from './run-errors.ts';
import type { RunDependencies, RunRequest, RunResult } from './run-types.ts';
import type { PeriodWindow } from './snapshot.ts';

/**
 * The run request, checked in one place for every caller: the CLI's options, the on-demand Lambda's
 * payload and the use case's own plan. Two layers:
 *
 * - the request itself (`parseRunRequest`): known fields of the right type, real `yyyy-MM-dd` days,
 *   either a date or a whole range in order, valid mailboxes;
 * - the request against the config and the clock (`resolveRunRequest`): a known report, and a period
 *   that has ended and the API serves (periods.ts holds those rules).
 *
 * Every problem names its field (`date`, `to`, `recipients[1]` …). A message that mentions another
 * field uses the caller's name for it, so the CLI can say `--from` where the on-demand answer says `from`.
 */

export type { FieldProblem } from './run-errors.ts';

const RUN_REQUEST_FIELDS = ['reportId', 'date', 'from', 'to', 'recipients', 'dryRun', 'force'] as const;
export type RunRequestField = (typeof RUN_REQUEST_FIELDS)[number];

/** What a caller calls each field in the messages it shows (the on-demand payload: the field itself). */
export type FieldNames = Readonly<Record<RunRequestField, string>>;

export const FIELD_NAMES: FieldNames = {
  reportId: 'reportId',
  date: 'date',
  from: 'from',
  to: 'to',
  recipients: 'recipients',
  dryRun: 'dryRun',
  force: 'force',
};

/** The request field a problem's path starts with (`recipients[1]` → `recipients`), if it is one. */
export function fieldOf(path: string): RunRequestField | undefined {
  const head = /^[^.[]*/.exec(path)?.[0];
  return RUN_REQUEST_FIELDS.find((field) => field === head);
}

const day = z.string().refine(isDay, { error: (issue) => notADay(String(issue.input)) });

/** The config's own mailbox rule (`a@b.c` or `Name <a@b.c>`, no line breaks), so both accept the same. */
const mailbox = recipientsSchema.shape.to.unwrap().element;

function schemaFor(names: FieldNames) {
  return z
    .strictObject({
      reportId: z.string().min(1, 'is required'),
      date: day.optional(),
      from: day.optional(),
      to: day.optional(),
      recipients: z.array(mailbox).min(1, 'needs at least one address').optional(),
      dryRun: z.boolean().optional(),
      force: z.boolean().optional(),
    })
    .superRefine((request, ctx) => {
      const ranged = request.from !== undefined || request.to !== undefined;
      const problem = (field: RunRequestField, message: string) =>
        ctx.addIssue({ code: 'custom', path: [field], message });
      if (request.date !== undefined && ranged) {
        problem('date', `give either ${names.date} or ${names.from}/${names.to}, not both`);
      }
      if (ranged && request.from === undefined) problem('from', `is required with ${names.to}`);
      if (ranged && request.to === undefined) problem('to', `is required with ${names.from}`);
      // Both are real days in the same form here, so their text sorts as the days do.
      if (request.from && request.to && request.from > request.to) {
        problem('to', `must not be before ${names.from}`);
      }
    });
}

/** `{ reportId, date? | (from?, to?), recipients?, dryRun?, force? }`; unknown fields are typos, so rejected. */
const runRequestSchema = schemaFor(FIELD_NAMES);

export type ParsedRunRequest =
  | { readonly ok: true; readonly request: RunRequest }
  | { readonly ok: false; readonly fields: readonly FieldProblem[] };

/** The request on its own, before any config or clock: a normalised `RunRequest` or every problem. */
export function parseRunRequest(input: unknown, names: FieldNames = FIELD_NAMES): ParsedRunRequest {
  const schema = names === FIELD_NAMES ? runRequestSchema : schemaFor(names);
  const result = schema.safeParse(input);
  if (!result.success) return { ok: false, fields: problemsOf(result.error) };
  const { reportId, date, from, to, recipients, dryRun, force } = result.data;
  const request: RunRequest = {
    reportId,
    ...(date !== undefined ? { date } : {}),
    ...(from !== undefined && to !== undefined ? { from, to } : {}),
    ...(recipients !== undefined ? { recipients } : {}),
    ...(dryRun !== undefined ? { dryRun } : {}),
    ...(force !== undefined ? { force } : {}),
  };
  return { ok: true, request };
}

function problemsOf(error: z.ZodError): FieldProblem[] {
  // zod reports unknown keys on their parent; each key is named on its own, as the config's errors do.
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'is not a known field' }))
      : [{ path: formatPath(issue.path) || '(payload)', message: issue.message }],
  );
}

/** A request that passed every check, with what it resolved to. */
interface ResolvedRunRequest {
  readonly request: RunRequest;
  readonly report: ReportConfig;
  readonly period: PeriodWindow;
  /** The window before `period`, when the report compares with it. */
  readonly previous: PeriodWindow | null;
}

/**
 * Every check a run request must pass before anything is called or written; throws RunInputError
 * naming each field at fault. The reference date defaults to today in the report's timezone.
 */
export function resolveRunRequest(
  input: unknown,
  context: Pick<RunDependencies, 'config' | 'clock'>,
  names: FieldNames = FIELD_NAMES,
): ResolvedRunRequest {
  const parsed = parseRunRequest(input, names);
  if (!parsed.ok) throw new RunInputError(parsed.fields);
  const { request } = parsed;
  const report = reportOf(context, request.reportId);
  try {
    const period = periodOf(report, request, context.clock.now());
    return { request, report, period, previous: report.compareWithPrevious ? previousWindow(period) : null };
  } catch (error) {
    // A bad timezone is the config's, not the caller's, and the config check already refuses one.
    if (error instanceof PeriodError && error.field !== 'timezone') {
      throw new RunInputError([{ path: error.field, message: error.detail }], { cause: error });
    }
    throw error;
  }
}

function reportOf(context: Pick<RunDependencies, 'config'>, reportId: string): ReportConfig {
  try {
    return findReport(context.config, reportId);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new RunInputError([{ path: 'reportId', message: error.message }], { cause: error });
    }
    throw error;
  }
}

/** An explicit range as given, else the configured period before the reference date; never one not over. */
function periodOf(report: ReportConfig, request: RunRequest, now: number): PeriodWindow {
  if (request.from !== undefined && request.to !== undefined) {
    return customWindow(request.from, request.to, report.timezone, now);
  }
  if (request.date !== undefined) assertNotAfterToday(request.date, report.timezone, now);
  const period = reportWindow(report.period, request.date ?? todayIn(report.timezone, now), report.timezone);
  assertEnded(period, 'date', now);
  return period;
}

/** What the on-demand function answers; the CLI's `invoke` reads the same shape. */
export type OnDemandResponse =
  | (Pick<RunResult, 'runKey' | 'period' | 'archive' | 'messages' | 'apiCalls' | 'dryRun' | 'skipped'> & {
      readonly ok: true;
      readonly location: string;
    })
  | {
      readonly ok: false;
      readonly error: { readonly message: string; readonly fields: readonly FieldProblem[] };
    };
