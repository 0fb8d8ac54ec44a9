import type { Dimension, PeriodKind, PeriodWindow } from '../report/snapshot.ts';
import { METRICS } from '../sections/metrics.ts';

export type Language = 'en' | 'zh';

export interface AttentionRuleText {
  readonly basis: 'targets' | 'team';
  readonly minChats: number;
  readonly judged: number;
  readonly ranked: number;
  readonly measures: string;
}

export interface Labels {
  readonly dimension: Record<Dimension, { readonly section: string; readonly column: string }>;
  readonly keyFigures: string;
  readonly trend: string;
  readonly trendChats: string;
  readonly trendValid: string;
  readonly trendTruncated: (shown: number, total: number) => string;
  /** The trend of the last periods: `Last 8 weeks`. */
  readonly periodTrend: (kind: PeriodKind, count: number) => string;
  readonly periodColumn: Record<PeriodKind, string>;
  /** A period nothing is known of: a gap, not zero. */
  readonly noData: string;
  readonly periodTrendNote: string;
  readonly columns: {
    readonly chats: string;
    readonly valid: string;
    readonly validReceptionRate: string;
    readonly avgFirstResponse: string;
    readonly resolvedRate: string;
    readonly agent: string;
    readonly group: string;
    readonly validReception: string;
    readonly satisfaction: string;
    readonly date: string;
  };
  readonly topAgents: string;
  readonly topRule: string;
  readonly attentionAgents: string;
  /** How the agents needing attention were chosen; `measures` lists each as `Label ≥ 90.0%`. */
  readonly attentionRule: (rule: AttentionRuleText) => string;
  readonly attentionNone: (rule: AttentionRuleText) => string;
  /** A key figure's target line: `✓ target ≥ 90.0%`, `✗ below target 90.0%`. */
  /** An alert's subject: `Missed: Valid reception (% of chats) 84.2% < 90.0%`. */
  readonly missedSubject: (missed: readonly string[]) => string;
  readonly uncheckedSubject: (unchecked: readonly string[]) => string;
  readonly target: {
    readonly met: (bound: string) => string;
    readonly below: (value: string) => string;
    readonly above: (value: string) => string;
    readonly unknown: (bound: string) => string;
  };
  readonly rowsTruncated: (shown: number, total: number) => string;
  readonly period: string;
  /** Before the previous value: `prev. week 44s`. */
  readonly previous: string;
  readonly comparedWith: string;
  /** A change's heading: `vs previous week`. */
  readonly versus: string;
  /** The previous value's heading: `Previous week`. */
  readonly previousPeriod: string;
  readonly notCompared: string;
  readonly noChats: string;
  readonly accountWide: string;
  readonly accountWideNote: string;
  readonly scope: string;
  readonly files: {
    readonly title: string;
    readonly attached: (workbook: string) => string;
    readonly notAttached: (workbook: string) => string;
    readonly archived: string;
    readonly html: string;
    readonly raw: string;
    readonly folder: string;
    readonly openFolder: string;
    readonly consoleAccess: string;
  };
  readonly collectedAt: string;
  readonly footer: string;
  readonly notAvailable: string;
  readonly percentPoints: string;
}

