/**
 * Scenarios of the platform API's alerts (rules/platform.ts). Expected values are worked out by
 * hand from the series: a steady counter's rate is its step per minute, a histogram's quantile is
 * interpolated linearly inside its bucket.
 */
import { METRICS } from '../metrics';
import { histogramBuckets, runbook, series, type AlertScenario } from './scenario';

const ns = 'agent-platform';
const api = (pod: string, extra: Record<string, string> = {}) => ({ job: 'api', namespace: ns, pod, instance: `${pod}:8000`, ...extra });

const REQUESTS = METRICS.httpRequestsTotal.name;
const LATENCY = METRICS.httpRequestDurationSeconds;
const EXECUTION = METRICS.agentExecutionDurationSeconds;
const TOKENS = METRICS.agentTokensUsedTotal.name;

export const platformScenarios: readonly AlertScenario[] = [
  {
    alert: 'HighErrorRate',
    name: 'fires after 5m when 10% of the requests across pods fail, not before',
    series: [
      { series: series(REQUESTS, api('api-a', { method: 'GET', endpoint: '/agents', status: '200' })), values: '0+45x30' },
      { series: series(REQUESTS, api('api-b', { method: 'GET', endpoint: '/agents', status: '200' })), values: '0+45x30' },
      { series: series(REQUESTS, api('api-a', { method: 'POST', endpoint: '/agents/{id}/execute', status: '500' })), values: '0+10x30' },
    ],
    checks: [
      { at: '4m', firing: [] },
      {
        at: '10m',
        firing: [
          {
            labels: { alertname: 'HighErrorRate', namespace: ns, severity: 'critical' },
            annotations: {
              summary: 'High error rate on the API in agent-platform',
              description: 'Error rate is 10% over the last 5 minutes (threshold 5%).',
              runbook_url: runbook('HighErrorRate'),
            },
          },
        ],
      },
    ],
  },
  {
    // The design's ratio divided each 5xx series by itself (always 1) and counted every job's requests.
    alert: 'HighErrorRate',
    name: 'stays quiet at 1% errors on one endpoint, and ignores another job failing all its requests',
    series: [
      { series: series(REQUESTS, api('api-a', { method: 'GET', endpoint: '/agents', status: '200' })), values: '0+990x30' },
      { series: series(REQUESTS, api('api-a', { method: 'GET', endpoint: '/agents', status: '500' })), values: '0+10x30' },
      { series: series(REQUESTS, { job: 'grafana', namespace: 'monitoring', pod: 'grafana-0', status: '500' }), values: '0+50x30' },
    ],
    checks: [
      { at: '10m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
  {
    alert: 'HighErrorRate',
    name: 'an environment lowering the threshold to 8%, for to 2m and severity to warning gets exactly that',
    tuning: { HighErrorRate: { threshold: 0.08, for: '2m', severity: 'warning' } },
    series: [
      { series: series(REQUESTS, api('api-a', { method: 'GET', endpoint: '/agents', status: '200' })), values: '0+90x30' },
      { series: series(REQUESTS, api('api-a', { method: 'GET', endpoint: '/agents', status: '503' })), values: '0+10x30' },
    ],
    checks: [
      { at: '2m', firing: [] },
      {
        at: '4m',
        firing: [
          {
            labels: { alertname: 'HighErrorRate', namespace: ns, severity: 'warning' },
            annotations: {
              summary: 'High error rate on the API in agent-platform',
              description: 'Error rate is 10% over the last 5 minutes (threshold 8%).',
              runbook_url: runbook('HighErrorRate'),
            },
          },
        ],
      },
    ],
  },
  {
    alert: 'HighErrorRate',
    name: 'an environment raising the threshold to 20% keeps 10% errors quiet',
    tuning: { HighErrorRate: { threshold: 0.2 } },
    series: [
      { series: series(REQUESTS, api('api-a', { method: 'GET', endpoint: '/agents', status: '200' })), values: '0+90x30' },
      { series: series(REQUESTS, api('api-a', { method: 'GET', endpoint: '/agents', status: '500' })), values: '0+10x30' },
    ],
    checks: [{ at: '15m', firing: [] }],
  },
  {
    alert: 'SlowResponseTime',
    name: 'fires after 5m when every request takes 2.5-5s (p95 = 2.5 + 0.95 × 2.5 = 4.875s), not before',
    series: histogramBuckets(LATENCY.name, api('api-a', { method: 'GET', endpoint: '/agents' }), LATENCY.buckets!, { 5: 10 }, 30),
    checks: [
      { at: '4m', firing: [] },
      {
        at: '10m',
        firing: [
          {
            labels: { alertname: 'SlowResponseTime', namespace: ns, severity: 'warning' },
            annotations: {
              summary: 'Slow API responses in agent-platform',
              description: '95th percentile response time is 4.875s (threshold 2s).',
              runbook_url: runbook('SlowResponseTime'),
            },
          },
        ],
      },
    ],
  },
  {
    // Without sum by (le) the design took a quantile per endpoint: the 1% slow endpoint alone fired.
    alert: 'SlowResponseTime',
    name: 'stays quiet when 1% of requests, all on one endpoint, take 5-10s (overall p95 ≈ 0.1s)',
    series: [
      ...histogramBuckets(LATENCY.name, api('api-a', { method: 'GET', endpoint: '/agents' }), LATENCY.buckets!, { 0.1: 1000 }, 30),
      ...histogramBuckets(LATENCY.name, api('api-a', { method: 'GET', endpoint: '/export' }), LATENCY.buckets!, { 10: 10 }, 30),
    ],
    checks: [
      { at: '10m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
  {
    alert: 'SlowAgentExecutions',
    name: 'fires after 10m when executions take 30-60s (p95 = 30 + 0.95 × 30 = 58.5s), not before',
    series: histogramBuckets(EXECUTION.name, api('api-a', { agent_id: 'research' }), EXECUTION.buckets!, { 60: 4 }, 30),
    checks: [
      { at: '8m', firing: [] },
      {
        at: '15m',
        firing: [
          {
            labels: { alertname: 'SlowAgentExecutions', namespace: ns, severity: 'warning' },
            annotations: {
              summary: 'Agent executions are slow in agent-platform',
              description: '95th percentile execution time is 58.5s (threshold 30s).',
              runbook_url: runbook('SlowAgentExecutions'),
            },
          },
        ],
      },
    ],
  },
  {
    alert: 'SlowAgentExecutions',
    name: 'stays quiet when 2% of executions, all of one agent, take 60-120s (overall p95 ≈ 2.45s)',
    series: [
      ...histogramBuckets(EXECUTION.name, api('api-a', { agent_id: 'summarize' }), EXECUTION.buckets!, { 2.5: 100 }, 30),
      ...histogramBuckets(EXECUTION.name, api('api-a', { agent_id: 'research' }), EXECUTION.buckets!, { 120: 2 }, 30),
    ],
    checks: [
      { at: '15m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
  {
    alert: 'DatabaseConnectionPoolLow',
    name: 'fires after 5m at 95 active connections on one pod, not before',
    series: [{ series: series(METRICS.dbConnectionsActive.name, api('api-a')), values: '95+0x30' }],
    checks: [
      { at: '3m', firing: [] },
      {
        at: '10m',
        firing: [
          {
            labels: { alertname: 'DatabaseConnectionPoolLow', ...api('api-a'), severity: 'warning' },
            annotations: {
              summary: 'Database connection pool running low on api-a',
              description: '95 active database connections on agent-platform/api-a (threshold: 80).',
              runbook_url: runbook('DatabaseConnectionPoolLow'),
            },
          },
        ],
      },
    ],
  },
  {
    alert: 'DatabaseConnectionPoolLow',
    name: 'stays quiet at exactly 80, for a 3m spike to 120, and for another job at 200',
    series: [
      { series: series(METRICS.dbConnectionsActive.name, api('api-a')), values: '80+0x30' },
      { series: series(METRICS.dbConnectionsActive.name, api('api-b')), values: '40 40 120 120 120 40+0x25' },
      { series: series(METRICS.dbConnectionsActive.name, { job: 'worker', namespace: ns, pod: 'worker-0' }), values: '200+0x30' },
    ],
    checks: [
      { at: '5m', firing: [] },
      { at: '10m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
  {
    // Four series of 5k tokens/min each: 1.2M/h for the agent, 300k/h per series, which the design's
    // per-series rule never noticed. The condition holds from 51m, so it fires from 111m.
    alert: 'HighTokenUsage',
    name: 'fires after 1h when an agent uses 1.2M tokens/h spread over two pods and two models, not before',
    series: ['api-a', 'api-b'].flatMap((pod) =>
      ['gpt-4o', 'claude-sonnet'].map((model) => ({ series: series(TOKENS, api(pod, { agent_id: 'research', model })), values: '0+5000x200' })),
    ),
    checks: [
      { at: '100m', firing: [] },
      {
        at: '130m',
        firing: [
          {
            labels: { alertname: 'HighTokenUsage', agent_id: 'research', namespace: ns, severity: 'warning' },
            annotations: {
              summary: 'High token usage by agent research',
              description: '1.2M tokens used in the last hour by agent research (threshold 1000000).',
              runbook_url: runbook('HighTokenUsage'),
            },
          },
        ],
      },
    ],
  },
  {
    alert: 'HighTokenUsage',
    name: 'stays quiet when two agents use 900k tokens/h each (1.8M/h together)',
    series: [
      ...['api-a', 'api-b', 'api-c'].map((pod) => ({ series: series(TOKENS, api(pod, { agent_id: 'research', model: 'gpt-4o' })), values: '0+5000x200' })),
      { series: series(TOKENS, api('api-a', { agent_id: 'summarize', model: 'gpt-4o-mini' })), values: '0+15000x200' },
    ],
    checks: [
      { at: '130m', firing: [] },
      { at: '200m', firing: [] },
    ],
  },
  {
    alert: 'ServiceDown',
    name: 'fires 1m after a target stops answering, not before',
    series: [{ series: series('up', api('api-a')), values: '1 1 0+0x10' }],
    checks: [
      { at: '2m', firing: [] },
      {
        at: '5m',
        firing: [
          {
            labels: { alertname: 'ServiceDown', ...api('api-a'), severity: 'critical' },
            annotations: {
              summary: 'Scrape target api is down',
              description: 'Prometheus cannot scrape the api target api-a:8000.',
              runbook_url: runbook('ServiceDown'),
            },
          },
        ],
      },
    ],
  },
  {
    // Only other jobs' targets: absent(up{job="api"}) is 1 from the start, so it fires from 5m.
    alert: 'ApiTargetsMissing',
    name: 'fires 5m after Prometheus has no API target, not before',
    series: [
      { series: series('up', { job: 'grafana', namespace: 'monitoring', pod: 'grafana-0', instance: 'grafana-0:3000' }), values: '1+0x10' },
      { series: series('up', { job: 'prometheus', namespace: 'monitoring', pod: 'prometheus-0', instance: 'prometheus-0:9090' }), values: '1+0x10' },
    ],
    checks: [
      { at: '3m', firing: [] },
      {
        at: '6m',
        firing: [
          {
            labels: { alertname: 'ApiTargetsMissing', job: 'api', severity: 'critical' },
            annotations: {
              summary: 'Prometheus has no scrape target for the API',
              description: 'Prometheus has found no target of job api for 5 minutes: the API is not scraped at all, so none of its alerts can fire.',
              runbook_url: runbook('ApiTargetsMissing'),
            },
          },
        ],
      },
    ],
  },
  {
    // The target is down: ServiceDown's business, not this alert's.
    alert: 'ApiTargetsMissing',
    name: 'stays quiet while an API target exists, even down',
    series: [{ series: series('up', api('api-a')), values: '0+0x10' }],
    checks: [{ at: '8m', firing: [] }],
  },
  {
    // The only target goes away at 2m (stale) and a new one appears at 5m: no target for 3 minutes.
    alert: 'ApiTargetsMissing',
    name: 'stays quiet when a rollout leaves the API without a target for three minutes',
    series: [
      { series: series('up', api('api-a')), values: '1 1 stale' },
      { series: series('up', api('api-b')), values: '_ _ _ _ _ 1+0x10' },
    ],
    checks: [
      { at: '4m', firing: [] },
      { at: '10m', firing: [] },
    ],
  },
  {
    alert: 'ServiceDown',
    name: 'stays quiet for a single failed scrape',
    series: [{ series: series('up', api('api-a')), values: '1 1 0 1+0x10' }],
    checks: [
      { at: '3m', firing: [] },
      { at: '5m', firing: [] },
    ],
  },
];
