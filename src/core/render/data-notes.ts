import type { Section } from '../report/config.ts';
import { CLEAN, describeUnread, hasNotes } from '../report/data-quality.ts';
import type { RawSnapshot } from '../report/snapshot.ts';
import { readDay } from '../sobot/decode.ts';
import { columnsOf } from './columns.ts';
import { dataNoteLabelsFor, type Language } from './i18n.ts';
import { type SheetWriter, tableSheet } from './sheet.ts';

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
        ? // "9 values … : A, B, C": the count is of every occurrence, "and N more" of the other distinct ones.
          labels.unread(quality.unreadCount, shown.join(', '), quality.unread.length - shown.length)
        : null,
    warnings: quality.missing.map((m) => labels.missing(m.endpoint, m.field, m.blanks[language])),
    dailyUnavailable: dailyBreakdownUnavailable(snapshot),
  };
}

/**
 * A window of several days whose daily chat rows name no readable day of the window, although there
 * are rows or the totals count chats: drawn, every day would read 0. A row dated outside the window
 * (an API answering for other dates, a replayed one-day recording) names none of its days either. A
 * one-day report fetches no daily rows and is not affected.
 */
function dailyBreakdownUnavailable(snapshot: RawSnapshot): boolean {
  const { period } = snapshot;
  if (period.days <= 1) return false;
  const { totals, daily } = snapshot.current.chats;
  const inWindow = (day: string | null) => day !== null && day >= period.from && day <= period.to;
  if (daily.some((row) => inWindow(readDay(row.real_date)))) return false;
  return daily.length > 0 || totals.some((row) => (row.human_consult ?? 0) > 0);
}

interface NoteRow {
  readonly kind: string;
  readonly where: string;
  readonly detail: string;
}

const note = columnsOf<NoteRow>();

/**
 * The workbook's `Data notes` sheet: every kept unread value, every missing field and an undated daily
 * breakdown, one line each; the first preamble line is the footer's count. Null when there is nothing
 * to note.
 */
export function dataNotesSheet(
  snapshot: RawSnapshot,
  language: Language,
  sections: readonly Section[],
): SheetWriter | null {
  const labels = dataNoteLabelsFor(language);
  const quality = snapshot.quality ?? CLEAN;
  const undated = sections.includes('chats') && dailyBreakdownUnavailable(snapshot);
  if (!hasNotes(quality) && !undated) return null;
  const rows: NoteRow[] = [
    ...quality.unread.map((v) => ({
      kind: labels.kindUnread,
      where: `${v.endpoint}.${v.field}`,
      detail: v.value,
    })),
    ...quality.missing.map((m) => ({
      kind: labels.kindMissing,
      where: `${m.endpoint}.${m.field}`,
      detail: labels.missing(m.endpoint, m.field, m.blanks[language]),
    })),
    ...(undated ? [{ kind: labels.kindDaily, where: 'getStat', detail: labels.dailyUnavailable }] : []),
  ];
  const { unread } = dataNotesOf(snapshot, language);
  return tableSheet({
    name: labels.sheet,
    preamble: unread ? [unread] : [],
    columns: [
      note('kind', DATA_NOTE_LABELS_EN.kind, DATA_NOTE_LABELS_ZH.kind, 'text', 20),
      note('where', DATA_NOTE_LABELS_EN.where, DATA_NOTE_LABELS_ZH.where, 'text', 40),
      note('detail', DATA_NOTE_LABELS_EN.detail, DATA_NOTE_LABELS_ZH.detail, 'text', 60),
    ],
    rows,
  });
}

const DATA_NOTE_LABELS_EN = dataNoteLabelsFor('en').columns;
const DATA_NOTE_LABELS_ZH = dataNoteLabelsFor('zh').columns;
