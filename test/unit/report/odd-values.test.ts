import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RawSnapshot } from '../../../src/core/report/snapshot.ts';
import { chats } from '../../../src/core/sections/chats.ts';
import { partsOf } from '../../../src/core/sections/section.ts';
import { decodeRows } from '../../../src/core/sobot/decode.ts';
import { runInMemory } from '../../support/in-memory-run.ts';

/**
 * The odd values (a clock-string duration, thousands separators, a dash, infinity, a boolean,
 * a renamed field) fed through the whole use case: the report still goes out, blank where a value could
 * not be read, and says so.
 */

const totalsRow = {
  depart_id: 'd1',
  depart_name: 'Care',
  human_consult: '1,234',
  human_valid: 1000,
  human_valid_recep: 900,
  avg_staff_first_res_duration: '00:01:23',
  avg_staff_res_total_duration: '—',
  summary_solved: true,
  summary_not_solved: 10,
  human_transfer: '∞',
};
const dailyRows = [
  { ...totalsRow, human_consult: 600, real_date: '2025-11-03' },
  { ...totalsRow, human_consult: 634, real_date: '2025-11-04' },
];

const byWay = (totals: unknown[], daily: unknown[]) => (query: Readonly<Record<string, unknown>>) =>
  query.summary_way === 1 ? daily : totals;

describe('runReport with odd values in the answers', () => {
  it('sends the report, decodes what the document implies and lists the rest in the footer, the manifest and the run figures', async () => {
    // Prepare
    const data = { chatStats: byWay([totalsRow], dailyRows) };

    // Act
    const run = await runInMemory(data);

    // Assess
    expect(run.result.emailsSent).toBe(1);
    const [email] = run.emails;
    expect(email?.text).toContain('1,234');
    expect(email?.text).toContain('1m 23s');
    const footer =
      '9 values could not be read: getStat.human_transfer ("∞"), getStat.summary_solved (true), getStat.avg_staff_res_total_duration ("—")';
    expect(email?.text).toContain(footer);
    expect(email?.html).toContain(footer.replaceAll('"', '&quot;'));
    expect(email?.text).not.toContain('No chats in this period');
    expect(run.manifest.dataQuality).toEqual({
      unreadValues: 9,
      unread: [
        'getStat.human_transfer ("∞")',
        'getStat.summary_solved (true)',
        'getStat.avg_staff_res_total_duration ("—")',
      ],
      missingFields: [],
    });
    expect(run.result.unreadValues).toBe(9);
  });

  it('warns that a renamed field blanks its figure, and never says "No chats" beside valid chats', async () => {
    // Prepare
    const { human_consult: _, ...renamed } = { ...totalsRow, human_consult_total: 56, human_transfer: 2 };
    const data = { chatStats: byWay([renamed], []) };

    // Act
    const run = await runInMemory(data);

    // Assess
    const [email] = run.emails;
    const warning = 'No getStat row has human_consult; Total chats cannot be shown.';
    expect(email?.text).toContain(warning);
    expect(email?.html).toContain(warning);
    expect(email?.text).not.toContain('No chats in this period');
    expect(email?.text).toContain('Valid chats');
    expect(run.manifest.dataQuality?.missingFields).toEqual(['getStat.human_consult (0 of 1 rows)']);
  });

  it('says the daily breakdown is unavailable when no daily row names its day, instead of showing zeros', async () => {
    // Prepare
    const undated = dailyRows.map(({ real_date: _, ...row }) => ({ ...row, human_transfer: 1 }));
    const data = { chatStats: byWay([{ ...totalsRow, human_transfer: 1 }], undated) };

    // Act
    const run = await runInMemory(data);

    // Assess
    const [email] = run.emails;
    expect(email?.text).toContain(
      'The daily breakdown is unavailable: no daily row names a day of this period.',
    );
    expect(email?.text).not.toMatch(/2025-11-03\s+0\b/);
  });

  it('says the daily breakdown is unavailable when every daily row names a day outside the period', async () => {
    // Prepare: the rows answer for other dates (an API ignoring the range, a replayed recording).
    const elsewhere = dailyRows.map((row) => ({ ...row, real_date: '2026-12-01' }));
    const data = { chatStats: byWay([totalsRow], elsewhere) };

    // Act
    const run = await runInMemory(data);

    // Assess
    const [email] = run.emails;
    expect(email?.text).toContain(
      'The daily breakdown is unavailable: no daily row names a day of this period.',
    );
    expect(email?.text).not.toMatch(/2025-11-03\s+0\b/);
  });

  it('reads the day from result_date when real_date is absent', async () => {
    // Prepare
    const dated = dailyRows.map(({ real_date, ...row }) => ({ ...row, result_date: real_date }));
    const data = { chatStats: byWay([totalsRow], dated) };

    // Act
    const run = await runInMemory(data);

    // Assess
    const [email] = run.emails;
    expect(email?.text).not.toContain('daily breakdown is unavailable');
    expect(email?.text).toMatch(/2025-11-04.*634/);
  });

  it('archives a snapshot whose notes survive, and whose rows read again to themselves without a note', async () => {
    // Prepare
    const data = { chatStats: byWay([totalsRow], dailyRows) };

    // Act
    const run = await runInMemory(data);
    const bytes = (await run.archive.get(run.rawKey)) ?? new Uint8Array();
    const snapshot = JSON.parse(gunzipSync(bytes).toString('utf8')) as RawSnapshot;

    // Assess
    expect(snapshot.quality?.unreadCount).toBe(9);
    const totals = partsOf(chats).find((entry) => entry.key === 'totals');
    const again = decodeRows(
      'getStat',
      totals?.part.schema ?? chats.parts.totals.schema,
      snapshot.current.chats.totals,
    );
    expect(again.value).toEqual(snapshot.current.chats.totals);
    expect(again.unread).toEqual([]);
    expect(snapshot.current.chats.totals[0]).toMatchObject({
      human_consult: 1234,
      avg_staff_first_res_duration: 83_000,
      avg_staff_res_total_duration: null,
      summary_solved: null,
      human_transfer: null,
    });
  });
});

