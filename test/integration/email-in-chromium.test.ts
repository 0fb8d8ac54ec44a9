import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/core/render/html.ts';
import { buildReportModel, type ReportModelOptions } from '../../src/core/render/model.ts';
import type { RawSnapshot } from '../../src/core/report/snapshot.ts';
import { type PeriodTrend, trendWindows } from '../../src/core/trend/trend.ts';
import { launchChromium } from '../support/chromium.ts';
import { buildSnapshotFixture } from '../support/snapshot-fixture.ts';

/**
 * Every kind of email the config allows, opened in headless Chromium at a desktop client's width and
 * at a phone's. One browser for the whole file; each email is written to a temporary folder first, so
 * a failure names a file to open (KEEP_EMAILS=1 keeps the folder).
 */

const DESKTOP = 600;
const PHONE = 375;

const OPTIONS: ReportModelOptions = {
  title: 'Weekly live-chat report',
  language: 'en',
  sections: ['summary', 'chats', 'dimensions', 'agents'],
  archive: {
    workbook: 'weekly-supervisors_2025-11-03_2025-11-09_customer-care-headquarters.xlsx',
    attached: true,
    location: 's3://sobot-reports-archive/reports/weekly-supervisors/weekly/2025/2025-W45/',
    folderUrl:
      'https://ap-southeast-1.console.aws.amazon.com/s3/buckets/sobot-reports-archive?region=ap-southeast-1&prefix=reports%2Fweekly-supervisors%2Fweekly%2F2025%2F2025-W45%2F&showversions=false',
    files: [
      { name: 'weekly-supervisors_2025-11-03_2025-11-09_customer-care-headquarters.html', kind: 'html' },
    ],
  },
};

/** Names as long as real ones, each word long enough to show a break in the middle of it. */
const DEPARTMENTS = [
  'Customer Care Headquarters',
  'Billing & Payments',
  'Technical Support Escalations',
  'VIP <Support>',
  'International Logistics',
  'Returns',
];
const AGENTS = [
  'Alexandra Konstantinopoulou',
  'Maximilian Schwarzenegger',
  'Bartholomew Featherstonehaugh',
  'Anastasia Vasilyevna',
  'Christopher Montgomery',
  'Guinevere Blackwood-Smythe',
  'Jonathan Richardson',
  'Evangeline Worthington',
  'Sebastian Fairweather',
  'Penelope Cartwright',
  'Theodore Ashworth',
  'Wilhelmina Stonebridge',
];

/** The last 8 periods of a snapshot, with a gap (no record) and a period filled from getStat alone. */
function trendOf(snapshot: RawSnapshot, gap: number): PeriodTrend {
  const windows = trendWindows(snapshot.period);
  return {
    kind: windows[0]?.kind ?? 'weekly',
    periods: windows.map((w, i) => ({
      label: w.label,
      from: w.from,
      to: w.to,
      figures:
        i === gap
          ? null
          : {
              totalChats: 12_000 + i * 1_357,
              validReceptionRate: 0.74 + i / 100,
              avgFirstResponse: 41_000 + i * 3_100,
              satisfaction5: i < 3 ? null : 4.1 + i / 20,
            },
      source: i === windows.length - 1 ? 'current' : i < 3 ? 'api' : 'report',
    })),
  };
}

interface EmailKind {
  readonly name: string;
  readonly snapshot: RawSnapshot;
  readonly options?: Partial<ReportModelOptions>;
}

