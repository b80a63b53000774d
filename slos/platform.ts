/**
 * The platform API's service level objectives, from the design's "SLOs and SLIs" table. Every
 * selector comes from the metrics contract, scoped to `job="api"`. Environments change, drop or
 * add objectives under `slos` in their config.
 */
import { apiSelector, METRICS, type MetricDefinition } from '../metrics';
import type { GoodRatioSli, SloDefinition } from './model';

/** `up` is written by Prometheus for every scrape target: 1 when the scrape succeeded. */
export const UP: MetricDefinition = { name: 'up', type: 'gauge', help: 'Whether the last scrape of the target succeeded', labels: [] };

/** The latency objective's threshold: requests answered within this many seconds are good. */
export const LATENCY_THRESHOLD_SECONDS = 0.5;

const duration = METRICS.httpRequestDurationSeconds;

/**
 * Requests answered within `thresholdSeconds` over all requests. The good-event counter is the
 * histogram bucket at the threshold, so the threshold must be a bucket bound (apiSelector checks it
 * and writes `le` as the API's client does: 1 s is `le="1.0"`).
 */
export function latencySli(thresholdSeconds: number): GoodRatioSli {
  return {
    kind: 'good-ratio',
    good: apiSelector(duration, { le: thresholdSeconds }, 'bucket'),
    total: apiSelector(duration, {}, 'count'),
  };
}

export const PLATFORM_SLOS: Readonly<Record<string, SloDefinition>> = {
  'api-availability': {
    title: 'Availability',
    description: 'Share of scrapes of the API pods that succeeded (up{job="api"}), over all pods, each weighed by how long it existed.',
    objective: 99.9,
    // The design's dashboard thresholds: green from 99.9, yellow from 99.5, red below.
    warningLevel: 99.5,
    sli: { kind: 'uptime', selector: apiSelector(UP) },
  },
  'api-latency': {
    title: 'Latency',
    description: `Share of API requests answered within ${LATENCY_THRESHOLD_SECONDS * 1000} ms, from the ${duration.name} histogram.`,
    objective: 95,
    sli: latencySli(LATENCY_THRESHOLD_SECONDS),
  },
  'api-errors': {
    title: 'Error rate',
    description: 'Share of API requests answered without a 5xx status.',
    objective: 99.9,
    sli: {
      kind: 'error-ratio',
      errors: apiSelector(METRICS.httpRequestsTotal, { status: '=~5..' }),
      total: apiSelector(METRICS.httpRequestsTotal),
    },
  },
  'agent-success': {
    title: 'Agent success rate',
    description: 'Share of agent executions that end with status "success".',
    objective: 95,
    sli: {
      kind: 'good-ratio',
      good: apiSelector(METRICS.agentExecutionsTotal, { status: 'success' }),
      total: apiSelector(METRICS.agentExecutionsTotal),
    },
  },
};
