import { IANAZone } from 'luxon';
import * as z from 'zod';
import { type Clock, systemClock } from '../../core/clock.ts';
import type { ClientEvents, TokenProvider } from '../../core/sobot/api.ts';
import { DEFAULT_BASE_URL, MAX_PAGE_SIZE } from '../../core/sobot/endpoints.ts';
import {
  DEFAULT_MAX_RATE_LIMIT_RETRIES,
  DEFAULT_RATE_LIMIT,
  type RateLimitOptions,
  SlidingWindowRateLimiter,
} from './rate-limiter.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, type Fetch } from './transport.ts';

export interface SobotClientOptions {
  readonly tokenProvider: TokenProvider;
  /** Default `https://sg.sobot.io`. */
  readonly baseUrl?: string;
  /** IANA zone sent as `timezoneid`; the API reads and answers wall-clock times in it. Default `Asia/Shanghai`. */
  readonly timezone?: string;
  /** Sent as `language`; labels in answers follow it. Default `en` (the API's own default is `zh`). */
  readonly language?: 'en' | 'zh';
  /** The fetch requests go through; tests pass one bound to a MockAgent. Default: the global fetch. */
  readonly fetch?: Fetch;
  readonly clock?: Clock;
  /** Source of retry jitter, in [0, 1). */
  readonly random?: () => number;
  /** Whole-exchange timeout per HTTP call, in real time. Default 30 000. */
  readonly requestTimeoutMs?: number;
  /** A larger answer is not read and fails the call (SobotResponseTooLargeError). Default 20 MiB. */
  readonly maxResponseBytes?: number;
  /** Transient failures; `maxElapsedMs` (default 2 minutes) bounds one call's attempts and waits. */
  readonly retry?: Partial<RetryPolicy>;
  readonly rateLimit?: RateLimitOptions;
  /**
   * A limiter shared with other clients on the same account (the API counts the account's calls, per
   * endpoint or all together); `rateLimit` is then ignored. Default: a limiter of this client's own.
   */
  readonly rateLimiter?: SlidingWindowRateLimiter;
  /** Consecutive 229000 answers one call tolerates. Default 5. */
  readonly maxRateLimitRetries?: number;
  /** Default and maximum 100. */
  readonly pageSize?: number;
  /** Pages of one query in flight at once. Default 5. */
  readonly pageConcurrency?: number;
  readonly events?: ClientEvents;
  /** Stops waits and requests; the abort reason is thrown. */
  readonly signal?: AbortSignal;
}

export interface ResolvedClientOptions {
  readonly tokenProvider: TokenProvider;
  readonly baseUrl: string;
  readonly timezone: string;
  readonly language: 'en' | 'zh';
  readonly fetch: Fetch | undefined;
  readonly clock: Clock;
  readonly random: () => number;
  readonly requestTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly retry: Required<RetryPolicy>;
  readonly rateLimit: Required<RateLimitOptions>;
  readonly rateLimiter: SlidingWindowRateLimiter | undefined;
  readonly maxRateLimitRetries: number;
  readonly pageSize: number;
  readonly pageConcurrency: number;
  readonly events: ClientEvents;
  readonly signal: AbortSignal | undefined;
}

/** Options that are not data (ports, callbacks) are only checked for presence and shape. */
const objectWith = <T>(...methods: string[]) =>
  z.custom<T>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function'),
    { message: `expected an object with ${methods.join(', ')}` },
  );

const positiveInt = z.number().int().positive();

const optionsSchema = z.strictObject({
  tokenProvider: objectWith<TokenProvider>('token', 'refresh'),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  timezone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), { message: 'expected an IANA time zone' })
    .optional(),
  language: z.enum(['en', 'zh']).optional(),
  fetch: z.custom<Fetch>((value) => typeof value === 'function').optional(),
  clock: objectWith<Clock>('now', 'sleep').optional(),
  random: z.custom<() => number>((value) => typeof value === 'function').optional(),
  requestTimeoutMs: positiveInt.optional(),
  maxResponseBytes: positiveInt.optional(),
  retry: z
    .strictObject({
      maxAttempts: positiveInt.optional(),
      baseDelayMs: z.number().nonnegative().optional(),
      maxDelayMs: z.number().nonnegative().optional(),
      maxElapsedMs: z.number().positive().optional(),
    })
    .optional(),
  rateLimit: z
    .strictObject({
      calls: positiveInt.optional(),
      windowMs: positiveInt.optional(),
      marginMs: z.number().int().nonnegative().optional(),
    })
    .optional(),
  rateLimiter: z.instanceof(SlidingWindowRateLimiter).optional(),
  maxRateLimitRetries: z.number().int().nonnegative().optional(),
  pageSize: positiveInt.max(MAX_PAGE_SIZE).optional(),
  pageConcurrency: positiveInt.optional(),
  events: z.custom<ClientEvents>((value) => typeof value === 'object' && value !== null).optional(),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal).optional(),
});

export class SobotClientOptionsError extends Error {
  override name = 'SobotClientOptionsError';
}

export function resolveClientOptions(options: SobotClientOptions): ResolvedClientOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new SobotClientOptionsError(`Invalid Sobot client options:\n${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  const o = parsed.data;
  return {
    tokenProvider: o.tokenProvider,
    baseUrl: o.baseUrl ?? DEFAULT_BASE_URL,
    timezone: o.timezone ?? 'Asia/Shanghai',
    language: o.language ?? 'en',
    fetch: o.fetch,
    clock: o.clock ?? systemClock,
    random: o.random ?? Math.random,
    requestTimeoutMs: o.requestTimeoutMs ?? 30_000,
    maxResponseBytes: o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    retry: {
      maxAttempts: o.retry?.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
      baseDelayMs: o.retry?.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
      maxDelayMs: o.retry?.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
      maxElapsedMs: o.retry?.maxElapsedMs ?? DEFAULT_RETRY_POLICY.maxElapsedMs,
    },
    rateLimit: {
      calls: o.rateLimit?.calls ?? DEFAULT_RATE_LIMIT.calls,
      windowMs: o.rateLimit?.windowMs ?? DEFAULT_RATE_LIMIT.windowMs,
      marginMs: o.rateLimit?.marginMs ?? DEFAULT_RATE_LIMIT.marginMs,
    },
    rateLimiter: o.rateLimiter,
    maxRateLimitRetries: o.maxRateLimitRetries ?? DEFAULT_MAX_RATE_LIMIT_RETRIES,
    pageSize: o.pageSize ?? MAX_PAGE_SIZE,
    pageConcurrency: o.pageConcurrency ?? 5,
    events: o.events ?? {},
    signal: o.signal,
  };
}
