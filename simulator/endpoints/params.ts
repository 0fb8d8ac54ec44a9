import { DateTime } from 'luxon';
import type { DatePattern, PagingDescription, SearchWayDescription } from '../api/description.ts';
import { dayNumberOf, type SummaryWay } from '../data/calendar.ts';
import { LruCache } from '../data/lru.ts';
import type { RequestContext } from './context.ts';

/** A request the real API would answer with 222000 "API input error". */
export class SimulatorInputError extends Error {
  override readonly name = 'SimulatorInputError';
}

export type Body = Readonly<Record<string, unknown>>;

const PATTERN_SHAPES: Record<DatePattern, RegExp> = {
  'yyyy-MM-dd HH:mm:ss': /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
  'yyyy-MM-dd HH:mm': /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
  'yyyy-MM-dd': /^\d{4}-\d{2}-\d{2}$/,
};

export interface ResolvedRange {
  /** The inputs after the future-date reset, in the endpoint's pattern. */
  readonly startText: string;
  readonly endText: string;
  readonly fromDay: number;
  readonly toDay: number;
  readonly fromDate: string;
  readonly toDate: string;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

// Parsing by a format is luxon's slowest operation, and clients send the same few dates again and again.
const parsedDates = new LruCache<string, DateTime>(1024);

function parseDate(body: Body, key: string, pattern: DatePattern, zone: string, now: DateTime): DateTime {
  const raw = body[key];
  if (isBlank(raw)) throw new SimulatorInputError(missing(key));
  const text = String(raw);
  const parsed = parsedDates.getOrCompute(`${pattern}|${zone}|${text}`, () =>
    DateTime.fromFormat(text, pattern, { zone }),
  );
  if (!PATTERN_SHAPES[pattern].test(text) || !parsed.isValid) {
    throw new SimulatorInputError(
      `[${key}] format error. The pattern is [${pattern}], current input is [${text}]`,
    );
  }
  // Reference, "Other param description": a time after now is reset to now, in the API's pattern.
  return parsed > now ? DateTime.fromFormat(now.toFormat(pattern), pattern, { zone }) : parsed;
}

/**
 * `start_date`/`end_date` in the endpoint's exact pattern. Figures are per calendar day, so a range
 * covers every day from the start's date to the end's date, both counted; more such days than
 * `rules.maxRangeDays` is refused (see DEFAULT_MAX_RANGE_DAYS for why the default is not 90).
 */
export function dateRange({ body, zone, now, rules }: RequestContext, pattern: DatePattern): ResolvedRange {
  const start = parseDate(body, 'start_date', pattern, zone, now);
  const end = parseDate(body, 'end_date', pattern, zone, now);
  const startText = start.toFormat(pattern);
  const endText = end.toFormat(pattern);
  const inputs = `Current [startTime] input is [${startText}], and [endTime] input is [${endText}]`;
  if (start > end) throw new SimulatorInputError(`[startTime] cannot be later than [endTime]. ${inputs}`);
  const fromDate = start.toISODate() ?? '';
  const toDate = end.toISODate() ?? '';
  const fromDay = dayNumberOf(fromDate);
  const toDay = dayNumberOf(toDate);
  if (toDay - fromDay + 1 > rules.maxRangeDays) {
    throw new SimulatorInputError(
      `[startTime] and [endTime] time range cannot be greater than [${rules.maxRangeDays}]d. ${inputs}`,
    );
  }
  return { startText, endText, fromDay, toDay, fromDate, toDate };
}

/** A "1,2" string or a ["1","2"] list; blank means no filter. */
export function listParam(body: Body, key: string): string[] | undefined {
  const raw = body[key];
  if (isBlank(raw)) return undefined;
  const values = Array.isArray(raw) ? raw.map(String) : String(raw).split(',');
  const cleaned = values.map((v) => v.trim()).filter((v) => v !== '');
  return cleaned.length === 0 ? undefined : cleaned;
}

function integerParam(body: Body, key: string): number | undefined {
  const raw = body[key];
  if (isBlank(raw)) return undefined;
  const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(value))
    throw new SimulatorInputError(`[${key}] must be an integer, current input is [${String(raw)}]`);
  return value;
}

/** Required wherever an endpoint takes it (see API in description.ts), so there is no fallback here. */
export function searchWayParam<const W extends number>(
  body: Body,
  { allowed }: SearchWayDescription & { readonly allowed: readonly W[] },
): W {
  const value = integerParam(body, 'search_way');
  if (value === undefined) throw new SimulatorInputError(missing('search_way'));
  if (!(allowed as readonly number[]).includes(value)) {
    throw new SimulatorInputError(
      `[search_way] must be one of [${allowed.join(', ')}], current input is [${value}]`,
    );
  }
  return value as W;
}

export function summaryWayParam(body: Body): SummaryWay {
  const value = integerParam(body, 'summary_way') ?? 0;
  if (value !== 0 && value !== 1 && value !== 2 && value !== 3) {
    throw new SimulatorInputError(`[summary_way] must be one of [0, 1, 2, 3], current input is [${value}]`);
  }
  return value;
}

interface PageRequest {
  readonly page: number;
  readonly size: number;
}

/** The endpoint's page parameters, with their defaults; a size over the maximum is reset to it. */
export function pageParams(body: Body, paging: PagingDescription): PageRequest {
  const page = integerParam(body, paging.pageParam) ?? 1;
  const size = integerParam(body, paging.sizeParam) ?? paging.defaultSize;
  return {
    page: Math.max(1, page),
    size: size < 1 ? paging.defaultSize : Math.min(paging.maxSize, size),
  };
}

export function missing(key: string): string {
  return `Required parameter [${key}] is missing`;
}

/** The first parameter the endpoint's Request param table marks "Yes" that the body leaves out or blank. */
export function missingRequired(body: Body, required: readonly string[]): string | undefined {
  return required.find((key) => isBlank(body[key]));
}

export function textParam(body: Body, key: string): string | undefined {
  const raw = body[key];
  return isBlank(raw) ? undefined : String(raw).trim();
}
