import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeKpis, type Kpi } from '../../../src/core/render/kpis.ts';
import type { Dataset } from '../../../src/core/report/snapshot.ts';
import { agentRow } from '../../../src/core/sections/agents.ts';
import {
  customerSatisfaction,
  type SatisfactionData,
  sessionSatisfaction,
} from '../../../src/core/sections/satisfaction.ts';
import { buildSnapshotFixture } from '../../support/snapshot-fixture.ts';
import {
  cellOf,
  columnIndex,
  renderToWorkbook,
  sheet,
  workbookSnapshot,
} from '../render/workbook-fixture.ts';

/** The reference's own return example of an endpoint, as printed. */
function returnExample(path: string): Record<string, unknown> {
  const reference = JSON.parse(
    readFileSync(new URL('../../../src/adapters/sobot/reference/reference.json', import.meta.url), 'utf8'),
  ) as { sections: { path: string; returnExample: string }[] };
  const section = reference.sections.find((s) => s.path.endsWith(path));
  if (!section) throw new Error(`no reference section for ${path}`);
  return JSON.parse(section.returnExample) as Record<string, unknown>;
}

const SURVEY = returnExample('/satisfaction/getSatisfactionSurvey').item as Record<string, unknown>;
const CUSTOMERS = returnExample('/satisfaction/getCustomerSatisfaction').item as Record<string, unknown>;

/** Five chats rated on the 10-point scale, none on the 5-star one. */
const TEN_POINT_ONLY = {
  score_total_times: 0,
  avg_comment_score: '0.00',
  nps_total_times: 5,
  avg_nps_score: '8.40',
};

function withSatisfaction(satisfaction: SatisfactionData): Dataset {
  return { ...buildSnapshotFixture({ compare: false }).current, satisfaction };
}

function satisfactionKpi(current: SatisfactionData, previous?: SatisfactionData): Kpi {
  const kpis = computeKpis(withSatisfaction(current), previous ? withSatisfaction(previous) : null);
  const found = kpis.find((k) => k.id === 'satisfaction');
  if (!found) throw new Error('no satisfaction KPI');
  return found;
}

describe('Section: satisfaction, the headline score', () => {
  it('reads the reference’s example as a 5-star account: its "0.00" 10-point average is not a score', () => {
    // Act
    const kpi = satisfactionKpi({
      sessions: sessionSatisfaction.parse(SURVEY),
      customers: customerSatisfaction.parse(CUSTOMERS),
    });

    // Assess
    expect(kpi.current).toBe(3);
    expect(kpi.label.en).toBe('Satisfaction (5★)');
  });

  it('falls back to the 10-point scale when no chat was rated with stars', () => {
    // Act
    const kpi = satisfactionKpi({ sessions: sessionSatisfaction.parse(TEN_POINT_ONLY), customers: null });

    // Assess
    expect(kpi.current).toBe(8.4);
    expect(kpi.label).toEqual({ en: 'Satisfaction (10 points)', zh: '满意度（10分制）' });
  });

  it('treats a scale whose responses are not counted at all as not used', () => {
    // Act
    const kpi = satisfactionKpi({
      sessions: sessionSatisfaction.parse({ avg_comment_score: '0.00', avg_nps_score: '7.00' }),
      customers: customerSatisfaction.parse({ score5_average: '0.00', nps10_average: '0.00' }),
    });

    // Assess
    expect(kpi.current).toBeNull();
  });

  it('keeps the 5-star score when both scales are used', () => {
    // Act
    const kpi = satisfactionKpi({
      sessions: sessionSatisfaction.parse({
        ...TEN_POINT_ONLY,
        score_total_times: 3,
        avg_comment_score: '4.10',
      }),
      customers: null,
    });

    // Assess
    expect(kpi.current).toBe(4.1);
    expect(kpi.label.en).toBe('Satisfaction (5★)');
  });

  it('takes the customers’ 5-star score when the chat survey has none, counting its star ratings', () => {
    // Act
    const kpi = satisfactionKpi({
      sessions: sessionSatisfaction.parse(TEN_POINT_ONLY),
      customers: customerSatisfaction.parse({ score5_average: '4.40', score5: '3', score4: '2' }),
    });

    // Assess
    expect(kpi.current).toBe(4.4);
    // A per-customer average is not the per-chat one: it is labelled as its own metric.
    expect(kpi.label.en).toBe('Customer satisfaction (5★)');
  });

  it('compares the previous period on the scale the current one is shown on', () => {
    // Prepare
    const previous = {
      score_total_times: 4,
      avg_comment_score: '4.50',
      nps_total_times: 2,
      avg_nps_score: '9.00',
    };

    // Act
    const kpi = satisfactionKpi(
      { sessions: sessionSatisfaction.parse(TEN_POINT_ONLY), customers: null },
      { sessions: sessionSatisfaction.parse(previous), customers: null },
    );

    // Assess
    expect(kpi.previous).toBe(9);
    expect(kpi.change?.absolute).toBeCloseTo(-0.6, 6);
  });
});

describe('Section: satisfaction, the sheets', () => {
  it('leaves the reference example’s unused 10-point averages blank on the Satisfaction sheet', async () => {
    // Prepare
    const base = workbookSnapshot();
    const satisfaction = {
      sessions: sessionSatisfaction.parse(SURVEY),
      customers: customerSatisfaction.parse(CUSTOMERS),
    };
    const snapshot = { ...base, current: { ...base.current, satisfaction } };

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { sections: ['satisfaction'] });

    // Assess
    const rows = sheet(workbook, 'Satisfaction').getRows(2, 200) ?? [];
    const line = (group: string, metric: string) =>
      rows.find((row) => row.getCell(1).value === group && row.getCell(2).value === metric);
    const sessionNps = line('Chat satisfaction', 'Satisfaction (10 points)');
    const customerNps = line('Customer satisfaction', 'Customer satisfaction (10 points)');
    expect([sessionNps?.getCell(3).value, sessionNps?.getCell(4).value]).toEqual([null, null]);
    expect([customerNps?.getCell(3).value, customerNps?.getCell(4).value]).toEqual([null, null]);
    expect(line('Chat satisfaction', 'Satisfaction (5★)')?.getCell(3).value).toBe(3);
    expect(line('Customer satisfaction', 'Customer satisfaction (5★)')?.getCell(3).value).toBe(3.02);
    expect(line('Chat satisfaction', 'Satisfaction Rate')?.getCell(3).value).toBe(1);
  });

  it('leaves an agent’s unused scale blank on the Agents sheet, as in the reference’s example rows', async () => {
    // Prepare
    const base = workbookSnapshot();
    const items = returnExample('/customerService/staffWorkStatis').items as unknown[];
    const agents = items.map((item) => agentRow.parse(item));
    const snapshot = { ...base, current: { ...base.current, agents } };

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { sections: ['agents'] });

    // Assess
    const sheetOfAgents = sheet(workbook, 'Agents');
    const stars = columnIndex(sheetOfAgents, 'Satisfaction (5★)');
    const nps = columnIndex(sheetOfAgents, 'Satisfaction (10 points)');
    expect(cellOf(sheetOfAgents, 'staff1', stars).value).toBeNull();
    expect(cellOf(sheetOfAgents, 'staff1', nps).value).toBe(10);
    expect(cellOf(sheetOfAgents, 'staff2', nps).value).toBeNull();
  });
});
