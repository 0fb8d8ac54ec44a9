import { type Clock, systemClock } from '../clock.ts';
import { type ChatsData, hasNoChats } from '../sections/chats.ts';
import { CONDITION_REQUESTS } from '../sections/dimensions.ts';
import { SECTIONS } from '../sections/registry.ts';
import { type Part, partsOf } from '../sections/section.ts';
import type { StatsSource } from '../sobot/api.ts';
import { decodeRows, decodeValue, missingFields } from '../sobot/decode.ts';
import {
  type CollectionPlan,
  type CollectionTask,
  type PlannedTeam,
  planCollection,
  teamTaskId,
} from './collect-plan.ts';
import type { ReportConfig } from './config.ts';
import { QualityLog } from './data-quality.ts';
import { messageOf } from './run-errors.ts';
import type { Conditions, Dataset, PeriodWindow, RawSnapshot } from './snapshot.ts';

/**
 * Runs a collection plan against the stats source. Independent requests go out side by side; the
 * client's per-endpoint limiter paces them. Each finished task is handed to `onTaskDone` so the caller
 * can checkpoint it, and a later run passes those results back as `done` to skip them. Task results are
 * the answers as received; the snapshot reads them with each part's schema, noting what it could not
 * read (data-quality.ts), so a resumed run notes the same values as an uninterrupted one.
 */

export type TaskResults = Record<string, unknown>;

interface CollectOptions {
  readonly api: StatsSource;
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

interface Collected {
  /** `apiCalls` is 0: the caller knows the session's call count and sets it. */
  readonly snapshot: RawSnapshot;
  /** Every task's result by task id, including those passed in as `done`. */
  readonly parts: TaskResults;
  readonly plan: CollectionPlan;
}

class CollectionError extends Error {
  override readonly name: string = 'CollectionError';
}

/** The signal fired; `done` of `total` tasks were finished (and checkpointed) before the run stopped. */
export class CollectionAbortedError extends CollectionError {
  override readonly name = 'CollectionAbortedError';
  readonly done: number;
  readonly total: number;

  constructor(done: number, total: number, options?: ErrorOptions) {
    super(`collection stopped after ${done} of ${total} tasks`, options);
    this.done = done;
    this.total = total;
  }
}

/** A task failed; the other tasks still ran to completion so a retry resumes after them. */
export class CollectionTaskError extends CollectionError {
  override readonly name = 'CollectionTaskError';
  readonly taskId: string;
  readonly failedTasks: number;

