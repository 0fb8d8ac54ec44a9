import type { Metrics } from '@aws-lambda-powertools/metrics';
import { vi } from 'vitest';

interface PublishedMetric {
  readonly reportId: unknown;
  readonly name: string;
  readonly value: number;
}

/** Records what a handler publishes through `metrics.singleMetric()`, with its ReportId dimension. */
export function recordSingleMetrics(metrics: Metrics): PublishedMetric[] {
  const published: PublishedMetric[] = [];
  vi.spyOn(metrics, 'singleMetric').mockImplementation(() => {
    const dimensions: Record<string, unknown> = {};
    return {
      addDimension: (name: string, value: string) => {
        dimensions[name] = value;
      },
      addMetric: (name: string, _unit: string, value: number) => {
        published.push({ reportId: dimensions.ReportId, name, value });
      },
    } as unknown as Metrics;
  });
  return published;
}
