/** "Monitoring - Prometheus and Alertmanager": the health of the stack's metrics and alerting path. */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { EnvironmentConfig } from '../../config/types';
import { COMPONENTS } from '../../constructs/identity';
import { DASHBOARD_UIDS, defaultDashboard, FOLDERS } from '../common';
import { buildDashboard, type DashboardFile } from '../model';
import {
  alertsReceived,
  clusterMembers,
  CONFIG_RELOADER_JOB,
  configReloaderStatus,
  configReloadStatus,
  headSeries,
  notificationErrors,
  notificationsByIntegration,
  remoteWriteLag,
  ruleEvaluationFailures,
  ruleGroupEvaluationTime,
  samplesIngested,
  targetsDown,
} from './panels';

export const PROMETHEUS_ALERTMANAGER_TITLE = 'Monitoring - Prometheus and Alertmanager';

export function prometheusAlertmanagerDashboard(config: EnvironmentConfig): DashboardFile {
  const builder = defaultDashboard(PROMETHEUS_ALERTMANAGER_TITLE, {
    uid: DASHBOARD_UIDS.prometheusAlertmanager,
    tags: ['monitoring', 'prometheus', 'alertmanager'],
    from: 'now-6h',
    refresh: '1m',
    description:
      `Health of the metrics and alerting path in ${config.name}: Prometheus (job "${COMPONENTS.prometheus.scrape.job}"), ` +
      `Alertmanager (job "${COMPONENTS.alertmanager.scrape.job}") and the config reloader (job "${CONFIG_RELOADER_JOB}").`,
  })
    .withRow(new dashboard.RowBuilder('Rule evaluation'))
    .withPanel(ruleGroupEvaluationTime())
    .withPanel(ruleEvaluationFailures())
    .withRow(new dashboard.RowBuilder('Ingestion and targets'))
    .withPanel(samplesIngested())
    .withPanel(headSeries())
    .withPanel(targetsDown())
    .withRow(new dashboard.RowBuilder('Configuration and delivery'))
    .withPanel(configReloadStatus())
    .withPanel(configReloaderStatus())
    .withPanel(remoteWriteLag(config))
    .withPanel(notificationErrors())
    .withRow(new dashboard.RowBuilder('Alertmanager'))
    .withPanel(notificationsByIntegration())
    .withPanel(alertsReceived())
    .withPanel(clusterMembers(config));
  return { folder: FOLDERS.monitoring, dashboard: buildDashboard(builder) };
}
