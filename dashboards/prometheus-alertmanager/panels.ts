/**
 * Panels of "Monitoring - Prometheus and Alertmanager": whether the stack's alerting path works.
 * Prometheus evaluates its rules in time, ingests, scrapes its targets, loads its config, ships
 * remote write and reaches Alertmanager; Alertmanager delivers, receives and stays clustered; the
 * config reloader applies changes. Every query selects the scrape job of the component it reads,
 * except the targets panel, which reads `up` of every job.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as stat from '@grafana/grafana-foundation-sdk/stat';
import type * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import * as units from '@grafana/grafana-foundation-sdk/units';
import type { EnvironmentConfig } from '../../config/types';
import { COMPONENTS, PROMETHEUS_RELOADER_SCRAPE } from '../../constructs/identity';
import { defaultStat, defaultTimeseries, promInstant, promRange, rate, thresholdLines, thresholds } from '../common';
import { jobSelector } from '../selectors';

const PROMETHEUS_JOB = COMPONENTS.prometheus.scrape.job;
const ALERTMANAGER_JOB = COMPONENTS.alertmanager.scrape.job;

/** The scrape job of the prometheus-config-reloader sidecar, whose `reloader_*` series this dashboard reads. */
export const CONFIG_RELOADER_JOB = PROMETHEUS_RELOADER_SCRAPE.job;

/** The series the panels read, one name each, as Prometheus 3.5, Alertmanager 0.33 and the reloader export them. */
export const PROMETHEUS_ALERTMANAGER_METRICS = {
  ruleGroupLastDuration: 'prometheus_rule_group_last_duration_seconds',
  ruleGroupInterval: 'prometheus_rule_group_interval_seconds',
  ruleEvaluationFailures: 'prometheus_rule_evaluation_failures_total',
  ruleGroupIterationsMissed: 'prometheus_rule_group_iterations_missed_total',
  headSamplesAppended: 'prometheus_tsdb_head_samples_appended_total',
  headSeries: 'prometheus_tsdb_head_series',
  up: 'up',
  configLastReloadSuccessful: 'prometheus_config_last_reload_successful',
  remoteHighestTimestamp: 'prometheus_remote_storage_highest_timestamp_in_seconds',
  remoteHighestSentTimestamp: 'prometheus_remote_storage_queue_highest_sent_timestamp_seconds',
  notificationErrors: 'prometheus_notifications_errors_total',
  alertmanagerNotifications: 'alertmanager_notifications_total',
  alertmanagerNotificationsFailed: 'alertmanager_notifications_failed_total',
  alertmanagerAlertsReceived: 'alertmanager_alerts_received_total',
  alertmanagerClusterMembers: 'alertmanager_cluster_members',
  reloaderLastReloadSuccessful: 'reloader_last_reload_successful',
} as const;

const M = PROMETHEUS_ALERTMANAGER_METRICS;
const prometheus = (metric: string, matchers?: Record<string, string>) => jobSelector(PROMETHEUS_JOB, metric, matchers);
const alertmanager = (metric: string, matchers?: Record<string, string>) => jobSelector(ALERTMANAGER_JOB, metric, matchers);

/** 1 shown as "OK" in green, 0 as "Failed" in red. */
const SUCCESS_MAPPING: dashboard.ValueMapping = {
  type: dashboard.MappingType.ValueToText,
  options: { '0': { text: 'Failed', color: 'red', index: 0 }, '1': { text: 'OK', color: 'green', index: 1 } },
};

// --- Rule evaluation ----------------------------------------------------------------------------------

/**
 * How long each rule group's last evaluation took, as a share of its interval: at 100 % the next
 * evaluation is due before this one ends and iterations are missed. Both sides are the slowest
 * replica's, taken per group before dividing.
 */
export function ruleGroupEvaluationTime(): timeseries.PanelBuilder {
  const duration = `max by (rule_group) (${prometheus(M.ruleGroupLastDuration)})`;
  const interval = `max by (rule_group) (${prometheus(M.ruleGroupInterval)})`;
  return defaultTimeseries('Rule Group Evaluation Time (% of Interval)', units.Percent)
    .description(
      'Duration of the last evaluation of each rule group as a percentage of its evaluation interval, slowest Prometheus replica. ' +
        'At 100 % an evaluation takes its whole interval and the next iteration is skipped. Dashed line: 100 %.',
    )
    .decimals(1)
    .min(0)
    .thresholds(thresholds('green', [100, 'red']))
    .thresholdsStyle(thresholdLines())
    .withTarget(promRange(`100 * ${duration} / ${interval}`, '{{rule_group}}'));
}

