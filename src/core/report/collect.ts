import { type Clock, systemClock } from '../clock.ts';
import type { Page, SobotStatsApi } from '../sobot/api.ts';
import {
  type CollectionPlan,
  type CollectionTask,
  type PlannedRequest,
  planCollection,
} from './collect-plan.ts';
import type { ReportConfig } from './config.ts';
import type { Conditions, Dataset, PeriodWindow, RawSnapshot } from './snapshot.ts';

/**
 * Runs a collection plan against the stats source. Independent requests go out side by side; the
 * client's per-endpoint limiter paces them. Each finished task is handed to `onTaskDone` so the caller
 * can checkpoint it, and a later run passes those results back as `done` to skip them.
 */

export type TaskResults = Record<string, unknown>;

export interface CollectOptions {
  readonly api: SobotStatsApi;
  readonly report: ReportConfig;
  readonly period: PeriodWindow;
  readonly previous: PeriodWindow | null;
  /** Results of tasks finished by an earlier, interrupted run, by task id. */
  readonly done?: Readonly<TaskResults>;
  /** Called after each task; a rejection fails that task. */
  readonly onTaskDone?: (taskId: string, data: unknown) => Promise<void>;
  /** Stops the run: no task starts after it fires, and a paged task stops between pages. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: {
    readonly taskId: string;
    readonly done: number;
    readonly total: number;
  }) => void;
  /** Sets `collectedAt`. */
  readonly clock?: Clock;
}

export interface Collected {
  /** `apiCalls` is 0: the caller knows the session's call count and sets it. */
  readonly snapshot: RawSnapshot;
  /** Every task's result by task id, including those passed in as `done`. */
  readonly parts: TaskResults;
  readonly plan: CollectionPlan;
}

export class CollectionError extends Error {
  override readonly name: string = 'CollectionError';
}

/** The signal fired; `done` of `total` tasks were finished (and checkpointed) before the run stopped. */
export class CollectionAbortedError extends CollectionError {
  override readonly name = 'CollectionAbortedError';
  constructor(
    readonly done: number,
    readonly total: number,
    options?: ErrorOptions,
  ) {
    super(`collection stopped after ${done} of ${total} tasks`, options);
  }
}

/** A task failed; the other tasks still ran to completion so a retry resumes after them. */
export class CollectionTaskError extends CollectionError {
  override readonly name = 'CollectionTaskError';
  constructor(
    readonly taskId: string,
    readonly failedTasks: number,
    options: ErrorOptions,
  ) {
    const others = failedTasks > 1 ? ` (and ${failedTasks - 1} more tasks)` : '';
    super(`collecting ${taskId} failed${others}: ${(options.cause as Error | undefined)?.message}`, options);
  }
}

export async function collect(options: CollectOptions): Promise<Collected> {
  const { api, report, period, previous, signal, onTaskDone, onProgress } = options;
  const plan = planCollection(report, period, previous);
  const total = plan.tasks.length;
  const parts: TaskResults = {};
  for (const task of plan.tasks) {
    if (options.done && task.id in options.done) parts[task.id] = options.done[task.id];
  }
  let finished = Object.keys(parts).length;
  if (signal?.aborted) throw new CollectionAbortedError(finished, total, { cause: signal.reason });

  const pending = plan.tasks.filter((task) => !(task.id in parts));
  const outcomes = await Promise.allSettled(
    pending.map(async (task) => {
      const data = await run(api, task, signal);
      await onTaskDone?.(task.id, data);
      parts[task.id] = data;
      finished += 1;
      onProgress?.({ taskId: task.id, done: finished, total });
    }),
  );

  if (signal?.aborted) throw new CollectionAbortedError(finished, total, { cause: signal.reason });
  const failures = outcomes.flatMap((outcome, i) =>
    outcome.status === 'rejected' ? [{ task: pending[i] as CollectionTask, reason: outcome.reason }] : [],
  );
  const first = failures[0];
  if (first) throw new CollectionTaskError(first.task.id, failures.length, { cause: first.reason });

  const clock = options.clock ?? systemClock;
  return { snapshot: assemble(report, plan, parts, new Date(clock.now()).toISOString()), parts, plan };
}

/** No chats at all in the window: every chat-totals row counts zero (or there are no rows). */
export function isEmpty(dataset: Dataset): boolean {
  return dataset.chats.totals.every((row) =>
    [row.session_consult, row.human_consult, row.robot_consult].every((count) => !count),
  );
}