const KINDS: readonly EmailKind[] = [
  {
    name: 'weekly by department',
    snapshot: buildSnapshotFixture({ unitNames: DEPARTMENTS, agentNames: AGENTS }),
  },
  {
    name: 'daily by channel',
    snapshot: buildSnapshotFixture({
      days: 1,
      dimension: 'channel',
      unitNames: ['Website Chat', 'Mobile Application', 'WeChat Official Account', 'Enterprise WeChat'],
      agentNames: AGENTS,
    }),
    options: { title: 'Daily live-chat report' },
  },
  {
    name: 'monthly by skill group',
    snapshot: buildSnapshotFixture({
      days: 30,
      from: '2025-11-01',
      dimension: 'skillGroup',
      unitNames: ['Pre-sales Consultation', 'After-sales Maintenance', 'Complaints Handling', 'Membership'],
      agents: 40,
    }),
    options: { title: 'Monthly live-chat report' },
  },
  {
    name: 'routed slice with account-wide figures',
    snapshot: buildSnapshotFixture({
      unitNames: DEPARTMENTS,
      agentNames: AGENTS,
      scope: { name: 'Customer Care Headquarters', departmentIds: ['dept-001'], groupIds: [] },
    }),
  },
  {
    name: 'routed slice with targets met and missed',
    snapshot: buildSnapshotFixture({
      unitNames: DEPARTMENTS,
      agentNames: AGENTS,
      scope: { name: 'Customer Care Headquarters', departmentIds: ['dept-001'], groupIds: [] },
    }),
    options: {
      targets: [
        { metric: 'validReceptionRate', bound: 'min', value: 0.9 },
        { metric: 'avgFirstResponse', bound: 'max', value: 90_000 },
        { metric: 'satisfaction5', bound: 'min', value: 4.5 },
        { metric: 'resolvedRate', bound: 'min', value: 0.8 },
      ],
    },
  },
  {
    name: 'zh with targets',
    snapshot: buildSnapshotFixture({
      language: 'zh',
      unitNames: ['客户服务中心', '技术支持部'],
      agentNames: AGENTS,
    }),
    options: {
      language: 'zh',
      title: '每日在线客服预警',
      targets: [
        { metric: 'validReceptionRate', bound: 'min', value: 0.9 },
        { metric: 'avgFirstResponse', bound: 'max', value: 30_000 },
      ],
    },
  },
  { name: 'empty period', snapshot: buildSnapshotFixture({ empty: true }) },
  ...(() => {
    const week = buildSnapshotFixture({ unitNames: DEPARTMENTS, agentNames: AGENTS });
    const weekly = { ...week, period: { ...week.period, label: '2025-W45' } };
    const month = buildSnapshotFixture({ days: 30, from: '2025-11-01', language: 'zh', agents: 40 });
    const monthly = { ...month, period: { ...month.period, kind: 'monthly' as const, label: '2025-11' } };
    return [
      {
        name: 'weekly with its 8-week trend and a gap',
        snapshot: weekly,
        options: { periodTrend: trendOf(weekly, 2) },
      },
      {
        name: 'monthly zh with its 8-month trend',
        snapshot: monthly,
        options: { language: 'zh', title: '每月在线客服报告', periodTrend: trendOf(monthly, 0) },
      },
    ] satisfies EmailKind[];
  })(),
  {
    name: 'data-quality warnings',
    snapshot: {
      ...buildSnapshotFixture({ unitNames: DEPARTMENTS, agentNames: AGENTS }),
      quality: {
        unreadCount: 3,
        unread: [{ endpoint: 'getStat', field: 'human_transfer', value: '"unavailable"' }],
        missing: [
          {
            endpoint: 'getStat',
            field: 'avg_staff_first_res_duration',
            rows: 21,
            blanks: { en: 'Average first response', zh: '平均首次响应时长' },
          },
        ],
      },
    },
  },
  {
    name: 'zh',
    snapshot: buildSnapshotFixture({
      language: 'zh',
      unitNames: ['客户服务中心', '技术支持部', 'Billing & Payments'],
      agentNames: AGENTS,
    }),
    options: { language: 'zh', title: '每周在线客服报告' },
  },
];

interface Layout {
  readonly scrollWidth: number;
  readonly innerWidth: number;
  readonly cards: readonly { left: number; right: number; top: number; width: number; height: number }[];
  /** Latin words or numbers that the browser laid out on more than one line. */
  readonly brokenWords: readonly string[];
}

/** Runs in the page (it is browser code, so it is kept out of the type check's Node-only program). */
const MEASURE = readFileSync(new URL('../support/email-layout.js', import.meta.url), 'utf8');

