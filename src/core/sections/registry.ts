import { agents } from './agents.ts';
import { chats } from './chats.ts';
import { customers } from './customers.ts';
import { dimensions } from './dimensions.ts';
import type { SectionId } from './ids.ts';
import { messages } from './messages.ts';
import { satisfaction } from './satisfaction.ts';
import type { ReportSection } from './section.ts';
import { serviceSummary } from './service-summary.ts';
import { summary } from './summary.ts';
import { workStatus } from './work-status.ts';

/**
 * The report sections, in the order their sheets appear in the workbook (the order of SECTION_IDS).
 * Adding a section is a new module in this folder, its id in ids.ts and a line here.
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
] as const satisfies readonly (ReportSection & { readonly id: SectionId })[];

export function sectionById(id: string): ReportSection {
  const section = SECTIONS.find((candidate) => candidate.id === id);
  if (!section) throw new TypeError(`no section "${id}"`);
  return section as ReportSection;
}