const en: Labels = {
  dimension: {
    department: { section: 'By department', column: 'Department' },
    skillGroup: { section: 'By skill group', column: 'Skill group' },
    // A getStat channel row is a sub-channel (channel_flag_name) of a channel (source_name).
    channel: { section: 'By channel', column: 'Channel / sub-channel' },
  },
  keyFigures: 'Key figures',
  trend: 'Chats per day',
  trendChats: METRICS.totalChats.label.en,
  trendValid: METRICS.validChats.label.en,
  trendTruncated: (shown, total) => `Last ${shown} of ${total} days shown; the workbook has them all.`,
  periodTrend: (kind, count) =>
    `Last ${count} ${{ daily: 'days', weekly: 'weeks', monthly: 'months' }[kind]}`,
  periodColumn: { daily: 'Day', weekly: 'Week', monthly: 'Month' },
  noData: 'no data',
  periodTrendNote:
    'Bars: total chats. – not known for that period; "no data": nothing known (not zero). The Trend sheet has every key figure and where each came from.',
  columns: {
    chats: METRICS.totalChats.label.en,
    valid: METRICS.validChats.label.en,
    validReceptionRate: METRICS.validReceptionRate.label.en,
    avgFirstResponse: METRICS.avgFirstResponse.label.en,
    resolvedRate: METRICS.resolvedRate.label.en,
    agent: 'Agent',
    group: 'Skill group',
    validReception: METRICS.validReceptions.label.en,
    satisfaction: METRICS.satisfaction5.label.en,
    date: 'Day',
  },
  topAgents: 'Top 5 agents',
  topRule: 'Ranked by valid reception chats.',
  attentionAgents: 'Agents needing attention',
  attentionRule: ({ basis, minChats, judged, ranked, measures }) =>
    basis === 'targets'
      ? `Chosen from the ${judged} of ${ranked} agents with at least ${minChats} chats: those who miss a target, furthest first. Targets: ${measures}.`
      : `Chosen from the ${judged} of ${ranked} agents with at least ${minChats} chats: those short of the team's own figure, furthest first (no agent target is set): ${measures}.`,
  attentionNone: ({ basis, minChats, judged, ranked, measures }) =>
    `None of the ${judged} of ${ranked} agents with at least ${minChats} chats misses ${basis === 'targets' ? 'a target' : "the team's own figure"}: ${measures}.`,
  missedSubject: (missed) => `Missed: ${missed.join(', ')}`,
  uncheckedSubject: (unchecked) => `Not checked: ${unchecked.join(', ')}`,
  target: {
    met: (bound) => `✓ target ${bound}`,
    below: (value) => `✗ below target ${value}`,
    above: (value) => `✗ above target ${value}`,
    unknown: (bound) => `target ${bound}: no figure`,
  },
  rowsTruncated: (shown, total) => `${shown} of ${total} rows shown; the workbook has them all.`,
  period: 'Period',
  previous: 'prev.',
  comparedWith: 'Compared with the previous period',
  versus: 'vs previous period',
  previousPeriod: 'Previous period',
  notCompared: 'Not compared with a previous period',
  noChats: 'No chats in this period.',
  accountWide: 'account-wide',
  accountWideNote: 'Figures tagged account-wide cover the whole account, not only this scope.',
  scope: 'Scope',
  files: {
    title: 'Where the files are',
    attached: (workbook) => `The workbook ${workbook} is attached to this email.`,
    notAttached: (workbook) =>
      `The workbook ${workbook} is too large to attach to this email; it is in the run's folder below.`,
    archived: "A copy of the workbook is archived in the run's folder, with:",
    html: 'this email, as a web page',
    raw: 'the data as collected from Sobot (JSON, gzip)',
    folder: "The run's folder",
    openFolder: "Open the run's folder in the S3 console",
    consoleAccess: 'for staff with AWS console access',
  },
  collectedAt: 'Data collected at',
  footer: 'Sent automatically by sobot-report-mailer.',
  notAvailable: '–',
  percentPoints: 'pp',
};

const zh: Labels = {
  dimension: {
    department: { section: '按部门', column: '部门' },
    skillGroup: { section: '按技能组', column: '技能组' },
    channel: { section: '按渠道', column: '渠道 / 子渠道' },
  },
  keyFigures: '核心指标',
  trend: '每日会话量',
  trendChats: METRICS.totalChats.label.zh,
  trendValid: METRICS.validChats.label.zh,
  trendTruncated: (shown, total) => `仅显示最近 ${shown} 天（共 ${total} 天），完整数据见 Excel 报表。`,
  periodTrend: (kind, count) => `最近 ${count} ${{ daily: '天', weekly: '周', monthly: '个月' }[kind]}`,
  periodColumn: { daily: '日期', weekly: '周', monthly: '月份' },
  noData: '无数据',
  periodTrendNote:
    '条形为总会话量。– 表示该期此项未知；“无数据”表示该期数据未知（并非为零）。趋势工作表列出全部关键指标及其来源。',
  columns: {
    chats: METRICS.totalChats.label.zh,
    valid: METRICS.validChats.label.zh,
    validReceptionRate: METRICS.validReceptionRate.label.zh,
    avgFirstResponse: METRICS.avgFirstResponse.label.zh,
    resolvedRate: METRICS.resolvedRate.label.zh,
    agent: '客服',
    group: '技能组',
    validReception: METRICS.validReceptions.label.zh,
    satisfaction: METRICS.satisfaction5.label.zh,
    date: '日期',
  },
  topAgents: '表现最佳的 5 位客服',
  topRule: '按有效接待会话量排名。',
  attentionAgents: '需要关注的客服',
  attentionRule: ({ basis, minChats, judged, ranked, measures }) =>
    basis === 'targets'
      ? `从会话量不少于 ${minChats} 的 ${judged} 位客服（共 ${ranked} 位）中选出未达标者，差距大者在前。目标：${measures}。`
      : `未设客服目标：从会话量不少于 ${minChats} 的 ${judged} 位客服（共 ${ranked} 位）中选出低于团队整体水平者，差距大者在前：${measures}。`,
  attentionNone: ({ basis, minChats, judged, ranked, measures }) =>
    `会话量不少于 ${minChats} 的 ${judged} 位客服（共 ${ranked} 位）均${basis === 'targets' ? '达标' : '不低于团队整体水平'}：${measures}。`,
  missedSubject: (missed) => `未达标：${missed.join('，')}`,
  uncheckedSubject: (unchecked) => `无法判断：${unchecked.join('，')}`,
  target: {
    met: (bound) => `✓ 达标（目标 ${bound}）`,
    below: (value) => `✗ 未达标：低于目标 ${value}`,
    above: (value) => `✗ 未达标：高于目标 ${value}`,
    unknown: (bound) => `目标 ${bound}：无数据`,
  },
  rowsTruncated: (shown, total) => `显示 ${shown} / ${total} 行，完整数据见 Excel 报表。`,
  period: '统计周期',
  previous: '上期',
  comparedWith: '与上一周期对比',
  versus: '较上期',
  previousPeriod: '上期',
  notCompared: '未与上一周期对比',
  noChats: '本周期内没有会话。',
  accountWide: '全账号',
  accountWideNote: '标有“全账号”的指标统计的是整个账号，而非仅当前范围。',
  scope: '范围',
  files: {
    title: '文件位置',
    attached: (workbook) => `Excel 报表 ${workbook} 已作为附件随本邮件发送。`,
    notAttached: (workbook) =>
      `Excel 报表 ${workbook} 过大，无法作为附件发送，请在下方本次运行的文件夹中查看。`,
    archived: 'Excel 报表的副本已归档在本次运行的文件夹中，同时归档的还有：',
    html: '本邮件的网页版',
    raw: '从智齿采集的原始数据（JSON，gzip 压缩）',
    folder: '本次运行的文件夹',
    openFolder: '在 S3 控制台中打开本次运行的文件夹',
    consoleAccess: '供有 AWS 控制台权限的人员使用',
  },
  collectedAt: '数据采集时间',
  footer: '本邮件由 sobot-report-mailer 自动发送。',
  notAvailable: '–',
  percentPoints: '个百分点',
};

