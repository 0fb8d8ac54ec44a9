import type { Localized } from '../sections/section.ts';
import type { UnreadValue } from '../sobot/decode.ts';

/**
 * What the run could not read, kept in the snapshot (so a re-render from the archive shows the same
 * notes) and listed in the manifest, the email footer and the workbook.
 */

/** A field a section depends on that no row of an answer carries (renamed, or dropped by the API). */
export interface MissingField {
  readonly endpoint: string;
  readonly field: string;
  /** How many rows the answer had. */
  readonly rows: number;
  /** What cannot be shown without it. */
  readonly blanks: Localized;
}

export interface DataQuality {
  /** Every value that could not be read, each occurrence counted. */
  readonly unreadCount: number;
  /** The first distinct ones (endpoint, field and value), in the order met. */
  readonly unread: readonly UnreadValue[];
  readonly missing: readonly MissingField[];
}

/** Distinct unread values kept; the count still counts them all. */
const KEPT_UNREAD = 20;

export const CLEAN: DataQuality = { unreadCount: 0, unread: [], missing: [] };

export function hasNotes(quality: DataQuality | undefined): quality is DataQuality {
  return quality !== undefined && (quality.unreadCount > 0 || quality.missing.length > 0);
}

/** Gathers the notes of a collection, part by part. */
export class QualityLog {
  #count = 0;
  readonly #unread = new Map<string, UnreadValue>();
  readonly #missing = new Map<string, MissingField>();

  unread(values: readonly UnreadValue[]): void {
    this.#count += values.length;
    for (const value of values) {
      const key = JSON.stringify([value.endpoint, value.field, value.value]);
      if (this.#unread.size < KEPT_UNREAD && !this.#unread.has(key)) this.#unread.set(key, value);
    }
  }

  /** A field missing from both the totals and the daily rows of an endpoint is noted once. */
  missing(field: MissingField): void {
    const key = `${field.endpoint}.${field.field}`;
    if (!this.#missing.has(key)) this.#missing.set(key, field);
  }

  build(): DataQuality {
    return {
      unreadCount: this.#count,
      unread: [...this.#unread.values()],
      missing: [...this.#missing.values()],
    };
  }
}

/** `getStat.avg_first_response_time ("n/a")`: how the footer and the manifest name an unread value. */
export function describeUnread(value: UnreadValue): string {
  return `${value.endpoint}.${value.field} (${value.value})`;
}
