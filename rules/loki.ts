/**
 * Loki's alerts, on its own /metrics (job from COMPONENTS.loki). Metric names and label values were
 * read from Loki 3.7.6's /metrics after provoking what they count; test/dashboards/logql-panels.test.ts
 * checks them against the running Loki. Results keep `namespace` and `job` like the loki-mixin's.
 */
import { DASHBOARD_UIDS } from '../dashboards/uids';
import { COMPONENTS } from '../constructs/identity';
import { COUNT, percent, RATIO, type RuleGroup } from './model';

const loki = `job="${COMPONENTS.loki.scrape.job}"`;


/**
 * `reason` values of `loki_discarded_samples_total` that a rate limit sets: the tenant's ingestion
 * rate (`rate_limited`) and a single stream's (`per_stream_rate_limit`). Loki answers both with 429,
 * and the client retries. Every other reason (too old, too long, too many streams, ...) is a line
 * Loki will never take.
 */
export const LOKI_RATE_LIMIT_REASONS = ['rate_limited', 'per_stream_rate_limit'] as const;
const rateLimits = LOKI_RATE_LIMIT_REASONS.join('|');

const requests = (matchers: string) => `sum by (namespace, job, route) (rate(loki_request_duration_seconds_count{${matchers}}[5m]))`;
const discarded = (reasons: string) => `sum by (namespace, job, tenant, reason) (increase(loki_discarded_samples_total{${loki},reason${reasons}}[5m]))`;

export const lokiAlerts: RuleGroup = {
  name: 'loki-alerts',
  rules: [
    {
      alert: 'LokiRequestErrors',
      // loki-mixin LokiRequestErrors: > 10% 5xx per route, for 15m, critical. Our window is 5m (the
      // mixin's 2m holds as few as two samples at a 1m scrape); `for` does the smoothing either way.
      expr: (t) => `${requests(`${loki},status_code=~"5.."`)} / ${requests(loki)} > ${t}`,
      threshold: 0.1,
      thresholdRange: RATIO,
      for: '15m',
      severity: 'critical',
      panel: { dashboard: DASHBOARD_UIDS.telemetryPipeline, title: 'Loki: 5xx Share by Route' },
      summary: 'Loki answers {{ $labels.route }} with server errors in {{ $labels.namespace }}',
      description: (t) => `{{ $value | humanizePercentage }} of the requests to route {{ $labels.route }} failed with 5xx over the last 5 minutes (threshold ${percent(t)}).`,
    },
    {
      alert: 'LokiRequestPanics',
      // loki-mixin LokiRequestPanics: any panic in 10m, no `for`, critical. A panic is a bug that
      // aborted a request (or the process), so one is enough; there is no threshold to tune.
      expr: `sum by (namespace, job) (increase(loki_panic_total{${loki}}[10m])) > 0`,
      severity: 'critical',
      summary: 'Loki panicked in {{ $labels.namespace }}',
      description: 'Panics recovered by Loki in the last 10 minutes: {{ $value | humanize }}.',
    },
    {
      alert: 'LokiDiscardedSamples',
      // Loki operator LokiDiscardedSamplesWarning: any discard for 15m, warning. Unlike it we keep
      // `stream_limit` here: it is no rate limit, and no other alert would see it.
      expr: (t) => `${discarded(`!~"${rateLimits}"`)} > ${t}`,
      threshold: 0,
      thresholdRange: COUNT,
      for: '15m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.telemetryPipeline, title: 'Loki: Lines Discarded by Reason' },
      summary: 'Loki discards log lines of tenant {{ $labels.tenant }} ({{ $labels.reason }})',
      description: (t) =>
        `{{ $value | humanize }} log lines were discarded for {{ $labels.reason }} in the last 5 minutes (threshold ${t}); they are lost.`,
    },
    {
      alert: 'LokiIngestionRateLimited',
      // Same window, `for` and severity as LokiDiscardedSamples (Loki operator: 15m, warning); the
      // operator leaves rate limits out of its alert, here they have their own because a sustained
      // 429 ends in Alloy dropping the lines once its retries run out.
      expr: (t) => `${discarded(`=~"${rateLimits}"`)} > ${t}`,
      threshold: 0,
      thresholdRange: COUNT,
      for: '15m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.telemetryPipeline, title: 'Loki: Lines Discarded by Reason' },
      summary: 'Loki rate-limits log lines of tenant {{ $labels.tenant }} ({{ $labels.reason }})',
      description: (t) =>
        `{{ $value | humanize }} log lines were refused by the {{ $labels.reason }} limit in the last 5 minutes (threshold ${t}); senders retry them.`,
    },
  ],
};
