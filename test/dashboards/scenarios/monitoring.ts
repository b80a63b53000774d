/**
 * Scenarios of the monitoring stack's own dashboards (Prometheus and Alertmanager; Logs and Traces
 * Pipeline): synthetic series with a known answer and the values each panel shows, by
 * `<dashboard uid>/<panel title>`. Every scenario carries decoys the panel must leave out: the same
 * metric from another job, which would change the answer if the job matcher were missing.
 */
import { DASHBOARD_UIDS } from '../../../dashboards';
import { CONFIG_RELOADER_JOB } from '../../../dashboards/prometheus-alertmanager/panels';
import { COMPONENTS } from '../../../constructs/identity';
import { counter, gauge, type Scenario } from '../proof';

type Labels = Record<string, string>;
const job = (name: string) => (labels: Labels) => ({ job: name, ...labels });
const prometheus = job(COMPONENTS.prometheus.scrape.job);
const alertmanager = job(COMPONENTS.alertmanager.scrape.job);
const reloader = job(CONFIG_RELOADER_JOB);
const loki = job(COMPONENTS.loki.scrape.job);
const alloy = job(COMPONENTS.alloy.scrape.job);
const jaeger = job(COMPONENTS.jaeger.scrape.job);
/** Another exporter of the same metric names: a federating job, a second Prometheus, a test instance. */
const other = job('other');

const prom = (title: string) => `${DASHBOARD_UIDS.prometheusAlertmanager}/${title}`;
const pipe = (title: string) => `${DASHBOARD_UIDS.telemetryPipeline}/${title}`;

const P0 = { pod: 'prometheus-0' };
const P1 = { pod: 'prometheus-1' };
const API_GROUP = '/etc/prometheus/rules/api.yaml;api';
const KUBE_GROUP = '/etc/prometheus/rules/kubernetes.yaml;kubernetes';
const AM1 = 'http://10.0.0.11:9093/api/v2/alerts';
const AM2 = 'http://10.0.0.12:9093/api/v2/alerts';

const LOKI_REQUESTS = 'loki_request_duration_seconds_count';
const push = { route: 'loki_api_v1_push', method: 'POST', ws: 'false' };
const queryRange = { route: 'loki_api_v1_query_range', method: 'GET', ws: 'false' };
const ready = { route: 'ready', method: 'GET', ws: 'false' };
const ALLOY_REQUESTS = 'loki_write_request_duration_seconds_count';
const LOKI_HOST = { host: 'loki.monitoring.svc:3100' };

/**
 * The scenarios, by `<dashboard uid>/<panel title>`. Counters grow by a fixed step every minute, so
 * at 10m a rate over the 2m $__rate_interval is step / 60 per second; each story states the sums.
 */
