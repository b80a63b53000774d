/**
 * Scenarios of the alerts on Prometheus itself (rules/prometheus.ts). A counter rising by n per
 * interval gives increase(x[w]) = n × w / interval at a sample time (four or more samples in the
 * window, extrapolated by one interval to the window's start); a ratio of two counters sampled
 * together is the ratio of their steps.
 */
import { firingAlert, runbook, series, type AlertScenario, type ExpectedAlert, type InputSeries } from './scenario';

const ns = 'monitoring';
const prom = (pod = 'prometheus-0', ip = '10.0.3.4') => ({ job: 'prometheus', namespace: ns, pod, container: 'prometheus', instance: `${ip}:9090`, node: 'node-a' });
const reloader = (pod = 'prometheus-0', ip = '10.0.3.4') => ({
  job: 'prometheus-config-reloader',
  namespace: ns,
  pod,
  container: 'config-reloader',
  instance: `${ip}:8080`,
  node: 'node-a',
});
const RULE_GROUP = '/etc/prometheus/rules/platform-alerts.yml;platform-alerts';
const ALERTMANAGER = 'http://10.0.4.7:9093/api/v2/alerts';
const REMOTE = { remote_name: 'long-term', url: 'https://mimir.example.com/api/v1/push' };
const OTHER_REMOTE = { remote_name: 'backup', url: 'https://backup.example.com/api/v1/write' };

/** The expected alert of a replica of Prometheus: its namespace and pod, and `extra` labels. */
function onReplica(alert: string, severity: string, extra: Record<string, string>, summary: string, description: string): ExpectedAlert {
  return firingAlert(alert, severity, { namespace: ns, pod: 'prometheus-0', ...extra }, summary, description);
}

/** A failure counter's firing and quiet scenarios, for the alerts of the form `increase(x[5m]) > 0` for 15m. */
function ruleCounterScenarios(alert: string, metric: string, severity: string, summary: string, description: string): AlertScenario[] {
  const labels = { ...prom(), rule_group: RULE_GROUP };
  return [
    {
      // One more per minute: 1 at 1m already (two samples, the first 0), 5 in 5m at 20m.
      alert,
      name: 'fires after 15m of failures every minute, not before',
      series: [{ series: series(metric, labels), values: '0+1x40' }],
      checks: [
        { at: '10m', firing: [] },
        { at: '20m', firing: [onReplica(alert, severity, { rule_group: RULE_GROUP }, summary, description)] },
      ],
    },
    {
      // The single failure at 3m stays in the 5m window from 3m to 7m: 5 minutes, not 15. The other
      // job's counter rises every minute.
      alert,
      name: 'stays quiet for a single failure, and for another job failing all the time',
      series: [
        { series: series(metric, labels), values: '0 0 0 1+0x30' },
        { series: series(metric, { ...labels, job: 'thanos-ruler', container: 'thanos-ruler' }), values: '0+1x30' },
      ],
      checks: [
        { at: '5m', firing: [] },
        { at: '25m', firing: [] },
      ],
    },
  ];
}

/**
 * A gauge that must stay at or above 1, for the alerts of the form `max_over_time(x[5m]) == 0` (or
 * `< 1`) for 10m: it drops to 0 at 3m, the 5m window holds only zeros from 7m, so it fires at 17m.
 */
function gaugeScenarios(alert: string, metric: string, labels: Record<string, string>, high: number, severity: string, summary: string, description: string): AlertScenario[] {
  return [
    {
      alert,
      name: 'fires 10m after the last good sample left the 5m window, not before',
      series: [{ series: series(metric, labels), values: `${high} ${high} ${high} 0+0x30` }],
      checks: [
        { at: '6m', firing: [] },
        { at: '16m', firing: [] },
        { at: '18m', firing: [onReplica(alert, severity, {}, summary, description)] },
      ],
    },
    {
      // Zero from 2m to 4m: max_over_time sees the good samples before and after, never only zeros.
      alert,
      name: 'stays quiet when the value is 0 for three minutes',
      series: [{ series: series(metric, labels), values: `${high} ${high} 0 0 0 ${high}+0x30` }],
      checks: [
        { at: '5m', firing: [] },
        { at: '20m', firing: [] },
      ],
    },
  ];
}

/**
 * A TSDB failure counter, for the alerts of the form `increase(x[3h]) > 0` for 4h. Every 15m: a
 * failure every interval holds the condition from 15m (0 → 1), so it fires from 4h15m. At 4h30m the
 * window holds the samples of 1h45m to 4h30m (7 → 18): 11 failures over 2h45m, extrapolated by one
 * interval to 3h, 11 × 180/165 = 12. A single failure holds it for 3h only, never 4h.
 */
