import * as z from 'zod';

/**
 * The building blocks of the response schemas: envelopes and value coercers. Each section declares its
 * own rows with them (src/core/sections). The reference types most values as `String`, and the API sends
 * numbers as numbers or strings ("21", "1,234"), rates as fractions (0.75) or strings ("75.00%"),
 * durations as milliseconds or "00:14:13", and "NA" or "" where there is no value. The coercers turn
 * what the reference implies into `number | null`; anything else becomes null and raises an *unread*
 * issue (see decode.ts), so one odd value blanks one cell instead of failing the answer. They are
 * idempotent, so a parsed snapshot parses again to itself. Objects are loose: fields the reference does
 * not list are kept, not dropped.
 */

const MISSING = new Set(['', 'NA', 'N/A', '-', '--', 'null', 'undefined']);

/** The issue a coercer raises for a value it cannot read; decode.ts turns it into an `UnreadValue`. */
export const UNREAD = 'unread';

type Reader = (value: unknown) => number | null | undefined;

/** `undefined` from a reader means "not readable". */
function coercer(read: Reader) {
  return z
    .preprocess((value, ctx) => {
      if (value === null || value === undefined) return null;
      const decoded = read(value);
      if (decoded !== undefined) return decoded;
      ctx.addIssue({ code: 'custom', message: UNREAD, input: value, params: { [UNREAD]: true, value } });
      return null;
    }, z.number().nullable())
    .optional();
}

/** "1,234" and "1,234.5": thousands separators, as a spreadsheet export writes them. */
const GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function readNumber(value: unknown): number | null | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (MISSING.has(text)) return null;
  if (text.endsWith('%')) {
    const parsed = readPlain(text.slice(0, -1).trim());
    // Rounded so "66.67%" is 0.6667, not 0.6667000000000001.
    return parsed === undefined ? undefined : Math.round(parsed * 1e6) / 1e8;
  }
  return readPlain(text);
}

function readPlain(text: string): number | undefined {
  const plain = GROUPED.test(text) ? text.replaceAll(',', '') : text;
  return NUMERIC.test(plain) ? Number(plain) : undefined;
}

/** "00:14:13" (HH:mm:ss, hours may pass 99) or "14:13" (mm:ss), as the `*_str` twins print durations. */
const CLOCK = /^(?:(\d+):)?([0-5]?\d):([0-5]\d)$/;

/**
 * Milliseconds. The reference gives the durations in milliseconds (getStat's example:
 * `"avg_human_recep_duration": 628769.25` beside `"avg_human_recep_duration_str": "00:10:28"`), so a
 * clock string is read as the same length of time.
 */
function readDuration(value: unknown): number | null | undefined {
  if (typeof value === 'string') {
    const clock = CLOCK.exec(value.trim());
    if (clock) return ((Number(clock[1] ?? 0) * 60 + Number(clock[2])) * 60 + Number(clock[3])) * 1000;
  }
  return readNumber(value);
}

/**
 * An instant as epoch milliseconds. getWorkLogList's table says "First login time (millisecond-level
 * timestamp)" and its example sends `"start_login_time": "1747893918830"`; a 10-digit value is taken as
 * seconds (get_token's `create_time` is one: `create_time=1569397773`).
 */
function readEpoch(value: unknown): number | null | undefined {
  const parsed = readNumber(value);
  if (typeof parsed !== 'number') return parsed;
  if (!Number.isInteger(parsed) || parsed < 0) return undefined;
  return parsed < 1e11 ? parsed * 1000 : parsed;
}

/** A count or average: numbers or numeric strings ("21", "1,234"); "NA" and "" become null. */
export const num = coercer(readNumber);

/** A rate: "75.00%" becomes 0.75; a number is taken as already a fraction. */
export const rate = coercer(readNumber);

/** A duration in milliseconds: a number, a numeric string, or "HH:mm:ss" / "mm:ss". */
export const duration = coercer(readDuration);

/** An instant: epoch milliseconds (or seconds), as a number or a string of digits. */
export const epochMs = coercer(readEpoch);

/** An identifier or label that may arrive as a number; anything else (an object, `true`) is unread. */
export const text = z
  .preprocess((value, ctx) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    ctx.addIssue({ code: 'custom', message: UNREAD, input: value, params: { [UNREAD]: true, value } });
    return null;
  }, z.string().nullable())
  .optional();

/**
 * A row whose duration fields come only as their `*_str` twins ("00:05:53") reads them from there.
 * staffWorkStatis is why: its item table lists only the twins ("avg_first_response_time_str String No
 * Avg. 1st Response Time"), while its return example sends both (`"avg_first_response_time": 353669.5`,
 * `"avg_first_response_time_str": "00:05:53"`). The millisecond field wins when present: the twin is
 * rounded to the second.
 */
export function withDurationTwins<S extends z.ZodType>(keys: readonly string[], row: S) {
  return z.preprocess((value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const record = value as Record<string, unknown>;
    const missing = keys.filter((key) => record[key] === undefined && record[`${key}_str`] !== undefined);
    if (missing.length === 0) return value;
    return { ...record, ...Object.fromEntries(missing.map((key) => [key, record[`${key}_str`]])) };
  }, row);
}

export function fields<const K extends string, T extends z.ZodType>(type: T, keys: readonly K[]) {
  return Object.fromEntries(keys.map((k) => [k, type])) as { [P in K]: T };
}

// ---------- envelopes ----------

/** Only structure fails an answer: a ret_code that is neither a string nor a number is one. */
export const envelopeSchema = z.looseObject({
  ret_code: z.preprocess((v) => (typeof v === 'number' ? String(v).padStart(6, '0') : v), z.string()),
  ret_msg: z.string().optional().default(''),
});

/** Paging fields steer the client, so an unreadable one fails the call (a null marker is "not sent"). */
const pageNumber = z.preprocess((value) => {
  if (value === null || value === undefined) return null;
  const parsed = readNumber(value);
  return parsed === undefined ? value : parsed;
}, z.number().int().nonnegative().nullable().optional());

const pageFields = {
  page_no: pageNumber,
  page_count: pageNumber,
  page_size: pageNumber,
  total_count: pageNumber,
};

/** A row as received: any object. Its values are read later, field by field (decode.ts). */
export const rawRow = z.looseObject({});

/** An `items` answer without its list is broken, not empty; `null` is how it says "none". */
export function listResponse<T extends z.ZodType>(item: T) {
  return envelopeSchema.extend({ ...pageFields, items: z.array(item).nullable() });
}

export function itemResponse<T extends z.ZodType>(item: T) {
  return envelopeSchema.extend({ item: item.nullable().optional() });
}

export const tokenResponseSchema = envelopeSchema.extend({
  item: z
    .looseObject({
      token: z.string().min(1),
      expires_in: z.preprocess((v) => readNumber(v) ?? v, z.number().positive()),
    })
    .optional(),
});

/** Every customer/satisfaction value has a MoM twin (`_cycle`, `_ratio` or `_change`), which is a rate. */
export function withMoM<T extends z.ZodType, const K extends string, const S extends string>(
  type: T,
  keys: readonly K[],
  suffix: S,
) {
  return {
    ...fields(type, keys),
    ...fields(
      rate,
      keys.map((k) => `${k}${suffix}` as `${K}${S}`),
    ),
  };
}
