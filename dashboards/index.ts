/**
 * Every dashboard of the platform, built from the environment config and validated together
 * against the provisioned datasources before anything is written.
 */
import type { EnvironmentConfig } from '../config';
import { DATASOURCES } from './datasources';
import { executionsDashboard } from './executions';
import { logsAndTracesDashboard } from './logs-and-traces';
import { validateDashboards, type DashboardFile } from './model';
import { sloDashboard, type SloDashboardProps } from './slo';
import { systemOverviewDashboard } from './system-overview';

export * from './common';
export * from './datasources';
export * from './log-contract';
export * from './model';
export { budgetRemainingExpr, burnRateExpr, sliExpr } from './slo/panels';
export type { SloDashboardProps } from './slo';

export interface PlatformDashboardsProps {
  /** @default - the environment's SLOs on the SLO dashboard */
  readonly slo?: SloDashboardProps;
}

/** The platform's dashboards for an environment, validated. */
export function platformDashboards(config: EnvironmentConfig, props: PlatformDashboardsProps = {}): DashboardFile[] {
  const files = [systemOverviewDashboard(config), executionsDashboard(config), sloDashboard(config, props.slo), logsAndTracesDashboard(config)];
  validateDashboards(files, Object.values(DATASOURCES));
  return files;
}
