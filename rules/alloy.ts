/**
 * Alloy's alerts, on the debug metrics of its `loki.write` component (constructs/alloy.ts pushes every
 * pod's logs through `loki.write "default"`), scraped on Alloy's HTTP port under COMPONENTS.alloy's
 * job. Names and labels from Grafana Alloy v1.18 "loki.write" reference, "Debug metrics"
 * (https://grafana.com/docs/alloy/v1.18/reference/components/loki/loki.write/), and its client's
 * source for the labels: `host`, `tenant` on every series, `reason` on the dropped ones,
 * `status_code` on `loki_write_request_duration_seconds` (the HTTP status, `-1` when no answer came).
 * Alloy runs as a DaemonSet: each pod ships its own node's logs, so results are kept per pod and node.
 */
import { DASHBOARD_UIDS } from '../dashboards/uids';
import { COMPONENTS } from '../constructs/identity';
import { COUNT, percent, RATIO, type RuleGroup } from './model';

const alloy = `job="${COMPONENTS.alloy.scrape.job}"`;


const requests = (matchers: string) => `sum by (namespace, job, pod, node) (rate(loki_write_request_duration_seconds_count{${matchers}}[5m]))`;

export const alloyAlerts: RuleGroup = {
  name: 'alloy-alerts',
  rules: [
    {
      alert: 'AlloyLogEntriesDropped',
      // Our choice: any drop in 10m, for 5m. loki.write drops a batch only once its retries are spent
      // (10 retries, 0.5s doubling to 5m: about 8.5 minutes of failures) or when Loki refuses it for
      // good (4xx), so each drop is already lost data. A single drop keeps the 10m window positive for
      // about 9 minutes: `for: 5m` reports it once, where `for: 10m` would let it pass unseen.
      expr: (t) => `sum by (namespace, job, pod, node, reason) (increase(loki_write_dropped_entries_total{${alloy}}[10m])) > ${t}`,
      threshold: 0,
      thresholdRange: COUNT,
      for: '5m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.telemetryPipeline, title: 'Alloy: Entries Sent and Dropped' },
      summary: 'Alloy {{ $labels.pod }} on {{ $labels.node }} drops log entries ({{ $labels.reason }})',
      description: (t) =>
        `{{ $value | humanize }} log entries were dropped for {{ $labels.reason }} in the last 10 minutes (threshold ${t}); they never reach Loki.`,
    },
    {
      alert: 'AlloyLogWriteErrors',
      // loki-mixin PromtailRequestsErrors (Promtail shares this client): > 10% failed pushes, for 15m.
      // Warning, not the mixin's critical: failed pushes are retried, and AlloyLogEntriesDropped
      // reports the lines that are finally lost.
      expr: (t) => `${requests(`${alloy},status_code!~"2.."`)} / ${requests(alloy)} > ${t}`,
      threshold: 0.1,
      thresholdRange: RATIO,
      for: '15m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.telemetryPipeline, title: 'Alloy: Failed Write Requests' },
      summary: 'Alloy {{ $labels.pod }} on {{ $labels.node }} fails to push logs to Loki',
      description: (t) => `{{ $value | humanizePercentage }} of the pushes to Loki failed over the last 5 minutes (threshold ${percent(t)}).`,
    },
  ],
};
