import * as z from 'zod';

/**
 * The building blocks of the response schemas: envelopes and value coercers. Each section declares its
 * own rows with them (src/core/sections). The API sends numbers as numbers or strings ("21"), rates as
 * fractions (0.75) or strings ("75.00%"), and "NA" or "" where there is no value. The coercers below
 * turn all of those into `number | null` and are idempotent, so a parsed snapshot parses again to itself.
 * Objects are loose: fields the reference does not list are kept, not dropped.
 */

const MISSING = new Set(['', 'NA', 'N/A', '-', '--', 'null', 'undefined']);

function toNumber(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (MISSING.has(text)) return null;
  const isPercent = text.endsWith('%');
  const parsed = Number(isPercent ? text.slice(0, -1) : text);
  if (!Number.isFinite(parsed)) return value;
  // Rounded so "66.67%" is 0.6667, not 0.6667000000000001.
  return isPercent ? Math.round(parsed * 1e6) / 1e8 : parsed;
}

/** A count, duration or average: numbers or numeric strings; "NA" and "" become null. */
export const num = z.preprocess((v) => toNumber(v), z.number().nullable()).optional();

/** A rate: "75.00%" becomes 0.75; a number is taken as already a fraction. */
export const rate = z.preprocess((v) => toNumber(v), z.number().nullable()).optional();

/** An identifier or label that may arrive as a number. */
export const text = z
  .preprocess(
    (v) => (v === null || v === undefined ? null : typeof v === 'number' ? String(v) : v),
    z.string().nullable(),
  )
  .optional();

export function fields<const K extends string, T extends z.ZodType>(type: T, keys: readonly K[]) {
  return Object.fromEntries(keys.map((k) => [k, type])) as { [P in K]: T };
}

// ---------- envelopes ----------

export const envelopeSchema = z.looseObject({
  ret_code: z.preprocess((v) => (typeof v === 'number' ? String(v).padStart(6, '0') : v), z.string()),
  ret_msg: z.string().optional().default(''),
});

const pageFields = {
  page_no: num,
  page_count: num,
  page_size: num,
  total_count: num,
};

export function listResponse<T extends z.ZodType>(item: T) {
  return envelopeSchema.extend({ ...pageFields, items: z.array(item).nullable().optional() });
}

export function itemResponse<T extends z.ZodType>(item: T) {
  return envelopeSchema.extend({ item: item.nullable().optional() });
}

export const tokenResponseSchema = envelopeSchema.extend({
  item: z
    .looseObject({
      token: z.string().min(1),
      expires_in: z.preprocess((v) => toNumber(v), z.number().positive()),
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
