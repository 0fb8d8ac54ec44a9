import { createHash } from 'node:crypto';
import type { ReportConfig } from './config.ts';

/**
 * What an archived snapshot or checkpoint was collected for. A report whose sections, filters,
 * dimension, timezone, language, comparison or routes changed since then must be fetched again:
 * re-rendering the old data would show, say, an empty sheet for a section added since.
 */
export function definitionFingerprint(report: ReportConfig): string {
  const definition = {
    sections: [...report.sections].sort(),
    filters: sortedKeys(report.filters),
    dimension: report.dimension,
    timezone: report.timezone,
    language: report.language,
    compareWithPrevious: report.compareWithPrevious,
    routes: report.recipients.routes.map((route) => ({
      name: route.name,
      departmentIds: [...(route.departmentIds ?? [])].sort(),
      groupIds: [...(route.groupIds ?? [])].sort(),
    })),
  };
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 16);
}

function sortedKeys(filters: ReportConfig['filters']): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(filters)
      .filter(([, ids]) => ids !== undefined && ids.length > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, ids]) => [key, [...(ids ?? [])].sort()]),
  );
}
