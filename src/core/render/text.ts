import type { AgentRow } from '../sections/agents.ts';
import {
  attentionRule,
  changeText,
  describeChange,
  describeTarget,
  displayName,
  FILE_NAME_LIMIT,
  formatValue,
} from './format.ts';
import { dataNoteLabelsFor, type Labels, labelsFor } from './i18n.ts';
import type { JudgedKpi, ReportModel, TrendPoint } from './model.ts';

/** The plain-text alternative of the HTML email: the same facts, in aligned monospace columns. */

const TEXT_LIMITS = { nameWidth: 28, barWidth: 30, dimensionRows: 40, trendDays: 62 } as const;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// Han, kana, hangul, full-width forms and emoji take two monospace cells.
const WIDE =
  /^[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const { segment } of segmenter.segment(text)) width += WIDE.test(segment) ? 2 : 1;
  return width;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

type Column = { readonly header: string; readonly align: 'left' | 'right' };

/** Rows of cells as aligned lines, each column as wide as its widest cell. */
function columns(spec: readonly Column[], rows: readonly string[][]): string[] {
  const all = [spec.map((c) => c.header), ...rows];
  const widths = spec.map((_, i) => Math.max(...all.map((row) => displayWidth(row[i] ?? ''))));
  const line = (row: readonly string[]) =>
    spec
      .map((c, i) => pad(row[i] ?? '', widths[i] ?? 0, c.align))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(all[0] ?? []), rule, ...rows.map(line)];
}

function heading(title: string): string[] {
  return ['', title.toUpperCase(), '='.repeat(displayWidth(title))];
}

const name = (text: string) => displayName(text, TEXT_LIMITS.nameWidth);

function kpiLines(model: ReportModel, labels: Labels): string[] {
  const rows = model.kpis.map((kpi: JudgedKpi) => {
    const change = describeChange(kpi, model.language);
    return [
      kpi.label[model.language],
      formatValue(kpi.current, kpi.format, model.language),
      change ? changeText(change) : '',
      model.compared ? `${labels.previous} ${formatValue(kpi.previous, kpi.format, model.language)}` : '',
      kpi.target ? describeTarget(kpi.target, model.language).text : '',
      kpi.accountWide ? `[${labels.accountWide}]` : '',
    ];
  });
  const spec: Column[] = [
    { header: '', align: 'left' },
    { header: '', align: 'right' },
    { header: '', align: 'right' },
    { header: '', align: 'left' },
    { header: '', align: 'left' },
    { header: '', align: 'left' },
  ];
  const lines = columns(spec, rows).slice(2);
  if (model.kpis.some((k) => k.accountWide)) lines.push('', labels.accountWideNote);
  return [...heading(labels.keyFigures), ...lines];
}

function trendLines(model: ReportModel, labels: Labels): string[] {
  const points = model.trend.slice(-TEXT_LIMITS.trendDays);
  // A day whose chat count is unknown draws its valid chats alone.
  const barOf = (p: TrendPoint) => p.chats ?? p.valid ?? 0;
  const max = Math.max(1, ...points.map(barOf));
  const rows = points.map((p) => {
    const valid = Math.round((Math.min(p.valid ?? 0, barOf(p)) / max) * TEXT_LIMITS.barWidth);
    const all = Math.round((barOf(p) / max) * TEXT_LIMITS.barWidth);
    return [
      p.date,
      formatValue(p.valid, 'count', model.language),
      formatValue(p.chats, 'count', model.language),
      '#'.repeat(valid) + '+'.repeat(Math.max(0, all - valid)),
    ];
  });
  const spec: Column[] = [
    { header: labels.columns.date, align: 'left' },
    { header: labels.trendValid, align: 'right' },
    { header: labels.trendChats, align: 'right' },
    { header: '', align: 'left' },
  ];
  const truncated =
    points.length < model.trend.length ? ['', labels.trendTruncated(points.length, model.trend.length)] : [];
  return [...heading(labels.trend), ...columns(spec, rows), ...truncated];
}

/** The text part's trend of the last periods: the same figures as the HTML, a gap said in words. */
function periodTrendLines(model: ReportModel, labels: Labels): string[] {
  const trend = model.periodTrend;
  if (!trend) return [];
  const { language } = model;
  const kpis = ['totalChats', 'validReceptionRate', 'avgFirstResponse', 'satisfaction'].flatMap((id) => {
    const kpi = model.kpis.find((k) => k.id === id);
    return kpi ? [kpi] : [];
  });
  const max = Math.max(1, ...trend.periods.map((p) => p.figures?.totalChats ?? 0));
  const rows = trend.periods.map((period) => {
    const chats = period.figures?.totalChats ?? null;
    const bar =
      period.figures === null
        ? `(${labels.noData})`
        : '#'.repeat(Math.round(((chats ?? 0) / max) * TEXT_LIMITS.barWidth));
    const values = kpis.map((kpi) =>
      formatValue(period.figures ? (period.figures[kpi.metric] ?? null) : null, kpi.format, language),
    );
    return [period.label, ...values, bar];
  });
  const spec: Column[] = [
    { header: labels.periodColumn[trend.kind], align: 'left' },
    ...kpis.map((kpi): Column => ({ header: kpi.label[language], align: 'right' })),
    { header: '', align: 'left' },
  ];
  return [
    ...heading(labels.periodTrend(trend.kind, trend.periods.length)),
    ...columns(spec, rows),
    '',
    labels.periodTrendNote,
  ];
}

