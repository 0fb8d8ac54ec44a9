import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ArchiveObject, ArchiveStore } from '../../core/report/ports.ts';
import type { ClientEvents } from '../../core/sobot/api.ts';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from './observability.ts';

/** The functions' CloudWatch metrics (Powertools, embedded metric format) in the service's namespace. */
export function lambdaMetrics(): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
}

/**
 * The Sobot client's observations as metrics (pages fetched, rate-limit waits), and the one switch
 * to account-wide pacing as a warning: it changes how long every later run takes.
 */
export function clientEventsFor(metrics: Metrics, logger: Pick<Logger, 'warn'>): ClientEvents {
  return {
    onAccountWidePacing: ({ endpoint }) =>
      logger.warn('rate limit is account-wide: every endpoint now paced as one for the rest of the run', {
        endpoint,
      }),
    onCall: ({ page, ok }) => {
      if (ok && page !== undefined) metrics.addMetric(METRIC.pages, MetricUnit.Count, 1);
    },
    onThrottle: () => metrics.addMetric(METRIC.throttles, MetricUnit.Count, 1),
  };
}

function sizeOf(object: ArchiveObject): number {
  return typeof object.body === 'string' ? Buffer.byteLength(object.body, 'utf8') : object.body.byteLength;
}

/** An archive that counts the bytes it writes; reads and listings pass straight through. */
export function meteredArchive(store: ArchiveStore, metrics: Metrics): ArchiveStore {
  const count = (object: ArchiveObject) =>
    metrics.addMetric(METRIC.bytesArchived, MetricUnit.Bytes, sizeOf(object));
  return {
    put: async (key, object) => {
      await store.put(key, object);
      count(object);
    },
    putIfAbsent: async (key, object) => {
      const written = await store.putIfAbsent(key, object);
      if (written) count(object);
      return written;
    },
    get: (key) => store.get(key),
    list: (prefix) => store.list(prefix),
    locate: (key) => store.locate(key),
    browseUrl: (folder) => store.browseUrl(folder),
  };
}
