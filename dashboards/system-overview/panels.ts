/**
 * Panels of "Agent Platform - System Overview": traffic, errors, latency and connection pools of
 * the API, every query scoped to job="api" through the metrics contract.
 */
import * as units from '@grafana/grafana-foundation-sdk/units';
import type * as stat from '@grafana/grafana-foundation-sdk/stat';
import type * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { apiSelector, by, METRICS } from '../../metrics';
import {
  DASHBOARD_UIDS,
  dashboardLink,
  defaultStat,
  defaultTimeseries,
  promInstant,
  promRange,
  rate,
  thresholdLines,
  thresholds,
  type Color,
} from '../common';
import { alertLine, errorBudgetPercent, latencyBoundSeconds, linesText, shown, sloNamed, type DashboardSources } from '../alert-lines';

const requests = METRICS.httpRequestsTotal;
const duration = METRICS.httpRequestDurationSeconds;

/** The alert and the SLO whose threshold and objective each panel draws. */
export const OVERVIEW_LINES = {
  errorRate: { alert: 'HighErrorRate', slo: 'api-errors' },
  responseTime: { alert: 'SlowResponseTime', slo: 'api-latency' },
} as const;

/** Colour steps lowest first, as Grafana evaluates them, leaving out lines the environment does not have. */
function steps(...list: readonly (readonly [number | undefined, Color])[]): (readonly [number, Color])[] {
  return list.filter((step): step is readonly [number, Color] => step[0] !== undefined).sort((a, b) => a[0] - b[0]);
}

/** Requests per second by method and endpoint, summed over the API's pods. */
export function requestRate(): timeseries.PanelBuilder {
  return defaultTimeseries('Request Rate', units.RequestsPerSecond)
    .description('Requests per second served by the API, by method and endpoint, summed over all pods.')
    .decimals(2)
    .min(0)
    .withTarget(promRange(`sum ${by(requests, 'method', 'endpoint')} (${rate(apiSelector(requests))})`, '{{method}} {{endpoint}}'));
}

/**
 * Server errors as a percentage of all requests. Numerator and denominator are each summed before
 * dividing, so the result is a share of the whole traffic, not of each series by itself. No 5xx
 * series at all means 0 %, not "no data".
 */
export function errorRate(sources: DashboardSources): timeseries.PanelBuilder {
  const errors = `sum(${rate(apiSelector(requests, { status: '=~5..' }))})`;
  const total = `sum(${rate(apiSelector(requests))})`;
  const slo = sloNamed(sources, OVERVIEW_LINES.errorRate.slo);
  const objective = slo && errorBudgetPercent(slo);
  const threshold = alertLine(sources, OVERVIEW_LINES.errorRate.alert);
  const alert = threshold === undefined ? undefined : shown(threshold * 100);
  return defaultTimeseries('Error Rate', units.Percent)
    .description(
      'Share of all API requests answered with a 5xx status, in percent.' +
        linesText([objective === undefined ? undefined : `the ${objective} % objective`, alert === undefined ? undefined : `the ${alert} % alert`]),
    )
    .decimals(2)
    .min(0)
    .thresholds(thresholds('green', ...steps([objective, 'yellow'], [alert, 'red'])))
    .thresholdsStyle(thresholdLines())
    .links([dashboardLink('Error logs and traces', DASHBOARD_UIDS.logsAndTraces)])
    .withTarget(promRange(`100 * (${errors} or vector(0)) / ${total}`, 'Error %'));
}

/**
 * 95th percentile of request duration over all pods and endpoints: buckets are summed by `le` first,
 * so the quantile is of the whole traffic. Exemplars link slow requests to their traces.
 */
export function responseTimeP95(sources: DashboardSources): timeseries.PanelBuilder {
  const slo = sloNamed(sources, OVERVIEW_LINES.responseTime.slo);
  const objective = slo && latencyBoundSeconds(slo);
  const alert = alertLine(sources, OVERVIEW_LINES.responseTime.alert);
  return defaultTimeseries('Response Time (p95)', units.Seconds)
    .description(
      '95th percentile of API request duration over all pods and endpoints.' +
        linesText([objective === undefined ? undefined : `the ${shown(objective * 1000)} ms objective`, alert === undefined ? undefined : `the ${alert} s alert`]),
    )
    .decimals(3)
    .min(0)
    .thresholds(thresholds('green', ...steps([objective, 'yellow'], [alert, 'red'])))
    .thresholdsStyle(thresholdLines())
    .links([dashboardLink('Recent traces', DASHBOARD_UIDS.logsAndTraces)])
    .withTarget(
      promRange(`histogram_quantile(0.95, sum ${by(duration, 'le')} (${rate(apiSelector(duration, {}, 'bucket'))}))`, 'p95').exemplar(true),
    );
}

/**
 * Connections held by the API's database and Redis pools, summed over pods. No colour thresholds:
 * the pool alert is per pod, so a threshold on the sum would mislead.
 */
export function activeConnections(): stat.PanelBuilder {
  return defaultStat('Active Connections', units.Short)
    .description('Open database and Redis connections of all API pods together.')
    .decimals(0)
    .thresholds(thresholds('blue'))
    .withTarget(promInstant(`sum(${apiSelector(METRICS.dbConnectionsActive)})`, 'DB', 'A'))
    .withTarget(promInstant(`sum(${apiSelector(METRICS.redisConnectionsActive)})`, 'Redis', 'B'));
}
