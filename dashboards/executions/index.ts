/** "Agent Platform - Executions": throughput, duration, token usage and success of agent runs. */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DASHBOARD_UIDS, defaultDashboard, FOLDERS } from '../common';
import type { DashboardSources } from '../alert-lines';
import { buildDashboard, type DashboardFile } from '../model';
import { executionDuration, executionsPerMinute, successRate, tokenUsage } from './panels';

export const EXECUTIONS_TITLE = 'Agent Platform - Executions';

export function executionsDashboard(sources: DashboardSources): DashboardFile {
  const { config } = sources;
  const builder = defaultDashboard(EXECUTIONS_TITLE, {
    uid: DASHBOARD_UIDS.executions,
    tags: ['agents'],
    from: 'now-6h',
    refresh: '1m',
    description: `Agent executions of the platform API (job "api") in ${config.name}: throughput, duration, tokens and success.`,
  })
    .withRow(new dashboard.RowBuilder('Throughput and duration'))
    .withPanel(executionsPerMinute())
    .withPanel(executionDuration(sources))
    .withRow(new dashboard.RowBuilder('Cost and outcome'))
    .withPanel(tokenUsage())
    .withPanel(successRate(sources));
  return { folder: FOLDERS.platform, dashboard: buildDashboard(builder) };
}
