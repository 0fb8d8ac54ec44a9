import type { AgentsData } from './agents.ts';
import type { ChatsData } from './chats.ts';
import type { CustomersData } from './customers.ts';
import type { MessagesData } from './messages.ts';
import type { SatisfactionData } from './satisfaction.ts';
import type { ServiceSummaryData } from './service-summary.ts';
import type { WorkStatusData } from './work-status.ts';

/**
 * The sections' ids and data, with no section code behind them: the config validates `sections`
 * against these, and the small functions that read the config (delivery events, the watchdog) must not
 * load the workbook and email code the modules bring. registry.ts lists the modules in this order.
 */
export const SECTION_IDS = [
  'summary',
  'chats',
  'messages',
  'customers',
  'agents',
  'workStatus',
  'satisfaction',
  'serviceSummary',
  'dimensions',
] as const;

export type SectionId = (typeof SECTION_IDS)[number];

/** Everything collected for one window: each fetching section's data under its id. */
export interface Dataset {
  readonly chats: ChatsData;
  readonly messages: MessagesData;
  readonly customers: CustomersData;
  readonly agents: AgentsData;
  readonly workStatus: WorkStatusData;
  readonly satisfaction: SatisfactionData;
  readonly serviceSummary: ServiceSummaryData;
}