function tsdbScenarios(alert: string, metric: string, summary: string, description: string): AlertScenario[] {
  return [
    {
      alert,
      name: 'fires after 4h of failures every 15 minutes, not before',
      interval: '15m',
      series: [{ series: series(metric, prom()), values: '0+1x24' }],
      checks: [
        { at: '4h', firing: [] },
        { at: '4h30m', firing: [onReplica(alert, 'warning', {}, summary, description)] },
      ],
    },
    {
      alert,
      name: 'stays quiet for a single failure',
      interval: '15m',
      series: [{ series: series(metric, prom()), values: '0 0 1+0x24' }],
      checks: [
        { at: '2h', firing: [] },
        { at: '4h30m', firing: [] },
      ],
    },
  ];
}

const up = (job: string, namespace: string, pod: string, values: string): InputSeries => ({
  series: series('up', { job, namespace, pod, instance: `${pod}:8000` }),
  values,
});

export const prometheusScenarios: readonly AlertScenario[] = [
  ...ruleCounterScenarios(
    'PrometheusRuleEvaluationFailures',
    'prometheus_rule_evaluation_failures_total',
    'critical',
    'Prometheus monitoring/prometheus-0 fails to evaluate rules',
    `5 evaluations of rule group ${RULE_GROUP} failed in the last 5 minutes, and failures have gone on for 15 minutes: its alerts and recordings are missing.`,
  ),
  ...ruleCounterScenarios(
    'PrometheusMissingRuleEvaluations',
    'prometheus_rule_group_iterations_missed_total',
    'warning',
    'Prometheus monitoring/prometheus-0 skips rule evaluations',
    `Rule group ${RULE_GROUP} missed 5 evaluations in the last 5 minutes (an evaluation took longer than the interval), and has for 15 minutes.`,
  ),
  {
    // 5 of 100 alerts a minute fail: 5%. Over 1% from 1m, so it fires from 16m.
    alert: 'PrometheusNotificationErrors',
    name: 'fires after 15m when 5% of the alerts sent to an Alertmanager fail, not before',
    series: [
      { series: series('prometheus_notifications_sent_total', { ...prom(), alertmanager: ALERTMANAGER }), values: '0+100x30' },
      { series: series('prometheus_notifications_errors_total', { ...prom(), alertmanager: ALERTMANAGER }), values: '0+5x30' },
    ],
    checks: [
      { at: '10m', firing: [] },
      {
        at: '20m',
        firing: [
          onReplica(
            'PrometheusNotificationErrors',
            'warning',
            { alertmanager: ALERTMANAGER },
            `Prometheus monitoring/prometheus-0 fails to send alerts to ${ALERTMANAGER}`,
            `5% of the alerts sent to Alertmanager ${ALERTMANAGER} failed over the last 5 minutes (threshold 1%).`,
          ),
        ],
      },
    ],
  },
  {
    // 1 of 200 a minute: 0.5%.
    alert: 'PrometheusNotificationErrors',
    name: 'stays quiet at 0.5% errors',
    series: [
      { series: series('prometheus_notifications_sent_total', { ...prom(), alertmanager: ALERTMANAGER }), values: '0+200x30' },
      { series: series('prometheus_notifications_errors_total', { ...prom(), alertmanager: ALERTMANAGER }), values: '0+1x30' },
    ],
    checks: [{ at: '25m', firing: [] }],
  },
  ...gaugeScenarios(
    'PrometheusNotConnectedToAlertmanagers',
    'prometheus_notifications_alertmanagers_discovered',
    prom(),
    2,
    'warning',
    'Prometheus monitoring/prometheus-0 has no Alertmanager to send to',
    'Prometheus has discovered no Alertmanager for 15 minutes: the alerts it evaluates reach no one.',
  ),
  ...gaugeScenarios(
    'PrometheusBadConfig',
    'prometheus_config_last_reload_successful',
    prom(),
    1,
    'critical',
    'Prometheus monitoring/prometheus-0 failed to reload its configuration',
    'The last configuration reload failed and none has succeeded for 15 minutes: Prometheus runs the previous configuration and rules.',
  ),
  ...tsdbScenarios(
    'PrometheusTSDBCompactionsFailing',
    'prometheus_tsdb_compactions_failed_total',
    'Prometheus monitoring/prometheus-0 fails to compact blocks',
    '12 block compactions failed in the last 3 hours, and they have kept failing for 4 hours.',
  ),
  ...tsdbScenarios(
    'PrometheusTSDBReloadsFailing',
    'prometheus_tsdb_reloads_failures_total',
    'Prometheus monitoring/prometheus-0 fails to reload blocks from disk',
    '12 reloads of blocks from disk failed in the last 3 hours, and they have kept failing for 4 hours.',
  ),
  {
    // A corruption at 30m and a failed truncation at 35m, every 5m. From 30m the 3h window holds the
    // step from 0 (no extrapolation before a counter's zero): 1 at 30m, 1 + 1 = 2 from 35m. It fires
    // at 45m, and resolves once the zeros before both steps left the window (from 3h30m).
    alert: 'PrometheusTSDBWALFailures',
    name: 'fires 15m after a WAL corruption, not before, and resolves 3h later',
    interval: '5m',
    series: [
      { series: series('prometheus_tsdb_wal_corruptions_total', prom()), values: '0 0 0 0 0 0 1+0x44' },
      { series: series('prometheus_tsdb_wal_truncations_failed_total', prom()), values: '0 0 0 0 0 0 0 1+0x43' },
    ],
    checks: [
      { at: '40m', firing: [] },
      {
        at: '50m',
        firing: [
          onReplica(
            'PrometheusTSDBWALFailures',
            'warning',
            {},
            'Prometheus monitoring/prometheus-0 has write-ahead log failures',
            '2 WAL corruptions or failed WAL truncations in the last 3 hours: samples may have been lost, or the WAL keeps growing.',
          ),
        ],
      },
      { at: '3h40m', firing: [] },
    ],
  },
  {
    alert: 'PrometheusTSDBWALFailures',
    name: 'stays quiet while no corruption or failed truncation is counted, whatever another job counts',
    interval: '5m',
    series: [
      { series: series('prometheus_tsdb_wal_corruptions_total', prom()), values: '0+0x40' },
      { series: series('prometheus_tsdb_wal_truncations_failed_total', prom()), values: '0+0x40' },
      { series: series('prometheus_tsdb_wal_corruptions_total', { ...prom(), job: 'loki', container: 'loki' }), values: '0+1x40' },
      { series: series('prometheus_tsdb_wal_truncations_failed_total', { ...prom(), job: 'loki', container: 'loki' }), values: '0+0x40' },
    ],
    checks: [{ at: '1h', firing: [] }],
  },
  {
    // 100k series until 60m, 200k from 65m: +100% against the value an hour before from 65m to 2h,
    // so it fires from 80m.
    alert: 'PrometheusHeadSeriesGrowth',
    name: 'fires 15m after the head doubled within an hour, not before',
    interval: '5m',
    series: [{ series: series('prometheus_tsdb_head_series', prom()), values: '100000+0x12 200000+0x20' }],
    checks: [
      { at: '75m', firing: [] },
      {
        at: '90m',
        firing: [
          onReplica(
            'PrometheusHeadSeriesGrowth',
            'warning',
            {},
            'Series in Prometheus monitoring/prometheus-0 are growing fast',
            'The head block holds 100% more series than an hour ago (threshold 50%): a new label value per request, user or pod explodes memory use.',
          ),
        ],
      },
    ],
  },
  {
    // +40% in an hour, and a replica whose address changed (no series an hour before to compare with).
    alert: 'PrometheusHeadSeriesGrowth',
    name: 'stays quiet when the head grows by 40% in an hour',
    interval: '5m',
    series: [
      { series: series('prometheus_tsdb_head_series', prom()), values: '100000+0x12 140000+0x20' },
      { series: series('prometheus_tsdb_head_series', prom('prometheus-1', '10.0.3.5')), values: '_x12 100000+0x20' },
    ],
    checks: [
      { at: '90m', firing: [] },
      { at: '2h', firing: [] },
    ],
  },
  {
    alert: 'PrometheusHeadSeriesGrowth',
    name: 'an environment raising the threshold to 150% keeps a doubling quiet',
    tuning: { PrometheusHeadSeriesGrowth: { threshold: 150 } },
    interval: '5m',
    series: [{ series: series('prometheus_tsdb_head_series', prom()), values: '100000+0x12 200000+0x20' }],
    checks: [{ at: '90m', firing: [] }],
  },
  {
    // 1 of 4 API targets down from 2m: 25%, so it fires from 12m.
    alert: 'TargetDown',
    name: 'fires after 10m with a quarter of the API targets down, not before',
    series: [
      up('api', 'agent-platform', 'api-a', '1 1 0+0x20'),
      up('api', 'agent-platform', 'api-b', '1+0x22'),
      up('api', 'agent-platform', 'api-c', '1+0x22'),
      up('api', 'agent-platform', 'api-d', '1+0x22'),
    ],
    checks: [
      { at: '8m', firing: [] },
      {
        at: '15m',
        firing: [
          {
            labels: { alertname: 'TargetDown', job: 'api', namespace: 'agent-platform', severity: 'warning' },
            annotations: {
              summary: 'Targets of job api in agent-platform are down',
              description:
                '25% of the api targets have been down for 10 minutes (threshold 10%). ServiceDown pages for each target down for a minute; this alert says how much of the job is gone.',
              runbook_url: runbook('TargetDown'),
            },
          },
        ],
      },
    ],
  },
  {
    // 1 of 12 node-exporter targets down: 8.3%.
    alert: 'TargetDown',
    name: 'stays quiet with 1 of 12 targets of a job down',
    series: Array.from({ length: 12 }, (_, i) => up('node-exporter', 'node-exporter', `node-exporter-${i}`, i === 0 ? '0+0x20' : '1+0x20')),
    checks: [{ at: '15m', firing: [] }],
  },
  ...gaugeScenarios(
    'ConfigReloaderFailing',
    'reloader_last_reload_successful',
    reloader(),
    1,
    'warning',
    'The config reloader of monitoring/prometheus-0 fails',
    'The config-reloader sidecar has failed its last reload for 15 minutes: changes to the Prometheus configuration and rules are not applied.',
  ),
  {
    // 50 of 1000 samples a minute fail: 5%. Over 1% from 1m, so it fires from 16m.
    alert: 'PrometheusRemoteWriteFailing',
    name: 'fires after 15m when 5% of the samples fail, not before',
    series: [
      { series: series('prometheus_remote_storage_samples_total', { ...prom(), ...REMOTE }), values: '0+1000x30' },
      { series: series('prometheus_remote_storage_samples_failed_total', { ...prom(), ...REMOTE }), values: '0+50x30' },
    ],
    checks: [
      { at: '10m', firing: [] },
      {
        at: '20m',
        firing: [
          onReplica(
            'PrometheusRemoteWriteFailing',
            'critical',
            REMOTE,
            'Prometheus monitoring/prometheus-0 fails to remote-write to long-term',
            `5% of the samples sent to ${REMOTE.url} failed for good over the last 5 minutes (threshold 1%): they are missing from long-term storage.`,
          ),
        ],
      },
    ],
  },
  {
    // 5 of 1000 a minute: 0.5%.
    alert: 'PrometheusRemoteWriteFailing',
    name: 'stays quiet at 0.5% failed samples',
    series: [
      { series: series('prometheus_remote_storage_samples_total', { ...prom(), ...REMOTE }), values: '0+1000x30' },
      { series: series('prometheus_remote_storage_samples_failed_total', { ...prom(), ...REMOTE }), values: '0+5x30' },
    ],
    checks: [{ at: '25m', firing: [] }],
  },
  {
    // Ingested: 300 + 60 per minute; sent to long-term: 300s behind, to backup: 30s behind. The
    // newest values of both windows differ by 300 and 30 from 0, so long-term fires from 15m.
    alert: 'PrometheusRemoteWriteBehind',
    name: 'fires after 15m for the remote 5m behind, not before, and not for the one 30s behind',
    series: [
      { series: series('prometheus_remote_storage_highest_timestamp_in_seconds', prom()), values: '300+60x30' },
      { series: series('prometheus_remote_storage_queue_highest_sent_timestamp_seconds', { ...prom(), ...REMOTE }), values: '0+60x30' },
      { series: series('prometheus_remote_storage_queue_highest_sent_timestamp_seconds', { ...prom(), ...OTHER_REMOTE }), values: '270+60x30' },
    ],
    checks: [
      { at: '10m', firing: [] },
      {
        at: '20m',
        firing: [
          onReplica(
            'PrometheusRemoteWriteBehind',
            'critical',
            REMOTE,
            'Prometheus monitoring/prometheus-0 is behind remote-writing to long-term',
            `The newest sample sent to ${REMOTE.url} is 5m 0s older than the newest sample ingested (threshold 120s).`,
          ),
        ],
      },
    ],
  },
  {
    // 60s behind, then nothing sent from 10m to 21m: over 120s from 12m (180s) to 21m (720s), 10
    // minutes; at 22m 120s behind again, not above.
    alert: 'PrometheusRemoteWriteBehind',
    name: 'stays quiet at 60s behind, and for a ten-minute stall',
    series: [
      { series: series('prometheus_remote_storage_highest_timestamp_in_seconds', prom()), values: '60+60x41' },
      { series: series('prometheus_remote_storage_queue_highest_sent_timestamp_seconds', { ...prom(), ...REMOTE }), values: '0+60x10 600+0x10 1260+60x19' },
    ],
    checks: [
      { at: '10m', firing: [] },
      { at: '25m', firing: [] },
      { at: '40m', firing: [] },
    ],
  },
];