function dimensionLines(model: ReportModel, labels: Labels): string[] {
  const { language } = model;
  const c = labels.columns;
  const shown = model.dimensionRows.slice(0, TEXT_LIMITS.dimensionRows);
  const rows = shown.map((row) => [
    name(row.name),
    formatValue(row.chats, 'count', language),
    formatValue(row.valid, 'count', language),
    formatValue(row.validReceptionRate, 'percent', language),
    formatValue(row.avgFirstResponse, 'duration', language),
    formatValue(row.resolvedRate, 'percent', language),
  ]);
  const spec: Column[] = [
    { header: labels.dimension[model.dimension].column, align: 'left' },
    { header: c.chats, align: 'right' },
    { header: c.valid, align: 'right' },
    { header: c.validReceptionRate, align: 'right' },
    { header: c.avgFirstResponse, align: 'right' },
    { header: c.resolvedRate, align: 'right' },
  ];
  const truncated =
    shown.length < model.dimensionRows.length
      ? ['', labels.rowsTruncated(shown.length, model.dimensionRows.length)]
      : [];
  return [...heading(labels.dimension[model.dimension].section), ...columns(spec, rows), ...truncated];
}

function agentLines(
  title: string,
  agents: readonly AgentRow[],
  model: ReportModel,
  labels: Labels,
): string[] {
  const { language } = model;
  const c = labels.columns;
  const rows = agents.map((agent) => [
    name(agent.name),
    name(agent.groups),
    formatValue(agent.validReception, 'count', language),
    formatValue(agent.validReceptionRate, 'percent', language),
    formatValue(agent.avgFirstResponse, 'duration', language),
    formatValue(agent.satisfaction, 'score', language),
  ]);
  const spec: Column[] = [
    { header: c.agent, align: 'left' },
    { header: c.group, align: 'left' },
    { header: c.validReception, align: 'right' },
    { header: c.validReceptionRate, align: 'right' },
    { header: c.avgFirstResponse, align: 'right' },
    { header: c.satisfaction, align: 'right' },
  ];
  return [...heading(title), ...columns(spec, rows)];
}

function fileLines(archive: NonNullable<ReportModel['archive']>, labels: Labels): string[] {
  const { files: words } = labels;
  const workbook = displayName(archive.workbook, FILE_NAME_LIMIT);
  return [
    ...heading(words.title),
    archive.attached ? words.attached(workbook) : words.notAttached(workbook),
    '',
    words.archived,
    ...archive.files.map((file) => `  - ${displayName(file.name, FILE_NAME_LIMIT)}: ${words[file.kind]}`),
    '',
    `${words.folder}:`,
    `  ${displayName(archive.location, 2_000)}`,
    // On a line of its own, so a plain-text reader can open it.
    ...(archive.folderUrl ? [`${words.openFolder} (${words.consoleAccess}):`, `  ${archive.folderUrl}`] : []),
  ];
}

export function renderText(model: ReportModel): string {
  const labels = labelsFor(model.language, model.period);
  const shows = (part: ReportModel['sections'][number]) => model.sections.includes(part);
  const lines = [
    displayName(model.title, 200),
    `${labels.period}: ${model.periodText}`,
    ...(model.scopeName ? [`${labels.scope}: ${displayName(model.scopeName, 120)}`] : []),
    model.compared && model.previousPeriodText
      ? `${labels.comparedWith}: ${model.previousPeriodText}`
      : labels.notCompared,
  ];
  if (model.empty && model.emptyMessage) lines.push('', `*** ${model.emptyMessage} ***`);
  for (const warning of model.dataNotes.warnings) lines.push('', `*** ${warning} ***`);
  if (model.archive && !model.archive.attached) {
    lines.push(
      '',
      `*** ${labels.files.notAttached(displayName(model.archive.workbook, FILE_NAME_LIMIT))} ***`,
    );
  }
  if (shows('summary')) lines.push(...kpiLines(model, labels));
  if (!model.empty && shows('chats') && model.trend.length > 0) lines.push(...trendLines(model, labels));
  if (!model.empty && shows('chats') && model.dataNotes.dailyUnavailable) {
    lines.push(...heading(labels.trend), dataNoteLabelsFor(model.language).dailyUnavailable);
  }
  if (shows('summary')) lines.push(...periodTrendLines(model, labels));
  if (!model.empty && shows('dimensions') && model.dimensionRows.length > 0) {
    lines.push(...dimensionLines(model, labels));
  }
  if (shows('agents') && model.agents.top.length > 0) {
    const { agents } = model;
    lines.push(...agentLines(labels.topAgents, agents.top, model, labels), '', labels.topRule);
    lines.push(
      ...(agents.attention.length > 0
        ? agentLines(labels.attentionAgents, agents.attention, model, labels)
        : heading(labels.attentionAgents)),
      '',
      attentionRule(model, labels),
    );
  }
  if (model.archive) lines.push(...fileLines(model.archive, labels));
  lines.push('', '--');
  if (model.dataNotes.unread) lines.push(model.dataNotes.unread);
  lines.push(`${labels.collectedAt}: ${model.collectedAt}`, labels.footer, '');
  return lines.join('\n');
}
