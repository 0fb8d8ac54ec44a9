import { describe, expect, it } from 'vitest';
import { buildReportModel, type ReportModelOptions } from '../../../src/core/render/model.ts';
import { displayWidth, renderText } from '../../../src/core/render/text.ts';
import type { RawSnapshot } from '../../../src/core/report/snapshot.ts';
import { buildSnapshotFixture } from '../../support/snapshot-fixture.ts';

const OPTIONS: ReportModelOptions = {
  title: 'Weekly live-chat report',
  language: 'en',
  sections: ['summary', 'chats', 'dimensions', 'agents'],
};

function render(snapshot: RawSnapshot, options: Partial<ReportModelOptions> = {}): string {
  return renderText(buildReportModel(snapshot, { ...OPTIONS, ...options }));
}

function section(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(title.toUpperCase());
  const end = lines.indexOf('', start + 1);
  return lines.slice(start + 2, end === -1 ? undefined : end);
}

describe('Function: renderText', () => {
  it('tells the same facts as the HTML: period, KPIs with change and previous value', () => {
    // Prepare
    const model = buildReportModel(buildSnapshotFixture(), OPTIONS);
    const total = model.kpis.find((k) => k.id === 'totalChats');

    // Act
    const text = renderText(model);

    // Assess
    expect(text).toContain('Period: 2025-11-03 – 2025-11-09 (Asia/Shanghai)');
    const line = text.split('\n').find((l) => l.startsWith('Total chats'));
    expect(line).toContain(new Intl.NumberFormat('en-US').format(total?.current ?? -1));
    expect(line).toMatch(/[▲▼] \d+\.\d%/);
    expect(line).toContain(`prev. week ${new Intl.NumberFormat('en-US').format(total?.previous ?? -1)}`);
  });

  it('shows a change that rounds to zero without an arrow', () => {
    // Prepare: 44.4s against 43.6s both read "44s".
    const base = buildReportModel(buildSnapshotFixture(), OPTIONS);
    const model = {
      ...base,
      kpis: base.kpis.map((k) =>
        k.id === 'avgFirstResponse'
          ? { ...k, current: 44_400, previous: 43_600, change: { absolute: 800, relative: 800 / 43_600 } }
          : k,
      ),
    };

    // Act
    const text = renderText(model);

    // Assess
    const line = text.split('\n').find((l) => l.startsWith('Avg first response')) ?? '';
    expect(line).toMatch(/44s\s+±0\s+prev\. week 44s/);
    expect(line).not.toMatch(/[▲▼]/);
  });

  it('aligns the dimension table in columns, Chinese names included', () => {
    // Act
    const text = render(buildSnapshotFixture({ unitNames: ['客服中心', 'Sales', '售后服务部门'] }), {
      language: 'zh',
    });

    // Assess
    const table = section(text, '按部门');
    const widths = table.map((line) => displayWidth(line));
    expect(new Set(widths).size).toBe(1);
    expect(table[0]).toMatch(/^部门\s+总会话量/);
  });

  it('has one trend line per day', () => {
    // Act
    const text = render(buildSnapshotFixture({ days: 5 }));

    // Assess
    expect(text.split('\n').filter((l) => /^2025-11-0\d\s+[\d,]+\s+[\d,]+\s+#+/.test(l))).toHaveLength(5);
  });

  it('keeps hostile names on one line and short', () => {
    // Act
    const text = render(
      buildSnapshotFixture({ unitNames: ['Evil\r\nBcc: x@example.com', 'x'.repeat(10_000)] }),
    );

    // Assess
    expect(text).toContain('Evil Bcc: x@example.com');
    expect(text).not.toContain('\r');
    expect(text).not.toContain('x'.repeat(28));
    expect(text.length).toBeLessThan(20_000);
  });

  it('says the period is empty and where the files are', () => {
    // Act
    const text = render(buildSnapshotFixture({ empty: true }), {
      archive: {
        workbook: 'report.xlsx',
        attached: true,
        location: '/var/reports/weekly',
        folderUrl: null,
        files: [{ name: 'report.html', kind: 'html' }],
      },
    });

    // Assess
    expect(text).toContain('*** No chats in this period. ***');
    expect(section(text, 'Where the files are')).toEqual([
      'The workbook report.xlsx is attached to this email.',
    ]);
    expect(text).toContain('  - report.html: this email, as a web page');
    expect(text).toContain("The run's folder:\n  /var/reports/weekly");
    expect(text).not.toContain('CHATS PER DAY');
  });

  it('puts the S3 console link of the run’s folder on a line of its own', () => {
    // Prepare
    const url =
      'https://eu-west-1.console.aws.amazon.com/s3/buckets/b?region=eu-west-1&prefix=run/&showversions=false';

    // Act
    const text = render(buildSnapshotFixture(), {
      archive: { workbook: 'w.xlsx', attached: false, location: 's3://b/run', folderUrl: url, files: [] },
    });

    // Assess
    expect(text).toContain('*** The workbook w.xlsx is too large to attach to this email;');
    expect(text).toContain(
      `Open the run's folder in the S3 console (for staff with AWS console access):\n  ${url}\n`,
    );
  });

  it('tags account-wide KPIs and names the scope of a slice', () => {
    // Act
    const text = render(
      buildSnapshotFixture({ scope: { name: 'Department 2', departmentIds: ['dept-002'], groupIds: [] } }),
    );

    // Assess
    expect(text).toContain('Scope: Department 2');
    expect(text.split('\n').filter((l) => l.endsWith('[account-wide]'))).toHaveLength(5);
  });

  it('lists the top agents and those needing attention, each with how it was chosen', () => {
    // Act
    const text = render(buildSnapshotFixture({ agents: 20 }));

    // Assess
    expect(section(text, 'Top 5 agents')).toHaveLength(7);
    expect(section(text, 'Agents needing attention')).toHaveLength(7);
    expect(text).toContain('Ranked by valid reception chats.');
    expect(text).toMatch(
      /Chosen from the \d+ of 20 agents with at least 10 chats: those short of the team's own figure, furthest first \(no agent target is set\): Valid reception \(% of chats\) ≥ 79\.8%; Avg first response ≤ 1m 11s\./,
    );
  });

  it('says beside each targeted key figure whether it met its target, in words and a symbol', () => {
    // Prepare
    const model = buildReportModel(buildSnapshotFixture(), {
      ...OPTIONS,
      targets: [
        { metric: 'validReceptionRate', bound: 'min', value: 0.9 },
        { metric: 'avgFirstResponse', bound: 'max', value: 90_000 },
      ],
    });

    // Act
    const text = renderText(model);

    // Assess
    const line = (label: string) => text.split('\n').find((l) => l.startsWith(label)) ?? '';
    expect(line('Valid reception (% of chats)')).toMatch(/79\.8%.*✗ below target 90\.0%$/);
    expect(line('Avg first response')).toMatch(/1m 11s.*✓ target ≤ 1m 30s$/);
    expect(line('Total chats')).not.toMatch(/target/);
  });
});
