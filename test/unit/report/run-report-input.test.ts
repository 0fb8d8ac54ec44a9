import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DOCUMENTED_MAX_RANGE_DAYS } from '../../../simulator/api/description.ts';
import { dateRange } from '../../../simulator/endpoints/params.ts';
import { RunInputError } from '../../../src/core/report/run-errors.ts';
import { planRun } from '../../../src/core/report/run-report.ts';
import { fieldOf } from '../../../src/core/report/run-request.ts';
import type { RunRequest } from '../../../src/core/report/run-types.ts';
import type { PeriodWindow } from '../../../src/core/report/snapshot.ts';
import { ENDPOINTS, type EndpointSpec } from '../../../src/core/sobot/endpoints.ts';
import { parseOnDemandRequest } from '../../../src/handlers/on-demand-request.ts';
import { exampleConfig as config } from '../../support/example-config.ts';

/**
 * Whatever a caller sends (an on-demand payload, a CLI request), planning either gives a period the
 * API accepts or fails with RunInputError, before any call. "Accepts" is the simulator's own 222000
 * check, applied to the period cut to every endpoint's date pattern.
 */

const reportIds = config.reports.map((r) => r.id);
const FIRST = Date.UTC(2020, 0, 1);
const LAST = Date.UTC(2030, 11, 31);

const day = fc
  .integer({ min: FIRST, max: LAST })
  .map((ms) => DateTime.fromMillis(ms, { zone: 'utc' }).toFormat('yyyy-MM-dd'));
const dateText = fc.oneof(day, fc.string({ maxLength: 12 }), fc.constantFrom('2025-02-30', '2025-13-01', ''));
const reportId = fc.oneof(fc.constantFrom(...reportIds), fc.string({ maxLength: 20 }));

const runRequest: fc.Arbitrary<RunRequest> = fc.record(
  {
    reportId,
    date: dateText,
    from: dateText,
    to: dateText,
    recipients: fc.array(fc.oneof(fc.emailAddress(), fc.string()), { maxLength: 3 }),
    dryRun: fc.boolean(),
    force: fc.boolean(),
  },
  { requiredKeys: ['reportId'] },
);

const payload = fc.oneof(
  runRequest as fc.Arbitrary<unknown>,
  fc.anything(),
  fc.record({ reportId, extra: fc.anything() }),
);

function clockAt(now: number) {
  return { now: () => now, sleep: async () => {} };
}

/** The simulator's 222000 check for every endpoint's date pattern, at `now`. */
function assertServable(period: PeriodWindow, now: number): void {
  const at = DateTime.fromMillis(now, { zone: period.timezone });
  for (const spec of Object.values(ENDPOINTS) as readonly EndpointSpec[]) {
    const pattern = spec.datePattern;
    if (!pattern) continue;
    const body = {
      start_date: period.start.slice(0, pattern.length),
      end_date: period.end.slice(0, pattern.length),
    };
    // The documented 90 days, not the simulator's looser default: a plan must keep to what the API says.
    const rules = { maxRangeDays: DOCUMENTED_MAX_RANGE_DAYS, workLogFilters: 'table' } as const;
    dateRange({ body, zone: period.timezone, now: at, rules }, pattern);
  }
}

function planOrInputError(request: RunRequest, now: number) {
  try {
    return planRun({ config, clock: clockAt(now) }, request);
  } catch (error) {
    if (error instanceof RunInputError) return null;
    throw error;
  }
}

describe('planRun on random requests', () => {
  it('fails only with RunInputError, and every plan is a range the API accepts', () => {
    fc.assert(
      fc.property(runRequest, fc.integer({ min: FIRST, max: LAST }), (request, now) => {
        // Act
        const plan = planOrInputError(request, now);

        // Assess
        if (plan) {
          assertServable(plan.period, now);
          if (plan.previous) assertServable(plan.previous, now);
          expect(plan.period.days).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('names a request field in every refusal, never an empty list', () => {
    fc.assert(
      fc.property(runRequest, fc.integer({ min: FIRST, max: LAST }), (request, now) => {
        // Act
        let refusal: RunInputError | undefined;
        try {
          planRun({ config, clock: clockAt(now) }, request);
        } catch (error) {
          if (!(error instanceof RunInputError)) throw error;
          refusal = error;
        }

        // Assess
        if (!refusal) return;
        expect(refusal.fields.length).toBeGreaterThan(0);
        for (const problem of refusal.fields) {
          expect(fieldOf(problem.path)).toBeDefined();
          expect(refusal.message).toContain(`${problem.path}: ${problem.message}`);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('plans explicit ranges of real past days up to 90 days long', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 89 }), fc.constantFrom(...reportIds), (from, length, id) => {
        // Prepare
        const to = DateTime.fromISO(from).plus({ days: length }).toFormat('yyyy-MM-dd');
        const now = Date.UTC(2031, 6, 1);

        // Act
        const plan = planRun({ config, clock: clockAt(now) }, { reportId: id, from, to });

        // Assess
        expect(plan.period.days).toBe(length + 1);
        assertServable(plan.period, now);
        if (plan.previous) assertServable(plan.previous, now);
      }),
      { numRuns: 200 },
    );
  });

  it('turns any on-demand payload into field problems or a request that plans or fails with RunInputError', () => {
    fc.assert(
      fc.property(payload, fc.integer({ min: FIRST, max: LAST }), (input, now) => {
        // Act
        const parsed = parseOnDemandRequest(input);

        // Assess
        if (!parsed.ok) {
          expect(parsed.fields.length).toBeGreaterThan(0);
          return;
        }
        const plan = planOrInputError(parsed.request, now);
        if (plan) assertServable(plan.period, now);
      }),
      { numRuns: 400 },
    );
  });
});
