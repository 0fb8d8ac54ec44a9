import type { Clock } from '../src/core/clock.ts';
import type { SimEndpointName as EndpointName } from './api/description.ts';
import type { ReplayOptions } from './replay.ts';

export interface SimulatorSize {
  readonly departments?: number;
  readonly groupsPerDepartment?: number;
  readonly agents?: number;
  readonly channels?: number;
}

export interface SimulatorCredentials {
  readonly appId: string;
  readonly appKey: string;
}

export interface SimulatorOptions {
  /** Seeds every generated name and figure; the same seed gives the same account. Default 1. */
  readonly seed?: number;
  /** Default 4 departments, 2 groups each, 40 agents, 4 sub-channels. */
  readonly size?: SimulatorSize;
  /** Default { appId: 'sim-app', appKey: 'sim-key' }. */
  readonly credentials?: SimulatorCredentials;
  /** Sliding window, per endpoint unless `rateLimitScope` says account. Default 20 per 60 000 ms; `calls: Infinity` disables it. */
  readonly rateLimit?: { readonly calls: number; readonly windowMs: number };
  /** Whether `rateLimit` counts each endpoint on its own or all of them together. Default 'endpoint'. */
  readonly rateLimitScope?: 'endpoint' | 'account';
  /** Default 86 400 (the reference's 24 hours). */
  readonly tokenTtlSeconds?: number;
  /** Drives token expiry, the rate-limit window and "now" (future dates are reset to it). */
  readonly clock?: Clock;
  /**
   * The longest `start_date`..`end_date` accepted, in calendar days counting both ends. Default
   * DEFAULT_MAX_RANGE_DAYS (180), which accepts every request example of the document; the document's
   * 222000 message names 90 (`DOCUMENTED_MAX_RANGE_DAYS`), which a test sets to prove the client keeps
   * to it. Both passages are quoted in `simulator/api/description.ts`.
   */
  readonly maxRangeDays?: number;
  /**
   * Which spelling of getWorkLogList's filters is honoured: `table` (default), the Request param
   * table's `depart_ids_param`/`staff_ids_param` comma strings, or `example`, the request example's
   * `staff_id_list`/`group_id_list` lists. The other is ignored, as an unknown key would be.
   */
  readonly workLogFilters?: 'table' | 'example';
  /**
   * Answer the statistics endpoints as a real account may drift from the document: numbers as
   * "1,234", durations as "HH:mm:ss"/"mm:ss", rates as "75.00%", an epoch-millisecond `result_date`,
   * an undocumented field per row, `result_date` for `real_date`, `humanConsult`. Which fields drift
   * follows from the seed. The full list is in `simulator/http/drift.ts`. Default false.
   */
  readonly drift?: boolean;
  /** Inclusive `yyyy-MM-dd` ranges with no chats at all. */
  readonly quietRanges?: readonly { readonly from: string; readonly to: string }[];
  readonly host?: string;
  readonly port?: number;
  /** Answer the statistics endpoints from a recording (`check --record`) instead of generated data. */
  readonly replay?: ReplayOptions;
}

export type FaultTarget = EndpointName | 'get_token' | '*';

export type FaultKind =
  | { readonly kind: 'rateLimit'; readonly waitSeconds?: number }
  | { readonly kind: 'invalidateToken' }
  | { readonly kind: 'internalError' }
  | { readonly kind: 'http502' }
  | { readonly kind: 'slow'; readonly delayMs: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'malformedJson' }
  | { readonly kind: 'dropField'; readonly field: string }
  | { readonly kind: 'renameField'; readonly field: string; readonly to: string };

/**
 * A misbehaviour to inject: once `afterCalls` matching requests have passed (counted from when the
 * fault is added; default 0), the next `times` matching requests (default 1) get it.
 */
export type Fault = {
  readonly endpoint?: FaultTarget;
  readonly afterCalls?: number;
  readonly times?: number;
} & FaultKind;

export interface RecordedRequest {
  readonly endpoint: EndpointName | 'get_token';
  readonly method: string;
  /** Clock time the request arrived. */
  readonly at: number;
  /** The parsed JSON body; for get_token, `{ appid, create_time }` (the sign is not kept). */
  readonly body: unknown;
  /** Request headers, lower-cased, without `token`. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface SimulatorStats {
  readonly callsByEndpoint: Record<string, number>;
  readonly tokensIssued: number;
  readonly requests: readonly RecordedRequest[];
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly credentials: SimulatorCredentials;
  readonly faults: { add(fault: Fault): void; clear(): void };
  readonly stats: SimulatorStats;
  resetStats(): void;
  close(): Promise<void>;
}
