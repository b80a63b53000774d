/**
 * Alerts on Alertmanager, on the series Prometheus scrapes from its replicas (`job` of its
 * identity). Results are kept per replica (`namespace`, `pod`), or per namespace for what the
 * replicas must agree on. "Any failure" conditions have no tunable threshold.
 */
import { DASHBOARD_UIDS } from '../dashboards/uids';
import { COMPONENTS } from '../constructs/identity';
import { percent, RATIO, type RuleGroup } from './model';

const alertmanager = `job="${COMPONENTS.alertmanager.scrape.job}"`;


const members = `max by (namespace, pod) (max_over_time(alertmanager_cluster_members{${alertmanager}}[5m]))`;

export const alertmanagerAlerts: RuleGroup = {
  name: 'alertmanager-alerts',
  rules: [
    {
      alert: 'AlertmanagerFailedReload',
      // alertmanager-mixin AlertmanagerFailedReload: max_over_time[5m] == 0, for 10m, critical.
      expr: `max by (namespace, pod) (max_over_time(alertmanager_config_last_reload_successful{${alertmanager}}[5m])) == 0`,
      for: '10m',
      severity: 'critical',
      summary: 'Alertmanager {{ $labels.namespace }}/{{ $labels.pod }} failed to reload its configuration',
      description: 'The last configuration reload failed and none has succeeded for 15 minutes: Alertmanager routes with the previous configuration.',
    },
    {
      alert: 'AlertmanagerFailedToSendAlerts',
      // alertmanager-mixin AlertmanagerFailedToSendAlerts: failed / total > 1 %, for 5m, warning.
      // Summed over `reason`: client, server and other errors all lose the notification.
      expr: (t) =>
        `sum by (namespace, pod, integration) (rate(alertmanager_notifications_failed_total{${alertmanager}}[5m]))` +
        ` / sum by (namespace, pod, integration) (rate(alertmanager_notifications_total{${alertmanager}}[5m])) > ${t}`,
      threshold: 0.01,
      thresholdRange: RATIO,
      for: '5m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.prometheusAlertmanager, title: 'Notifications by Integration' },
      summary: 'Alertmanager {{ $labels.namespace }}/{{ $labels.pod }} fails to send to {{ $labels.integration }}',
      description: (t) => `{{ $value | humanizePercentage }} of the notifications to {{ $labels.integration }} failed over the last 5 minutes (threshold ${percent(t)}).`,
    },
    {
      alert: 'AlertmanagerMembersInconsistent',
      // alertmanager-mixin AlertmanagerMembersInconsistent: fewer members than replicas, for 15m, critical.
      // The replicas are those Prometheus scraped in the namespace over the last 5 minutes.
      expr: `${members} < on (namespace) group_left () count by (namespace) (${members})`,
      for: '15m',
      severity: 'critical',
      panel: { dashboard: DASHBOARD_UIDS.prometheusAlertmanager, title: 'Alertmanager Cluster Members' },
      summary: 'Alertmanager {{ $labels.namespace }}/{{ $labels.pod }} has lost cluster members',
      description:
        'In the view of {{ $labels.pod }} the cluster has had {{ $value }} members for 15 minutes, fewer than the Alertmanager replicas in {{ $labels.namespace }}: the replicas may notify twice, or silences may not reach all of them.',
    },
    {
      alert: 'AlertmanagerClusterFailedPeers',
      // Our choice: any failed peer for 15m, warning. A restarting replica is a failed peer for a
      // minute or two; a quarter of an hour means it is gone or cannot be reached on the mesh port.
      expr: `max by (namespace, pod) (alertmanager_cluster_failed_peers{${alertmanager}}) > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Alertmanager {{ $labels.namespace }}/{{ $labels.pod }} cannot reach cluster peers',
      description: '{{ $labels.pod }} has counted {{ $value }} failed cluster peers for 15 minutes.',
    },
    {
      alert: 'AlertmanagerConfigInconsistent',
      // alertmanager-mixin AlertmanagerConfigInconsistent: more than one config hash, for 20m, critical.
      expr: `count by (namespace) (count_values by (namespace) ("config_hash", alertmanager_config_hash{${alertmanager}})) > 1`,
      for: '20m',
      severity: 'critical',
      summary: 'Alertmanager replicas in {{ $labels.namespace }} run different configurations',
      description: 'The Alertmanager replicas have run {{ $value }} different configurations for 20 minutes: the same alert may be routed differently depending on the replica.',
    },
  ],
};
