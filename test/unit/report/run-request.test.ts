import { describe, expect, it } from 'vitest';
import { RunInputError } from '../../../src/core/report/run-errors.ts';
import { planRun } from '../../../src/core/report/run-report.ts';
import {
  FIELD_NAMES,
  type FieldNames,
  fieldOf,
  parseRunRequest,
  resolveRunRequest,
} from '../../../src/core/report/run-request.ts';
import { exampleConfig as config } from '../../support/example-config.ts';
import { createFakeClock } from '../../support/fake-clock.ts';

/**
 * The one run-request check: the request on its own (`parseRunRequest`), then against the config and
 * the clock (`resolveRunRequest`). Every problem names its field.
 */

/** 2025-11-12 09:00 in Shanghai, the reports' timezone. */
const context = () => ({ config, clock: createFakeClock(Date.UTC(2025, 10, 12, 1, 0, 0)) });

const SHOUTING: FieldNames = {
  reportId: 'REPORT',
  date: 'DATE',
  from: 'FROM',
  to: 'TO',
  recipients: 'RECIPIENTS',
  dryRun: 'DRY-RUN',
  force: 'FORCE',
};

function problemsOf(act: () => unknown): readonly { path: string; message: string }[] {
  try {
    act();
  } catch (error) {
    if (error instanceof RunInputError) return error.fields;
    throw error;
  }
  throw new Error('expected a RunInputError');
}

describe('Function: parseRunRequest', () => {
  it('keeps the fields a request gives, and leaves out the ones it does not', () => {
    // Act
    const parsed = parseRunRequest({
      reportId: 'weekly-supervisors',
      from: '2025-11-01',
      to: '2025-11-07',
      date: undefined,
      recipients: ['Tester <qa@example.com>'],
      dryRun: false,
    });

    // Assess
    expect(parsed).toEqual({
      ok: true,
      request: {
        reportId: 'weekly-supervisors',
        from: '2025-11-01',
        to: '2025-11-07',
        recipients: ['Tester <qa@example.com>'],
        dryRun: false,
      },
    });
  });

  it('names every bad field at once, each unknown field on its own', () => {
    // Act
    const parsed = parseRunRequest({
      reportId: '',
      date: '2025-02-30',
      recipients: ['ok@example.com', 'not-an-address'],
      force: 'yes',
      reportID: 'daily-channels',
    });

    // Assess
    expect(parsed.ok).toBe(false);
    const fields = parsed.ok ? [] : parsed.fields;
    expect(fields).toEqual(
      expect.arrayContaining([
        { path: 'reportId', message: 'is required' },
        { path: 'date', message: '2025-02-30 is not a date in the form yyyy-MM-dd' },
        { path: 'recipients[1]', message: 'is not a valid email address' },
        { path: 'reportID', message: 'is not a known field' },
      ]),
    );
    expect(fields.map((field) => field.path).sort()).toEqual([
      'date',
      'force',
      'recipients[1]',
      'reportID',
      'reportId',
    ]);
  });

  it('keeps the addresses it refuses out of its messages, which are logged', () => {
    // Act
    const parsed = parseRunRequest({
      reportId: 'daily-channels',
      recipients: ['secret.person@@example.com'],
    });

    // Assess
    expect(JSON.stringify(parsed)).not.toContain('secret.person');
  });

  it('refuses an empty recipients list instead of treating it as no override', () => {
    // Act
    const parsed = parseRunRequest({ reportId: 'daily-channels', recipients: [] });

    // Assess
    expect(parsed).toEqual({
      ok: false,
      fields: [{ path: 'recipients', message: 'needs at least one address' }],
    });
  });

  it.each([
    [
      { date: '2025-11-12', from: '2025-11-01', to: '2025-11-07' },
      'date',
      'give either date or from/to, not both',
    ],
    [{ from: '2025-11-01' }, 'to', 'is required with from'],
    [{ to: '2025-11-07' }, 'from', 'is required with to'],
    [{ from: '2025-11-07', to: '2025-11-01' }, 'to', 'must not be before from'],
  ])('refuses the dates %j naming %s', (dates, path, message) => {
    // Act
    const parsed = parseRunRequest({ reportId: 'daily-channels', ...dates });

    // Assess
    expect(parsed).toEqual({ ok: false, fields: [{ path, message }] });
  });

  it("names the other fields a message mentions the caller's way", () => {
    // Act
    const both = parseRunRequest(
      { reportId: 'x', date: '2025-11-12', from: '2025-11-01', to: '2025-11-07' },
      SHOUTING,
    );
    const half = parseRunRequest({ reportId: 'x', from: '2025-11-01' }, SHOUTING);

    // Assess: the path stays the field itself, only the wording changes.
    expect(both).toEqual({
      ok: false,
      fields: [{ path: 'date', message: 'give either DATE or FROM/TO, not both' }],
    });
    expect(half).toEqual({ ok: false, fields: [{ path: 'to', message: 'is required with FROM' }] });
  });

  it('answers a payload that is not an object as a problem of the whole payload', () => {
    // Act
    const parsed = parseRunRequest('daily-channels');

    // Assess
    expect(parsed.ok ? [] : parsed.fields.map((field) => field.path)).toEqual(['(payload)']);
  });
});

