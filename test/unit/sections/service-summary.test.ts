import { describe, expect, it } from 'vitest';
import * as stats from '../../support/stats-requests.ts';

const RANGE = { start: '2025-11-03 00:00:00', end: '2025-11-09 23:59:59' };

describe('Section: service summary', () => {
  it('sends level_classifys explicitly, as a list, empty for every classification', () => {
    // Act
    const request = stats.serviceSummary({ range: RANGE, summaryWay: 0 });

    // Assess
    expect(request.params.level_classifys).toEqual([]);
  });
});
