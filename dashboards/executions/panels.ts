/** Panels of "Agent Platform - Executions": how many agent runs, how long, how many tokens, how many succeed. */
import type * as gauge from '@grafana/grafana-foundation-sdk/gauge';
import type * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { apiSelector, by, METRICS } from '../../metrics';
import { alertLine, linesText, sloNamed, type DashboardSources } from '../alert-lines';
import { defaultGauge, defaultTimeseries, promInstant, promRange, rate, thresholdLines, thresholds } from '../common';

const executions = METRICS.agentExecutionsTotal;
const duration = METRICS.agentExecutionDurationSeconds;
const tokens = METRICS.agentTokensUsedTotal;

/** The alert and the SLO whose threshold and objective the panels draw. */
export const EXECUTION_LINES = {
  duration: { alert: 'SlowAgentExecutions' },
  success: { slo: 'agent-success' },
} as const;

/** The quantiles of the duration panel, in the order of their queries. */
export const EXECUTION_QUANTILES = [0.5, 0.95, 0.99] as const;

/** Executions per minute by outcome, summed over agents and pods. */
export function executionsPerMinute(): timeseries.PanelBuilder {
  return defaultTimeseries('Executions per Minute', units.OpsPerMinute)
    .description('Agent executions started per minute, by status, over all agents and pods.')
    .decimals(1)
    .min(0)
    .withTarget(promRange(`sum ${by(executions, 'status')} (${rate(apiSelector(executions))}) * 60`, '{{status}}'));
}

/** p50, p95 and p99 of execution duration over all agents and pods (buckets summed by `le`). */
export function executionDuration(sources: DashboardSources): timeseries.PanelBuilder {
  const alert = alertLine(sources, EXECUTION_LINES.duration.alert);
  const panel = defaultTimeseries('Execution Duration (p50, p95, p99)', units.Seconds)
    .description('Quantiles of agent execution duration over all agents and pods.' + linesText([alert === undefined ? undefined : `the ${alert} s alert`], ' on p95'))
    .decimals(2)
    .min(0)
    .thresholds(alert === undefined ? thresholds('green') : thresholds('green', [alert, 'red']))
    .thresholdsStyle(thresholdLines());
  const buckets = `sum ${by(duration, 'le')} (${rate(apiSelector(duration, {}, 'bucket'))})`;
  EXECUTION_QUANTILES.forEach((q, i) => {
    panel.withTarget(promRange(`histogram_quantile(${q}, ${buckets})`, `p${Math.round(q * 100)}`, String.fromCharCode(65 + i)).exemplar(true));
  });
  return panel;
}

/** Tokens consumed per minute by model, summed over agents and pods. */
export function tokenUsage(): timeseries.PanelBuilder {
  return defaultTimeseries('Token Usage', units.Short)
    .description('LLM tokens used per minute, by model, over all agents and pods.')
    .axisLabel('tokens / min')
    .decimals(0)
    .min(0)
    .withTarget(promRange(`sum ${by(tokens, 'model')} (${rate(apiSelector(tokens))}) * 60`, '{{model}}'));
}

/**
 * Successful executions as a percentage of all executions, each side summed before dividing: a
 * share of the whole, not one series divided by itself. No successes at all shows 0 %.
 */
export function successRate(sources: DashboardSources): gauge.PanelBuilder {
  const succeeded = `sum(${rate(apiSelector(executions, { status: 'success' }))})`;
  const total = `sum(${rate(apiSelector(executions))})`;
  const objective = sloNamed(sources, EXECUTION_LINES.success.slo)?.objective;
  return defaultGauge('Success Rate', units.Percent)
    .description(`Share of agent executions that succeeded, in percent.${objective === undefined ? '' : ` Green from the ${objective} % objective.`}`)
    .decimals(1)
    .min(0)
    .max(100)
    .thresholds(objective === undefined ? thresholds('green') : thresholds('red', [objective, 'green']))
    .withTarget(promInstant(`100 * (${succeeded} or vector(0)) / ${total}`, 'Success %'));
}
