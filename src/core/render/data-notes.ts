import { CLEAN, describeUnread } from '../report/data-quality.ts';
import type { RawSnapshot } from '../report/snapshot.ts';
import { readDay } from '../sobot/decode.ts';
import { dataNoteLabelsFor, type Language } from './i18n.ts';

/** What the email and the workbook say about the data they could not read. */
export interface DataNotes {
  /** One footer line naming the first few unread values; null when every value was read. */
  readonly unread: string | null;
  /** One warning per field the report depends on that no row of an answer carries. */
  readonly warnings: readonly string[];
  /** Daily rows came, or chats did, but no row says which day it is: no per-day figures to show. */
  readonly dailyUnavailable: boolean;
}

/** Unread values the footer names; the manifest lists more. */
const SHOWN_IN_FOOTER = 3;

export function dataNotesOf(snapshot: RawSnapshot, language: Language): DataNotes {
  const labels = dataNoteLabelsFor(language);
  const quality = snapshot.quality ?? CLEAN;
  const shown = quality.unread.slice(0, SHOWN_IN_FOOTER).map(describeUnread);
  return {
    unread:
      quality.unreadCount > 0
        ? labels.unread(quality.unreadCount, shown.join(', '), quality.unreadCount - shown.length)
        : null,
    warnings: quality.missing.map((m) => labels.missing(m.endpoint, m.rows, m.field, m.blanks[language])),
    dailyUnavailable: dailyBreakdownUnavailable(snapshot),
  };
}

/**
 * A window of several days whose daily chat rows name no readable day, although there are rows or
 * the totals count chats. A one-day report fetches no daily rows and is not affected.
 */
export function dailyBreakdownUnavailable(snapshot: RawSnapshot): boolean {
  if (snapshot.period.days <= 1) return false;
  const { totals, daily } = snapshot.current.chats;
  if (daily.some((row) => readDay(row.real_date) !== null)) return false;
  return daily.length > 0 || totals.some((row) => (row.human_consult ?? 0) > 0);
}
