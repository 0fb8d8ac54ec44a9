import type {
  Agent,
  AgentWorkRow,
  Channel,
  ChatStatRow,
  Classification,
  CustomerGeneral,
  CustomerSatisfaction,
  Department,
  Group,
  MessageStatRow,
  RegionRow,
  Robot,
  RobotReception,
  SatisfactionSurvey,
  StaffReception,
  SubChannel,
  SummaryRow,
  WorkLogRow,
} from './schemas.ts';

/**
 * The stats-source port: what the report use case needs from Sobot. The HTTP client implements it
 * against the real API or the simulator. Paged endpoints are async iterators of pages, fetched at the
 * API's maximum page size.
 */

/** 1 department, 2 skill group, 3 channel (the reference's `search_way`). */
export type SearchWay = 1 | 2 | 3;
/** 0 summary, 1 daily, 2 weekly, 3 monthly (the reference's `summary_way`). */
export type SummaryWay = 0 | 1 | 2 | 3;

/** Wall-clock times in the client's timezone, as `yyyy-MM-dd HH:mm:ss`; the client cuts them to each endpoint's pattern. */
export interface DateRange {
  readonly start: string;
  readonly end: string;
}

export interface Filters {
  readonly sources?: readonly string[];
  readonly channelFlags?: readonly string[];
  readonly departmentIds?: readonly string[];
  readonly groupIds?: readonly string[];
  readonly robotIds?: readonly string[];
  readonly staffIds?: readonly string[];
}

export interface StatsQuery {
  readonly range: DateRange;
  readonly searchWay: SearchWay;
  readonly filters?: Filters;
}

export interface BreakdownQuery extends StatsQuery {
  readonly summaryWay: SummaryWay;
}

export interface ClassificationRef {
  readonly classifyId: string;
  readonly level: number;
}

export interface ServiceSummaryQuery {
  readonly range: DateRange;
  readonly summaryWay: SummaryWay;
  readonly groupIds?: readonly string[];
  readonly classifications?: readonly ClassificationRef[];
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly pageNo: number;
  readonly pageCount: number | null;
  readonly totalCount: number | null;
}

export interface SobotStatsApi {
  // condition lists
  channels(queryContent?: string): Promise<Channel[]>;
  subChannels(sources?: readonly string[]): AsyncIterable<Page<SubChannel>>;
  classifications(): Promise<Classification[]>;
  robots(): Promise<Robot[]>;
  departments(): Promise<Department[]>;
  groups(departmentIds?: readonly string[]): AsyncIterable<Page<Group>>;
  agents(query: {
    searchWay: 1 | 2;
    departmentIds?: readonly string[];
    groupIds?: readonly string[];
  }): AsyncIterable<Page<Agent>>;

  // chat statistics
  chatStats(query: BreakdownQuery): AsyncIterable<Page<ChatStatRow>>;
  messageStats(query: BreakdownQuery): AsyncIterable<Page<MessageStatRow>>;

  // customer statistics
  customerOverview(query: StatsQuery): Promise<CustomerGeneral | null>;
  robotReception(query: StatsQuery): Promise<RobotReception | null>;
  staffReception(query: StatsQuery): Promise<StaffReception | null>;
  regions(query: StatsQuery): Promise<RegionRow[]>;

  // agent statistics
  agentWorkload(query: {
    range: DateRange;
    searchWay: 1 | 2;
    staffIds?: readonly string[];
    groupIds?: readonly string[];
  }): AsyncIterable<Page<AgentWorkRow>>;
  workStatus(query: {
    range: DateRange;
    departmentIds?: readonly string[];
    staffIds?: readonly string[];
  }): AsyncIterable<Page<WorkLogRow>>;

  // satisfaction
  sessionSatisfaction(query: StatsQuery): Promise<SatisfactionSurvey | null>;
  customerSatisfaction(query: StatsQuery): Promise<CustomerSatisfaction | null>;

  // service summary
  serviceSummary(query: ServiceSummaryQuery): AsyncIterable<Page<SummaryRow>>;
}

/** Observations the client reports as it works; used for progress, metrics and the call count. */
export interface ClientEvents {
  onCall?(event: {
    endpoint: string;
    page?: number;
    pageCount?: number | null;
    ok: boolean;
    retCode?: string;
  }): void;
  onThrottle?(event: { endpoint: string; waitMs: number; reason: 'limiter' | '229000' }): void;
  onRetry?(event: { endpoint: string; attempt: number; waitMs: number; reason: string }): void;
  onTokenRefresh?(): void;
}

/**
 * The token-store port. One token is shared by every call (the reference's "Token usage description").
 * Implementations: a provider that calls get_token itself (local runs), and one backed by SSM (Lambda).
 */
export interface TokenProvider {
  /** The current token, fetching one when none is held or it is close to expiry. */
  token(): Promise<string>;
  /**
   * The API rejected `rejected` (900001/900002). Returns a fresh token; concurrent callers that saw
   * the same rejected token share a single refresh.
   */
  refresh(rejected: string): Promise<string>;
  /**
   * Values that must never reach an error or a log, such as the app_key and the signs sent to get_token;
   * a server may echo them from any endpoint. Providers that hold none omit it.
   */
  secrets?(): readonly string[];
}
