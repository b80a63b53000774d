/**
 * Alerts on Prometheus itself, on the series it scrapes from its own pods (`job` of its identity) and
 * from its config-reloader sidecar, and on the share of each job's scrape targets that are down.
 * Results are kept per replica (`namespace`, `pod`): each replica evaluates, stores and sends alone.
 * Conditions of the form "any failure" (`> 0`, `== 0`, `< 1`) have no tunable threshold.
 */
import { DASHBOARD_UIDS } from '../dashboards/uids';
import { COMPONENTS, PROMETHEUS_RELOADER_SCRAPE } from '../constructs/identity';
import { PERCENT, percent, RATIO, SECONDS, type RuleGroup, type ThresholdRange } from './model';

const prometheus = `job="${COMPONENTS.prometheus.scrape.job}"`;
const reloader = `job="${PROMETHEUS_RELOADER_SCRAPE.job}"`;


/** Growth in percent: above 0, and unbounded (the head may grow tenfold). */
const GROWTH_PERCENT: ThresholdRange = { ...PERCENT, max: Infinity, what: 'a percentage of growth' };

/** `sum by (<labels>) (increase(<metric>{job="prometheus"}[<window>]))`. */
const increase = (metric: string, window: string, ...labels: string[]) =>
  `sum by (namespace, pod${labels.map((l) => `, ${l}`).join('')}) (increase(${metric}{${prometheus}}[${window}]))`;