export const MONITORING_SCENARIOS: Record<string, readonly Scenario[]> = {
  [prom('Rule Group Evaluation Time (% of Interval)')]: [
    {
      story:
        'api group: slowest replica 9 s (6 s and 9 s) of a 30 s interval = 30 %; kubernetes group: 45 s of 60 s = 75 %; ' +
        'another job evaluating the api group in 100 s (333 %) is left out',
      series: [
        gauge('prometheus_rule_group_last_duration_seconds', prometheus({ ...P0, rule_group: API_GROUP }), 6),
        gauge('prometheus_rule_group_last_duration_seconds', prometheus({ ...P1, rule_group: API_GROUP }), 9),
        gauge('prometheus_rule_group_interval_seconds', prometheus({ ...P0, rule_group: API_GROUP }), 30),
        gauge('prometheus_rule_group_interval_seconds', prometheus({ ...P1, rule_group: API_GROUP }), 30),
        gauge('prometheus_rule_group_last_duration_seconds', prometheus({ ...P0, rule_group: KUBE_GROUP }), 45),
        gauge('prometheus_rule_group_interval_seconds', prometheus({ ...P0, rule_group: KUBE_GROUP }), 60),
        gauge('prometheus_rule_group_last_duration_seconds', other({ pod: 'x', rule_group: API_GROUP }), 100),
        gauge('prometheus_rule_group_interval_seconds', other({ pod: 'x', rule_group: API_GROUP }), 30),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: { rule_group: API_GROUP }, value: 30 },
          { labels: { rule_group: KUBE_GROUP }, value: 75 },
        ],
      },
    },
  ],
  [prom('Rule Evaluation Failures and Missed Iterations')]: [
    {
      story:
        'api group: 3 + 6 failures a minute over two replicas = 9 / 60 = 0.15/s, 3 missed iterations a minute = 0.05/s; ' +
        'kubernetes group: none, 0; another job failing 600 a minute is left out',
      series: [
        counter('prometheus_rule_evaluation_failures_total', prometheus({ ...P0, rule_group: API_GROUP }), 3),
        counter('prometheus_rule_evaluation_failures_total', prometheus({ ...P1, rule_group: API_GROUP }), 6),
        counter('prometheus_rule_evaluation_failures_total', prometheus({ ...P0, rule_group: KUBE_GROUP }), 0),
        counter('prometheus_rule_evaluation_failures_total', other({ pod: 'x', rule_group: API_GROUP }), 600),
        counter('prometheus_rule_group_iterations_missed_total', prometheus({ ...P0, rule_group: API_GROUP }), 3),
        counter('prometheus_rule_group_iterations_missed_total', prometheus({ ...P1, rule_group: API_GROUP }), 0),
        counter('prometheus_rule_group_iterations_missed_total', prometheus({ ...P0, rule_group: KUBE_GROUP }), 0),
        counter('prometheus_rule_group_iterations_missed_total', other({ pod: 'x', rule_group: KUBE_GROUP }), 600),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: { rule_group: API_GROUP }, value: 0.15 },
          { labels: { rule_group: KUBE_GROUP }, value: 0 },
        ],
        B: [
          { labels: { rule_group: API_GROUP }, value: 0.05 },
          { labels: { rule_group: KUBE_GROUP }, value: 0 },
        ],
      },
    },
  ],
  [prom('Samples Ingested per Second')]: [
    {
      story:
        'prometheus-0: 60 000 float + 600 histogram samples a minute = 1000 + 10 = 1010/s; prometheus-1: 54 000 a minute = 900/s; ' +
        'another job reporting 6 000 000 a minute for a pod also named prometheus-0 is left out',
      series: [
        counter('prometheus_tsdb_head_samples_appended_total', prometheus({ ...P0, type: 'float' }), 60_000),
        counter('prometheus_tsdb_head_samples_appended_total', prometheus({ ...P0, type: 'histogram' }), 600),
        counter('prometheus_tsdb_head_samples_appended_total', prometheus({ ...P1, type: 'float' }), 54_000),
        counter('prometheus_tsdb_head_samples_appended_total', other({ ...P0, type: 'float' }), 6_000_000),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: P0, value: 1010 },
          { labels: P1, value: 900 },
        ],
      },
    },
  ],
  [prom('Head Series')]: [
    {
      story: 'prometheus-0 holds 120 000 series, prometheus-1 118 500; another job reporting 5 000 000 for a pod also named prometheus-0 is left out',
      series: [
        gauge('prometheus_tsdb_head_series', prometheus(P0), 120_000),
        gauge('prometheus_tsdb_head_series', prometheus(P1), 118_500),
        gauge('prometheus_tsdb_head_series', other(P0), 5_000_000),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: P0, value: 120_000 },
          { labels: P1, value: 118_500 },
        ],
      },
    },
  ],
  [prom('Scrape Targets Down by Job')]: [
    {
      story: 'api: 2 of 3 targets down = 2; node-exporter: 1 of 2 down = 1; loki: its one target up = 0, shown, not left out',
      series: [
        gauge('up', { job: 'api', instance: '10.0.1.1:8000' }, 1),
        gauge('up', { job: 'api', instance: '10.0.1.2:8000' }, 0),
        gauge('up', { job: 'api', instance: '10.0.1.3:8000' }, 0),
        gauge('up', { job: 'node-exporter', instance: '10.0.2.1:9100' }, 0),
        gauge('up', { job: 'node-exporter', instance: '10.0.2.2:9100' }, 1),
        gauge('up', { job: 'loki', instance: '10.0.3.1:3100' }, 1),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: { job: 'api' }, value: 2 },
          { labels: { job: 'node-exporter' }, value: 1 },
          { labels: { job: 'loki' }, value: 0 },
        ],
      },
    },
  ],
  [prom('Config Reload Status')]: [
    {
      story: 'prometheus-0 reloaded (1, OK), prometheus-1 failed (0, Failed); another job reporting a failure for a pod also named prometheus-0 is left out',
      series: [
        gauge('prometheus_config_last_reload_successful', prometheus(P0), 1),
        gauge('prometheus_config_last_reload_successful', prometheus(P1), 0),
        gauge('prometheus_config_last_reload_successful', other(P0), 0),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: P0, value: 1 },
          { labels: P1, value: 0 },
        ],
      },
    },
  ],
  [prom('Config Reloader Last Reload')]: [
    {
      story: `the reloader of prometheus-0 succeeded (1, OK), that of prometheus-1 failed (0, Failed); the same series under job "prometheus" (0 for prometheus-0) is left out`,
      series: [
        gauge('reloader_last_reload_successful', reloader(P0), 1),
        gauge('reloader_last_reload_successful', reloader(P1), 0),
        gauge('reloader_last_reload_successful', prometheus(P0), 0),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: P0, value: 1 },
          { labels: P1, value: 0 },
        ],
      },
    },
  ],
  [prom('Remote Write Lag')]: [
    {
      story:
        'prometheus-0 appended up to 1000 s, sent 995 to thanos (5 s behind) and 880 to archive (120 s); prometheus-1 appended up to 1002, sent 1000 (2 s) and 990 (12 s): ' +
        'the most lagging replica per remote is 5 s for thanos, 120 s for archive; another job 4900 s behind on thanos is left out',
      series: [
        gauge('prometheus_remote_storage_highest_timestamp_in_seconds', prometheus(P0), 1000),
        gauge('prometheus_remote_storage_queue_highest_sent_timestamp_seconds', prometheus({ ...P0, remote_name: 'thanos', url: 'https://thanos.example/api/v1/receive' }), 995),
        gauge('prometheus_remote_storage_queue_highest_sent_timestamp_seconds', prometheus({ ...P0, remote_name: 'archive', url: 'https://archive.example/write' }), 880),
        gauge('prometheus_remote_storage_highest_timestamp_in_seconds', prometheus(P1), 1002),
        gauge('prometheus_remote_storage_queue_highest_sent_timestamp_seconds', prometheus({ ...P1, remote_name: 'thanos', url: 'https://thanos.example/api/v1/receive' }), 1000),
        gauge('prometheus_remote_storage_queue_highest_sent_timestamp_seconds', prometheus({ ...P1, remote_name: 'archive', url: 'https://archive.example/write' }), 990),
        gauge('prometheus_remote_storage_highest_timestamp_in_seconds', other({ pod: 'x' }), 5000),
        gauge('prometheus_remote_storage_queue_highest_sent_timestamp_seconds', other({ pod: 'x', remote_name: 'thanos', url: 'https://thanos.example/api/v1/receive' }), 100),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: { remote_name: 'thanos', url: 'https://thanos.example/api/v1/receive' }, value: 5 },
          { labels: { remote_name: 'archive', url: 'https://archive.example/write' }, value: 120 },
        ],
      },
    },
  ],
  [prom('Alert Notification Errors')]: [
    {
      story: 'to the first Alertmanager: 6 + 3 errors a minute over two replicas = 9 / 60 = 0.15/s; to the second: none, 0; another job with 600 a minute is left out',
      series: [
        counter('prometheus_notifications_errors_total', prometheus({ ...P0, alertmanager: AM1 }), 6),
        counter('prometheus_notifications_errors_total', prometheus({ ...P1, alertmanager: AM1 }), 3),
        counter('prometheus_notifications_errors_total', prometheus({ ...P0, alertmanager: AM2 }), 0),
        counter('prometheus_notifications_errors_total', other({ pod: 'x', alertmanager: AM1 }), 600),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: { alertmanager: AM1 }, value: 0.15 },
          { labels: { alertmanager: AM2 }, value: 0 },
        ],
      },
    },
  ],
  [prom('Notifications by Integration')]: [
    {
      story:
        'attempted: slack 30 + 6 a minute over two replicas = 36 / 60 = 0.6/s, pagerduty 3 a minute = 0.05/s, email none = 0; ' +
        'failed: slack serverError 3 + 3 a minute = 0.1/s, slack clientError and pagerduty serverError 0; another job with 6000 slack attempts and 600 failures a minute is left out',
      series: [
        counter('alertmanager_notifications_total', alertmanager({ pod: 'alertmanager-0', integration: 'slack' }), 30),
        counter('alertmanager_notifications_total', alertmanager({ pod: 'alertmanager-1', integration: 'slack' }), 6),
        counter('alertmanager_notifications_total', alertmanager({ pod: 'alertmanager-0', integration: 'pagerduty' }), 3),
        counter('alertmanager_notifications_total', alertmanager({ pod: 'alertmanager-0', integration: 'email' }), 0),
        counter('alertmanager_notifications_total', other({ pod: 'x', integration: 'slack' }), 6000),
        counter('alertmanager_notifications_failed_total', alertmanager({ pod: 'alertmanager-0', integration: 'slack', reason: 'serverError' }), 3),
        counter('alertmanager_notifications_failed_total', alertmanager({ pod: 'alertmanager-1', integration: 'slack', reason: 'serverError' }), 3),
        counter('alertmanager_notifications_failed_total', alertmanager({ pod: 'alertmanager-0', integration: 'slack', reason: 'clientError' }), 0),
        counter('alertmanager_notifications_failed_total', alertmanager({ pod: 'alertmanager-0', integration: 'pagerduty', reason: 'serverError' }), 0),
        counter('alertmanager_notifications_failed_total', other({ pod: 'x', integration: 'slack', reason: 'serverError' }), 600),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: { integration: 'slack' }, value: 0.6 },
          { labels: { integration: 'pagerduty' }, value: 0.05 },
          { labels: { integration: 'email' }, value: 0 },
        ],
        B: [
          { labels: { integration: 'slack', reason: 'serverError' }, value: 0.1 },
          { labels: { integration: 'slack', reason: 'clientError' }, value: 0 },
          { labels: { integration: 'pagerduty', reason: 'serverError' }, value: 0 },
        ],
      },
    },
  ],
  [prom('Alerts Received by Status')]: [
    {
      story: 'firing: 12 a minute on each of two replicas = 24 / 60 = 0.4/s; resolved: 3 a minute = 0.05/s; another job receiving 6000 firing a minute is left out',
      series: [
        counter('alertmanager_alerts_received_total', alertmanager({ pod: 'alertmanager-0', status: 'firing', version: 'v2' }), 12),
        counter('alertmanager_alerts_received_total', alertmanager({ pod: 'alertmanager-1', status: 'firing', version: 'v2' }), 12),
        counter('alertmanager_alerts_received_total', alertmanager({ pod: 'alertmanager-0', status: 'resolved', version: 'v2' }), 3),
        counter('alertmanager_alerts_received_total', other({ pod: 'x', status: 'firing', version: 'v2' }), 6000),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: { status: 'firing' }, value: 0.4 },
          { labels: { status: 'resolved' }, value: 0.05 },
        ],
      },
    },
  ],
  [prom('Alertmanager Cluster Members')]: [
    {
      story: 'alertmanager-0 and -1 see all 3 members, alertmanager-2 is cut off and sees 2; another job reporting 7 for a pod also named alertmanager-0 is left out',
      series: [
        gauge('alertmanager_cluster_members', alertmanager({ pod: 'alertmanager-0' }), 3),
        gauge('alertmanager_cluster_members', alertmanager({ pod: 'alertmanager-1' }), 3),
        gauge('alertmanager_cluster_members', alertmanager({ pod: 'alertmanager-2' }), 2),
        gauge('alertmanager_cluster_members', other({ pod: 'alertmanager-0' }), 7),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: { pod: 'alertmanager-0' }, value: 3 },
          { labels: { pod: 'alertmanager-1' }, value: 3 },
          { labels: { pod: 'alertmanager-2' }, value: 2 },
        ],
      },
    },
  ],

  [pipe('Loki: Lines Received')]: [
    {
      story: 'tenant fake: 3000 lines a minute = 50/s, tenant platform: 900 a minute = 15/s, together 65/s; another job receiving 60 000 a minute is left out',
      series: [
        counter('loki_distributor_lines_received_total', loki({ pod: 'loki-0', tenant: 'fake' }), 3000),
        counter('loki_distributor_lines_received_total', loki({ pod: 'loki-0', tenant: 'platform' }), 900),
        counter('loki_distributor_lines_received_total', other({ pod: 'x', tenant: 'fake' }), 60_000),
      ],
      at: '10m',
      shows: { A: [{ value: 65 }] },
    },
  ],
  [pipe('Loki: Lines Discarded by Reason')]: [
    {
      story: 'rate_limited: 60 + 60 a minute over two tenants = 120 / 60 = 2/s; line_too_long: 3 a minute = 0.05/s; another job discarding 6000 a minute is left out',
      series: [
        counter('loki_discarded_samples_total', loki({ pod: 'loki-0', tenant: 'fake', reason: 'rate_limited' }), 60),
        counter('loki_discarded_samples_total', loki({ pod: 'loki-0', tenant: 'platform', reason: 'rate_limited' }), 60),
        counter('loki_discarded_samples_total', loki({ pod: 'loki-0', tenant: 'fake', reason: 'line_too_long' }), 3),
        counter('loki_discarded_samples_total', other({ pod: 'x', tenant: 'fake', reason: 'rate_limited' }), 6000),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: { reason: 'rate_limited' }, value: 2 },
          { labels: { reason: 'line_too_long' }, value: 0.05 },
        ],
      },
    },
  ],
  [pipe('Loki: 5xx Share by Route')]: [
    {
      story:
        'push: 950 answered 204, 30 answered 500 and 20 answered 503 a minute: 50 / 1000 = 5 %; query_range: 40 answered 200 and 10 answered 400 (4xx is not 5xx) = 0 %, ' +
        'not left out; ready without traffic is left out, not 0 / 0; another job failing 6000 pushes a minute is left out',
      series: [
        counter(LOKI_REQUESTS, loki({ pod: 'loki-0', ...push, status_code: '204' }), 950),
        counter(LOKI_REQUESTS, loki({ pod: 'loki-0', ...push, status_code: '500' }), 30),
        counter(LOKI_REQUESTS, loki({ pod: 'loki-0', ...push, status_code: '503' }), 20),
        counter(LOKI_REQUESTS, loki({ pod: 'loki-0', ...queryRange, status_code: '200' }), 40),
        counter(LOKI_REQUESTS, loki({ pod: 'loki-0', ...queryRange, status_code: '400' }), 10),
        counter(LOKI_REQUESTS, loki({ pod: 'loki-0', ...ready, status_code: '200' }), 0),
        counter(LOKI_REQUESTS, other({ pod: 'x', ...push, status_code: '500' }), 6000),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: { route: push.route }, value: 5 },
          { labels: { route: queryRange.route }, value: 0 },
        ],
      },
    },
    {
      story: 'no 5xx series at all: push with 600 answered 204 a minute shows 0 %, not "no data"',
      series: [counter(LOKI_REQUESTS, loki({ pod: 'loki-0', ...push, status_code: '204' }), 600)],
      at: '10m',
      shows: { A: [{ labels: { route: push.route }, value: 0 }] },
    },
  ],
  [pipe('Alloy: Entries Sent and Dropped')]: [
    {
      story:
        'sent: 1800 + 1200 entries a minute over two Alloy pods = 30 + 20 = 50/s; dropped: ingester_error 60 a minute = 1/s, rate_limited 6 a minute = 0.1/s; ' +
        'another job sending 60 000 and dropping 6000 a minute is left out',
      series: [
        counter('loki_write_sent_entries_total', alloy({ pod: 'alloy-a', ...LOKI_HOST }), 1800),
        counter('loki_write_sent_entries_total', alloy({ pod: 'alloy-b', ...LOKI_HOST }), 1200),
        counter('loki_write_sent_entries_total', other({ pod: 'x', ...LOKI_HOST }), 60_000),
        counter('loki_write_dropped_entries_total', alloy({ pod: 'alloy-a', ...LOKI_HOST, reason: 'ingester_error' }), 60),
        counter('loki_write_dropped_entries_total', alloy({ pod: 'alloy-b', ...LOKI_HOST, reason: 'rate_limited' }), 6),
        counter('loki_write_dropped_entries_total', other({ pod: 'x', ...LOKI_HOST, reason: 'ingester_error' }), 6000),
      ],
      at: '10m',
      shows: {
        A: [{ value: 50 }],
        B: [
          { labels: { reason: 'ingester_error' }, value: 1 },
          { labels: { reason: 'rate_limited' }, value: 0.1 },
        ],
      },
    },
  ],
  [pipe('Alloy: Failed Write Requests')]: [
    {
      story:
        'a minute: 95 pushes answered 204, 3 without answer (-1), 2 answered 429 over two pods: 5 / 100 = 5 % of the whole; another job failing 6000 a minute is left out',
      series: [
        counter(ALLOY_REQUESTS, alloy({ pod: 'alloy-a', ...LOKI_HOST, status_code: '204' }), 60),
        counter(ALLOY_REQUESTS, alloy({ pod: 'alloy-b', ...LOKI_HOST, status_code: '204' }), 35),
        counter(ALLOY_REQUESTS, alloy({ pod: 'alloy-a', ...LOKI_HOST, status_code: '-1' }), 3),
        counter(ALLOY_REQUESTS, alloy({ pod: 'alloy-b', ...LOKI_HOST, status_code: '429' }), 2),
        counter(ALLOY_REQUESTS, other({ pod: 'x', ...LOKI_HOST, status_code: '500' }), 6000),
      ],
      at: '10m',
      shows: { A: [{ value: 5 }] },
    },
    {
      story: 'no failed pushes at all: 100 a minute answered 204 show 0 %, not "no data"',
      series: [counter(ALLOY_REQUESTS, alloy({ pod: 'alloy-a', ...LOKI_HOST, status_code: '204' }), 100)],
      at: '10m',
      shows: { A: [{ value: 0 }] },
    },
  ],
  [pipe('Jaeger: Spans Accepted and Refused')]: [
    {
      story:
        'accepted: 1200 a minute over gRPC + 300 over HTTP = 20 + 5 = 25/s; refused: 60 a minute = 1/s; ' +
        'Alloy, which exports the same collector metrics (6000 accepted, 600 refused a minute), is left out',
      series: [
        counter('otelcol_receiver_accepted_spans_total', jaeger({ pod: 'jaeger-0', receiver: 'otlp', transport: 'grpc' }), 1200),
        counter('otelcol_receiver_accepted_spans_total', jaeger({ pod: 'jaeger-0', receiver: 'otlp', transport: 'http' }), 300),
        counter('otelcol_receiver_refused_spans_total', jaeger({ pod: 'jaeger-0', receiver: 'otlp', transport: 'grpc' }), 60),
        counter('otelcol_receiver_refused_spans_total', jaeger({ pod: 'jaeger-0', receiver: 'otlp', transport: 'http' }), 0),
        counter('otelcol_receiver_accepted_spans_total', alloy({ pod: 'alloy-a', receiver: 'otlp', transport: 'grpc' }), 6000),
        counter('otelcol_receiver_refused_spans_total', alloy({ pod: 'alloy-a', receiver: 'otlp', transport: 'grpc' }), 600),
      ],
      at: '10m',
      shows: { A: [{ value: 25 }], B: [{ value: 1 }] },
    },
  ],
  [pipe('Jaeger: Spans Failed to Export')]: [
    {
      story: 'the storage exporter fails 30 spans a minute = 0.5/s; the debug exporter none, 0; Alloy failing 600 a minute on its otlp exporter is left out',
      series: [
        counter('otelcol_exporter_send_failed_spans_total', jaeger({ pod: 'jaeger-0', exporter: 'jaeger_storage_exporter' }), 30),
        counter('otelcol_exporter_send_failed_spans_total', jaeger({ pod: 'jaeger-0', exporter: 'debug' }), 0),
        counter('otelcol_exporter_send_failed_spans_total', alloy({ pod: 'alloy-a', exporter: 'otlp' }), 600),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: { exporter: 'jaeger_storage_exporter' }, value: 0.5 },
          { labels: { exporter: 'debug' }, value: 0 },
        ],
      },
    },
  ],
};