/** The trend's rows as laid out: each period's label, right edge, height and gap text. */
const TREND_ROWS = `[...document.querySelectorAll('td.period-label')].map((cell) => {
  const row = cell.parentElement.getBoundingClientRect();
  const gap = cell.parentElement.querySelector('.period-gap');
  return { text: cell.textContent, right: row.right, height: row.height, gap: gap ? gap.textContent : null };
})`;

/** Cards per row, rows top to bottom. */
function rowsOf(cards: Layout['cards']): number[] {
  const perRow = new Map<number, number>();
  for (const card of cards) perRow.set(card.top, (perRow.get(card.top) ?? 0) + 1);
  return [...perRow.values()];
}

/** Full rows of `size`, and what is left over in the last. */
function rowsOfSize(size: number, cards: number): number[] {
  return Array.from({ length: Math.ceil(cards / size) }, (_, row) => Math.min(size, cards - row * size));
}

describe('The email in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let folder: string;
  const files = new Map<string, string>();
  const kpiCounts = new Map<string, number>();

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    folder = await mkdtemp(join(tmpdir(), 'email-in-chromium-'));
    for (const [index, kind] of KINDS.entries()) {
      const model = buildReportModel(kind.snapshot, { ...OPTIONS, ...kind.options });
      const file = join(folder, `${index}.html`);
      await writeFile(file, renderHtml(model));
      files.set(kind.name, file);
      kpiCounts.set(kind.name, model.kpis.length);
    }
  });

  afterAll(async () => {
    await browser?.close();
    if (folder && !process.env.KEEP_EMAILS) await rm(folder, { recursive: true, force: true });
  });

  async function open(kind: EmailKind, width: number): Promise<Layout> {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(pathToFileURL(files.get(kind.name) ?? '').href);
    return page.evaluate<Layout>(MEASURE);
  }

  describe.each(KINDS)('$name', (kind) => {
    it('fits a 375 px phone: no sideways scroll, no word broken mid-word, key figures two to a row', async () => {
      // Act
      const layout = await open(kind, PHONE);

      // Assess
      const where = files.get(kind.name);
      expect
        .soft(layout.scrollWidth, `page wider than the phone: ${where}`)
        .toBeLessThanOrEqual(layout.innerWidth);
      expect.soft(layout.brokenWords, `words broken across lines: ${where}`).toEqual([]);
      expect(layout.cards).toHaveLength(kpiCounts.get(kind.name) ?? -1);
      for (const card of layout.cards) {
        expect(card.width).toBeGreaterThan(0);
        expect(card.height).toBeGreaterThan(0);
        expect(card.left).toBeGreaterThanOrEqual(0);
        expect(card.right).toBeLessThanOrEqual(layout.innerWidth);
      }
      expect(rowsOf(layout.cards)).toEqual(rowsOfSize(2, layout.cards.length));
    });

    it('keeps the desktop layout at 600 px: three key figures to a row, nothing wider than the window', async () => {
      // Act
      const layout = await open(kind, DESKTOP);

      // Assess
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
      expect(layout.brokenWords).toEqual([]);
      expect(rowsOf(layout.cards)).toEqual(rowsOfSize(3, layout.cards.length));
    });
  });
  describe.each(KINDS.filter((kind) => kind.options?.periodTrend))('$name', (kind) => {
    it('shows every period of the trend on the phone, a gap said in words', async () => {
      // Act
      await open(kind, PHONE);
      const rows =
        await page.evaluate<{ text: string; right: number; height: number; gap: string | null }[]>(
          TREND_ROWS,
        );

      // Assess
      const periods = kind.options?.periodTrend?.periods ?? [];
      expect(rows.map((r) => r.text)).toEqual(periods.map((p) => p.label));
      for (const row of rows) {
        expect(row.height).toBeGreaterThan(0);
        expect(row.right).toBeLessThanOrEqual(PHONE);
      }
      const noData = kind.options?.language === 'zh' ? '无数据' : 'no data';
      expect(rows.filter((r) => r.gap === noData)).toHaveLength(periods.filter((p) => !p.figures).length);
    });
  });
});
