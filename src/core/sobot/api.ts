import type * as z from 'zod';
import type { EndpointName } from './endpoints.ts';

/**
 * The stats-source port: what the report use case needs from Sobot. Sections (src/core/sections) build
 * the requests, in the reference's own parameter names; the HTTP client implements the port against the
 * real API or the simulator, adding the token and the paging, and checking each answer's structure.
 * The rows come back as received; the collection reads them with the request's schema (decode.ts).
 */

/** 1 department, 2 skill group, 3 channel (the reference's `search_way`). */
export type SearchWay = 1 | 2 | 3;
/** 0 summary, 1 daily, 2 weekly, 3 monthly (the reference's `summary_way`). */
export type SummaryWay = 0 | 1 | 2 | 3;

/** Wall-clock times in the report's timezone, as `yyyy-MM-dd HH:mm:ss`; requests cut them to each endpoint's pattern. */
export interface DateRange {
  readonly start: string;
  readonly end: string;
}

export interface Filters {
  readonly sources?: readonly string[];
  readonly channelFlags?: readonly string[];
  readonly departmentIds?: readonly string[];
  readonly groupIds?: readonly string[];
  readonly robotIds?: readonly string[];
  readonly staffIds?: readonly string[];
}

/**
 * One call to a statistics or condition endpoint. `params` is the body without paging; `schema`
 * reads one row (endpoints answering `items`) or the object (endpoints answering `item`).
 */
export interface ApiRequest {
  readonly endpoint: EndpointName;
  readonly params: Readonly<Record<string, unknown>>;
  readonly schema: z.ZodType;
}

export interface FetchOptions {
  /** Stops a paged request between pages, and any wait. */
  readonly signal?: AbortSignal;
}

export interface StatsSource {
  /**
   * Every row of an `items` endpoint (all pages, fetched at the API's maximum page size), or the
   * object of an `item` endpoint (null when it sends none), as received: a structurally sound answer's
   * rows, whose values are not read yet.
   */
  fetch(request: ApiRequest, options?: FetchOptions): Promise<unknown>;
}

/** Observations the client reports as it works; used for progress, metrics and the call count. */
export interface ClientEvents {
  onCall?(event: {
    endpoint: string;
    page?: number;
    pageCount?: number | null;
    ok: boolean;
    retCode?: string;
  }): void;
  /** `endpoint` is the lane that waits; with account-wide pacing (`scope: 'account'`), every endpoint's. */
  onThrottle?(event: {
    endpoint: string;
    waitMs: number;
    reason: 'limiter' | '229000';
    scope?: 'endpoint' | 'account';
  }): void;
  /**
   * Once per run: the API answered 229000 on `endpoint` while its own lane was under the limit, so the
   * limit is the account's and every endpoint is paced as one from now on.
   */
  onAccountWidePacing?(event: { endpoint: string }): void;
  onRetry?(event: { endpoint: string; attempt: number; waitMs: number; reason: string }): void;
  /** Once per new token actually fetched after the first, however many calls saw the old one rejected. */
  onTokenRefresh?(): void;
}

/**
 * The token-store port. One token is shared by every call (the reference's "Token usage description").
 * Implementations: a provider that calls get_token itself (local runs), and one backed by SSM (Lambda).
 */
export interface TokenProvider {
  /**
   * The current token, fetching one when none is held or it is close to expiry. The client asks for it
   * at the moment a call is sent, after any rate-limit wait, and holds calls back while it refreshes.
   */
  token(): Promise<string>;
  /**
   * The API rejected `rejected` (900001/900002). Returns a fresh token; concurrent callers that saw
   * the same rejected token share a single refresh, and a token already replaced is not fetched again.
   */
  refresh(rejected: string): Promise<string>;
  /**
   * Values that must never reach an error or a log, such as the app_key and the signs sent to get_token;
   * a server may echo them from any endpoint. Providers that hold none omit it.
   */
  secrets?(): readonly string[];
}
