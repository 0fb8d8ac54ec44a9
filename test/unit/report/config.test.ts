import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addressOf,
  ConfigError,
  findReport,
  loadConfig,
  MAX_CONFIG_BYTES,
  parseConfig,
} from '../../../src/core/report/config.ts';
import { SECTION_IDS } from '../../../src/core/sections/ids.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests break a config in arbitrary places on purpose.
type Json = Record<string, any>;

function validConfig(): Json {
  return {
    email: { from: 'Reports <reports@example.com>' },
    reports: [
      {
        id: 'daily',
        title: 'Daily',
        period: 'daily',
        send: { hour: 8 },
        recipients: { to: ['a@example.com'] },
      },
      {
        id: 'weekly',
        title: 'Weekly',
        period: 'weekly',
        send: { hour: 9, weekday: 1 },
        recipients: { to: ['b@example.com'] },
      },
    ],
  };
}

function problemsOf(mutate: (config: Json) => void): readonly string[] {
  const config = validConfig();
  mutate(config);
  try {
    parseConfig(config);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('Function: parseConfig', () => {
  it('parses the shipped reports.config.json', async () => {
    // Act
    const config = await loadConfig(join(import.meta.dirname, '../../../reports.config.json'));

    // Assess
    expect(config.reports.map((report) => report.id)).toEqual([
      'daily-channels',
      'weekly-supervisors',
      'monthly-groups',
    ]);
    expect(findReport(config, 'weekly-supervisors').recipients.routes).toHaveLength(2);
  });

  it('applies the defaults', () => {
    // Act
    const report = parseConfig(validConfig()).reports[0];

    // Assess
    expect(report).toMatchObject({
      timezone: 'Asia/Shanghai',
      language: 'en',
      dimension: 'department',
      filters: {},
      sections: [...SECTION_IDS],
      compareWithPrevious: true,
      skipIfEmpty: false,
      targets: [],
      sendWhen: 'always',
      agentsNeedingAttention: { minChats: 10 },
      trendPeriods: 8,
      send: { hour: 8, minute: 0 },
      recipients: { to: ['a@example.com'], cc: [], bcc: [], routes: [] },
    });
  });

  it('names the exact path of a bad address', () => {
    // Act
    const problems = problemsOf((c) => {
      c.reports[1].recipients.to = ['not-an-address'];
    });

    // Assess
    expect(problems).toEqual(['reports[1].recipients.to[0]: is not a valid email address']);
  });

  it('refuses a bare channel flag and accepts a channel_flag_key', () => {
    // Act
    const problems = problemsOf((c) => {
      c.reports[0].filters = { channelFlags: ['4_1', '1'] };
    });

    // Assess
    expect(problems).toEqual([
      'reports[0].filters.channelFlags[1]: is a bare flag; give the channel_flag_key, type_flag, e.g. "4_1"',
    ]);
  });

  it('puts the first problem and the file name in the error message', () => {
    // Prepare
    const config = validConfig();
    config.reports[0].title = '';

    // Act
    const act = () => parseConfig(config, 'my.json');

    // Assess
    expect(act).toThrowError(/^my\.json: reports\[0\]\.title: /);
  });

  it.each([
    ['an address', (c: Json) => (c.reports[0].recipients.cc = ['a@example.com\r\nBcc: spy@example.com'])],
    ['the title', (c: Json) => (c.reports[0].title = 'Report\nBcc: spy@example.com')],
    ['the sender', (c: Json) => (c.email.from = 'reports@example.com\n')],
    [
      'the unsubscribe address',
      (c: Json) => (c.email.unsubscribe = 'stop@example.com\nBcc: spy@example.com'),
    ],
  ])('rejects a line break in %s as header injection, with one message', (_, mutate) => {
    // Act
    const problems = problemsOf(mutate);

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/: must not contain line breaks \(header injection\)$/);
  });

  it('takes a bare unsubscribe address, for the List-Unsubscribe mailto, and names the field otherwise', () => {
    // Act
    const bare = problemsOf((c) => {
      c.email.unsubscribe = 'cs-ops@example.com';
    });
    const named = problemsOf((c) => {
      c.email.unsubscribe = 'Ops <cs-ops@example.com>';
    });
    const notAnAddress = problemsOf((c) => {
      c.email.unsubscribe = 'cs-ops';
    });

    // Assess
    expect(bare).toEqual([]);
    expect(named).toEqual(['email.unsubscribe: is not a bare email address (no display name, no <>)']);
    expect(notAnAddress).toEqual(['email.unsubscribe: is not a bare email address (no display name, no <>)']);
  });

  it('rejects an unquoted display name holding a comma or colon, and accepts it quoted', () => {
    // Act
    const comma = problemsOf((c) => {
      c.reports[0].recipients.to = ['Doe, Jane <jane@example.com>'];
    });
    const colon = problemsOf((c) => {
      c.reports[0].recipients.to = ['Team: Jane <jane@example.com>'];
    });
    const quoted = problemsOf((c) => {
      c.reports[0].recipients.to = ['"Doe, Jane" <jane@example.com>'];
    });

    // Assess
    expect(comma).toEqual([expect.stringMatching(/^reports\[0\]\.recipients\.to\[0\]: needs double quotes/)]);
    expect(colon).toHaveLength(1);
    expect(quoted).toEqual([]);
    expect(addressOf('"Doe, Jane" <jane@example.com>')).toBe('jane@example.com');
  });

  it('names each unknown field at its own path', () => {
    // Act
    const problems = problemsOf((c) => {
      c.reports[0].titel = 'typo';
      c.reports[1].recipients.bc = [];
      c.extra = true;
    });

    // Assess
    expect([...problems].sort()).toEqual([
      'extra: is not a known field',
      'reports[0].titel: is not a known field',
      'reports[1].recipients.bc: is not a known field',
    ]);
  });

  it('requires a weekday for a weekly report, even when other fields are wrong too', () => {
    // Act
    const problems = problemsOf((c) => {
      delete c.reports[1].send.weekday;
      c.reports[1].recipients.to = ['nope'];
    });

    // Assess
    expect(problems).toContain('reports[1].send.weekday: is required for a weekly report');
    expect(problems).toContain('reports[1].recipients.to[0]: is not a valid email address');
  });

  it('requires a day of month for a monthly report', () => {
    // Act
    const problems = problemsOf((c) => {
      c.reports[0].period = 'monthly';
    });

    // Assess
    expect(problems).toEqual(['reports[0].send.dayOfMonth: is required for a monthly report']);
  });

  it('rejects a weekday or day of month that the period would ignore', () => {
    // Act
    const problems = problemsOf((c) => {
      c.reports[0].send.weekday = 3;
      c.reports[1].send.dayOfMonth = 1;
    });

    // Assess
    expect(problems).toEqual([
      'reports[0].send.weekday: applies to weekly reports only',
      'reports[1].send.dayOfMonth: applies to monthly reports only',
    ]);
  });

  it('rejects duplicate report ids at the second one', () => {
    // Act
    const problems = problemsOf((c) => {
      c.reports[1].id = 'daily';
    });

    // Assess
    expect(problems).toEqual(['reports[1].id: duplicates "daily"']);
  });

  it('reads targets keyed by metric id, durations in seconds held as ms', () => {
    // Prepare
    const config = validConfig();
    config.reports[0].targets = {
      validReceptionRate: { min: 0.9 },
      avgFirstResponse: { maxSeconds: 30 },
      satisfaction5: { min: 4.5 },
      resolvedRate: { min: 0.8 },
    };
    config.reports[0].sendWhen = 'targetMissed';

    // Act
    const report = parseConfig(config).reports[0];

    // Assess
    expect(report?.targets).toEqual([
      { metric: 'validReceptionRate', bound: 'min', value: 0.9 },
      { metric: 'avgFirstResponse', bound: 'max', value: 30_000 },
      { metric: 'satisfaction5', bound: 'min', value: 4.5 },
      { metric: 'resolvedRate', bound: 'min', value: 0.8 },
    ]);
    expect(report?.sendWhen).toBe('targetMissed');
  });

  it.each([
    [
      'an unknown metric id',
      { firstResponse: { maxSeconds: 30 } },
      'reports[0].targets.firstResponse: is not a metric that takes a target; known: validReceptions,',
    ],
    [
      'a metric with no better direction',
      { totalChats: { min: 100 } },
      'reports[0].targets.totalChats: has no better direction',
    ],
    [
      'a bound on the wrong side of the direction',
      { avgFirstResponse: { minSeconds: 30 } },
      'reports[0].targets.avgFirstResponse.minSeconds: Avg first response is better lower, so its target is a maximum: give "maxSeconds"',
    ],
    [
      'a duration given without its unit',
      { avgFirstResponse: { max: 30000 } },
      'reports[0].targets.avgFirstResponse.max: Avg first response is a duration: give "maxSeconds" in seconds',
    ],
    [
      'seconds on a metric that is not a duration',
      { validReceptionRate: { minSeconds: 1 } },
      'reports[0].targets.validReceptionRate.minSeconds: Valid reception (% of chats) is not a duration: give "min"',
    ],
    [
      'a percent written as 90 rather than 0.9',
      { validReceptionRate: { min: 90 } },
      'reports[0].targets.validReceptionRate.min: is a fraction of 1 (0.9 for 90 %), not 90',
    ],
    [
      'a score above its scale',
      { satisfaction5: { min: 9 } },
      "reports[0].targets.satisfaction5.min: is above the scale's top score, 5",
    ],
    [
      'two bounds on one metric',
      { resolvedRate: { min: 0.8, max: 1 } },
      'reports[0].targets.resolvedRate: takes exactly one bound',
    ],
    [
      'a bound that is not a number',
      { resolvedRate: { min: '80%' } },
      'reports[0].targets.resolvedRate.min: must be a number',
    ],
  ])('rejects %s in targets, in one line naming the field', (_, targets, message) => {
    // Act
    const problems = problemsOf((c) => {
      c.reports[0].targets = targets;
    });

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith(message)).toBe(true);
  });

  it('refuses an alert with no target to miss', () => {
    // Act
    const problems = problemsOf((c) => {
      c.reports[0].sendWhen = 'targetMissed';
    });

    // Assess
    expect(problems).toEqual([
      'reports[0].sendWhen: "targetMissed" needs at least one entry in targets, or nothing could ever be sent',
    ]);
  });

  it('takes a minimum of chats for the agents needing attention, a whole number from 1', () => {
    // Act
    const problems = problemsOf((c) => {
      c.reports[0].agentsNeedingAttention = { minChats: 0 };
    });

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith('reports[0].agentsNeedingAttention.minChats: ')).toBe(true);
  });

  it.each([1, 14, 2.5])('takes a trend of 2 to 13 periods, not %s', (trendPeriods) => {
    // Act
    const problems = problemsOf((c) => {
      c.reports[0].trendPeriods = trendPeriods;
    });

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith('reports[0].trendPeriods: ')).toBe(true);
  });

  it.each([
    ['a timezone that is not IANA', (c: Json) => (c.reports[0].timezone = 'EST'), 'reports[0].timezone'],
    ['an id unfit for S3 keys', (c: Json) => (c.reports[0].id = 'Daily Report'), 'reports[0].id'],
    [
      'an unknown section',
      (c: Json) => (c.reports[0].sections = ['summary', 'charts']),
      'reports[0].sections[1]',
    ],
    ['a report without recipients', (c: Json) => (c.reports[0].recipients = {}), 'reports[0].recipients'],
    [
      'a route bound to nothing',
      (c: Json) => (c.reports[0].recipients.routes = [{ name: 'Team', to: ['t@example.com'] }]),
      'reports[0].recipients.routes[0]',
    ],
    ['an hour out of range', (c: Json) => (c.reports[0].send.hour = 24), 'reports[0].send.hour'],
  ])('rejects %s at %s', (_, mutate, path) => {
    // Act
    const problems = problemsOf(mutate);

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith(`${path}: `)).toBe(true);
  });
});

