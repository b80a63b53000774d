/** "Logs and Traces": the API's error, slow and failed lines, failed logins, and recent traces. */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { EnvironmentConfig } from '../../config/types';
import { DASHBOARD_UIDS, defaultDashboard, FOLDERS } from '../common';
import { buildDashboard, type DashboardFile } from '../model';
import { allErrors, authFailures, errorsByService, failedExecutions, recentTraces, slowRequests } from './panels';

export const LOGS_AND_TRACES_TITLE = 'Logs and Traces';

export function logsAndTracesDashboard(config: EnvironmentConfig): DashboardFile {
  const builder = defaultDashboard(LOGS_AND_TRACES_TITLE, {
    uid: DASHBOARD_UIDS.logsAndTraces,
    tags: ['logs', 'traces'],
    from: 'now-1h',
    refresh: '1m',
    description: `Log lines (Loki) and traces (Jaeger) of the platform API in ${config.name}.`,
  })
    .withRow(new dashboard.RowBuilder('Errors'))
    .withPanel(errorsByService(config))
    .withPanel(authFailures(config))
    .withPanel(allErrors(config))
    .withRow(new dashboard.RowBuilder('Slow and failed work'))
    .withPanel(slowRequests(config))
    .withPanel(failedExecutions(config))
    .withRow(new dashboard.RowBuilder('Traces'))
    .withPanel(recentTraces());
  return { folder: FOLDERS.logsAndTraces, dashboard: buildDashboard(builder) };
}
