/**
 * Panels of "Logs and Traces": the design's LogQL queries, made valid and matched to what the log
 * pipeline provides, and the API's recent traces.
 *
 * The API's lines are JSON with the fields of LOG_FIELDS. Streams carry only the shipper's
 * STREAM_LABELS, so the design's `component="agent_service"` stream selector would match
 * nothing: it is a filter on the line's `component` field after `| json` instead.
 */
import type * as logs from '@grafana/grafana-foundation-sdk/logs';
import type * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import type * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import * as units from '@grafana/grafana-foundation-sdk/units';
import type { EnvironmentConfig } from '../../config/types';
import { COMPONENTS } from '../../constructs/identity';
import { DATASOURCES } from '../datasources';
import { defaultLogs, defaultStat, defaultTimeseries, JaegerSearchBuilder, LOG_RANGE, lokiQuery, thresholds } from '../common';
import { apiLogStream, LOG_FIELDS } from '../log-contract';

/** Levels are lower case; `critical` is worse than `error` and belongs with it. */
const ERROR_LEVELS = `${LOG_FIELDS.level}=~"error|critical"`;

/** The line filter is a cheap pre-filter on the raw text before each line is parsed as JSON. */
const ERROR_TEXT = '|~ "error|critical"';

/** Lines of the API at level error or critical. */
export function allErrorsQuery(config: EnvironmentConfig): string {
  return `${apiLogStream(config)} ${ERROR_TEXT} | json | ${ERROR_LEVELS}`;
}

/**
 * Error lines per second by service of the API (`agent_service`, `auth`, `http`, …): the line's
 * `component` field, since the streams have no service label.
 */
export function errorsByServiceQuery(config: EnvironmentConfig): string {
  return `sum by (${LOG_FIELDS.component}) (rate(${apiLogStream(config)} ${ERROR_TEXT} | json | ${ERROR_LEVELS} [${LOG_RANGE}]))`;
}

/** Requests that took longer than a second; lines whose duration is not a number are dropped. */
export function slowRequestsQuery(config: EnvironmentConfig): string {
  return `${apiLogStream(config)} |= "${LOG_FIELDS.durationMs}" | json | ${LOG_FIELDS.durationMs} > 1000 | __error__=""`;
}

/** Failed agent executions logged by the agent service (a JSON field, not a stream label). */
export function failedExecutionsQuery(config: EnvironmentConfig): string {
  return `${apiLogStream(config)} |= "execution failed" | json | ${LOG_FIELDS.component}="agent_service"`;
}

/** Failed logins over the last hour: count_over_time wraps the whole log range. */
export function authFailuresQuery(config: EnvironmentConfig): string {
  return `sum(count_over_time(${apiLogStream(config)} |= "Login failed" [1h]))`;
}

export function allErrors(config: EnvironmentConfig): logs.PanelBuilder {
  return defaultLogs('All Errors', { width: 24 })
    .description('Error lines of the API. Open a line to follow its trace_id to Jaeger.')
    .withTarget(lokiQuery(allErrorsQuery(config)));
}

export function errorsByService(config: EnvironmentConfig): timeseries.PanelBuilder {
  return defaultTimeseries('Errors by Service', units.Short)
    .description('Error lines per second of each part of the API (the component field of its log lines).')
    .datasource(DATASOURCES.loki)
    .axisLabel('errors / s')
    .decimals(2)
    .min(0)
    .withTarget(lokiQuery(errorsByServiceQuery(config), { legend: `{{${LOG_FIELDS.component}}}` }));
}

export function authFailures(config: EnvironmentConfig): stat.PanelBuilder {
  return defaultStat('Authentication Failures (1h)', units.Short)
    .description('Failed logins in the last hour.')
    .datasource(DATASOURCES.loki)
    .decimals(0)
    .noValue('0')
    .thresholds(thresholds('green', [1, 'yellow']))
    .withTarget(lokiQuery(authFailuresQuery(config), { legend: 'failed logins', instant: true }));
}

export function slowRequests(config: EnvironmentConfig): logs.PanelBuilder {
  return defaultLogs('Slow Requests (> 1 s)')
    .description('API requests that took more than 1000 ms.')
    .withTarget(lokiQuery(slowRequestsQuery(config)));
}

export function failedExecutions(config: EnvironmentConfig): logs.PanelBuilder {
  return defaultLogs('Failed Agent Executions')
    .description('Lines of the agent service reporting a failed execution.')
    .withTarget(lokiQuery(failedExecutionsQuery(config)));
}

/** The API's most recent traces; a trace id opens the trace, and from a span its log lines. */
export function recentTraces(): table.PanelBuilder {
  return new table.PanelBuilder()
    .title('Recent Traces (API)')
    .description(`The 20 most recent traces of ${COMPONENTS.api.name} in the time range.`)
    .datasource(DATASOURCES.jaeger)
    .span(24)
    .height(10)
    .withTarget(new JaegerSearchBuilder(COMPONENTS.api.name).limit(20));
}
