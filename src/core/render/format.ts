import { METRICS } from '../sections/metrics.ts';
import { BOUND_SYMBOL, type Target, type TargetState } from '../sections/targets.ts';
import type { Language } from './i18n.ts';
import { type Labels, labelsFor } from './i18n.ts';
import { type ChangeVerdict, judgeChange, type Kpi, type KpiFormat } from './kpis.ts';
import type { JudgedKpi, JudgedTarget, ReportModel } from './model.ts';

/** Number and text formatting shared by the HTML and plain-text emails (the workbook uses Excel formats). */

const LOCALE: Record<Language, string> = { en: 'en-US', zh: 'zh-CN' };

// Building an Intl.NumberFormat costs far more than formatting with one, and a report formats
// thousands of cells with a handful of formats.
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE[language], options);
    numberFormats.set(key, format);
  }
  return format;
}

function formatCount(value: number, language: Language): string {
  return numberFormat(language, { maximumFractionDigits: 0 }).format(value);
}

/** A fraction as a percentage with one decimal: 0.7143 → `71.4%`. */
function formatPercent(fraction: number, language: Language): string {
  return numberFormat(language, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(fraction);
}

function formatScore(value: number, language: Language): string {
  return numberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

const DURATION_UNITS: Record<Language, { m: string; s: string }> = {
  en: { m: 'm', s: 's' },
  zh: { m: '分', s: '秒' },
};

/** Milliseconds as `45s`, `3m 12s`, or `1:02:03` from an hour up (zh: `45秒`, `3分12秒`). */
function formatDuration(ms: number, language: Language): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.round(Math.abs(ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const unit = DURATION_UNITS[language];
  if (hours > 0) {
    return `${sign}${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  }
  if (minutes > 0) {
    const gap = language === 'en' ? ' ' : '';
    return `${sign}${minutes}${unit.m}${gap}${seconds}${unit.s}`;
  }
  return `${sign}${seconds}${unit.s}`;
}

export function formatValue(value: number | null, format: KpiFormat, language: Language): string {
  if (value === null) return labelsFor(language).notAvailable;
  switch (format) {
    case 'count':
      return formatCount(value, language);
    case 'percent':
      return formatPercent(value, language);
    case 'duration':
      return formatDuration(value, language);
    case 'score':
      return formatScore(value, language);
  }
}

interface ChangeDisplay {
  /** Empty when the change rounds to zero at the precision shown. */
  readonly arrow: '▲' | '▼' | '';
  /** Unsigned: the arrow carries the direction. */
  readonly amount: string;
  readonly verdict: ChangeVerdict;
}

/** Whether a formatted amount is zero at its precision: `0.0%`, `0.0 pp`, `0.00`, `0s`. */
const ZERO_AMOUNT = /^[^1-9]*$/;

/**
 * Counts and durations change by a relative %, percents by percentage points, scores by points.
 * A count that grows from 0 has no relative change, so its absolute change is shown instead. A
 * change that rounds to zero where it is shown, or between two values that read the same (44s and
 * 44s), has no arrow and no verdict: `±0`, or the zero amount itself (`0.0%`).
 */
export function describeChange(kpi: Kpi, language: Language): ChangeDisplay | null {
  if (!kpi.change) return null;
  const { absolute, relative } = kpi.change;
  const size = Math.abs(absolute);
  const unit = labelsFor(language).percentPoints;
  const pointsSuffix = `${language === 'en' ? ' ' : ''}${unit}`;
  if (
    absolute === 0 ||
    formatValue(kpi.current, kpi.format, language) === formatValue(kpi.previous, kpi.format, language)
  ) {
    return { arrow: '', amount: kpi.format === 'percent' ? `±0${pointsSuffix}` : '±0', verdict: 'neutral' };
  }
  let amount: string;
  if (kpi.format === 'percent') {
    const points = numberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    amount = `${points.format(size * 100)}${pointsSuffix}`;
  } else if (kpi.format === 'score') {
    amount = formatScore(size, language);
  } else if (relative !== null) {
    amount = formatPercent(Math.abs(relative), language);
  } else {
    amount = formatValue(size, kpi.format, language);
  }
  if (ZERO_AMOUNT.test(amount)) return { arrow: '', amount, verdict: 'neutral' };
  return { arrow: absolute > 0 ? '▲' : '▼', amount, verdict: judgeChange(kpi) };
}

/** A change as one line of text: `▲ 3.1%`, or `±0` with no arrow. */
export function changeText(change: ChangeDisplay): string {
  return change.arrow ? `${change.arrow} ${change.amount}` : change.amount;
}

/** `≥ 90.0%`, `≤ 30s`: a target's bound as the figures are shown. */
function boundText(target: Target, language: Language): string {
  return `${BOUND_SYMBOL[target.bound]} ${formatValue(target.value, METRICS[target.metric].unit, language)}`;
}

/** A key figure's target line, with its state in words and a symbol, never in colour alone. */
export function describeTarget(
  judged: JudgedTarget,
  language: Language,
): { readonly state: TargetState; readonly text: string } {
  const { target, state } = judged;
  const words = labelsFor(language).target;
  const value = formatValue(target.value, METRICS[target.metric].unit, language);
  const text =
    state === 'met'
      ? words.met(boundText(target, language))
      : state === 'unknown'
        ? words.unknown(boundText(target, language))
        : target.bound === 'min'
          ? words.below(value)
          : words.above(value);
  return { state, text };
}

/** A missed key figure as an alert's subject names it: `Avg first response 46s > 30s`. */
export function missedText(kpi: JudgedKpi, language: Language): string {
  const target = kpi.target?.target;
  if (!target) return kpi.label[language];
  const value = (v: number | null) => formatValue(v, kpi.format, language);
  return `${kpi.label[language]} ${value(kpi.current)} ${target.bound === 'min' ? '<' : '>'} ${value(target.value)}`;
}

/** `Valid reception (% of chats) ≥ 90.0%; Avg first response ≤ 30s`. */
function measuresText(measures: readonly Target[], language: Language): string {
  return measures
    .map((m) => `${METRICS[m.metric].label[language]} ${boundText(m, language)}`)
    .join(language === 'zh' ? '；' : '; ');
}

/** How the list of agents needing attention was chosen, in one line (the same in the text part). */
export function attentionRule(model: ReportModel, labels: Labels = labelsFor(model.language)): string {
  const { agents } = model;
  const rule = {
    basis: model.attentionBasis,
    minChats: agents.minChats,
    judged: agents.judged,
    ranked: agents.ranked,
    measures: measuresText(agents.measures, model.language),
  };
  return agents.attention.length > 0 ? labels.attentionRule(rule) : labels.attentionNone(rule);
}

const DISPLAY_NAME_LIMIT = 60;
/** A file name is shown whole, or the reader cannot find the file: 255 is a file system's limit. */
export const FILE_NAME_LIMIT = 255;

// C0/C1 controls (CR, LF, tab, NUL…) and bidi embedding/override/isolate marks, which could reorder
// the text around a name (e.g. a right-to-left override making "exe.pdf" read as "fdp.exe").
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A name from the API made safe to show in one cell or line: control characters become spaces and
 * long names are cut at a grapheme boundary (an emoji or accented letter is never split) with `…`.
 * This is display hygiene, not escaping: HTML still escapes the result.
 */
export function displayName(name: string | null | undefined, limit = DISPLAY_NAME_LIMIT): string {
  const clean = (name ?? '').replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
  if (clean.length <= limit) return clean;
  const kept: string[] = [];
  for (const { segment } of segmenter.segment(clean)) {
    if (kept.length >= limit - 1) break;
    kept.push(segment);
  }
  return `${kept.join('').trimEnd()}…`;
}