/** Rules whose evaluation failed and group iterations skipped, per second and rule group. */
export function ruleEvaluationFailures(): timeseries.PanelBuilder {
  return defaultTimeseries('Rule Evaluation Failures and Missed Iterations', units.OpsPerSecond)
    .description(
      'Rule evaluations that failed (a query error, or an alert or recording rule producing a conflicting series) and rule group iterations skipped ' +
        'because the previous one was still running, per second, by rule group, summed over Prometheus replicas. Both should stay at 0.',
    )
    .decimals(3)
    .min(0)
    .withTarget(promRange(`sum by (rule_group) (${rate(prometheus(M.ruleEvaluationFailures))})`, '{{rule_group}} failed', 'A'))
    .withTarget(promRange(`sum by (rule_group) (${rate(prometheus(M.ruleGroupIterationsMissed))})`, '{{rule_group}} missed', 'B'));
}

// --- Ingestion and targets ----------------------------------------------------------------------------

/** Samples written to the head block per second, per replica (each replica scrapes every target). */
export function samplesIngested(): timeseries.PanelBuilder {
  return defaultTimeseries('Samples Ingested per Second', units.CountsPerSecond)
    .description('Samples appended to the TSDB head per second, float and native histogram samples together, per Prometheus replica.')
    .decimals(0)
    .min(0)
    .withTarget(promRange(`sum by (pod) (${rate(prometheus(M.headSamplesAppended))})`, '{{pod}}'));
}

/** Series in the head block, per replica: what memory use follows. */
export function headSeries(): timeseries.PanelBuilder {
  return defaultTimeseries('Head Series', units.Short)
    .description('Series held in the in-memory head block, per Prometheus replica. Memory use grows with it; a jump points at a new high-cardinality label.')
    .decimals(0)
    .min(0)
    .withTarget(promRange(`sum by (pod) (${prometheus(M.headSeries)})`, '{{pod}}'));
}

/**
 * Targets whose last scrape failed, per job, over every job Prometheus scrapes: `up == bool 0`
 * is 1 for a target that is down and 0 for one that is up, so a job with all targets up shows 0.
 */
export function targetsDown(): stat.PanelBuilder {
  return defaultStat('Scrape Targets Down by Job', units.Short, { width: 24, height: 6 })
    .description('Scrape targets whose last scrape failed (up = 0), counted per job, over every job this Prometheus scrapes. Every job shows 0 when all its targets answer.')
    .decimals(0)
    .thresholds(thresholds('green', [1, 'red']))
    .withTarget(promInstant(`sum by (job) (${M.up} == bool 0)`, '{{job}}'));
}

// --- Configuration and delivery -----------------------------------------------------------------------

/** Whether each replica's last configuration reload succeeded. */
export function configReloadStatus(): stat.PanelBuilder {
  return defaultStat('Config Reload Status', units.NoUnit, { width: 6 })
    .description(
      'Whether the last configuration reload of each Prometheus replica succeeded (OK) or failed (Failed). ' +
        'After a failed reload Prometheus keeps running on the previous configuration and rules.',
    )
    .decimals(0)
    .mappings([SUCCESS_MAPPING])
    .thresholds(thresholds('red', [1, 'green']))
    .withTarget(promInstant(`min by (pod) (${prometheus(M.configLastReloadSuccessful)})`, '{{pod}}'));
}

/** Whether the config-reloader sidecar's last reload of Prometheus succeeded. */
export function configReloaderStatus(): stat.PanelBuilder {
  return defaultStat('Config Reloader Last Reload', units.NoUnit, { width: 6 })
    .description(
      `Whether the config-reloader sidecar's last attempt to make Prometheus reload its changed configuration or rules succeeded (OK) or failed (Failed), per pod (job "${CONFIG_RELOADER_JOB}").`,
    )
    .decimals(0)
    .mappings([SUCCESS_MAPPING])
    .thresholds(thresholds('red', [1, 'green']))
    .withTarget(promInstant(`min by (pod) (${jobSelector(CONFIG_RELOADER_JOB, M.reloaderLastReloadSuccessful)})`, '{{pod}}'));
}

