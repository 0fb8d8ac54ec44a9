import type { DateTime } from 'luxon';
import type { Account } from '../data/account.ts';
import type { ClassifiedStore } from '../data/classified.ts';
import type { LruCache } from '../data/lru.ts';
import type { ActivityStore } from '../data/store.ts';
import type { Body } from './params.ts';

/** The simulator's readings of where the document is ambiguous (see `SimulatorOptions`). */
export interface SimRules {
  readonly maxRangeDays: number;
  readonly workLogFilters: 'table' | 'example';
}

/** What an endpoint handler sees of a request: the JSON body, the timezone, "now" in it, and the rules. */
export interface RequestContext {
  readonly body: Body;
  readonly zone: string;
  readonly now: DateTime;
  readonly rules: SimRules;
}

export type Row = Record<string, unknown>;

/** A list answer: its length, and its rows by position (built on demand, so a page costs a page). */
export interface RowList {
  readonly length: number;
  slice(from: number, to: number): Row[];
}

export type EndpointAnswer =
  | { readonly kind: 'items'; readonly rows: RowList }
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
  return { kind: 'items', rows: { length: rows.length, slice: (from, to) => rows.slice(from, to) } };
}

/** Rows built only when a page asks for them. */
export function lazyItems(length: number, rowAt: (index: number) => Row): EndpointAnswer {
  const slice = (from: number, to: number) => {
    const rows: Row[] = [];
    for (let i = Math.max(0, from); i < Math.min(length, to); i++) rows.push(rowAt(i));
    return rows;
  };
  return { kind: 'items', rows: { length, slice } };
}

export function item(value: Row): EndpointAnswer {
  return { kind: 'item', item: value };
}