describe('Function: resolveRunRequest', () => {
  it('resolves the report, its period and the one before it, today being the default reference date', () => {
    // Act
    const resolved = resolveRunRequest({ reportId: 'weekly-supervisors' }, context());

    // Assess
    expect(resolved.report.id).toBe('weekly-supervisors');
    expect(resolved.period).toMatchObject({ kind: 'weekly', from: '2025-11-03', to: '2025-11-09' });
    expect(resolved.previous).toMatchObject({ from: '2025-10-27', to: '2025-11-02' });
    expect(resolved.request).toEqual({ reportId: 'weekly-supervisors' });
  });

  it.each([
    [{ reportId: 'quarterly' }, 'reportId', /^unknown report "quarterly" \(known: daily-channels, /],
    [
      { reportId: 'daily-channels', from: '2025-01-01', to: '2025-06-30' },
      'to',
      /^2025-01-01\.\.2025-06-30 spans 181 days; the API allows at most 90$/,
    ],
    [{ reportId: 'daily-channels', from: '2025-11-12', to: '2025-11-12' }, 'from', /has not ended yet/],
    [{ reportId: 'daily-channels', date: '2025-11-13' }, 'date', /^2025-11-13 is after today/],
  ])('refuses %j with a RunInputError naming %s', (request, path, message) => {
    // Act
    const fields = problemsOf(() => resolveRunRequest(request, context()));

    // Assess
    expect(fields).toHaveLength(1);
    expect(fields[0]?.path).toBe(path);
    expect(fields[0]?.message).toMatch(message);
  });

  it('says in its message which field each problem is about', () => {
    // Act
    const failure = (() => {
      try {
        return resolveRunRequest({ reportId: 'daily-channels', date: '2025-13-01', dryRun: 1 }, context());
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(failure).toBeInstanceOf(RunInputError);
    expect((failure as Error).message).toMatch(
      /^date: 2025-13-01 is not a date in the form yyyy-MM-dd; dryRun: /,
    );
  });

  it('refuses in planRun exactly what it refuses itself, naming the same fields', () => {
    // Prepare
    const requests = [
      { reportId: 'daily-channels', from: '2025-11-01' },
      { reportId: 'daily-channels', from: '2025-01-01', to: '2025-06-30' },
      { reportId: 'daily-channels', recipients: [] },
      { reportId: 'monthly', date: '2025-11-01' },
    ];

    // Act
    const byCheck = requests.map((request) => problemsOf(() => resolveRunRequest(request, context())));
    const byPlan = requests.map((request) => problemsOf(() => planRun(context(), request)));

    // Assess
    expect(byPlan).toEqual(byCheck);
    expect(byPlan.map((fields) => fields.map((field) => field.path))).toEqual([
      ['to'],
      ['to'],
      ['recipients'],
      ['reportId'],
    ]);
  });
});

describe('Function: fieldOf', () => {
  it('finds the request field a path starts with, and nothing for a path that is not one', () => {
    // Act & Assess
    expect(fieldOf('recipients[1]')).toBe('recipients');
    expect(fieldOf('to')).toBe('to');
    expect(fieldOf('(payload)')).toBeUndefined();
    expect(fieldOf('reportID')).toBeUndefined();
    expect(Object.keys(FIELD_NAMES)).toEqual(Object.values(FIELD_NAMES));
  });
});
