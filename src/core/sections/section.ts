import type * as z from 'zod';
import type { Language } from '../render/i18n.ts';
import type { SheetWriter } from '../render/sheet.ts';
import type { Dimension, PeriodWindow, RawSnapshot } from '../report/snapshot.ts';
import type { ApiRequest, DateRange, Filters, SearchWay } from '../sobot/api.ts';
import { ENDPOINTS, type EndpointName } from '../sobot/endpoints.ts';
import type { MetricDefinition } from './metrics.ts';

/**
 * What a report section is: the endpoints it calls and how, the rows it keeps, how a routed
 * supervisor's slice is cut from them, its headline figures and its sheets. A section is one module
 * (src/core/sections/<name>.ts) registered in registry.ts; nothing else needs to know about it.
 */

/** What a section may know of the report when planning (a structural part of ReportConfig). */
export interface PlanReport {
  readonly dimension: Dimension;
  readonly recipients: {
    readonly routes: readonly { readonly departmentIds?: readonly string[] | undefined }[];
  };
}

/** What a part needs to build its request for one window. */
export interface PlanContext {
  readonly report: PlanReport;
  readonly window: PeriodWindow;
  readonly range: DateRange;
  readonly searchWay: SearchWay;
  /** The report's filters without empty lists; undefined when there are none. */
  readonly filters: Filters | undefined;
}

/**
 * One request a section makes per window, and where its answer lands. `params` returns null when the
 * window does not need it (daily rows of a one-day report). The answer is a list of rows for endpoints
 * answering `items`, and one object (or null) for those answering `item`.
 */
export interface Part<Result> {
  readonly endpoint: EndpointName;
  readonly schema: z.ZodType;
  readonly params: (context: PlanContext) => Readonly<Record<string, unknown>> | null;
  /** The Summary compares this part with the previous window. */
  readonly compared: boolean;
  /** The answer when the part was not fetched. */
  readonly empty: () => Result;
  /**
   * Fields the section's figures depend on, each with what cannot be shown without it. An answer with
   * rows of which none carries one is a data-quality warning (see report/data-quality.ts).
   */
  readonly requires: Readonly<Record<string, Localized>>;
}

interface PartOptions {
  readonly compared?: boolean;
  readonly requires?: Readonly<Record<string, Localized>>;
}

export function listPart<S extends z.ZodType>(
  endpoint: EndpointName,
  schema: S,
  params: Part<unknown>['params'],
  options: PartOptions = {},
): Part<z.output<S>[]> {
  assertAnswer(endpoint, 'items');
  return { endpoint, schema, params, ...optionsOf(options), empty: () => [] };
}

export function itemPart<S extends z.ZodType>(
  endpoint: EndpointName,
  schema: S,
  params: Part<unknown>['params'],
  options: PartOptions = {},
): Part<z.output<S> | null> {
  assertAnswer(endpoint, 'item');
  return { endpoint, schema, params, ...optionsOf(options), empty: () => null };
}

function optionsOf(options: PartOptions): Pick<Part<unknown>, 'compared' | 'requires'> {
  return { compared: options.compared ?? false, requires: options.requires ?? {} };
}

function assertAnswer(endpoint: EndpointName, answer: 'items' | 'item'): void {
  const actual = ENDPOINTS[endpoint].answer;
  if (actual !== answer) throw new TypeError(`${endpoint} answers ${actual}, not ${answer}`);
}

export function requestOf(part: Part<unknown>, context: PlanContext): ApiRequest | null {
  const params = part.params(context);
  return params === null ? null : { endpoint: part.endpoint, params, schema: part.schema };
}

/** A section's data in a dataset: one part's answer, or several parts' answers by name. */
export type Parts = Part<unknown> | { readonly [name: string]: Part<unknown> };
export type DataOf<P> =
  P extends Part<infer R> ? R : { readonly [K in keyof P]: P[K] extends Part<infer R> ? R : never };

