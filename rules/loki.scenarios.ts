/**
 * Scenarios of Loki's alerts (rules/loki.ts), on series shaped like Loki 3.7's /metrics. A counter
 * rising by s per minute from 0 has increase(x[5m]) = 5s at every sample from 5m on; ratios of two
 * counters that start together are exact from the first minute. An alert whose condition first holds
 * at 1m (the first evaluation with two samples) and keeps holding fires at 1m + `for`.
 */
import { runbook, series, type AlertScenario } from './scenario';

const target = { job: 'loki', namespace: 'monitoring', pod: 'loki-0', instance: '10.0.3.4:3100', container: 'loki', node: 'node-a' };
const loki = { job: 'loki', namespace: 'monitoring' };

const requests = (route: string, status: string, method = 'POST') =>
  series('loki_request_duration_seconds_count', { ...target, method, route, status_code: status, ws: 'false' });
const discarded = (reason: string) => series('loki_discarded_samples_total', { ...target, format: 'loki', reason, retention_hours: '72', tenant: 'fake' });

export const lokiScenarios: readonly AlertScenario[] = [
  {
    // Push: 3 of 20 requests a minute fail with 500: 15%. Queries all succeed, and so do the gRPC
    // pushes from distributor to ingester (status "success").
    alert: 'LokiRequestErrors',
    name: 'fires after 15m when 15% of the pushes fail with 5xx, for the push route only, not before',
    series: [
      { series: requests('loki_api_v1_push', '204'), values: '0+17x30' },
      { series: requests('loki_api_v1_push', '500'), values: '0+3x30' },
      { series: requests('loki_api_v1_query_range', '200', 'GET'), values: '0+10x30' },
      { series: requests('/logproto.Pusher/Push', 'success', 'gRPC'), values: '0+17x30' },
    ],
    checks: [
      { at: '10m', firing: [] },
      {
        at: '20m',
        firing: [
          {
            labels: { alertname: 'LokiRequestErrors', ...loki, route: 'loki_api_v1_push', severity: 'critical' },
            annotations: {
              summary: 'Loki answers loki_api_v1_push with server errors in monitoring',
              description: '15% of the requests to route loki_api_v1_push failed with 5xx over the last 5 minutes (threshold 10%).',
              runbook_url: runbook('LokiRequestErrors'),
            },
          },
        ],
      },
    ],
  },
  {
    // Push: 1 in 20 fails (5%), and half the pushes are rate-limited (429 is no server error). Queries
    // fail half the time for 10 minutes: the ratio stays above 10% from 1m to 13m (the last 500 is
    // counted at 10m and leaves the 5m window at 14m), 12 minutes, short of `for`.
    alert: 'LokiRequestErrors',
    name: 'stays quiet at 5% errors, for 429s, and for a 10-minute burst of failed queries',
    series: [
      { series: requests('loki_api_v1_push', '204'), values: '0+19x30' },
      { series: requests('loki_api_v1_push', '500'), values: '0+1x30' },
      { series: requests('loki_api_v1_push', '429'), values: '0+20x30' },
      { series: requests('loki_api_v1_query_range', '200', 'GET'), values: '0+10x30' },
      { series: requests('loki_api_v1_query_range', '500', 'GET'), values: '0+10x10 100+0x20' },
    ],
    checks: [
      { at: '14m', firing: [] },
      { at: '20m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
  {
    // One panic counted at 3m. increase over [10m] at 3m: 0, 0, 0, 1 from the counter's first sample,
    // which starts at 0 so no extrapolation before it: exactly 1.
    alert: 'LokiRequestPanics',
    name: 'fires on the evaluation that sees one panic',
    series: [{ series: series('loki_panic_total', target), values: '0 0 0 1+0x30' }],
    checks: [
      { at: '2m', firing: [] },
      {
        at: '3m',
        firing: [
          {
            labels: { alertname: 'LokiRequestPanics', ...loki, severity: 'critical' },
            annotations: {
              summary: 'Loki panicked in monitoring',
              description: 'Panics recovered by Loki in the last 10 minutes: 1.',
              runbook_url: runbook('LokiRequestPanics'),
            },
          },
        ],
      },
    ],
  },
  {
    // The panic at 1m has left the 10m window by 12m: (2m, 12m] holds only samples of 1.
    alert: 'LokiRequestPanics',
    name: 'stays quiet without panics, and once a panic is older than 10 minutes',
    series: [
      { series: series('loki_panic_total', target), values: '0 1+0x30' },
      { series: series('loki_panic_total', { ...target, pod: 'loki-1', instance: '10.0.3.5:3100' }), values: '0+0x30' },
    ],
    checks: [
      { at: '12m', firing: [] },
      { at: '25m', firing: [] },
    ],
  },
  {
    // 2 too-old lines a minute: increase over [5m] is 10. Rate-limited lines run alongside and
    // belong to LokiIngestionRateLimited, not here.
    alert: 'LokiDiscardedSamples',
    name: 'fires after 15m of lines discarded as too old, per reason, not before',
    series: [
      { series: discarded('greater_than_max_sample_age'), values: '0+2x30' },
      { series: discarded('rate_limited'), values: '0+40x30' },
    ],
    checks: [
      { at: '10m', firing: [] },
      {
        at: '20m',
        firing: [
          {
            labels: { alertname: 'LokiDiscardedSamples', ...loki, reason: 'greater_than_max_sample_age', tenant: 'fake', severity: 'warning' },
            annotations: {
              summary: 'Loki discards log lines of tenant fake (greater_than_max_sample_age)',
              description: '10 log lines were discarded for greater_than_max_sample_age in the last 5 minutes (threshold 0); they are lost.',
              runbook_url: runbook('LokiDiscardedSamples'),
            },
          },
        ],
      },
    ],
  },
  {
    // Rate limits are the other alert's. Three too-long lines counted at 2m keep increase[5m]
    // above 0 from 2m to 5m only.
    alert: 'LokiDiscardedSamples',
    name: 'stays quiet for rate-limited lines and for one burst of too-long lines',
    series: [
      { series: discarded('rate_limited'), values: '0+40x30' },
      { series: discarded('per_stream_rate_limit'), values: '0+5x30' },
      { series: discarded('line_too_long'), values: '0 0 3+0x30' },
    ],
    checks: [
      { at: '10m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
  {
    // 40 lines a minute over the tenant's rate, 5 over one stream's: 200 and 25 in 5 minutes.
    alert: 'LokiIngestionRateLimited',
    name: 'fires after 15m of rate-limited lines, once per limit, not for other discards, not before',
    series: [
      { series: discarded('rate_limited'), values: '0+40x30' },
      { series: discarded('per_stream_rate_limit'), values: '0+5x30' },
      { series: discarded('greater_than_max_sample_age'), values: '0+2x30' },
    ],
    checks: [
      { at: '10m', firing: [] },
      {
        at: '20m',
        firing: [
          {
            labels: { alertname: 'LokiIngestionRateLimited', ...loki, reason: 'per_stream_rate_limit', tenant: 'fake', severity: 'warning' },
            annotations: {
              summary: 'Loki rate-limits log lines of tenant fake (per_stream_rate_limit)',
              description: '25 log lines were refused by the per_stream_rate_limit limit in the last 5 minutes (threshold 0); senders retry them.',
              runbook_url: runbook('LokiIngestionRateLimited'),
            },
          },
          {
            labels: { alertname: 'LokiIngestionRateLimited', ...loki, reason: 'rate_limited', tenant: 'fake', severity: 'warning' },
            annotations: {
              summary: 'Loki rate-limits log lines of tenant fake (rate_limited)',
              description: '200 log lines were refused by the rate_limited limit in the last 5 minutes (threshold 0); senders retry them.',
              runbook_url: runbook('LokiIngestionRateLimited'),
            },
          },
        ],
      },
    ],
  },
  {
    // Rate-limited for the first 10 minutes: the last refusal (counted at 10m) leaves the 5m window at
    // 14m, so the condition holds from 1m to 13m, 12 minutes, short of `for`.
    alert: 'LokiIngestionRateLimited',
    name: 'stays quiet for 10 minutes of rate limiting and for validation discards',
    series: [
      { series: discarded('rate_limited'), values: '0+40x10 400+0x20' },
      { series: discarded('greater_than_max_sample_age'), values: '0+2x30' },
    ],
    checks: [
      { at: '15m', firing: [] },
      { at: '20m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
];
