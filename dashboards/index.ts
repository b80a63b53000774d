/**
 * Every dashboard of the platform, built from an environment's config, compiled rules and SLOs.
 * `compileEnvironment` (config/compile.ts) validates them together with the environment's own.
 */
import type { DashboardSources } from './alert-lines';
import { executionsDashboard } from './executions';
import { kubernetesWorkloadsDashboard } from './kubernetes-workloads';
import { logsAndTracesDashboard } from './logs-and-traces';
import type { DashboardFile } from './model';
import { nodeResourcesDashboard } from './node-resources';
import { prometheusAlertmanagerDashboard } from './prometheus-alertmanager';
import { sloDashboard } from './slo';
import { systemOverviewDashboard } from './system-overview';
import { telemetryPipelineDashboard } from './telemetry-pipeline';

export * from './alert-lines';
export * from './common';
export * from './datasources';
export * from './log-contract';
export * from './model';
export { budgetRemainingExpr, burnRateExpr, sliExpr } from './slo/panels';
export type { SloDashboardProps } from './slo';

/** The platform's dashboards for an environment. */
export function platformDashboards(sources: DashboardSources): DashboardFile[] {
  return [
    systemOverviewDashboard(sources),
    executionsDashboard(sources),
    sloDashboard(sources.config, { objectives: sources.slos }),
    logsAndTracesDashboard(sources.config),
    nodeResourcesDashboard(sources),
    kubernetesWorkloadsDashboard(sources),
    prometheusAlertmanagerDashboard(sources.config),
    telemetryPipelineDashboard(sources.config),
  ];
}
