/** "Monitoring - Logs and Traces Pipeline": whether logs reach Loki through Alloy, and spans reach Jaeger. */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { EnvironmentConfig } from '../../config/types';
import { COMPONENTS } from '../../constructs/identity';
import { DASHBOARD_UIDS, defaultDashboard, FOLDERS } from '../common';
import { buildDashboard, type DashboardFile } from '../model';
import { alloyEntries, alloyFailedWrites, jaegerExportFailures, jaegerSpansReceived, lokiLinesDiscarded, lokiLinesReceived, lokiServerErrors } from './panels';

export const TELEMETRY_PIPELINE_TITLE = 'Monitoring - Logs and Traces Pipeline';

export function telemetryPipelineDashboard(config: EnvironmentConfig): DashboardFile {
  const builder = defaultDashboard(TELEMETRY_PIPELINE_TITLE, {
    uid: DASHBOARD_UIDS.telemetryPipeline,
    tags: ['monitoring', 'logs', 'traces'],
    from: 'now-6h',
    refresh: '1m',
    description:
      `Health of the logs and traces pipeline in ${config.name}: Loki (job "${COMPONENTS.loki.scrape.job}"), ` +
      `Alloy shipping logs to it (job "${COMPONENTS.alloy.scrape.job}") and Jaeger (job "${COMPONENTS.jaeger.scrape.job}").`,
  })
    .withRow(new dashboard.RowBuilder('Loki'))
    .withPanel(lokiLinesReceived())
    .withPanel(lokiLinesDiscarded())
    .withPanel(lokiServerErrors())
    .withRow(new dashboard.RowBuilder('Alloy'))
    .withPanel(alloyEntries())
    .withPanel(alloyFailedWrites())
    .withRow(new dashboard.RowBuilder('Jaeger'))
    .withPanel(jaegerSpansReceived())
    .withPanel(jaegerExportFailures());
  return { folder: FOLDERS.monitoring, dashboard: buildDashboard(builder) };
}
