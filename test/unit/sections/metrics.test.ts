import { describe, expect, it } from 'vitest';
import { HEADLINE_KPIS } from '../../../src/core/sections/headline.ts';
import { METRIC_LIST, METRICS } from '../../../src/core/sections/metrics.ts';
import { renderToWorkbook, sheet, workbookSnapshot } from '../render/workbook-fixture.ts';

describe('Registry: metrics', () => {
  it('gives every metric a label of its own in each language, so no label can name two figures', () => {
    // Act
    const labels = (language: 'en' | 'zh') => METRIC_LIST.map((m) => m.label[language].toLowerCase());

    // Assess
    expect(new Set(labels('en')).size).toBe(METRIC_LIST.length);
    expect(new Set(labels('zh')).size).toBe(METRIC_LIST.length);
    for (const metric of METRIC_LIST) {
      expect(METRICS[metric.id as keyof typeof METRICS]).toBe(metric);
      expect(metric.sources.length, metric.id).toBeGreaterThan(0);
    }
  });

  it('takes every headline figure, fallbacks included, from the registry', () => {
    // Act
    const used = HEADLINE_KPIS.flatMap((kpi) => [kpi.metric, ...(kpi.fallbacks ?? []).map((f) => f.metric)]);

    // Assess
    for (const metric of used) expect(METRIC_LIST).toContain(metric);
  });

  it.each(['en', 'zh'] as const)(
    'lists every metric on the %s Definitions sheet with its formula and fields',
    async (language) => {
      // Act
      const { workbook } = await renderToWorkbook(workbookSnapshot({ language }), {
        language,
        sections: ['summary'],
      });

      // Assess
      const definitions = sheet(workbook, language === 'en' ? 'Definitions' : '指标定义');
      const rows = definitions.getRows(2, definitions.rowCount - 1) ?? [];
      expect(rows.map((row) => row.getCell(1).value)).toEqual(METRIC_LIST.map((m) => m.label[language]));
      const reception = rows.find(
        (row) => row.getCell(1).value === METRICS.validReceptionRate.label[language],
      );
      expect(reception?.getCell(2).value).toBe(METRICS.validReceptionRate.formula[language]);
      expect(reception?.getCell(3).value).toBe(
        'getStat.human_valid_recep, getStat.human_consult, getStat.human_valid_recep_rate',
      );
    },
  );
});
