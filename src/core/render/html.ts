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
import { breakable, fill, type Html, join, NOTHING } from './markup.ts';
import type { DimensionRow, JudgedKpi, ReportModel, TrendPoint } from './model.ts';

/** Bounds that keep a large report under Gmail's 102 KB clipping limit; the workbook has everything. */
const HTML_LIMITS = { dimensionRows: 40, trendDays: 62, kpisPerRow: 3 } as const;
/**
 * Gmail clips a message whose HTML passes 102 KB (104,448 bytes) behind "View entire message", the
 * key figures' end with it. Long names, a zh report or a long trend can pass it with 40 rows, so an
 * email over this budget is drawn again with fewer rows of the dimension table (the note says so).
 */
const CLIP_BUDGET_BYTES = 100 * 1024;
const FEWEST_DIMENSION_ROWS = 10;

/** Only web links become anchors; an s3:// or local path is shown as text to copy. */
const LINKABLE = /^https:\/\//i;

/**
 * Every card of a report has the same lines (a blank one where a card has nothing to say), so the
 * cards of a row line up without relying on height, which Outlook ignores.
 */
function targetLine(kpi: JudgedKpi, model: ReportModel): Html {
  if (kpi.target) {
    const { state, text } = describeTarget(kpi.target, model.language);
    return fill(`target-${state}`, { text });
  }
  return model.kpis.some((k) => k.target) ? fill('target-blank', {}) : NOTHING;
}

function kpiCard(kpi: JudgedKpi, model: ReportModel, labels: Labels): Html {
  const { language } = model;
  const change = describeChange(kpi, language);
  const anyTag = model.kpis.some((k) => k.accountWide);
  let changeLine = NOTHING;
  if (change) changeLine = fill(`change-${change.verdict}`, { arrow: change.arrow, amount: change.amount });
  else if (model.compared) changeLine = fill('change-neutral', { arrow: '', amount: labels.notAvailable });
  let tagLine = NOTHING;
  if (kpi.accountWide) tagLine = fill('tag', { text: labels.accountWide });
  else if (anyTag) tagLine = fill('tag-blank', {});
  return fill('kpi-card', {
    label: kpi.label[language],
    value: formatValue(kpi.current, kpi.format, language),
    change: changeLine,
    previous: model.compared
      ? fill('kpi-previous', {
          label: labels.previous,
          value: formatValue(kpi.previous, kpi.format, language),
        })
      : NOTHING,
    target: targetLine(kpi, model),
    tag: tagLine,
  });
}

function kpiGrid(model: ReportModel, labels: Labels): Html {
  const rows: Html[] = [];
  const perRow = HTML_LIMITS.kpisPerRow;
  for (let i = 0; i < model.kpis.length; i += perRow) {
    const cards = model.kpis.slice(i, i + perRow).map((kpi) => kpiCard(kpi, model, labels));
    while (cards.length < perRow) cards.push(fill('kpi-card-filler', {}));
    rows.push(fill('kpi-row', { cards: join(cards) }));
  }
  const notes = model.kpis.some((k) => k.accountWide)
    ? fill('note', { text: labels.accountWideNote })
    : NOTHING;
  return join([fill('kpi-grid', { rows: join(rows) }), notes]);
}

function percentOf(part: number, whole: number): number {
  return whole <= 0 ? 0 : Math.round((part / whole) * 100);
}

/** A day's bar length: its chats, or its valid chats when the chat count is unknown. */
function barOf(point: TrendPoint): number {
  return point.chats ?? point.valid ?? 0;
}

function trendRow(point: TrendPoint, max: number, model: ReportModel): Html {
  const chats = barOf(point);
  const valid = Math.min(point.valid ?? 0, chats);
  const validWidth = percentOf(valid, max);
  const invalidWidth = Math.min(100 - validWidth, percentOf(chats - valid, max));
  const restWidth = 100 - validWidth - invalidWidth;
  // Outlook renders a 0% cell at some width, so empty segments are left out.
  const segments = [
    validWidth > 0 ? fill('bar-valid', { width: validWidth }) : NOTHING,
    invalidWidth > 0 ? fill('bar-invalid', { width: invalidWidth }) : NOTHING,
    restWidth > 0 ? fill('bar-rest', { width: restWidth }) : NOTHING,
  ];
  const value = `${formatValue(point.valid, 'count', model.language)} / ${formatValue(point.chats, 'count', model.language)}`;
  return fill('trend-row', { date: point.date, segments: join(segments), value });
}

function trendChart(model: ReportModel, labels: Labels): Html {
  const points = model.trend.slice(-HTML_LIMITS.trendDays);
  const max = Math.max(0, ...points.map(barOf));
  const chart = fill('trend', {
    rows: join(points.map((p) => trendRow(p, max, model))),
    validLabel: labels.trendValid,
    chatsLabel: labels.trendChats,
  });
  const truncated =
    points.length < model.trend.length
      ? fill('note', { text: labels.trendTruncated(points.length, model.trend.length) })
      : NOTHING;
  return join([chart, truncated]);
}

