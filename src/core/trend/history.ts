import * as z from 'zod';
import { archiveObjectFor, toBytes } from '../delivery/archive-object.ts';
import { assertSafeKey } from '../delivery/layout.ts';
import type { ArchiveStore } from '../report/ports.ts';
import type { PeriodKind, PeriodWindow } from '../report/snapshot.ts';

/**
 * The report history: one small JSON document per report, scope and period, with every headline
 * figure by its metric id (sections/metrics.ts), so the trend can show past periods without calling
 * the API, and an analyst can list and load them:
 *
 *   history/<reportId>/<scope>/<period kind>/<period label>.json
 *
 * `<scope>` is `all` for the whole report or a route's slice name: a slice's record holds only the
 * figures cut to its own departments or groups (the account-wide ones are null there), never another
 * team's. The key is the period's, so a rerun rewrites the same record; `put` replaces an object whole
 * (S3, and a rename on the filesystem), and a record that does not parse is read as absent, so a
 * half-written or foreign file is never shown.
 */

const HISTORY_ROOT = 'history/';
export const HISTORY_SCHEMA = 'sobot-report-history/1';

/** Where a record's figures came from: a delivered run's own snapshot, or a fill from getStat alone. */
export type HistorySource = 'report' | 'api';

const recordSchema = z.object({
  schema: z.literal(HISTORY_SCHEMA),
  reportId: z.string(),
  scope: z.string(),
  scopeName: z.string().nullable(),
  period: z.object({
    kind: z.enum(['daily', 'weekly', 'monthly']),
    label: z.string(),
    from: z.string(),
    to: z.string(),
    timezone: z.string(),
  }),
  source: z.enum(['report', 'api']),
  /** The report definition the figures were collected for (definition.ts); another one is not mixed in. */
  fingerprint: z.string(),
  recordedAt: z.string(),
  /** Every headline figure by metric id; null where it is unknown or not the scope's own. */
  figures: z.record(z.string(), z.number().nullable()),
});

export type HistoryRecord = z.infer<typeof recordSchema>;

type HistoryPeriod = Pick<PeriodWindow, 'kind' | 'label'>;

export function historyKey(reportId: string, scope: string, period: HistoryPeriod): string {
  return assertSafeKey(`${HISTORY_ROOT}${reportId}/${scope}/${period.kind}/${period.label}.json`);
}

export function historyRecord(input: {
  readonly reportId: string;
  readonly scope: string;
  readonly scopeName: string | null;
  readonly period: PeriodWindow & { readonly kind: PeriodKind };
  readonly source: HistorySource;
  readonly fingerprint: string;
  readonly recordedAt: Date;
  readonly figures: Readonly<Record<string, number | null>>;
}): HistoryRecord {
  const { period } = input;
  return {
    schema: HISTORY_SCHEMA,
    reportId: input.reportId,
    scope: input.scope,
    scopeName: input.scopeName,
    period: {
      kind: period.kind,
      label: period.label,
      from: period.from,
      to: period.to,
      timezone: period.timezone,
    },
    source: input.source,
    fingerprint: input.fingerprint,
    recordedAt: input.recordedAt.toISOString(),
    figures: { ...input.figures },
  };
}

export async function writeHistory(archive: ArchiveStore, record: HistoryRecord): Promise<string> {
  const key = historyKey(record.reportId, record.scope, record.period);
  const body = `${JSON.stringify(record, null, 2)}\n`;
  await archive.put(key, archiveObjectFor(key, body, { 'report-id': record.reportId }));
  return key;
}

/**
 * The record of one scope and period, or null when there is none, it does not parse, or it was
 * recorded for another definition of the report (its figures would not be comparable).
 */
export async function readHistory(
  archive: ArchiveStore,
  expect: {
    readonly reportId: string;
    readonly scope: string;
    readonly period: PeriodWindow;
    readonly fingerprint: string;
  },
): Promise<HistoryRecord | null> {
  if (expect.period.kind === 'custom') return null;
  const bytes = await archive.get(historyKey(expect.reportId, expect.scope, expect.period));
  if (!bytes) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(toBytes(bytes)).toString('utf8'));
  } catch {
    return null;
  }
  const result = recordSchema.safeParse(parsed);
  if (!result.success) return null;
  const record = result.data;
  const { period } = expect;
  const same =
    record.reportId === expect.reportId &&
    record.scope === expect.scope &&
    record.period.from === period.from &&
    record.period.to === period.to &&
    record.fingerprint === expect.fingerprint;
  return same ? record : null;
}
