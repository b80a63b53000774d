/**
 * The platform API's alerts. Every API series is selected by `job="api"` through the metrics
 * contract, so the rules hold wherever the API runs; results are kept per namespace.
 */
import { COMPONENTS } from '../constructs/identity';
import { DASHBOARD_UIDS } from '../dashboards/uids';
import { apiSelector, by, METRICS } from '../metrics';
import { COUNT, percent, RATIO, SECONDS, type RuleGroup } from './model';

const M = METRICS;


const errorRatio =
  `sum ${by(M.httpRequestsTotal, 'namespace')} (rate(${apiSelector(M.httpRequestsTotal, { status: '=~5..' })}[5m]))` +
  ` / sum ${by(M.httpRequestsTotal, 'namespace')} (rate(${apiSelector(M.httpRequestsTotal)}[5m]))`;

const requestP95 =
  `histogram_quantile(0.95, sum ${by(M.httpRequestDurationSeconds, 'namespace', 'le')} ` +
  `(rate(${apiSelector(M.httpRequestDurationSeconds, {}, 'bucket')}[5m])))`;

const agentExecutionP95 =
  `histogram_quantile(0.95, sum ${by(M.agentExecutionDurationSeconds, 'namespace', 'le')} ` +
  `(rate(${apiSelector(M.agentExecutionDurationSeconds, {}, 'bucket')}[5m])))`;

const tokensPerHour = `sum ${by(M.agentTokensUsedTotal, 'namespace', 'agent_id')} (increase(${apiSelector(M.agentTokensUsedTotal)}[1h]))`;

export const platformAlerts: RuleGroup = {
  name: 'platform-alerts',
  rules: [
    {
      alert: 'HighErrorRate',
      // Both sides summed by namespace: a ratio of unaggregated series divides each series by itself.
      expr: (t) => `${errorRatio} > ${t}`,
      threshold: 0.05,
      thresholdRange: RATIO,
      for: '5m',
      severity: 'critical',
      summary: 'High error rate on the API in {{ $labels.namespace }}',
      description: (t) => `Error rate is {{ $value | humanizePercentage }} over the last 5 minutes (threshold ${percent(t)}).`,
      panel: { dashboard: DASHBOARD_UIDS.systemOverview, title: 'Error Rate' },
    },
    {
      alert: 'SlowResponseTime',
      expr: (t) => `${requestP95} > ${t}`,
      threshold: 2,
      thresholdRange: SECONDS,
      for: '5m',
      severity: 'warning',
      summary: 'Slow API responses in {{ $labels.namespace }}',
      description: (t) => `95th percentile response time is {{ $value | humanizeDuration }} (threshold ${t}s).`,
      panel: { dashboard: DASHBOARD_UIDS.systemOverview, title: 'Response Time (p95)' },
    },
    {
      alert: 'SlowAgentExecutions',
      expr: (t) => `${agentExecutionP95} > ${t}`,
      threshold: 30,
      thresholdRange: SECONDS,
      for: '10m',
      severity: 'warning',
      summary: 'Agent executions are slow in {{ $labels.namespace }}',
      description: (t) => `95th percentile execution time is {{ $value | humanizeDuration }} (threshold ${t}s).`,
      panel: { dashboard: DASHBOARD_UIDS.executions, title: 'Execution Duration (p50, p95, p99)' },
    },
    {
      alert: 'DatabaseConnectionPoolLow',
      // Each API pod has its own pool, so the gauge is compared per pod.
      expr: (t) => `${apiSelector(M.dbConnectionsActive)} > ${t}`,
      threshold: 80,
      thresholdRange: COUNT,
      for: '5m',
      severity: 'warning',
      summary: 'Database connection pool running low on {{ $labels.pod }}',
      description: (t) => `{{ $value }} active database connections on {{ $labels.namespace }}/{{ $labels.pod }} (threshold: ${t}).`,
    },
    {
      alert: 'HighTokenUsage',
      // Summed over pods and models: an agent's usage is spread over every API replica.
      expr: (t) => `${tokensPerHour} > ${t}`,
      threshold: 1_000_000,
      thresholdRange: COUNT,
      for: '1h',
      severity: 'warning',
      summary: 'High token usage by agent {{ $labels.agent_id }}',
      description: (t) => `{{ $value | humanize }} tokens used in the last hour by agent {{ $labels.agent_id }} (threshold ${t}).`,
      panel: { dashboard: DASHBOARD_UIDS.executions, title: 'Token Usage' },
    },
    {
      alert: 'ServiceDown',
      expr: 'up == 0',
      for: '1m',
      severity: 'critical',
      panel: { dashboard: DASHBOARD_UIDS.prometheusAlertmanager, title: 'Scrape Targets Down by Job' },
      summary: 'Scrape target {{ $labels.job }} is down',
      description: 'Prometheus cannot scrape the {{ $labels.job }} target {{ $labels.instance }}.',
    },
    {
      alert: 'ApiTargetsMissing',
      // Our choice: 5m, critical. Without a target the API's alerts above cannot fire (ServiceDown
      // needs a target that is down); 5m lets a rollout replace every pod.
      expr: `absent(up{job="${COMPONENTS.api.scrape.job}"})`,
      for: '5m',
      severity: 'critical',
      summary: 'Prometheus has no scrape target for the API',
      description: 'Prometheus has found no target of job {{ $labels.job }} for 5 minutes: the API is not scraped at all, so none of its alerts can fire.',
    },
  ],
};
