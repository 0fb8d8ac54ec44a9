import type * as z from 'zod';
import { RET_CODE } from './endpoints.ts';
import { envelopeSchema, itemResponse, listResponse, rawRow, UNREAD } from './schemas.ts';

const OK = RET_CODE.ok;

/**
 * The tolerant reader: an answer's rows are read field by field with the section's row schema. A value
 * the reference implies is decoded (see schemas.ts); any other value becomes null and is reported as an
 * `UnreadValue`, so one odd cell never fails a report. Only structure fails: a row that is not an object.
 */

/** One value that could not be read, as received (shortened, opaque strings withheld). */
export interface UnreadValue {
  readonly endpoint: string;
  /** The field's path in the row, without row indexes: `avg_first_response_time`, `details.score_num5`. */
  readonly field: string;
  /** As JSON, so text shows quoted and `true` does not: `"n/a"`, `true`, `{"count":3}`. */
  readonly value: string;
}

/** An answer whose structure is broken (a row that is not an object); names the path. */
export class AnswerShapeError extends Error {
  override readonly name = 'AnswerShapeError';
  readonly endpoint: string;
  readonly path: string;
  readonly problem: string;

  constructor(endpoint: string, path: string, problem: string) {
    super(`${endpoint}: ${path}: ${problem}`);
    this.endpoint = endpoint;
    this.path = path;
    this.problem = problem;
  }
}

const PREVIEW_LENGTH = 40;
/** Tokens, app keys and signs are long unbroken runs of letters and digits: never echoed into a note. */
const OPAQUE = /[A-Za-z0-9_+/=-]{16,}/g;

/** How a note shows a value: as JSON, long or opaque parts withheld. */
export function describeValue(value: unknown): string {
  const shown = JSON.stringify(value) ?? String(value);
  const masked = shown.replace(OPAQUE, '…');
  return masked.length > PREVIEW_LENGTH ? `${masked.slice(0, PREVIEW_LENGTH - 1)}…` : masked;
}

interface Decoded<T> {
  readonly value: T;
  readonly unread: UnreadValue[];
}

/** Reads one row (or item) with `schema`; unreadable values become null and are listed. */
export function decodeValue<S extends z.ZodType>(
  endpoint: string,
  schema: S,
  value: unknown,
  at = '(row)',
): Decoded<z.output<S>> {
  const first = schema.safeParse(value);
  if (first.success) return { value: first.data, unread: [] };
  const unread: UnreadValue[] = [];
  let repaired = value;
  for (const issue of first.error.issues) {
    const params =
      issue.code === 'custom' ? (issue.params as Record<string, unknown> | undefined) : undefined;
    if (!params?.[UNREAD]) throw shapeError(endpoint, at, issue);
    unread.push({ endpoint, field: fieldName(issue.path), value: describeValue(params.value) });
    repaired = withNull(repaired, issue.path);
  }
  const second = schema.safeParse(repaired);
  if (!second.success) throw shapeError(endpoint, at, second.error.issues[0]);
  return { value: second.data, unread };
}

/** Reads every row of an `items` answer. */
export function decodeRows<S extends z.ZodType>(
  endpoint: string,
  schema: S,
  rows: readonly unknown[],
): Decoded<z.output<S>[]> {
  const values: z.output<S>[] = [];
  const unread: UnreadValue[] = [];
  rows.forEach((row, index) => {
    const decoded = decodeValue(endpoint, schema, row, `items[${index}]`);
    values.push(decoded.value);
    unread.push(...decoded.unread);
  });
  return { value: values, unread };
}

function shapeError(endpoint: string, at: string, issue: z.core.$ZodIssue | undefined): AnswerShapeError {
  const inner = issue ? formatPath(issue.path) : '';
  const path = inner === '' ? at : at === '(body)' ? inner : `${at}.${inner}`;
  const problem = !issue
    ? 'invalid'
    : issue.code === 'invalid_type'
      ? `expected ${issue.expected}`
      : issue.message;
  return new AnswerShapeError(endpoint, path, problem);
}