describe('Function: loadConfig', () => {
  it('names the file when it is not JSON', async () => {
    // Prepare
    const file = join(await mkdtemp(join(tmpdir(), 'config-')), 'reports.config.json');
    await writeFile(file, '{ "email": ');

    // Act
    const outcome = await loadConfig(file).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(ConfigError);
    expect((outcome as Error).message).toMatch(/reports\.config\.json: is not valid JSON/);
  });

  it('names the file when it cannot be read', async () => {
    // Act
    const outcome = await loadConfig('/nonexistent/reports.config.json').catch((error: unknown) => error);

    // Assess
    expect((outcome as Error).message).toBe('/nonexistent/reports.config.json: cannot be read');
  });

  it('refuses a file over the size limit without parsing it, and reads one at the limit', async () => {
    // Prepare: valid JSON padded with spaces, one file at the limit and one byte over it.
    const folder = await mkdtemp(join(tmpdir(), 'config-'));
    const json = JSON.stringify(validConfig());
    const atLimit = join(folder, 'at-limit.json');
    const over = join(folder, 'over.json');
    await writeFile(atLimit, json.padEnd(MAX_CONFIG_BYTES, ' '));
    await writeFile(over, json.padEnd(MAX_CONFIG_BYTES + 1, ' '));

    // Act
    const read = await loadConfig(atLimit);
    const outcome = await loadConfig(over).catch((error: unknown) => error);

    // Assess
    expect(read.reports).toHaveLength(2);
    expect(outcome).toBeInstanceOf(ConfigError);
    expect((outcome as Error).message).toBe(`${over}: is larger than ${MAX_CONFIG_BYTES} bytes`);
  });

  it('refuses a folder given as the config file', async () => {
    // Act
    const outcome = await loadConfig(tmpdir()).catch((error: unknown) => error);

    // Assess
    expect((outcome as Error).message).toBe(`${tmpdir()}: is not a file`);
  });
});

describe('Function: findReport', () => {
  it('lists the known ids when the report is unknown', () => {
    // Act
    const act = () => findReport(parseConfig(validConfig()), 'monthly');

    // Assess
    expect(act).toThrowError('unknown report "monthly" (known: daily, weekly)');
  });
});