/** The headline figures the email's trend shows beside its bars; the Trend sheet has every one. */
const PERIOD_TREND_FIGURES = [
  { id: 'totalChats', secondary: false },
  { id: 'validReceptionRate', secondary: false },
  { id: 'avgFirstResponse', secondary: true },
  { id: 'satisfaction', secondary: true },
] as const;

function periodBar(chats: number | null | undefined, max: number, labels: Labels): Html {
  if (chats === null || chats === undefined) return fill('period-gap', { text: labels.noData });
  const width = percentOf(chats, max);
  // Outlook draws a 0% cell at some width: an empty period gets no filled cell at all.
  if (width <= 0) return fill('period-gap', { text: '' });
  const rest = width < 100 ? fill('period-rest', { width: 100 - width }) : NOTHING;
  return fill('period-fill', { width, rest });
}

function periodTrendTable(model: ReportModel, labels: Labels): Html {
  const trend = model.periodTrend;
  if (!trend) return NOTHING;
  const { language } = model;
  const figures = PERIOD_TREND_FIGURES.flatMap(({ id, secondary }) => {
    const kpi = model.kpis.find((k) => k.id === id);
    return kpi ? [{ kpi, secondary }] : [];
  });
  const max = Math.max(0, ...trend.periods.map((p) => p.figures?.totalChats ?? 0));
  const head = [
    fill('period-th', { text: labels.periodColumn[trend.kind] }),
    fill('period-th', { text: '' }),
    ...figures.map(({ kpi, secondary }) =>
      fill(secondary ? 'period-th-secondary' : 'period-th-num', { text: kpi.label[language] }),
    ),
  ];
  const rows = trend.periods.map((period) => {
    const cells = figures.map(({ kpi, secondary }) => {
      const value = period.figures ? (period.figures[kpi.metric] ?? null) : null;
      return fill(secondary ? 'period-td-secondary' : 'period-td', {
        text: formatValue(value, kpi.format, language),
      });
    });
    return fill('period-row', {
      label: period.label,
      bar: periodBar(period.figures ? period.figures.totalChats : null, max, labels),
      cells: join(cells),
    });
  });
  return join([
    fill('period-trend', { head: join(head), rows: join(rows) }),
    fill('note', { text: labels.periodTrendNote }),
  ]);
}

function table(head: readonly Html[], rows: readonly Html[][]): Html {
  return fill('table', {
    head: join(head),
    rows: join(rows.map((cells) => fill('table-row', { cells: join(cells) }))),
  });
}

const th = (text: string) => fill('th', { text });
const thNum = (text: string) => fill('th-num', { text });
const td = (text: string) => fill('td', { text: displayName(text) });
const tdNum = (text: string) => fill('td-num', { text });
/** A column a phone leaves out, so the name and the figures that matter most fit its width. */
const thSecondary = (text: string) => fill('th-num-secondary', { text });
const tdSecondary = (text: string) => fill('td-num-secondary', { text });

function dimensionTable(model: ReportModel, labels: Labels, maxRows: number): Html {
  const { language } = model;
  const rows = model.dimensionRows.slice(0, maxRows);
  const c = labels.columns;
  const body = rows.map((row: DimensionRow) => [
    td(row.name),
    tdNum(formatValue(row.chats, 'count', language)),
    tdSecondary(formatValue(row.valid, 'count', language)),
    tdNum(formatValue(row.validReceptionRate, 'percent', language)),
    tdNum(formatValue(row.avgFirstResponse, 'duration', language)),
    tdNum(formatValue(row.resolvedRate, 'percent', language)),
  ]);
  const head = [
    th(labels.dimension[model.dimension].column),
    thNum(c.chats),
    thSecondary(c.valid),
    thNum(c.validReceptionRate),
    thNum(c.avgFirstResponse),
    thNum(c.resolvedRate),
  ];
  const truncated =
    rows.length < model.dimensionRows.length
      ? fill('note', { text: labels.rowsTruncated(rows.length, model.dimensionRows.length) })
      : NOTHING;
  return join([table(head, body), truncated]);
}

function agentTable(agents: readonly AgentRow[], model: ReportModel, labels: Labels): Html {
  const { language } = model;
  const c = labels.columns;
  const head = [
    th(c.agent),
    thSecondary(c.validReception),
    thNum(c.validReceptionRate),
    thNum(c.avgFirstResponse),
    thNum(c.satisfaction),
  ];
  const body = agents.map((agent) => [
    fill('td-with-sub', { text: displayName(agent.name), sub: displayName(agent.groups) }),
    tdSecondary(formatValue(agent.validReception, 'count', language)),
    tdNum(formatValue(agent.validReceptionRate, 'percent', language)),
    tdNum(formatValue(agent.avgFirstResponse, 'duration', language)),
    tdNum(formatValue(agent.satisfaction, 'score', language)),
  ]);
  return table(head, body);
}

/** Said at the top too: a reader looks for the attachment before reading down to the files. */
function notAttached(model: ReportModel, labels: Labels): string {
  return labels.files.notAttached(displayName(model.archive?.workbook, FILE_NAME_LIMIT));
}

