/** "Agent Platform - System Overview": the API's traffic, errors, latency and connections. */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DASHBOARD_UIDS, defaultDashboard, FOLDERS } from '../common';
import type { DashboardSources } from '../alert-lines';
import { buildDashboard, type DashboardFile } from '../model';
import { activeConnections, errorRate, requestRate, responseTimeP95 } from './panels';

export const SYSTEM_OVERVIEW_TITLE = 'Agent Platform - System Overview';

export function systemOverviewDashboard(sources: DashboardSources): DashboardFile {
  const { config } = sources;
  const builder = defaultDashboard(SYSTEM_OVERVIEW_TITLE, {
    uid: DASHBOARD_UIDS.systemOverview,
    tags: ['api', 'overview'],
    from: 'now-1h',
    refresh: '30s',
    description: `Traffic, errors, latency and connection pools of the platform API (job "api") in ${config.name}.`,
  })
    .withRow(new dashboard.RowBuilder('Traffic and errors'))
    .withPanel(requestRate())
    .withPanel(errorRate(sources))
    .withRow(new dashboard.RowBuilder('Latency and saturation'))
    .withPanel(responseTimeP95(sources))
    .withPanel(activeConnections());
  return { folder: FOLDERS.platform, dashboard: buildDashboard(builder) };
}
