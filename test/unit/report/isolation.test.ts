import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryArchiveStore } from '../../../src/adapters/archive/memory.ts';
import { slug } from '../../../src/core/delivery/layout.ts';
import { ArchiveLedger } from '../../../src/core/delivery/ledger.ts';
import { snapshotKpis } from '../../../src/core/render/kpis.ts';
import { collect } from '../../../src/core/report/collect.ts';
import { ConfigError, parseConfig, RESERVED_SLICES } from '../../../src/core/report/config.ts';
import { planDeliveries } from '../../../src/core/report/deliveries.ts';
import { reportWindow } from '../../../src/core/report/periods.ts';
import type { Mailer, OutgoingEmail } from '../../../src/core/report/ports.ts';
import { planRun, runReport } from '../../../src/core/report/run-report.ts';
import { sliceSnapshot } from '../../../src/core/report/slice.ts';
import { type Pipeline, REPORT_ID, startPipeline, WEEK } from '../../support/pipeline.ts';

/**
 * Invariant 4, isolation: whatever the routes are called, either the config is refused naming the
 * clash, or every slice has names of its own and each supervisor receives only their own slice; and
 * whichever departments the routes share or split, each slice's customer and satisfaction figures are
 * its own team's, as the simulator answers them for those departments alone.
 */

/** Names people give teams, with the ones that once collided, reserved names and scripts of every kind. */
const routeName = fc.oneof(
  fc.constantFrom(
    'Customer Care',
    'Customer-Care!',
    'customer care',
    'CUSTOMER  CARE',
    'All',
    'all',
    'Run',
    '!!!',
    '客服',
    'Ünïcode Team',
    'Unicode Team',
    `${'Long team name '.repeat(5)}A`,
    `${'Long team name '.repeat(5)}B`,
  ),
  fc.string({ minLength: 1, maxLength: 30 }).filter((name) => !/[\r\n]/.test(name) && name.trim() !== ''),
);

function configWith(names: readonly string[], departments: readonly { id: string }[]) {
  return {
    email: { from: 'reports@example.com' },
    reports: [
      {
        id: REPORT_ID,
        title: 'Weekly live-chat report',
        period: 'weekly',
        send: { hour: 9, weekday: 1 },
        sections: ['summary', 'dimensions'],
        dimension: 'department',
        compareWithPrevious: false,
        recipients: {
          to: ['head@example.com'],
          routes: names.map((name, i) => ({
            name,
            to: [`team${i}@example.com`],
            departmentIds: [departments[i + 1]?.id ?? 'none'],
          })),
        },
      },
    ],
  };
}

describe('Isolation: route names', () => {
  it('refuses routes whose names give the same file name, or a reserved one, naming both routes', () => {
    fc.assert(
      fc.property(fc.array(routeName, { minLength: 1, maxLength: 6 }), (names) => {
        // Act
        let outcome: unknown;
        try {
          outcome = parseConfig(configWith(names, []));
        } catch (error) {
          outcome = error;
        }

        // Assess
        const slugs = names.map((name) => slug(name));
        const clash = new Set(slugs).size < slugs.length || slugs.some((s) => RESERVED_SLICES.includes(s));
        if (!clash) {
          const plan = planRun(
            {
              config: outcome as ReturnType<typeof parseConfig>,
              clock: { now: () => Date.parse('2025-11-12T01:00:00Z'), sleep: async () => {} },
            },
            WEEK,
          );
          const keys = plan.deliveries.map((d) => d.runKey);
          expect(new Set(keys).size).toBe(keys.length);
          expect(new Set(plan.deliveries.map((d) => d.sliceSlug)).size).toBe(names.length + 1);
          return;
        }
        expect(outcome).toBeInstanceOf(ConfigError);
        const message = (outcome as ConfigError).message;
        expect(message).toMatch(/recipients\.routes\[\d+\]\.name/);
        expect(message).toMatch(/rename/);
      }),
      { numRuns: 300 },
    );
  });

  it('names both routes of a clash: Customer Care and Customer-Care!', () => {
    // Act
    const act = () => parseConfig(configWith(['Customer Care', 'Customer-Care!'], []));

    // Assess
    expect(act).toThrowError(ConfigError);
    expect(act).toThrowError(
      'reports[0].recipients.routes[1].name: "Customer-Care!" and routes[0] "Customer Care" both name their files "customer-care"; rename one',
    );
  });

  it('refuses a route that takes the whole account\'s name "all"', () => {
    // Act & Assess
    expect(() => parseConfig(configWith(['All'], []))).toThrowError(
      /"All" names its files "all", which is reserved/,
    );
  });
});

describe('Isolation: planDeliveries, behind the config check', () => {
  it('refuses routes that share a slice name or take a reserved one, even in a report that skipped validation', () => {
    // Prepare: a valid report whose routes are renamed afterwards.
    const report = parseConfig(configWith(['One', 'Two'], [])).reports[0];
    if (!report) throw new Error('no report');
    const renamed = (names: [string, string]) => ({
      ...report,
      recipients: {
        ...report.recipients,
        routes: report.recipients.routes.map((route, i) => ({ ...route, name: names[i] ?? route.name })),
      },
    });

    // Act & Assess
    expect(() => planDeliveries(renamed(['Customer Care', 'Customer-Care!']), 'r/k')).toThrowError(
      'routes "Customer Care" and "Customer-Care!" share the slice name "customer-care"',
    );
    expect(() => planDeliveries(renamed(['One', 'ALL']), 'r/k')).toThrowError(
      'route "ALL" takes the reserved slice name "all"',
    );
  });
});

