import type { Dimension } from '../report/snapshot.ts';

export type Language = 'en' | 'zh';

export interface Labels {
  readonly dimension: Record<Dimension, { readonly section: string; readonly column: string }>;
  readonly keyFigures: string;
  readonly trend: string;
  readonly trendChats: string;
  readonly trendValid: string;
  readonly trendTruncated: (shown: number, total: number) => string;
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
  readonly bottomAgents: string;
  readonly agentRule: string;
  readonly rowsTruncated: (shown: number, total: number) => string;
  readonly period: string;
  readonly previous: string;
  readonly comparedWith: string;
  readonly notCompared: string;
  readonly noChats: string;
  readonly accountWide: string;
  readonly accountWideNote: string;
  readonly scope: string;
  readonly files: string;
  readonly filesIntro: string;
  readonly collectedAt: string;
  readonly footer: string;
  readonly notAvailable: string;
  readonly percentPoints: string;
}

const en: Labels = {
  dimension: {
    department: { section: 'By department', column: 'Department' },
    skillGroup: { section: 'By skill group', column: 'Skill group' },
    channel: { section: 'By channel', column: 'Channel' },
  },
  keyFigures: 'Key figures',
  trend: 'Chats per day',
  trendChats: 'Chats',
  trendValid: 'Valid',
  trendTruncated: (shown, total) => `Last ${shown} of ${total} days shown; the workbook has them all.`,
  columns: {
    chats: 'Chats',
    valid: 'Valid',
    validReceptionRate: 'Valid reception %',
    avgFirstResponse: 'Avg first response',
    resolvedRate: 'Resolved %',
    agent: 'Agent',
    group: 'Skill group',
    validReception: 'Valid receptions',
    satisfaction: 'Score',
    date: 'Day',
  },
  topAgents: 'Top 5 agents',
  bottomAgents: 'Bottom 5 agents',
  agentRule: 'Ranked by valid reception chats; the bottom list counts only agents who took chats.',
  rowsTruncated: (shown, total) => `${shown} of ${total} rows shown; the workbook has them all.`,
  period: 'Period',
  previous: 'prev.',
  comparedWith: 'Compared with the previous period',
  notCompared: 'Not compared with a previous period',
  noChats: 'No chats in this period.',
  accountWide: 'account-wide',
  accountWideNote: 'Figures tagged account-wide cover the whole account, not only this scope.',
  scope: 'Scope',
  files: 'Where the files are',
  filesIntro: 'The workbook and raw data of this report are archived at',
  collectedAt: 'Data collected at',
  footer: 'Sent automatically by sobot-report-mailer.',
  notAvailable: '–',
  percentPoints: 'pp',
};

const zh: Labels = {
  dimension: {
    department: { section: '按部门', column: '部门' },
    skillGroup: { section: '按技能组', column: '技能组' },
    channel: { section: '按渠道', column: '渠道' },
  },
  keyFigures: '核心指标',
  trend: '每日会话量',
  trendChats: '会话',
  trendValid: '有效',
  trendTruncated: (shown, total) => `仅显示最近 ${shown} 天（共 ${total} 天），完整数据见 Excel 报表。`,
  columns: {
    chats: '会话量',
    valid: '有效',
    validReceptionRate: '有效接待率',
    avgFirstResponse: '平均首次响应',
    resolvedRate: '已解决率',
    agent: '客服',
    group: '技能组',
    validReception: '有效接待',
    satisfaction: '评分',
    date: '日期',
  },
  topAgents: '表现最佳的 5 位客服',
  bottomAgents: '有待提升的 5 位客服',
  agentRule: '按有效接待会话量排名；后 5 名仅统计有接待的客服。',
  rowsTruncated: (shown, total) => `显示 ${shown} / ${total} 行，完整数据见 Excel 报表。`,
  period: '统计周期',
  previous: '上期',
  comparedWith: '与上一周期对比',
  notCompared: '未与上一周期对比',
  noChats: '本周期内没有会话。',
  accountWide: '全账号',
  accountWideNote: '标有“全账号”的指标统计的是整个账号，而非仅当前范围。',
  scope: '范围',
  files: '文件位置',
  filesIntro: '本报告的 Excel 报表和原始数据已归档至',
  collectedAt: '数据采集时间',
  footer: '本邮件由 sobot-report-mailer 自动发送。',
  notAvailable: '–',
  percentPoints: '个百分点',
};

const LABELS: Record<Language, Labels> = { en, zh };

export function labelsFor(language: Language): Labels {
  return LABELS[language];
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