  constructor(taskId: string, failedTasks: number, options: ErrorOptions) {
    const others = failedTasks > 1 ? ` (and ${failedTasks - 1} more tasks)` : '';
    super(`collecting ${taskId} failed${others}: ${messageOf(options.cause)}`, options);
    this.taskId = taskId;
    this.failedTasks = failedTasks;
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
export function isEmpty(dataset: { readonly chats: ChatsData }): boolean {
  return hasNoChats(dataset.chats);
}

/** Breaking off a paged request between pages means the client asks for no further page. */
function run(api: StatsSource, task: CollectionTask, signal: AbortSignal | undefined): Promise<unknown> {
  signal?.throwIfAborted();
  return api.fetch(task.request, signal ? { signal } : {});
}

/** The snapshot from task results; anything the plan did not fetch stays empty. */
function assemble(
  report: ReportConfig,
  plan: CollectionPlan,
  parts: Readonly<TaskResults>,
  collectedAt: string,
): RawSnapshot {
  const log = new QualityLog();
  const conditions = conditionsFrom(parts, log);
  const current = datasetFrom(parts, 'current', log);
  const previous = plan.previous ? datasetFrom(parts, 'previous', log) : null;
  const teams = Object.fromEntries(
    plan.teams.map((team) => {
      const own = (window: 'current' | 'previous', report: Dataset): Partial<Dataset> =>
        teamDatasetFrom(team, window, report, parts, log);
      return [
        team.key,
        { current: own('current', current), previous: previous && own('previous', previous) },
      ];
    }),
  );
  return {
    version: 1,
    reportId: report.id,
    dimension: report.dimension,
    language: report.language,
    period: plan.period,
    previousPeriod: plan.previous,
    collectedAt,
    apiCalls: 0,
    conditions,
    current,
    previous,
    ...(plan.teams.length > 0 ? { teams } : {}),
    quality: log.build(),
  };
}

/**
 * A team's perTeam sections for one window: its own answers, the report's when the report's filter
 * already is the team's, or the empty answers when the team is outside the report's filter. Required
 * fields are checked on the report's answers only: a team's answer has the same fields.
 */
function teamDatasetFrom(
  team: PlannedTeam,
  window: 'current' | 'previous',
  report: Dataset,
  parts: Readonly<TaskResults>,
  log: QualityLog,
): Partial<Dataset> {
  const dataset: Record<string, unknown> = {};
  for (const section of SECTIONS) {
    if (!section.perTeam) continue;
    if (team.source === 'same') {
      dataset[section.id] = report[section.id as keyof Dataset];
      continue;
    }
    for (const { id, key, part } of partsOf(section)) {
      const answer = team.source === 'own' ? parts[teamTaskId(team.key, window, id)] : undefined;
      const value =
        answer === undefined || answer === null
          ? (answer ?? part.empty())
          : readPart(part, answer, log, false);
      if (key === null) dataset[section.id] = value;
      else dataset[section.id] = { ...(dataset[section.id] as object | undefined), [key]: value };
    }
  }
  return dataset as Partial<Dataset>;
}

export function emptyConditions(): Conditions {
  return conditionsFrom({});
}

export function emptyDataset(): Dataset {
  return datasetFrom({}, 'current');
}

/** Each fetching section's data from the task results; a part that was not fetched is its empty answer. */
function datasetFrom(
  parts: Readonly<TaskResults>,
  prefix: 'current' | 'previous',
  log?: QualityLog,
): Dataset {
  const dataset: Record<string, unknown> = {};
  for (const section of SECTIONS) {
    for (const { id, key, part } of partsOf(section)) {
      const taskId = `${prefix}.${id}`;
      const answer = parts[taskId];
      const value =
        answer === undefined || answer === null || !log
          ? (answer ?? part.empty())
          : readPart(part, answer, log, prefix === 'current');
      if (key === null) dataset[section.id] = value;
      else dataset[section.id] = { ...(dataset[section.id] as object | undefined), [key]: value };
    }
  }
  return dataset as unknown as Dataset;
}

/**
 * A snapshot archived by an older version may lack a part added since (its definition, which is the
 * report's config, did not change): the missing parts read as not fetched, so a re-render shows them
 * empty rather than failing on a field that is not there.
 */
export function withEveryPart(snapshot: RawSnapshot): RawSnapshot {
  const complete = (dataset: Dataset): Dataset => {
    const stored = dataset as unknown as Record<string, unknown>;
    const filled = datasetFrom({}, 'current') as unknown as Record<string, unknown>;
    for (const [id, empty] of Object.entries(filled)) {
      const value = stored[id];
      filled[id] =
        value === undefined
          ? empty
          : empty !== null && typeof empty === 'object' && !Array.isArray(empty)
            ? { ...empty, ...(value as object) }
            : value;
    }
    return { ...dataset, ...filled } as unknown as Dataset;
  };
  return {
    ...snapshot,
    conditions: { ...emptyConditions(), ...snapshot.conditions },
    current: complete(snapshot.current),
    previous: snapshot.previous ? complete(snapshot.previous) : null,
  };
}

/**
 * A part's answer read with its schema. Fields it requires are checked on the current window only:
 * the previous one just draws the comparison, which the same missing field blanks too.
 */
function readPart(part: Part<unknown>, answer: unknown, log: QualityLog, checkRequired: boolean): unknown {
  const rows = Array.isArray(answer) ? answer : [answer];
  const decoded = Array.isArray(answer)
    ? decodeRows(part.endpoint, part.schema, answer)
    : decodeValue(part.endpoint, part.schema, answer, 'item');
  log.unread(decoded.unread);
  if (checkRequired) {
    for (const field of missingFields(rows, Object.keys(part.requires))) {
      const blanks = part.requires[field];
      if (blanks) log.missing({ endpoint: part.endpoint, field, rows: rows.length, blanks });
    }
  }
  return decoded.value;
}

function conditionsFrom(parts: Readonly<TaskResults>, log?: QualityLog): Conditions {
  const conditions: Record<string, unknown> = {};
  for (const [name, request] of Object.entries(CONDITION_REQUESTS)) {
    const answer = parts[`conditions.${name}`];
    if (!Array.isArray(answer) || !log) {
      conditions[name] = answer ?? [];
      continue;
    }
    const decoded = decodeRows(request.endpoint, request.schema, answer);
    log.unread(decoded.unread);
    conditions[name] = decoded.value;
  }
  return conditions as unknown as Conditions;
}