async function run(
  api: SobotStatsApi,
  task: CollectionTask,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  signal?.throwIfAborted();
  const { request } = task;
  const paged = pagesOf(api, request);
  if (!paged) return single(api, request);
  const rows: unknown[] = [];
  for await (const page of paged) {
    rows.push(...page.items);
    // Breaking out of `for await` returns the iterator, so the client asks for no further page.
    signal?.throwIfAborted();
  }
  return rows;
}

function pagesOf(api: SobotStatsApi, request: PlannedRequest): AsyncIterable<Page<unknown>> | null {
  switch (request.endpoint) {
    case 'getStat':
      return api.chatStats(request.query);
    case 'getMsgStat':
      return api.messageStats(request.query);
    case 'staffWorkStatis':
      return api.agentWorkload(request.query);
    case 'getWorkLogList':
      return api.workStatus(request.query);
    case 'summarySearch':
      return api.serviceSummary(request.query);
    case 'getChildChannelList':
      return api.subChannels();
    case 'getGroupList':
      return api.groups();
    case 'getServiceList':
      return api.agents(request.query);
    default:
      return null;
  }
}

function single(api: SobotStatsApi, request: PlannedRequest): Promise<unknown> {
  switch (request.endpoint) {
    case 'getGeneral':
      return api.customerOverview(request.query);
    case 'getRobotReception':
      return api.robotReception(request.query);
    case 'getStaffReception':
      return api.staffReception(request.query);
    case 'getGeographicalDistribution':
      return api.regions(request.query);
    case 'getSatisfactionSurvey':
      return api.sessionSatisfaction(request.query);
    case 'getCustomerSatisfaction':
      return api.customerSatisfaction(request.query);
    case 'getChannelList':
      return api.channels();
    case 'getClassificationList':
      return api.classifications();
    case 'getRobotList':
      return api.robots();
    case 'getDepartmentList':
      return api.departments();
    default:
      throw new CollectionError(`${request.endpoint} is a paged endpoint`);
  }
}

/** The snapshot from task results; anything the plan did not fetch stays empty. */
export function assemble(
  report: ReportConfig,
  plan: CollectionPlan,
  parts: Readonly<TaskResults>,
  collectedAt: string,
): RawSnapshot {
  return {
    version: 1,
    reportId: report.id,
    dimension: report.dimension,
    language: report.language,
    period: plan.period,
    previousPeriod: plan.previous,
    collectedAt,
    apiCalls: 0,
    conditions: conditionsFrom(parts),
    current: datasetFrom(parts, 'current'),
    previous: plan.previous ? datasetFrom(parts, 'previous') : null,
  };
}

function reader(parts: Readonly<TaskResults>, prefix: string) {
  return {
    list: <T>(key: string): T[] => (parts[`${prefix}.${key}`] as T[] | undefined) ?? [],
    item: <T>(key: string): T | null => (parts[`${prefix}.${key}`] as T | null | undefined) ?? null,
  };
}

export function emptyConditions(): Conditions {
  return conditionsFrom({});
}

export function emptyDataset(): Dataset {
  return datasetFrom({}, 'current');
}

function datasetFrom(parts: Readonly<TaskResults>, prefix: 'current' | 'previous'): Dataset {
  const { list, item } = reader(parts, prefix);
  return {
    chats: { totals: list('chats.totals'), daily: list('chats.daily') },
    messages: { totals: list('messages.totals'), daily: list('messages.daily') },
    customers: {
      overview: item('customers.overview'),
      botReception: item('customers.botReception'),
      agentReception: item('customers.agentReception'),
      regions: list('customers.regions'),
    },
    agents: list('agents'),
    workStatus: list('workStatus'),
    satisfaction: { sessions: item('satisfaction.sessions'), customers: item('satisfaction.customers') },
    serviceSummary: list('serviceSummary'),
  };
}

function conditionsFrom(parts: Readonly<TaskResults>): Conditions {
  const { list } = reader(parts, 'conditions');
  return {
    channels: list('channels'),
    subChannels: list('subChannels'),
    classifications: list('classifications'),
    robots: list('robots'),
    departments: list('departments'),
    groups: list('groups'),
    agents: list('agents'),
  };
}
