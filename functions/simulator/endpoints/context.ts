import type { DateTime } from 'luxon';
import type { Account } from '../data/account.ts';
import type { ClassifiedStore } from '../data/classified.ts';
import type { LruCache } from '../data/lru.ts';
import type { ActivityStore } from '../data/store.ts';
import type { Body } from './params.ts';

/** What an endpoint handler sees of a request: the JSON body, the timezone, and "now" in it. */
export interface RequestContext {
  readonly body: Body;
  readonly zone: string;
  readonly now: DateTime;
}

export type Row = Record<string, unknown>;

export type EndpointAnswer =
  | { readonly kind: 'items'; readonly rows: readonly Row[] }
  | { readonly kind: 'item'; readonly item: Row };

export interface SimData {
  readonly account: Account;
  readonly activity: ActivityStore;
  readonly classified: ClassifiedStore;
  /** Whole answers (all pages) by their parameters, so paging through a large list stays cheap. */
  readonly answers: LruCache<string, EndpointAnswer>;
}

export type EndpointHandler = (data: SimData, request: RequestContext) => EndpointAnswer;

export function items(rows: readonly Row[]): EndpointAnswer {
  return { kind: 'items', rows };
}

export function item(value: Row): EndpointAnswer {
  return { kind: 'item', item: value };
}