function files(archive: NonNullable<ReportModel['archive']>, labels: Labels): Html {
  const { files: words } = labels;
  const workbook = displayName(archive.workbook, FILE_NAME_LIMIT);
  const names = archive.files.map((file) =>
    fill('file-name', {
      name: breakable(displayName(file.name, FILE_NAME_LIMIT)),
      description: words[file.kind],
    }),
  );
  const folder =
    archive.folderUrl && LINKABLE.test(archive.folderUrl)
      ? fill('folder-link', {
          href: archive.folderUrl,
          text: words.openFolder,
          audience: words.consoleAccess,
          location: breakable(archive.location),
        })
      : fill('folder-path', { label: words.folder, location: breakable(archive.location) });
  return fill('files', {
    attachment: archive.attached ? words.attached(workbook) : words.notAttached(workbook),
    archived: words.archived,
    files: join(names),
    folder,
  });
}

function section(title: string, body: Html): Html {
  return fill('section', { title, body });
}

function content(model: ReportModel, labels: Labels, dimensionRows: number): Html {
  const shows = (part: ReportModel['sections'][number]) => model.sections.includes(part);
  const parts: Html[] = [];
  if (model.empty && model.emptyMessage) parts.push(fill('notice', { message: model.emptyMessage }));
  for (const warning of model.dataNotes.warnings) parts.push(fill('notice', { message: warning }));
  if (model.archive && !model.archive.attached)
    parts.push(fill('notice', { message: notAttached(model, labels) }));
  if (shows('summary')) parts.push(section(labels.keyFigures, kpiGrid(model, labels)));
  if (!model.empty && shows('chats') && model.trend.length > 0) {
    parts.push(section(labels.trend, trendChart(model, labels)));
  }
  if (!model.empty && shows('chats') && model.dataNotes.dailyUnavailable) {
    const note = fill('note', { text: dataNoteLabelsFor(model.language).dailyUnavailable });
    parts.push(section(labels.trend, note));
  }
  if (shows('summary') && model.periodTrend) {
    const title = labels.periodTrend(model.periodTrend.kind, model.periodTrend.periods.length);
    parts.push(section(title, periodTrendTable(model, labels)));
  }
  if (!model.empty && shows('dimensions') && model.dimensionRows.length > 0) {
    parts.push(
      section(labels.dimension[model.dimension].section, dimensionTable(model, labels, dimensionRows)),
    );
  }
  if (shows('agents') && model.agents.top.length > 0) {
    const { agents } = model;
    const rule = attentionRule(model, labels);
    parts.push(
      section(
        labels.topAgents,
        join([agentTable(agents.top, model, labels), fill('note', { text: labels.topRule })]),
      ),
      section(
        labels.attentionAgents,
        agents.attention.length > 0
          ? join([agentTable(agents.attention, model, labels), fill('note', { text: rule })])
          : fill('note', { text: rule }),
      ),
    );
  }
  if (model.archive) parts.push(section(labels.files.title, files(model.archive, labels)));
  return join(parts);
}

/** The first line an inbox shows under the subject. */
function preheader(model: ReportModel, labels: Labels): string {
  const total = model.kpis.find((k) => k.id === 'totalChats');
  if (model.empty || !total) return `${model.periodText} · ${labels.noChats}`;
  const change = describeChange(total, model.language);
  const figure = `${total.label[model.language]} ${formatValue(total.current, 'count', model.language)}`;
  return `${model.periodText} · ${figure}${change ? ` (${changeText(change)})` : ''}`;
}

export function renderHtml(model: ReportModel): string {
  let rows: number = HTML_LIMITS.dimensionRows;
  let html = renderWithin(model, rows);
  while (Buffer.byteLength(html) > CLIP_BUDGET_BYTES && rows > FEWEST_DIMENSION_ROWS) {
    rows = Math.max(FEWEST_DIMENSION_ROWS, rows - 10);
    html = renderWithin(model, rows);
  }
  return html;
}

function renderWithin(model: ReportModel, dimensionRows: number): string {
  const labels = labelsFor(model.language, model.period);
  const title = displayName(model.title, 200);
  const header = fill('header', {
    title,
    periodLabel: labels.period,
    period: model.periodText,
    scope: model.scopeName
      ? fill('scope', { label: labels.scope, name: displayName(model.scopeName, 120) })
      : NOTHING,
    comparison:
      model.compared && model.previousPeriodText
        ? `${labels.comparedWith}: ${model.previousPeriodText}`
        : labels.notCompared,
  });
  const footer = fill('footer', {
    quality: model.dataNotes.unread ? fill('note', { text: model.dataNotes.unread }) : NOTHING,
    collected: `${labels.collectedAt}: ${model.collectedAt}`,
    footer: labels.footer,
  });
  return fill('layout', {
    lang: model.language === 'zh' ? 'zh-CN' : 'en',
    title,
    preheader: preheader(model, labels),
    header,
    content: content(model, labels, dimensionRows),
    footer,
  }).markup;
}
