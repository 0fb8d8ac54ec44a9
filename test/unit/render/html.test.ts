import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/core/render/html.ts';
import {
  buildReportModel,
  type ReportModel,
  type ReportModelOptions,
} from '../../../src/core/render/model.ts';
import type { RawSnapshot } from '../../../src/core/report/snapshot.ts';
import { METRICS } from '../../../src/core/sections/metrics.ts';
import { MAX_TREND_PERIODS } from '../../../src/core/trend/length.ts';
import { type PeriodTrend, trendWindows } from '../../../src/core/trend/trend.ts';
import { buildSnapshotFixture } from '../../support/snapshot-fixture.ts';

const OPTIONS: ReportModelOptions = {
  title: 'Weekly live-chat report',
  language: 'en',
  sections: ['summary', 'chats', 'dimensions', 'agents'],
};

const GMAIL_CLIP_BYTES = 102 * 1024;

function render(snapshot: RawSnapshot, options: Partial<ReportModelOptions> = {}): string {
  return renderHtml(buildReportModel(snapshot, { ...OPTIONS, ...options }));
}

/** The change markup of one KPI card, found by its label. */
/** The longest trend the config allows, every figure known. */
function monthlyTrend(period: RawSnapshot['period']): PeriodTrend {
  return {
    kind: 'monthly',
    periods: trendWindows(period, MAX_TREND_PERIODS).map((w) => ({
      ...w,
      figures: {
        totalChats: 123_456,
        validReceptionRate: 0.7777,
        avgFirstResponse: 85_000,
        satisfaction5: 4.44,
      },
      source: 'report',
    })),
  };
}

const TARGETS = [
  { metric: 'validReceptionRate', bound: 'min', value: 0.9 },
  { metric: 'avgFirstResponse', bound: 'max', value: 30_000 },
  { metric: 'satisfaction5', bound: 'min', value: 4.5 },
  { metric: 'resolvedRate', bound: 'min', value: 0.8 },
] as const;

/** The text as read: file names and paths carry `<wbr>` between their parts. */
function withoutWordBreaks(html: string): string {
  return html.replaceAll('<wbr>', '');
}

function cardChange(html: string, label: string): string {
  const card = html.slice(html.indexOf(`>${label}</div>`));
  return card.slice(0, card.indexOf('</td>'));
}

function withKpi(model: ReportModel, id: string, current: number, previous: number): ReportModel {
  return {
    ...model,
    kpis: model.kpis.map((k) =>
      k.id === id
        ? {
            ...k,
            current,
            previous,
            change: { absolute: current - previous, relative: (current - previous) / previous },
          }
        : k,
    ),
  };
}