/** A part with its id: the section's id for a one-part section, else `<section>.<part>` (`chats.daily`). */
export interface PartEntry {
  readonly id: string;
  readonly section: string;
  /** The key under the section's data; null for a one-part section, whose data is the answer itself. */
  readonly key: string | null;
  readonly part: Part<unknown>;
}

export function partsOf(section: Pick<ReportSection, 'id' | 'parts'>): PartEntry[] {
  const { id, parts } = section;
  if (parts === null) return [];
  if (isPart(parts)) return [{ id, section: id, key: null, part: parts }];
  return Object.entries(parts).map(([key, part]) => ({ id: `${id}.${key}`, section: id, key, part }));
}

/** The ids of the parts the Summary compares with the previous window. */
export function comparedParts(section: Pick<ReportSection, 'id' | 'parts'>): string[] {
  return partsOf(section)
    .filter((entry) => entry.part.compared)
    .map((entry) => entry.id);
}

function isPart(parts: Parts): parts is Part<unknown> {
  return typeof (parts as Part<unknown>).endpoint === 'string';
}

/** What a slice keeps, and what the section can tell from the whole snapshot. */
export interface SliceCut {
  readonly dimension: Dimension;
  readonly departments: ReadonlySet<string>;
  readonly groups: ReadonlySet<string>;
  /** Whether chat-style breakdown rows can be cut (their dimension is what the route binds). */
  readonly cutsBreakdowns: boolean;
  /** The departments an agent belongs to, from the same run's work-status rows. */
  readonly departmentsOf: (staffId: string) => ReadonlySet<string>;
}

export type KpiFormat = 'count' | 'percent' | 'duration' | 'score';

/** Which way a change is good news. Volumes are `neutral`: more chats is neither praise nor blame. */
export type KpiDirection = 'higher' | 'lower' | 'neutral';

export interface Localized {
  readonly en: string;
  readonly zh: string;
}

/** A headline figure of a section, computed from that section's data for one window. */
export interface KpiDefinition<Data> {
  readonly id: string;
  /** Label, unit and direction come from the metric registry (metrics.ts). */
  readonly metric: MetricDefinition;
  /**
   * From an endpoint that answers no department/group breakdown: a slice shows its team's own figure
   * where the section is fetched per team (`perTeam`), else the account's. Otherwise the figure is cut
   * with the section's rows.
   */
  readonly accountLevel: boolean;
  readonly value: (data: Data) => number | null;
  /**
   * Read in order when `value` has nothing for the current window (a rating scale the account does not
   * use), each its own metric of the same unit. The previous window is read with the one the current
   * window used, so the change compares like with like.
   */
  readonly fallbacks?: readonly KpiReading<Data>[];
}

interface KpiReading<Data> {
  readonly metric: MetricDefinition;
  readonly value: (data: Data) => number | null;
}

export interface SheetContext {
  readonly snapshot: RawSnapshot;
  readonly title: string;
  readonly language: Language;
}

export interface ReportSection<Id extends string = string, P extends Parts | null = Parts | null> {
  readonly id: Id;
  /** What the section fetches for each window; null for sections that only present other data. */
  readonly parts: P;
  /** Ids of other sections' parts this one reads; they are fetched even when those are not selected. */
  readonly reads?: readonly string[];
  /** Further sections to fetch for the report (e.g. work status, to map agents to departments). */
  readonly alsoFetch?: (report: PlanReport) => readonly string[];
  /**
   * Account-level data (one item, no department or group rows to cut) whose endpoints take the route's
   * departments or groups as a filter: each routed team's own is fetched too (report/teams.ts), and
   * its slice shows that instead of the account's.
   */
  readonly perTeam?: boolean;
  /** Keeps a routed supervisor's rows; absent for account-level data, which stays whole. */
  // A method, so a section of any data still counts as a ReportSection (methods compare bivariantly).
  slice?(data: DataOf<P>, cut: SliceCut): DataOf<P>;
  readonly sheets: (context: SheetContext) => SheetWriter[];
}

export function defineSection<const Id extends string, P extends Parts | null>(
  section: ReportSection<Id, P>,
): ReportSection<Id, P> {
  return section;
}