describe('runReport with a renamed field in an item answer', () => {
  it('warns that the customer figure it feeds cannot be shown', async () => {
    // Prepare
    const data = {
      chatStats: byWay([totalsRow], dailyRows),
      customerOverview: { validVisitorTotal: '21', new_visitor_num: '7', old_visitor_num: '14' },
    };

    // Act
    const run = await runInMemory(data);

    // Assess
    expect(run.emails[0]?.text).toContain(
      'No getGeneral row has valid_visitor_total; Valid customers cannot be shown.',
    );
    expect(run.emails[0]?.text).toMatch(/New customers\s+7\b/);
  });
});

describe('runReport with a renamed field in every agent row', () => {
  it('warns that the ranking figure it feeds cannot be shown, and still ranks the agents', async () => {
    // Prepare: staffWorkStatis renamed human_valid_recep in every row.
    const agent = (id: string, valid: string) => ({
      staff_id: id,
      service_nick: `Agent ${id}`,
      group_name: 'Tier 1',
      humanValidRecep: valid,
      avg_first_response_time: 41_000,
    });
    const data = {
      chatStats: byWay([totalsRow], dailyRows),
      agentWorkload: [agent('a1', '12'), agent('a2', '9')],
    };

    // Act
    const run = await runInMemory(data);

    // Assess
    expect(run.emails[0]?.text).toContain(
      'No staffWorkStatis row has human_valid_recep; Valid receptions per agent cannot be shown.',
    );
    expect(run.result.missingFields).toEqual(['staffWorkStatis.human_valid_recep']);
    // The agent's valid receptions are unknown, not 0; their own first response still shows.
    expect(run.emails[0]?.text).toMatch(/Agent a1\s+Tier 1\s+–\s+–\s+41s/);
  });
});