describe('Function: renderHtml', () => {
  describe('hostile names from the API', () => {
    const HOSTILE = [
      '<img src=x onerror=alert(1)>',
      '=HYPERLINK("http://evil.example","click")',
      'Line one\r\nBcc: victim@example.com',
      '\u202Egnp.exe',
      'Support 🧑‍💻👩🏽‍🚀 team',
      '{{title}} {{{content}}}',
    ];

    it('shows markup in a department name as text, never as an element', () => {
      // Act
      const html = render(buildSnapshotFixture({ unitNames: HOSTILE }));

      // Assess
      expect(html).not.toContain('<img');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)');
    });

    it('does not fill template slots that appear inside a name', () => {
      // Act
      const html = render(buildSnapshotFixture({ unitNames: HOSTILE }));

      // Assess
      expect(html).toContain('{{title}} {{{content}}}');
    });

    it('turns line breaks and bidi overrides in agent names into plain spaces and keeps emoji whole', () => {
      // Act
      const html = render(buildSnapshotFixture({ agentNames: HOSTILE, agents: HOSTILE.length }));

      // Assess
      expect(html).not.toMatch(/Line one[\r\n]/);
      expect(html).toContain('Line one Bcc: victim@example.com');
      expect(html).not.toContain('\u202E');
      expect(html).toContain('Support 🧑‍💻👩🏽‍🚀 team');
    });

    it('shortens a 10,000-character name so the message stays small', () => {
      // Prepare
      const huge = 'Ω'.repeat(10_000);
      const normal = render(buildSnapshotFixture({ unitNames: ['A', 'B', 'C'] }));

      // Act
      const html = render(buildSnapshotFixture({ unitNames: [huge, huge, huge], agentNames: [huge] }));

      // Assess
      expect(html).not.toContain('Ω'.repeat(100));
      expect(html).toContain(`${'Ω'.repeat(59)}…`);
      expect(Buffer.byteLength(html)).toBeLessThan(Buffer.byteLength(normal) + 4_000);
    });
  });

  it('stays under Gmail’s 102 KB clipping limit for a 250-agent, 40-department monthly report with the longest trend', () => {
    // Prepare
    const fixture = buildSnapshotFixture({ agents: 250, units: 40, days: 31, from: '2025-10-01' });
    const snapshot = {
      ...fixture,
      period: { ...fixture.period, kind: 'monthly' as const, label: '2025-10' },
    };

    // Act
    const html = render(snapshot, {
      periodTrend: monthlyTrend(snapshot.period),
      targets: TARGETS,
      archive: {
        workbook: 'report.xlsx',
        attached: true,
        location: 's3://archive/monthly/2025-10',
        folderUrl: 'https://eu-west-1.console.aws.amazon.com/s3/buckets/archive?prefix=monthly/2025-10/',
        files: [{ name: 'report.html', kind: 'html' }],
      },
    });

    // Assess
    expect(Buffer.byteLength(html)).toBeLessThan(GMAIL_CLIP_BYTES);
    expect(html).toContain('2025-10-31');
    expect(html).toContain('Last 13 months');
  });

  it('draws fewer department rows, and says so, when long names would pass Gmail’s clipping limit', () => {
    // Prepare: 40 departments whose names are as long as the email shows (60 characters, 180 bytes).
    const unitNames = Array.from({ length: 40 }, (_, i) => `${i}${'客户服务中心华东大区'.repeat(6)}`);
    const fixture = buildSnapshotFixture({
      agents: 250,
      units: 40,
      unitNames,
      language: 'zh',
      days: 31,
      from: '2025-10-01',
    });
    const snapshot = {
      ...fixture,
      period: { ...fixture.period, kind: 'monthly' as const, label: '2025-10' },
    };

    // Act
    const html = render(snapshot, {
      language: 'zh',
      periodTrend: monthlyTrend(snapshot.period),
      targets: TARGETS,
    });

    // Assess
    expect(Buffer.byteLength(html)).toBeLessThan(GMAIL_CLIP_BYTES);
    const table = html.slice(html.indexOf('按部门'), html.indexOf('表现最佳的 5 位客服'));
    const shown = table.match(/<td class="td" dir="auto"/g)?.length ?? 0;
    expect(shown).toBeGreaterThanOrEqual(10);
    expect(shown).toBeLessThan(40);
    expect(table).toContain(`显示 ${shown} / 40 行，完整数据见 Excel 报表。`);
  });

  it('limits a long dimension table and says where the rest is', () => {
    // Act
    const html = render(buildSnapshotFixture({ units: 55 }));

    // Assess
    expect(html).toContain('40 of 55 rows shown');
    const table = html.slice(html.indexOf('By department'), html.indexOf('Top 5 agents'));
    expect(table.match(/>Department \d+</g)).toHaveLength(40);
  });

  it('colours a falling response time green and a falling resolved rate red', () => {
    // Prepare
    let model = buildReportModel(buildSnapshotFixture(), OPTIONS);
    model = withKpi(model, 'avgFirstResponse', 50_000, 60_000);
    model = withKpi(model, 'resolvedRate', 0.7, 0.8);
    model = withKpi(model, 'totalChats', 900, 1_000);

    // Act
    const html = renderHtml(model);

    // Assess
    expect(cardChange(html, 'Avg first response')).toContain('change-good');
    expect(cardChange(html, 'Avg first response')).toContain('▼ 16.7%');
    expect(cardChange(html, METRICS.resolvedRate.label.en)).toContain('change-bad');
    expect(cardChange(html, METRICS.resolvedRate.label.en)).toContain('▼ 10.0 pp');
    expect(cardChange(html, 'Total chats')).toContain('change-neutral');
  });

  it('shows a change that rounds to zero with no arrow and in the neutral colour', () => {
    // Prepare: 44.4s against 43.6s reads "44s" both times; 77.53% against 77.49% is 0.04 pp.
    let model = buildReportModel(buildSnapshotFixture(), OPTIONS);
    model = withKpi(model, 'avgFirstResponse', 44_400, 43_600);
    model = withKpi(model, 'resolvedRate', 0.7753, 0.7749);
    model = withKpi(model, 'totalChats', 100_001, 100_000);

    // Act
    const html = renderHtml(model);

    // Assess
    for (const label of ['Avg first response', METRICS.resolvedRate.label.en, 'Total chats']) {
      expect(cardChange(html, label)).toContain('change-neutral');
      expect(cardChange(html, label)).not.toMatch(/[▲▼]/);
    }
    expect(cardChange(html, 'Avg first response')).toContain('±0');
    expect(cardChange(html, METRICS.resolvedRate.label.en)).toContain('±0 pp');
    // 100,001 against 100,000 differ where shown, by 0.0%: the amount stays, without an arrow.
    expect(cardChange(html, 'Total chats')).toContain('0.0%');
  });

  it('names the previous value by the report’s period', () => {
    // Act
    const html = render(buildSnapshotFixture());

    // Assess
    expect(cardChange(html, 'Total chats')).toContain('prev. week');
  });

  it('states the exact period with its timezone and the comparison period', () => {
    // Act
    const html = render(buildSnapshotFixture());

    // Assess
    expect(html).toContain('Period: 2025-11-03 – 2025-11-09 (Asia/Shanghai)');
    expect(html).toContain('Compared with the previous week: 2025-10-27 – 2025-11-02 (Asia/Shanghai)');
  });

  it('draws one trend bar per day with widths relative to the busiest day', () => {
    // Act
    const html = render(buildSnapshotFixture({ days: 7 }));

    // Assess
    const rows = html.split('class="trend-date"').slice(1);
    expect(rows).toHaveLength(7);
    const filled = rows.map((row) =>
      [...row.matchAll(/class="bar-(?:valid|invalid)" width="(\d+)%"/g)].reduce(
        (sum, m) => sum + Number(m[1]),
        0,
      ),
    );
    expect(Math.max(...filled)).toBeGreaterThanOrEqual(99);
    expect(filled.every((width) => width > 0 && width <= 100)).toBe(true);
  });

  it('shows a notice and no trend or tables for an empty period', () => {
    // Act
    const html = render(buildSnapshotFixture({ empty: true }));

    // Assess
    expect(html).toContain('No chats in this period.');
    expect(html).not.toContain('class="trend-date"');
    expect(html).not.toContain('By department');
  });

  it('has no trend chart for a single day', () => {
    // Act
    const html = render(buildSnapshotFixture({ days: 1 }));

    // Assess
    expect(html).not.toContain('Chats per day');
    expect(html).toContain('Period: 2025-11-03 (Asia/Shanghai)');
  });

  it('names the scope of a slice and tags the account-level KPIs account-wide', () => {
    // Prepare
    const snapshot = buildSnapshotFixture({
      scope: { name: 'Department 1', departmentIds: ['dept-001'], groupIds: [] },
    });

    // Act
    const html = render(snapshot);

    // Assess
    expect(html).toContain('Scope: Department 1');
    expect(html.match(/>account-wide</g)).toHaveLength(5);
  });

  it('speaks Chinese for a zh report', () => {
    // Act
    const html = render(buildSnapshotFixture(), { language: 'zh' });

    // Assess
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain('核心指标');
    expect(html).toContain('总会话量');
    expect(html).toContain('与上周对比');
  });

  it('says the workbook is attached, names the archived files and links the folder in the S3 console', () => {
    // Act
    const html = render(buildSnapshotFixture(), {
      archive: {
        workbook: 'weekly_2025-11-03_2025-11-09.xlsx',
        attached: true,
        location: 's3://bucket/reports/weekly/weekly/2025/2025-W45',
        folderUrl:
          'https://eu-west-1.console.aws.amazon.com/s3/buckets/bucket?region=eu-west-1&prefix=reports/weekly/weekly/2025/2025-W45/&showversions=false',
        files: [
          { name: 'weekly_2025-11-03_2025-11-09.html', kind: 'html' },
          { name: 'raw.json.gz', kind: 'raw' },
        ],
      },
    });

    // Assess
    const block = withoutWordBreaks(html.slice(html.indexOf('Where the files are')));
    expect(block).toContain('The workbook weekly_2025-11-03_2025-11-09.xlsx is attached to this email.');
    expect(block).toContain('weekly_2025-11-03_2025-11-09.html</span>: this email, as a web page');
    expect(block).toContain('raw.json.gz</span>: the data as collected from Sobot');
    expect(block).toMatch(
      /<a [^>]*href="https:\/\/eu-west-1\.console\.aws\.amazon\.com\/s3\/buckets\/bucket\?region=eu-west-1&amp;prefix=reports\/weekly\/weekly\/2025\/2025-W45\/&amp;showversions=false"[^>]*>Open the run&#39;s folder in the S3 console<\/a> \(for staff with AWS console access\)/,
    );
    expect(block).toContain('s3://bucket/reports/weekly/weekly/2025/2025-W45');
    expect(html).not.toContain('href="s3:');
  });

  it('says when the workbook is not attached, and shows a local folder as a path, never as a link', () => {
    // Act
    const html = render(buildSnapshotFixture(), {
      archive: {
        workbook: 'big.xlsx',
        attached: false,
        location: '/srv/out/archive/reports/weekly/weekly/2025/2025-W45',
        folderUrl: null,
        files: [{ name: 'big.html', kind: 'html' }],
      },
    });

    // Assess
    const block = withoutWordBreaks(html.slice(html.indexOf('Where the files are')));
    expect(block).toContain(
      'The workbook big.xlsx is too large to attach to this email; it is in the run&#39;s folder below.',
    );
    expect(block).not.toContain('is attached');
    const notice = html.indexOf('The workbook big.xlsx is too large to attach');
    expect(notice).toBeGreaterThan(-1);
    expect(notice).toBeLessThan(html.indexOf('Key figures'));
    expect(block).toContain('/srv/out/archive/reports/weekly/weekly/2025/2025-W45');
    expect(block).not.toContain('<a ');
  });

  it('never links a folder address that is not https', () => {
    // Act
    const html = render(buildSnapshotFixture(), {
      archive: {
        workbook: 'w.xlsx',
        attached: true,
        location: 's3://bucket/run',
        folderUrl: 'javascript:alert(1)',
        files: [],
      },
    });

    // Assess
    expect(html).not.toContain('href="javascript:');
    expect(withoutWordBreaks(html)).toContain('s3://bucket/run');
  });

  it('lets a file name or path wrap only between its parts, so a phone never splits a word of it', () => {
    // Act
    const html = render(buildSnapshotFixture(), {
      archive: {
        workbook: 'w.xlsx',
        attached: true,
        location: '/srv/out/archive/reports/weekly-care',
        folderUrl: null,
        files: [{ name: 'weekly_2025-W45_<care>.html', kind: 'html' }],
      },
    });

    // Assess
    expect(html).toContain('/<wbr>srv/<wbr>out/<wbr>archive/<wbr>reports/<wbr>weekly-<wbr>care</span>');
    expect(html).toContain('weekly_<wbr>2025-<wbr>W45_<wbr>&lt;care&gt;.<wbr>html</span>');
  });

  it('is built for email clients: no script, no external resources, styles inline, dark mode declared', () => {
    // Act
    const html = render(buildSnapshotFixture());

    // Assess
    expect(html).not.toMatch(/<script|<link|<img|url\(|@import/i);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('<!--[if mso]>');
    const body = html.slice(html.indexOf('<body'));
    expect(body).not.toContain('<style');
    expect(body).toMatch(/class="card-value" style="[^"]*font-size:22px/);
  });

  it('gives Outlook for Windows, which ignores inline blocks and media queries, the key figures as a table of three columns', () => {
    // Act
    const html = render(buildSnapshotFixture());

    // Assess
    const grid = html.slice(html.indexOf('class="grid"'), html.indexOf('Chats per day'));
    const cards = grid.match(/class="card-cell"/g) ?? [];
    expect(cards).toHaveLength(12);
    expect(grid.match(/<!--\[if mso\]><tr><!\[endif\]-->/g)).toHaveLength(4);
    expect(grid.match(/<!--\[if mso\]><td width="33%" valign="top"><!\[endif\]-->/g)).toHaveLength(12);
  });

  it('marks the columns a phone leaves out, and never the name or the rates', () => {
    // Act
    const html = render(buildSnapshotFixture());

    // Assess
    const heads = [...html.matchAll(/<th class="([^"]+)"[^>]*>([^<]+)<\/th>/g)].map(([, cls, text]) => ({
      secondary: cls?.includes('secondary'),
      text,
    }));
    const secondary = heads.filter((h) => h.secondary).map((h) => h.text);
    expect(new Set(secondary)).toEqual(new Set(['Valid chats', 'Valid receptions']));
    expect(heads.find((h) => h.text === 'Department')?.secondary).toBe(false);
  });

  it('says on each targeted key figure whether it met its target, with a symbol and words, not colour alone', () => {
    // Prepare
    const targets = [
      { metric: 'validReceptionRate', bound: 'min', value: 0.9 },
      { metric: 'avgFirstResponse', bound: 'max', value: 90_000 },
    ] as const;

    // Act
    const html = render(buildSnapshotFixture(), { targets });

    // Assess
    const reception = cardChange(html, METRICS.validReceptionRate.label.en);
    const firstResponse = cardChange(html, METRICS.avgFirstResponse.label.en);
    expect(reception).toMatch(/class="target target-missed"[^>]*>✗ below target 90\.0%</);
    expect(firstResponse).toMatch(/class="target target-met"[^>]*>✓ target ≤ 1m 30s</);
    // Every card keeps the same lines, so a row of cards lines up without a height.
    expect(cardChange(html, METRICS.totalChats.label.en)).toMatch(/class="target"[^>]*>&nbsp;</);
  });

  it('says in one line how the agents needing attention were chosen', () => {
    // Prepare
    const targets = [{ metric: 'avgFirstResponse', bound: 'max', value: 30_000 }] as const;

    // Act
    const html = render(buildSnapshotFixture({ agents: 20 }), { targets, minChats: 25 });

    // Assess
    const section = html.slice(html.indexOf('Agents needing attention'));
    expect(section).toMatch(
      /Chosen from the \d+ of 20 agents with at least 25 chats: those who miss a target, furthest first\. Targets: Avg first response ≤ 30s\./,
    );
  });

  it('leaves out the sections the report does not ask for', () => {
    // Act
    const html = render(buildSnapshotFixture(), { sections: ['summary'] });

    // Assess
    expect(html).toContain('Key figures');
    expect(html).not.toContain('Chats per day');
    expect(html).not.toContain('Top 5 agents');
  });
});
