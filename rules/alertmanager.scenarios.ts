/**
 * Scenarios of the Alertmanager alerts (rules/alertmanager.ts), on two replicas. A ratio of two
 * counters sampled together is the ratio of their steps; max_over_time(x[5m]) at t holds the samples
 * after t - 5m.
 */
import { firingAlert as expected, series, type AlertScenario } from './scenario';

const ns = 'monitoring';
const am = (pod: string, ip: string) => ({ job: 'alertmanager', namespace: ns, pod, container: 'alertmanager', instance: `${ip}:9093`, node: 'node-a' });
const AM0 = am('alertmanager-0', '10.0.4.7');
const AM1 = am('alertmanager-1', '10.0.4.8');

export const alertmanagerScenarios: readonly AlertScenario[] = [
  {
    // 0 from 3m: the 5m window holds only zeros from 7m, so it fires at 17m.
    alert: 'AlertmanagerFailedReload',
    name: 'fires 10m after the last good reload left the 5m window, not before',
    series: [{ series: series('alertmanager_config_last_reload_successful', AM0), values: '1 1 1 0+0x30' }],
    checks: [
      { at: '16m', firing: [] },
      {
        at: '18m',
        firing: [
          expected(
            'AlertmanagerFailedReload',
            'critical',
            { namespace: ns, pod: 'alertmanager-0' },
            'Alertmanager monitoring/alertmanager-0 failed to reload its configuration',
            'The last configuration reload failed and none has succeeded for 15 minutes: Alertmanager routes with the previous configuration.',
          ),
        ],
      },
    ],
  },
  {
    alert: 'AlertmanagerFailedReload',
    name: 'stays quiet when a failed reload is followed by a good one within three minutes',
    series: [{ series: series('alertmanager_config_last_reload_successful', AM0), values: '1 1 0 0 0 1+0x30' }],
    checks: [
      { at: '5m', firing: [] },
      { at: '20m', firing: [] },
    ],
  },
  {
    // Slack: 1 server error and 1 client error of 20 notifications a minute, 10%; PagerDuty: none of
    // 20. Over 1% from 1m, so Slack fires from 6m.
    alert: 'AlertmanagerFailedToSendAlerts',
    name: 'fires after 5m for the integration failing 10% of its notifications, summed over reasons, not before',
    series: [
      { series: series('alertmanager_notifications_total', { ...AM0, integration: 'slack' }), values: '0+20x30' },
      { series: series('alertmanager_notifications_failed_total', { ...AM0, integration: 'slack', reason: 'serverError' }), values: '0+1x30' },
      { series: series('alertmanager_notifications_failed_total', { ...AM0, integration: 'slack', reason: 'clientError' }), values: '0+1x30' },
      { series: series('alertmanager_notifications_total', { ...AM0, integration: 'pagerduty' }), values: '0+20x30' },
      { series: series('alertmanager_notifications_failed_total', { ...AM0, integration: 'pagerduty', reason: 'serverError' }), values: '0+0x30' },
    ],
    checks: [
      { at: '4m', firing: [] },
      {
        at: '8m',
        firing: [
          expected(
            'AlertmanagerFailedToSendAlerts',
            'warning',
            { namespace: ns, pod: 'alertmanager-0', integration: 'slack' },
            'Alertmanager monitoring/alertmanager-0 fails to send to slack',
            '10% of the notifications to slack failed over the last 5 minutes (threshold 1%).',
          ),
        ],
      },
    ],
  },
  {
    // 1 of 200 a minute: 0.5%.
    alert: 'AlertmanagerFailedToSendAlerts',
    name: 'stays quiet at 0.5% failed notifications',
    series: [
      { series: series('alertmanager_notifications_total', { ...AM0, integration: 'email' }), values: '0+200x30' },
      { series: series('alertmanager_notifications_failed_total', { ...AM0, integration: 'email', reason: 'other' }), values: '0+1x30' },
    ],
    checks: [{ at: '20m', firing: [] }],
  },
  {
    // alertmanager-0 sees 1 member from 3m; its 5m window holds only that from 7m, while two replicas
    // report: it fires from 22m.
    alert: 'AlertmanagerMembersInconsistent',
    name: 'fires after 15m when one of two replicas sees only itself, not before',
    series: [
      { series: series('alertmanager_cluster_members', AM0), values: '2 2 2 1+0x30' },
      { series: series('alertmanager_cluster_members', AM1), values: '2+0x33' },
    ],
    checks: [
      { at: '15m', firing: [] },
      {
        at: '25m',
        firing: [
          expected(
            'AlertmanagerMembersInconsistent',
            'critical',
            { namespace: ns, pod: 'alertmanager-0' },
            'Alertmanager monitoring/alertmanager-0 has lost cluster members',
            'In the view of alertmanager-0 the cluster has had 1 members for 15 minutes, fewer than the Alertmanager replicas in monitoring: the replicas may notify twice, or silences may not reach all of them.',
          ),
        ],
      },
    ],
  },
  {
    // alertmanager-1 sees 1 member from 2m to 12m: its window holds only that from 6m to 12m, 7 minutes.
    alert: 'AlertmanagerMembersInconsistent',
    name: 'stays quiet for a replica that misses its peer for ten minutes',
    series: [
      { series: series('alertmanager_cluster_members', AM0), values: '2+0x33' },
      { series: series('alertmanager_cluster_members', AM1), values: '2 2 1+0x10 2+0x20' },
    ],
    checks: [
      { at: '10m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
  {
    // One failed peer from 2m: it fires from 17m.
    alert: 'AlertmanagerClusterFailedPeers',
    name: 'fires after 15m with a failed peer, not before',
    series: [{ series: series('alertmanager_cluster_failed_peers', AM0), values: '0 0 1+0x30' }],
    checks: [
      { at: '10m', firing: [] },
      {
        at: '20m',
        firing: [
          expected(
            'AlertmanagerClusterFailedPeers',
            'warning',
            { namespace: ns, pod: 'alertmanager-0' },
            'Alertmanager monitoring/alertmanager-0 cannot reach cluster peers',
            'alertmanager-0 has counted 1 failed cluster peers for 15 minutes.',
          ),
        ],
      },
    ],
  },
  {
    alert: 'AlertmanagerClusterFailedPeers',
    name: 'stays quiet while a peer restarts for five minutes',
    series: [{ series: series('alertmanager_cluster_failed_peers', AM0), values: '0 1 1 1 1 1 0+0x20' }],
    checks: [
      { at: '10m', firing: [] },
      { at: '20m', firing: [] },
    ],
  },
  {
    // alertmanager-1 loads another configuration at 2m: two hashes from 2m, so it fires from 22m.
    alert: 'AlertmanagerConfigInconsistent',
    name: 'fires after 20m when the replicas run different configurations, not before',
    series: [
      { series: series('alertmanager_config_hash', AM0), values: '111+0x40' },
      { series: series('alertmanager_config_hash', AM1), values: '111 111 222+0x38' },
    ],
    checks: [
      { at: '15m', firing: [] },
      {
        at: '25m',
        firing: [
          expected(
            'AlertmanagerConfigInconsistent',
            'critical',
            { namespace: ns },
            'Alertmanager replicas in monitoring run different configurations',
            'The Alertmanager replicas have run 2 different configurations for 20 minutes: the same alert may be routed differently depending on the replica.',
          ),
        ],
      },
    ],
  },
  {
    // A rollout: alertmanager-0 has the new configuration from 2m, alertmanager-1 from 12m (10 minutes apart).
    alert: 'AlertmanagerConfigInconsistent',
    name: 'stays quiet while a new configuration reaches the replicas ten minutes apart',
    series: [
      { series: series('alertmanager_config_hash', AM0), values: '111 111 222+0x38' },
      { series: series('alertmanager_config_hash', AM1), values: '111+0x11 222+0x29' },
    ],
    checks: [
      { at: '10m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
];