describe('Isolation: who receives what', () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline();
  });
  afterAll(async () => {
    await p.close();
  });

  it('sends each supervisor only the slice of their own route, for any route names the config accepts', async () => {
    const departments = p.departments;
    const teams = departments.slice(1, 4);
    await fc.assert(
      fc.asyncProperty(
        fc
          .uniqueArray(routeName, { minLength: 1, maxLength: teams.length, selector: (name) => slug(name) })
          .filter((names) =>
            names.every(
              (n) => !RESERVED_SLICES.includes(slug(n)) && !departments.some((d) => n.includes(d.name)),
            ),
          ),
        async (names) => {
          // Prepare
          const config = parseConfig(configWith(names, departments));
          const archive = new MemoryArchiveStore(p.clock.now);
          const sent: OutgoingEmail[] = [];
          const mailer: Mailer = {
            maxMessageBytes: 40 * 1024 * 1024,
            send: async (email) => {
              sent.push(email);
              return { messageId: `${sent.length}@memory` };
            },
          };
          const deps = {
            ...p.deps,
            config,
            archive,
            mailer,
            ledger: new ArchiveLedger({ store: archive, clock: p.clock }),
          };

          // Act
          await runReport(deps, WEEK);

          // Assess
          expect(sent).toHaveLength(names.length + 1);
          for (const email of sent) {
            const parsed = await simpleParser(Buffer.from(email.raw));
            const [recipient] = email.recipients;
            const index = names.findIndex((_, i) => recipient === `team${i}@example.com`);
            const attachment = parsed.attachments[0]?.filename ?? '';
            const base = `${REPORT_ID}_2025-11-03_2025-11-09`;
            const body = `${parsed.text}\n${parsed.html}`;
            if (index === -1) {
              expect(attachment).toBe(`${base}.xlsx`);
              expect(parsed.text).toContain(`The workbook ${base}.xlsx is attached to this email.`);
              continue;
            }
            const own = teams[index];
            const ownSlug = slug(names[index] ?? '');
            expect(attachment).toBe(`${base}_${ownSlug}.xlsx`);
            expect(parsed.text).toContain(`The workbook ${base}_${ownSlug}.xlsx is attached to this email.`);
            // The files block names this slice's files only: not the whole account's, raw data included.
            for (const other of [...names.filter((_, i) => i !== index).map((n) => `_${slug(n)}`), '']) {
              expect(body, `${recipient} must not see a file of another slice`).not.toContain(
                `${base}${other}.`,
              );
            }
            expect(body).not.toContain('raw.json.gz');
            // Its customer and satisfaction figures are its team's own, so none is tagged account-wide.
            expect(parsed.text).not.toContain('Figures tagged account-wide');
            expect(parsed.html).toContain(own?.name);
            for (const other of teams.filter((_team, i) => i !== index && i < names.length)) {
              expect(parsed.html, `${recipient} must not see ${other.name}`).not.toContain(other.name);
            }
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe("Isolation: each team's own customer and satisfaction figures", () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline();
  });
  afterAll(async () => {
    await p.close();
  });

  const week = reportWindow('weekly', WEEK.date, 'Asia/Shanghai');
  const reportOf = (overrides: Record<string, unknown>) => {
    const report = parseConfig({
      email: { from: 'reports@example.com' },
      reports: [
        {
          id: REPORT_ID,
          title: 'Weekly live-chat report',
          period: 'weekly',
          send: { hour: 9, weekday: 1 },
          sections: ['customers', 'satisfaction'],
          dimension: 'department',
          ...overrides,
        },
      ],
    }).reports[0];
    if (!report) throw new Error('no report');
    return report;
  };
  /** The figures the simulator answers for these departments alone: a report filtered to them. */
  const alone = async (departmentIds: readonly string[]) => {
    const report = reportOf({ filters: { departmentIds }, recipients: { to: ['head@example.com'] } });
    const { snapshot } = await collect({
      api: p.deps.openStats(report).api,
      report,
      period: week,
      previous: null,
    });
    return { customers: snapshot.current.customers, satisfaction: snapshot.current.satisfaction };
  };

  it("gives every route exactly its own departments' figures, whichever routes share or split departments", async () => {
    // Prepare
    const teams = p.departments.slice(1).map((d) => d.id);
    const own = new Map<string, Awaited<ReturnType<typeof alone>>>();
    const ownOf = async (ids: readonly string[]) => {
      const key = [...new Set(ids)].sort().join(',');
      if (!own.has(key)) own.set(key, await alone(ids));
      return own.get(key);
    };
    const whole = await alone(p.departments.map((d) => d.id));
    const first = await ownOf([teams[0] ?? '']);
    expect(first, 'the simulator answers a department filter with that department only').not.toEqual(whole);

    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.subarray(teams, { minLength: 1 }), { minLength: 1, maxLength: 4 }),
        async (assignments) => {
          // Prepare
          const routes = assignments.map((departmentIds, i) => ({
            name: `Team ${i}`,
            to: [`team${i}@example.com`],
            departmentIds,
          }));
          const report = reportOf({ recipients: { to: ['head@example.com'], routes } });

          // Act
          const { snapshot } = await collect({
            api: p.deps.openStats(report).api,
            report,
            period: week,
            previous: null,
          });

          // Assess
          const keys = Object.keys(snapshot.teams ?? {});
          for (const route of routes) {
            const slice = sliceSnapshot(snapshot, route);
            expect({ customers: slice.current.customers, satisfaction: slice.current.satisfaction }).toEqual(
              await ownOf(route.departmentIds),
            );
            const text = JSON.stringify(slice);
            const mine = `department:${[...route.departmentIds].sort().join(',')}`;
            for (const key of keys.filter((k) => k !== mine)) expect(text).not.toContain(key);
            expect(snapshotKpis(slice).some((k) => k.accountWide)).toBe(false);
          }
        },
      ),
      { numRuns: 10 },
    );
  });
});