/**
 * How far each remote-write queue is behind: the newest sample appended minus the newest sample
 * that queue has sent, per replica, then the most lagging replica per remote. The appended
 * timestamp has no remote labels, so it is matched to every queue of its replica.
 */
export function remoteWriteLag(config: EnvironmentConfig): timeseries.PanelBuilder {
  const remotes = (config.prometheus.remoteWrite ?? []).map((target) => target.name);
  const lag = `${prometheus(M.remoteHighestTimestamp)} - ignoring (remote_name, url) group_right () ${prometheus(M.remoteHighestSentTimestamp)}`;
  return defaultTimeseries('Remote Write Lag', units.Seconds)
    .description(
      'Seconds between the newest sample Prometheus appended and the newest sample each remote-write queue has sent, most lagging replica per remote. ' +
        (remotes.length > 0 ? `Remotes: ${remotes.join(', ')}.` : `No data: ${config.name} has no remote write.`),
    )
    .decimals(1)
    .min(0)
    .withTarget(promRange(`max by (remote_name, url) (${lag})`, '{{remote_name}}'));
}

/** Errors sending alerts to each Alertmanager, per second. */
export function notificationErrors(): timeseries.PanelBuilder {
  return defaultTimeseries('Alert Notification Errors', units.OpsPerSecond)
    .description('Errors Prometheus met sending alerts to each Alertmanager, per second, summed over Prometheus replicas. Above 0, alerts may not reach Alertmanager.')
    .decimals(3)
    .min(0)
    .withTarget(promRange(`sum by (alertmanager) (${rate(prometheus(M.notificationErrors))})`, '{{alertmanager}}'));
}

// --- Alertmanager ------------------------------------------------------------------------------------

/** Notifications attempted and failed per integration (failed ones are also counted as attempted). */
export function notificationsByIntegration(): timeseries.PanelBuilder {
  return defaultTimeseries('Notifications by Integration', units.OpsPerSecond)
    .description(
      'Notifications Alertmanager attempted per second by integration (failed attempts included), and those that failed by integration and reason, ' +
        'summed over Alertmanager replicas.',
    )
    .decimals(3)
    .min(0)
    .withTarget(promRange(`sum by (integration) (${rate(alertmanager(M.alertmanagerNotifications))})`, '{{integration}} attempted', 'A'))
    .withTarget(promRange(`sum by (integration, reason) (${rate(alertmanager(M.alertmanagerNotificationsFailed))})`, '{{integration}} failed ({{reason}})', 'B'));
}

/** Alerts received from Prometheus per second, firing and resolved. */
export function alertsReceived(): timeseries.PanelBuilder {
  return defaultTimeseries('Alerts Received by Status', units.CountsPerSecond)
    .description(
      'Alerts Alertmanager received per second, by status (firing, resolved), summed over replicas. Prometheus resends every active alert periodically ' +
        'to every Alertmanager replica, so this follows the number of active alerts times the replicas.',
    )
    .decimals(3)
    .min(0)
    .withTarget(promRange(`sum by (status) (${rate(alertmanager(M.alertmanagerAlertsReceived))})`, '{{status}}'));
}

/** The members each replica sees in its gossip cluster; red below the configured replicas. */
export function clusterMembers(config: EnvironmentConfig): stat.PanelBuilder {
  const replicas = config.alertmanager.replicas;
  return defaultStat('Alertmanager Cluster Members', units.Short, { width: 12 })
    .description(
      `Members of the Alertmanager gossip cluster as each replica sees them; ${replicas} replica${replicas === 1 ? '' : 's'} configured. ` +
        'A replica seeing fewer members than configured is partitioned and may send duplicate notifications. No data: one replica runs without clustering.',
    )
    .decimals(0)
    .thresholds(replicas > 1 ? thresholds('red', [replicas, 'green']) : thresholds('green'))
    .withTarget(promInstant(`max by (pod) (${alertmanager(M.alertmanagerClusterMembers)})`, '{{pod}}'));
}