/** `['items', 3, 'human_consult']` → `items[3].human_consult`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function fieldName(path: readonly PropertyKey[]): string {
  return path
    .filter((key) => typeof key !== 'number')
    .map(String)
    .join('.');
}

/** A copy of `value` with the value at `path` set to null (the rest shared). */
function withNull(value: unknown, path: readonly PropertyKey[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return null;
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = withNull(copy[head as number], rest);
    return copy;
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<PropertyKey, unknown>;
  return { ...record, [head]: withNull(record[head], rest) };
}

// ---------- days ----------

/**
 * Where a row names its day, in the order tried. getStat and getMsgStat list no date field in their
 * item tables, and their examples are summary_way=0 rows without one; the reference uses these:
 * - `real_date`: summary/search details object, "real_date String No time" (`"real_date": "2024-45"`
 *   in its weekly example, a week, which is no day);
 * - `result_date`: getWorkLogList's example, `"result_date": "2025-04-01"` (not in its item table);
 * - `show_date`: summary/search details object, "show_date String No Display time".
 * staffWorkStatis rows carry `start_date`/`end_date`, which is the queried range, not the row's day.
 */
const DAY_FIELDS = ['real_date', 'result_date', 'show_date'] as const;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:$|[ T])/;
const COMPACT_DAY = /^(\d{4})(\d{2})(\d{2})$/;
const SLASHED_DAY = /^(\d{4})\/(\d{2})\/(\d{2})(?:$|[ T])/;

/** `yyyy-MM-dd` of a day field's value, or null when it names no day. */
export function readDay(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const match = ISO_DAY.exec(text) ?? SLASHED_DAY.exec(text) ?? COMPACT_DAY.exec(text);
  if (!match) return null;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day)
    ? `${year}-${month}-${day}`
    : null;
}

/** The row's day and the field it came from, trying `DAY_FIELDS` in order. */
export function dayOf(row: unknown): { readonly day: string; readonly field: string } | null {
  if (row === null || typeof row !== 'object') return null;
  for (const field of DAY_FIELDS) {
    const day = readDay((row as Record<string, unknown>)[field]);
    if (day) return { day, field };
  }
  return null;
}

// ---------- missing fields ----------

/** Of `fields`, those that no row carries (absent, not merely null); none when there are no rows. */
export function missingFields(rows: readonly unknown[], fields: readonly string[]): string[] {
  if (rows.length === 0) return [];
  return fields.filter((field) =>
    rows.every(
      (row) =>
        row === null || typeof row !== 'object' || (row as Record<string, unknown>)[field] === undefined,
    ),
  );
}

// ---------- a whole answer ----------

export interface AnswerReading {
  /** `items` answers: every row, read; `item` answers: the object, read (null when none). */
  readonly rows?: readonly unknown[];
  readonly item?: unknown;
  /** Set when the answer is an error (not `000000`): then there is nothing else to read. */
  readonly retCode?: string;
  readonly unread: readonly UnreadValue[];
  /** The first of `DAY_FIELDS` some row names its day in, if any. */
  readonly dateField?: string;
  /** Of the fields asked for, those no row carries. */
  readonly missingFields: readonly string[];
}

/**
 * Reads a raw answer (the whole JSON body) as the report would: the envelope and paging must be sound
 * (else `AnswerShapeError`), the values are read tolerantly. For the `check` command, which inspects one
 * answer of an endpoint; `answer` is what the endpoint answers (`ENDPOINTS[endpoint].answer`). A failing
 * ret_code is not an error here: it reads as no rows, with `retCode` set.
 */
export function decodeAnswer(
  endpoint: string,
  json: unknown,
  options: {
    readonly answer: 'items' | 'item';
    readonly schema: z.ZodType;
    readonly requires?: readonly string[];
  },
): AnswerReading {
  const head = envelopeSchema.safeParse(json);
  if (!head.success) throw shapeError(endpoint, '(body)', head.error.issues[0]);
  // An error answer carries no rows to read; the check names its ret_code.
  if (head.data.ret_code !== OK) {
    const none = options.answer === 'items' ? { rows: [] } : { item: null };
    return { ...none, retCode: head.data.ret_code, unread: [], missingFields: [] };
  }
  const envelope = (options.answer === 'items' ? listResponse(rawRow) : itemResponse(rawRow)).safeParse(json);
  if (!envelope.success) throw shapeError(endpoint, '(body)', envelope.error.issues[0]);
  const body = envelope.data as { items?: unknown[] | null; item?: unknown };
  const rows = options.answer === 'items' ? (body.items ?? []) : body.item ? [body.item] : [];
  const decoded = decodeRows(endpoint, options.schema, rows);
  const dateField = rows.map(dayOf).find((found) => found !== null)?.field;
  return {
    ...(options.answer === 'items' ? { rows: decoded.value } : { item: decoded.value[0] ?? null }),
    unread: decoded.unread,
    ...(dateField ? { dateField } : {}),
    missingFields: missingFields(rows, options.requires ?? []),
  };
}
