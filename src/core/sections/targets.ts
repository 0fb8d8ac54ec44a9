import * as z from 'zod';
import { METRIC_LIST, METRICS, type MetricDefinition } from './metrics.ts';

/**
 * Targets: a report's bound on a registry metric (`validReceptionRate ≥ 0.9`, `avgFirstResponse ≤ 30 s`).
 * The config keys them by metric id and names the bound by the metric's direction, so a target can
 * only ever ask for "better": a metric where higher is better takes `min`, one where lower is better
 * `max`; a duration takes seconds (`maxSeconds`), which is what a person types, and is held in ms
 * like every duration the report computes.
 */

export type MetricId = keyof typeof METRICS;

export interface Target {
  readonly metric: MetricId;
  /** `min`: the figure must be at least `value`; `max`: at most. */
  readonly bound: 'min' | 'max';
  /** In the metric's own unit: a fraction for percents, ms for durations, points for scores. */
  readonly value: number;
}

export type TargetState = 'met' | 'missed' | 'unknown';

const TARGETABLE = METRIC_LIST.filter((m) => m.better !== 'neutral');
const TARGETABLE_IDS = TARGETABLE.map((m) => m.id).join(', ');

/** The highest score of each rating scale: a target above it could never be met. */
const SCORE_SCALE: Partial<Record<MetricId, number>> = {
  satisfaction5: 5,
  customerSatisfaction5: 5,
  satisfaction10: 10,
  customerSatisfaction10: 10,
};

const BOUND_KEYS = ['min', 'max', 'minSeconds', 'maxSeconds'] as const;
type BoundKey = (typeof BOUND_KEYS)[number];

function expectedKey(metric: MetricDefinition): BoundKey {
  const side = metric.better === 'higher' ? 'min' : 'max';
  return metric.unit === 'duration' ? `${side}Seconds` : side;
}

/** Why `value` cannot bound `metric`, or null when it can. */
function valueProblem(metric: MetricDefinition, value: number): string | null {
  if (!Number.isFinite(value) || value < 0) return 'must be a number of 0 or more';
  switch (metric.unit) {
    case 'percent':
      return value > 1 ? `is a fraction of 1 (0.9 for 90 %), not ${value}` : null;
    case 'count':
      return Number.isInteger(value) ? null : 'counts chats, so it must be a whole number';
    case 'score': {
      const scale = SCORE_SCALE[metric.id as MetricId];
      return scale !== undefined && value > scale ? `is above the scale's top score, ${scale}` : null;
    }
    case 'duration':
      return null;
  }
}

function targetOf(id: string, bound: unknown, ctx: z.RefinementCtx): Target | null {
  const metric = TARGETABLE.find((m) => m.id === id);
  if (!metric) {
    const neutral = METRIC_LIST.some((m) => m.id === id);
    ctx.addIssue({
      code: 'custom',
      path: [id],
      message: neutral
        ? `has no better direction (neither higher nor lower is better), so it takes no target; targets: ${TARGETABLE_IDS}`
        : `is not a metric that takes a target; known: ${TARGETABLE_IDS}`,
    });
    return null;
  }
  const key = expectedKey(metric);
  const shape = `{ "${key}": ${metric.unit === 'duration' ? 30 : metric.unit === 'percent' ? 0.9 : 1} }`;
  if (typeof bound !== 'object' || bound === null || Array.isArray(bound)) {
    ctx.addIssue({ code: 'custom', path: [id], message: `must be an object such as ${shape}` });
    return null;
  }
  const entries = Object.entries(bound);
  const [first, ...more] = entries;
  if (!first || more.length > 0) {
    ctx.addIssue({ code: 'custom', path: [id], message: `takes exactly one bound, such as ${shape}` });
    return null;
  }
  const [given, value] = first;
  if (given !== key) {
    const direction = metric.better === 'higher' ? 'higher' : 'lower';
    const reason = !BOUND_KEYS.includes(given as BoundKey)
      ? 'is not a known field'
      : given.endsWith('Seconds') !== (metric.unit === 'duration')
        ? metric.unit === 'duration'
          ? `${metric.label.en} is a duration: give "${key}" in seconds`
          : `${metric.label.en} is not a duration: give "${key}"`
        : `${metric.label.en} is better ${direction}, so its target is a ${key.startsWith('min') ? 'minimum' : 'maximum'}: give "${key}"`;
    ctx.addIssue({ code: 'custom', path: [id, given], message: reason });
    return null;
  }
  const problem = typeof value === 'number' ? valueProblem(metric, value) : 'must be a number';
  if (problem) {
    ctx.addIssue({ code: 'custom', path: [id, given], message: problem });
    return null;
  }
  const number = value as number;
  return {
    metric: metric.id as MetricId,
    bound: key.startsWith('min') ? 'min' : 'max',
    value: metric.unit === 'duration' ? number * 1000 : number,
  };
}

/** `reports[].targets`: `{ "<metric id>": { "min" | "max" | "minSeconds" | "maxSeconds": number } }`. */
export const targetsSchema = z
  .record(z.string(), z.unknown())
  .default({})
  .transform((input, ctx): readonly Target[] => {
    const targets = Object.entries(input).map(([id, bound]) => targetOf(id, bound, ctx));
    return targets.filter((t): t is Target => t !== null);
  });

/**
 * A figure as the email shows it (a percent to 0.1, a duration to the second, a score to 0.01): a
 * supervisor reading "90.0 %" beside "target ≥ 90 %" must not be told it was missed.
 */
function asShown(value: number, metric: MetricDefinition): number {
  switch (metric.unit) {
    case 'percent':
      return Math.round(value * 1000) / 1000;
    case 'duration':
      return Math.round(value / 1000) * 1000;
    case 'score':
      return Math.round(value * 100) / 100;
    case 'count':
      return Math.round(value);
  }
}

export function judgeTarget(target: Target, value: number | null): TargetState {
  if (value === null) return 'unknown';
  const shown = asShown(value, METRICS[target.metric]);
  const met = target.bound === 'min' ? shown >= target.value : shown <= target.value;
  return met ? 'met' : 'missed';
}

/** How far a figure is from its target, as a share of the target (0 when met, or unknown). */
export function shortfall(target: Target, value: number | null): number {
  if (judgeTarget(target, value) !== 'missed' || value === null) return 0;
  const gap = target.bound === 'min' ? target.value - value : value - target.value;
  return target.value === 0 ? gap : gap / target.value;
}

export function targetFor(targets: readonly Target[], metric: string): Target | undefined {
  return targets.find((t) => t.metric === metric);
}

export const BOUND_SYMBOL: Record<Target['bound'], string> = { min: '≥', max: '≤' };
