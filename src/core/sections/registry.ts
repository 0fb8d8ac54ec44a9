import { type AgentsData, agents } from './agents.ts';
import { type ChatsData, chats } from './chats.ts';
import { type CustomersData, customers } from './customers.ts';
import { dimensions } from './dimensions.ts';
import { type MessagesData, messages } from './messages.ts';
import { type SatisfactionData, satisfaction } from './satisfaction.ts';
import type { ReportSection } from './section.ts';
import { type ServiceSummaryData, serviceSummary } from './service-summary.ts';
import { summary } from './summary.ts';
import { type WorkStatusData, workStatus } from './work-status.ts';

/**
 * The report sections, in the order their sheets appear in the workbook. Adding a section is a new
 * module in this folder and a line here (two for one that fetches: its data goes into `Dataset`).
 */
export const SECTIONS = [
  summary,
  chats,
  messages,
  customers,
  agents,
  workStatus,
  satisfaction,
  serviceSummary,
  dimensions,
] as const satisfies readonly ReportSection[];

export type SectionId = (typeof SECTIONS)[number]['id'];
export const SECTION_IDS = SECTIONS.map((section) => section.id) as [SectionId, ...SectionId[]];

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

export function sectionById(id: string): ReportSection {
  const section = SECTIONS.find((candidate) => candidate.id === id);
  if (!section) throw new TypeError(`no section "${id}"`);
  return section as ReportSection;
}
