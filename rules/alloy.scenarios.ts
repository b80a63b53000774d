/**
 * Scenarios of Alloy's alerts (rules/alloy.ts), on `loki.write` series shaped like Alloy 1.18's: the
 * scrape target's labels, the component's `component_id`/`component_path`, and the client's `host`.
 */
import { runbook, series, type AlertScenario } from './scenario';

const alloyPod = (pod: string, node: string, ip: string) => ({
  job: 'alloy',
  namespace: 'monitoring',
  pod,
  node,
  instance: `${ip}:12345`,
  container: 'alloy',
  component_id: 'loki.write.default',
  component_path: '/',
  host: 'loki.monitoring.svc:3100',
});
const podA = alloyPod('alloy-x7k2p', 'node-a', '10.0.1.7');
const podB = alloyPod('alloy-q4n8z', 'node-b', '10.0.2.7');
const kept = (p: Record<string, string>) => ({ job: p.job, namespace: p.namespace, pod: p.pod, node: p.node });

const dropped = (pod: Record<string, string>, reason: string) => series('loki_write_dropped_entries_total', { ...pod, reason });
const pushes = (pod: Record<string, string>, status: string) => series('loki_write_request_duration_seconds_count', { ...pod, status_code: status });

export const alloyScenarios: readonly AlertScenario[] = [
  {
    // A batch of 120 entries dropped at 3m. increase over [10m] is exactly 120 from 3m to 11m (the
    // counter starts at 0, so nothing is extrapolated before its first sample), and 0 from 12m, when
    // the window (2m, 12m] starts after the drop. Pending at 3m, firing from 8m, resolved at 12m.
    alert: 'AlloyLogEntriesDropped',
    name: 'fires 5m after one dropped batch, not before, and clears once the drop leaves the 10m window',
    series: [
      { series: dropped(podA, 'ingester_error'), values: '0 0 0 120+0x30' },
      { series: dropped(podB, 'ingester_error'), values: '0+0x30' },
    ],
    checks: [
      { at: '7m', firing: [] },
      {
        at: '9m',
        firing: [
          {
            labels: { alertname: 'AlloyLogEntriesDropped', ...kept(podA), reason: 'ingester_error', severity: 'warning' },
            annotations: {
              summary: 'Alloy alloy-x7k2p on node-a drops log entries (ingester_error)',
              description: '120 log entries were dropped for ingester_error in the last 10 minutes (threshold 0); they never reach Loki.',
              runbook_url: runbook('AlloyLogEntriesDropped'),
            },
          },
        ],
      },
      { at: '12m', firing: [] },
    ],
  },
  {
    // A restarted Alloy starts its counters again at 0: a reset is no drop.
    alert: 'AlloyLogEntriesDropped',
    name: 'stays quiet while nothing is dropped, across a restart',
    series: [
      { series: dropped(podA, 'ingester_error'), values: '0+0x30' },
      { series: dropped(podB, 'rate_limited'), values: '35+0x10 0+0x20' },
    ],
    checks: [
      { at: '10m', firing: [] },
      { at: '15m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
  {
    // 8 pushes a minute answered 204, 1 with 429 and 1 with no answer at all (-1): 2 of 10 fail, 20%.
    alert: 'AlloyLogWriteErrors',
    name: 'fires after 15m when 20% of the pushes of one pod fail, not before',
    series: [
      { series: pushes(podA, '204'), values: '0+8x30' },
      { series: pushes(podA, '429'), values: '0+1x30' },
      { series: pushes(podA, '-1'), values: '0+1x30' },
      { series: pushes(podB, '204'), values: '0+10x30' },
    ],
    checks: [
      { at: '10m', firing: [] },
      {
        at: '20m',
        firing: [
          {
            labels: { alertname: 'AlloyLogWriteErrors', ...kept(podA), severity: 'warning' },
            annotations: {
              summary: 'Alloy alloy-x7k2p on node-a fails to push logs to Loki',
              description: '20% of the pushes to Loki failed over the last 5 minutes (threshold 10%).',
              runbook_url: runbook('AlloyLogWriteErrors'),
            },
          },
        ],
      },
    ],
  },
  {
    // Pod A: 1 push in 20 fails (5%). Pod B: Loki is away for 10 minutes (every push 503), then
    // answers again; the last 503 (counted at 10m) leaves the 5m window at 14m, so the share is above
    // 10% from 1m to 13m, 12 minutes, short of `for`.
    alert: 'AlloyLogWriteErrors',
    name: 'stays quiet at 5% failed pushes, and for 10 minutes without Loki',
    series: [
      { series: pushes(podA, '204'), values: '0+19x30' },
      { series: pushes(podA, '500'), values: '0+1x30' },
      { series: pushes(podB, '503'), values: '0+5x10 50+0x20' },
      { series: pushes(podB, '204'), values: '0x10 0+5x20' },
    ],
    checks: [
      { at: '14m', firing: [] },
      { at: '20m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
];
