import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import { clientEventsFor, meteredArchive } from '../../../src/adapters/aws/run-metrics.ts';
import type { ArchiveStore } from '../../../src/core/report/ports.ts';

function spiedMetrics() {
  const metrics = new Metrics({ namespace: 'SobotReports', serviceName: 'test' });
  return { metrics, addMetric: vi.spyOn(metrics, 'addMetric') };
}

function memoryStore(): ArchiveStore {
  const objects = new Map<string, unknown>();
  return {
    put: async (key, object) => void objects.set(key, object),
    putIfAbsent: async (key, object) => {
      if (objects.has(key)) return false;
      objects.set(key, object);
      return true;
    },
    get: async () => null,
    list: async () => [],
    locate: (key) => `memory://${key}`,
    browseUrl: () => null,
  };
}

describe('Function: meteredArchive', () => {
  it('counts the bytes of every object written, strings as UTF-8', async () => {
    // Prepare
    const { metrics, addMetric } = spiedMetrics();
    const archive = meteredArchive(memoryStore(), metrics);

    // Act
    await archive.put('a.html', { body: 'héllo', contentType: 'text/html' });
    await archive.put('b.xlsx', { body: new Uint8Array(10), contentType: 'application/octet-stream' });

    // Assess
    expect(addMetric.mock.calls).toEqual([
      ['BytesArchived', 'Bytes', 6],
      ['BytesArchived', 'Bytes', 10],
    ]);
  });

  it('does not count a conditional write that found the object already there', async () => {
    // Prepare
    const { metrics, addMetric } = spiedMetrics();
    const archive = meteredArchive(memoryStore(), metrics);
    await archive.putIfAbsent('ledger/x.json', { body: '{}', contentType: 'application/json' });
    addMetric.mockClear();

    // Act
    const written = await archive.putIfAbsent('ledger/x.json', {
      body: '{}',
      contentType: 'application/json',
    });

    // Assess
    expect(written).toBe(false);
    expect(addMetric).not.toHaveBeenCalled();
  });
});

describe('Function: clientEventsFor', () => {
  it('counts fetched pages and throttles', () => {
    // Prepare
    const { metrics, addMetric } = spiedMetrics();
    const events = clientEventsFor(metrics, { warn: () => {} });

    // Act
    events.onCall?.({ endpoint: 'getStat', page: 1, pageCount: 2, ok: true });
    events.onCall?.({ endpoint: 'getChannelList', ok: true });
    events.onThrottle?.({ endpoint: 'getStat', waitMs: 3000, reason: 'limiter' });

    // Assess
    expect(addMetric.mock.calls).toEqual([
      ['Pages', 'Count', 1],
      ['Throttles', 'Count', 1],
    ]);
  });

  it('warns once the client paces every endpoint as one account-wide lane', () => {
    // Prepare
    const { metrics } = spiedMetrics();
    const warnings: unknown[][] = [];
    const events = clientEventsFor(metrics, { warn: (...args: unknown[]) => warnings.push(args) });

    // Act
    events.onAccountWidePacing?.({ endpoint: 'getStat' });

    // Assess
    expect(warnings).toEqual([[expect.stringContaining('account-wide'), { endpoint: 'getStat' }]]);
  });
});