const LABELS: Record<Language, Labels> = { en, zh };

type Comparison = Pick<Labels, 'previous' | 'comparedWith' | 'versus' | 'previousPeriod'>;

/**
 * What the previous window is called for a report of this period: a weekly report compares with the
 * previous week, never "MoM". A custom range compares with the same number of days before it.
 */
function comparisonOf(period: Pick<PeriodWindow, 'kind' | 'days'>, language: Language): Comparison {
  if (language === 'zh') {
    const previous = { daily: '前一天', weekly: '上周', monthly: '上月', custom: `前 ${period.days} 天` }[
      period.kind
    ];
    return { previous, comparedWith: `与${previous}对比`, versus: `较${previous}`, previousPeriod: previous };
  }
  const unit = { daily: 'day', weekly: 'week', monthly: 'month', custom: `${period.days} days` }[period.kind];
  return {
    previous: `prev. ${period.kind === 'custom' ? `${period.days} days` : unit}`,
    comparedWith: `Compared with the previous ${unit}`,
    versus: `vs previous ${unit}`,
    previousPeriod: `Previous ${unit}`,
  };
}

/** A heading in both languages for a report of this period, e.g. `Change vs previous week`. */
export function comparisonHeader(
  period: Pick<PeriodWindow, 'kind' | 'days'>,
  heading: (labels: Labels) => string,
): { readonly en: string; readonly zh: string } {
  return { en: heading(labelsFor('en', period)), zh: heading(labelsFor('zh', period)) };
}

/** The labels of a language; with the report's period, its comparison is named (`vs previous week`). */
export function labelsFor(language: Language, period?: Pick<PeriodWindow, 'kind' | 'days'>): Labels {
  const labels = LABELS[language];
  return period ? { ...labels, ...comparisonOf(period, language) } : labels;
}

// ---------- data-quality notes (what the tolerant reader could not read) ----------

export interface DataNoteLabels {
  /** `3 values could not be read: getStat.avg_first_response_time ("n/a"), …` */
  readonly unread: (count: number, shown: string, more: number) => string;
  /** Names no row count: a routed supervisor's email would otherwise tell how big the whole account is. */
  readonly missing: (endpoint: string, field: string, blanks: string) => string;
  readonly dailyUnavailable: string;
  readonly sheet: { readonly en: string; readonly zh: string };
  readonly kindUnread: string;
  readonly kindMissing: string;
  readonly kindDaily: string;
  readonly columns: { readonly kind: string; readonly where: string; readonly detail: string };
}

const DATA_NOTE_LABELS: Record<Language, DataNoteLabels> = {
  en: {
    unread: (count, shown, more) =>
      `${count} ${count === 1 ? 'value' : 'values'} could not be read: ${shown}${more > 0 ? ` and ${more} more` : ''}`,
    missing: (endpoint, field, blanks) => `No ${endpoint} row has ${field}; ${blanks} cannot be shown.`,
    dailyUnavailable: 'The daily breakdown is unavailable: no daily row names a day of this period.',
    sheet: { en: 'Data notes', zh: '数据说明' },
    kindUnread: 'Value not read',
    kindMissing: 'Field missing',
    kindDaily: 'Daily breakdown',
    columns: { kind: 'Note', where: 'Where', detail: 'Detail' },
  },
  zh: {
    unread: (count, shown, more) => `${count} 个值无法读取：${shown}${more > 0 ? `，另有 ${more} 个` : ''}`,
    missing: (endpoint, field, blanks) => `${endpoint} 的数据行都没有 ${field}；无法显示${blanks}。`,
    dailyUnavailable: '无法提供每日明细：每日数据中没有本期内可读的日期。',
    sheet: { en: 'Data notes', zh: '数据说明' },
    kindUnread: '无法读取的值',
    kindMissing: '缺少字段',
    kindDaily: '每日明细',
    columns: { kind: '说明', where: '位置', detail: '详情' },
  },
};

export function dataNoteLabelsFor(language: Language): DataNoteLabels {
  return DATA_NOTE_LABELS[language];
}