export const prometheusAlerts: RuleGroup = {
  name: 'prometheus-alerts',
  rules: [
    {
      alert: 'PrometheusRuleEvaluationFailures',
      // prometheus-mixin PrometheusRuleFailures: increase over 5m > 0, for 15m, critical.
      expr: `${increase('prometheus_rule_evaluation_failures_total', '5m', 'rule_group')} > 0`,
      for: '15m',
      severity: 'critical',
      panel: { dashboard: DASHBOARD_UIDS.prometheusAlertmanager, title: 'Rule Evaluation Failures and Missed Iterations' },
      summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} fails to evaluate rules',
      description:
        '{{ $value | printf "%.0f" }} evaluations of rule group {{ $labels.rule_group }} failed in the last 5 minutes, and failures have gone on for 15 minutes: its alerts and recordings are missing.',
    },
    {
      alert: 'PrometheusMissingRuleEvaluations',
      // prometheus-mixin PrometheusMissingRuleEvaluations: increase over 5m > 0, for 15m, warning.
      expr: `${increase('prometheus_rule_group_iterations_missed_total', '5m', 'rule_group')} > 0`,
      for: '15m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.prometheusAlertmanager, title: 'Rule Evaluation Failures and Missed Iterations' },
      summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} skips rule evaluations',
      description:
        'Rule group {{ $labels.rule_group }} missed {{ $value | printf "%.0f" }} evaluations in the last 5 minutes (an evaluation took longer than the interval), and has for 15 minutes.',
    },
    {
      alert: 'PrometheusNotificationErrors',
      // prometheus-mixin PrometheusErrorSendingAlertsToSomeAlertmanagers: errors / sent > 1 %, for 15m, warning.
      expr: (t) =>
        `sum by (namespace, pod, alertmanager) (rate(prometheus_notifications_errors_total{${prometheus}}[5m]))` +
        ` / sum by (namespace, pod, alertmanager) (rate(prometheus_notifications_sent_total{${prometheus}}[5m])) > ${t}`,
      threshold: 0.01,
      thresholdRange: RATIO,
      for: '15m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.prometheusAlertmanager, title: 'Alert Notification Errors' },
      summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} fails to send alerts to {{ $labels.alertmanager }}',
      description: (t) => `{{ $value | humanizePercentage }} of the alerts sent to Alertmanager {{ $labels.alertmanager }} failed over the last 5 minutes (threshold ${percent(t)}).`,
    },
    {
      alert: 'PrometheusNotConnectedToAlertmanagers',
      // prometheus-mixin PrometheusNotConnectedToAlertmanagers: max_over_time[5m] < 1, for 10m, warning.
      expr: `max by (namespace, pod) (max_over_time(prometheus_notifications_alertmanagers_discovered{${prometheus}}[5m])) < 1`,
      for: '10m',
      severity: 'warning',
      summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} has no Alertmanager to send to',
      description: 'Prometheus has discovered no Alertmanager for 15 minutes: the alerts it evaluates reach no one.',
    },
    {
      alert: 'PrometheusBadConfig',
      // prometheus-mixin PrometheusBadConfig: max_over_time[5m] == 0, for 10m, critical.
      expr: `max by (namespace, pod) (max_over_time(prometheus_config_last_reload_successful{${prometheus}}[5m])) == 0`,
      for: '10m',
      severity: 'critical',
      panel: { dashboard: DASHBOARD_UIDS.prometheusAlertmanager, title: 'Config Reload Status' },
      summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} failed to reload its configuration',
      description: 'The last configuration reload failed and none has succeeded for 15 minutes: Prometheus runs the previous configuration and rules.',
    },
    {
      alert: 'PrometheusTSDBCompactionsFailing',
      // prometheus-mixin PrometheusTSDBCompactionsFailing: increase over 3h > 0, for 4h, warning.
      expr: `${increase('prometheus_tsdb_compactions_failed_total', '3h')} > 0`,
      for: '4h',
      severity: 'warning',
      summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} fails to compact blocks',
      description: '{{ $value | printf "%.0f" }} block compactions failed in the last 3 hours, and they have kept failing for 4 hours.',
    },
    {
      alert: 'PrometheusTSDBReloadsFailing',
      // prometheus-mixin PrometheusTSDBReloadsFailing: increase over 3h > 0, for 4h, warning.
      expr: `${increase('prometheus_tsdb_reloads_failures_total', '3h')} > 0`,
      for: '4h',
      severity: 'warning',
      summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} fails to reload blocks from disk',
      description: '{{ $value | printf "%.0f" }} reloads of blocks from disk failed in the last 3 hours, and they have kept failing for 4 hours.',
    },
    {
      alert: 'PrometheusTSDBWALFailures',
      // Our choice: the older kube-prometheus PrometheusTSDBWALCorruptions waited 4h (warning), but a
      // corruption is a one-off (found and repaired at WAL replay): with a 3h window it would never
      // fire. 15m fires once per event and resolves 3h later. Truncation failures share the window.
      expr:
        `sum by (namespace, pod) (increase(prometheus_tsdb_wal_corruptions_total{${prometheus}}[3h])` +
        ` + increase(prometheus_tsdb_wal_truncations_failed_total{${prometheus}}[3h])) > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} has write-ahead log failures',
      description: '{{ $value | printf "%.0f" }} WAL corruptions or failed WAL truncations in the last 3 hours: samples may have been lost, or the WAL keeps growing.',
    },
    {
      alert: 'PrometheusHeadSeriesGrowth',
      // Our choice, 50% for 15m: a rollout that replaces every pod of one workload adds its series
      // once more (the old ones leave the head only at the next head compaction, 2h to 3h later),
      // well below half of all series here; a label with unbounded values grows the head by multiples.
      expr: (t) =>
        `(max by (namespace, pod) (prometheus_tsdb_head_series{${prometheus}})` +
        ` / max by (namespace, pod) (prometheus_tsdb_head_series{${prometheus}} offset 1h) - 1) * 100 > ${t}`,
      threshold: 50,
      thresholdRange: GROWTH_PERCENT,
      for: '15m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.prometheusAlertmanager, title: 'Head Series' },
      summary: 'Series in Prometheus {{ $labels.namespace }}/{{ $labels.pod }} are growing fast',
      description: (t) => `The head block holds {{ $value | printf "%.0f" }}% more series than an hour ago (threshold ${t}%): a new label value per request, user or pod explodes memory use.`,
    },
    {
      alert: 'TargetDown',
      // kube-prometheus TargetDown: more than 10% of a job's targets down, for 10m, warning.
      expr: (t) => `count by (job, namespace) (up == 0) / count by (job, namespace) (up) > ${t}`,
      threshold: 0.1,
      thresholdRange: RATIO,
      for: '10m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.prometheusAlertmanager, title: 'Scrape Targets Down by Job' },
      summary: 'Targets of job {{ $labels.job }} in {{ $labels.namespace }} are down',
      description: (t) =>
        `{{ $value | humanizePercentage }} of the {{ $labels.job }} targets have been down for 10 minutes (threshold ${percent(t)}). ` +
        'ServiceDown pages for each target down for a minute; this alert says how much of the job is gone.',
    },
    {
      alert: 'ConfigReloaderFailing',
      // prometheus-operator ConfigReloaderSidecarErrors: max_over_time[5m] == 0, for 10m, warning.
      expr: `max by (namespace, pod) (max_over_time(reloader_last_reload_successful{${reloader}}[5m])) == 0`,
      for: '10m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.prometheusAlertmanager, title: 'Config Reloader Last Reload' },
      summary: 'The config reloader of {{ $labels.namespace }}/{{ $labels.pod }} fails',
      description: 'The config-reloader sidecar has failed its last reload for 15 minutes: changes to the Prometheus configuration and rules are not applied.',
    },
  ],
};

/** Remote-write alerts, added only when Prometheus remote-writes (`prometheus.remoteWrite`). */
export const prometheusRemoteWriteAlerts: RuleGroup = {
  name: 'prometheus-remote-write-alerts',
  rules: [
    {
      alert: 'PrometheusRemoteWriteFailing',
      // prometheus-mixin PrometheusRemoteStorageFailures: > 1 %, for 15m, critical. Prometheus 3 counts
      // every sample of every send attempt in samples_total, failed ones included: it is the denominator alone.
      expr: (t) =>
        `sum by (namespace, pod, remote_name, url) (rate(prometheus_remote_storage_samples_failed_total{${prometheus}}[5m]))` +
        ` / sum by (namespace, pod, remote_name, url) (rate(prometheus_remote_storage_samples_total{${prometheus}}[5m])) > ${t}`,
      threshold: 0.01,
      thresholdRange: RATIO,
      for: '15m',
      severity: 'critical',
      summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} fails to remote-write to {{ $labels.remote_name }}',
      description: (t) => `{{ $value | humanizePercentage }} of the samples sent to {{ $labels.url }} failed for good over the last 5 minutes (threshold ${percent(t)}): they are missing from long-term storage.`,
    },
    {
      alert: 'PrometheusRemoteWriteBehind',
      // prometheus-mixin PrometheusRemoteWriteBehind: > 120s, for 15m, critical.
      expr: (t) =>
        `max by (namespace, pod) (max_over_time(prometheus_remote_storage_highest_timestamp_in_seconds{${prometheus}}[5m]))` +
        ` - on (namespace, pod) group_right () max by (namespace, pod, remote_name, url) (max_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds{${prometheus}}[5m])) > ${t}`,
      threshold: 120,
      thresholdRange: SECONDS,
      for: '15m',
      severity: 'critical',
      panel: { dashboard: DASHBOARD_UIDS.prometheusAlertmanager, title: 'Remote Write Lag' },
      summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} is behind remote-writing to {{ $labels.remote_name }}',
      description: (t) => `The newest sample sent to {{ $labels.url }} is {{ $value | humanizeDuration }} older than the newest sample ingested (threshold ${t}s).`,
    },
  ],
};
