/**
 * Node alerts: the node's readiness from kube-state-metrics, and its filesystems, clock, network
 * and kernel tables from node-exporter (whose default collectors filesystem, timex, netdev,
 * conntrack and filefd the DaemonSet keeps on). Thresholds and `for` follow node-mixin
 * (docs/node-mixin/alerts/alerts.libsonnet, config.libsonnet in node_exporter) and
 * kubernetes-mixin; the expressions are this project's.
 */
import { DASHBOARD_UIDS } from '../dashboards/uids';
import { COMPONENTS } from '../constructs/identity';
import { KUBE_STATE_METRICS } from './kubernetes';
import { PERCENT, percent, RATIO, SECONDS, type AlertingRule, type RuleGroup } from './model';

const node = `job="${COMPONENTS.nodeExporter.scrape.job}"`;
// Memory-backed and layered filesystems report the space of something else (RAM, the image layer's
// disk); read-only ones cannot fill (the expressions also require node_filesystem_readonly == 0).
const disks = `${node},fstype!~"tmpfs|ramfs|squashfs|overlay"`;

/**
 * Packets with errors on one direction of an interface. A 5m window rather than the mixin's 2m: a 2m
 * window holds only two samples where an environment scrapes every minute.
 */
function networkErrors(direction: 'receive' | 'transmit'): AlertingRule {
  const [Direction, done] = direction === 'receive' ? ['Receive', 'received'] : ['Transmit', 'transmitted'];
  return {
    alert: `NodeNetwork${Direction}Errs`,
    expr: (t) => `rate(node_network_${direction}_errs_total{${node}}[5m]) / rate(node_network_${direction}_packets_total{${node}}[5m]) > ${t}`,
    threshold: 0.01,
    thresholdRange: RATIO,
    for: '1h',
    severity: 'warning',
    panel: { dashboard: DASHBOARD_UIDS.nodeResources, title: 'Network Errors and Drops' },
    summary: `Interface {{ $labels.device }} of {{ $labels.node }} ({{ $labels.instance }}) has ${direction} errors`,
    description: (t) => `{{ $value | humanizePercentage }} of ${done} packets had errors over 5 minutes (threshold ${percent(t)}).`,
  };
}

export const nodeAlerts: RuleGroup = {
  name: 'node-alerts',
  rules: [
    {
      alert: 'KubeNodeNotReady',
      // kubernetes-mixin KubeNodeNotReady: 15m, warning. Ready "false" and "unknown" both leave "true" at 0.
      expr: `max by (node) (kube_node_status_condition{${KUBE_STATE_METRICS},condition="Ready",status="true"}) == 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Node {{ $labels.node }} is not ready',
      description: 'The node has not reported Ready: its pods are not scheduled there and will be evicted.',
    },
    {
      alert: 'NodeFilesystemSpaceFillingUp',
      // node-mixin NodeFilesystemSpaceFillingUp (warning): under 40 % free (fsSpaceFillingUpWarningThreshold)
      // and full within 24h at the trend of the last 6h, for 1h.
      expr: (t) =>
        `node_filesystem_avail_bytes{${disks}} / node_filesystem_size_bytes{${disks}} * 100 < ${t}` +
        ` and predict_linear(node_filesystem_avail_bytes{${disks}}[6h], 24 * 3600) < 0` +
        ` and node_filesystem_readonly{${disks}} == 0`,
      threshold: 40,
      thresholdRange: PERCENT,
      for: '1h',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.nodeResources, title: 'Disk Space Used' },
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.node }} ({{ $labels.instance }}) will be full within 24 hours',
      description: (t) => `{{ $value | printf "%.1f" }}% of {{ $labels.device }} is free (threshold ${t}%) and the trend of the last 6 hours fills it within 24 hours.`,
    },
    {
      alert: 'NodeFilesystemAlmostOutOfFiles',
      // node-mixin NodeFilesystemAlmostOutOfFiles (warning): under 5 % of inodes free, for 1h.
      expr: (t) => `node_filesystem_files_free{${disks}} / node_filesystem_files{${disks}} * 100 < ${t} and node_filesystem_readonly{${disks}} == 0`,
      threshold: 5,
      thresholdRange: PERCENT,
      for: '1h',
      severity: 'warning',
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.node }} ({{ $labels.instance }}) is running out of inodes',
      description: (t) => `Only {{ $value | printf "%.1f" }}% of the inodes of {{ $labels.device }} are free (threshold ${t}%): new files cannot be created when none are left.`,
    },
    {
      alert: 'NodeClockNotSynchronising',
      // node-mixin NodeClockNotSynchronising: 10m, warning. Unsynchronised for 5m and the kernel's
      // maximum error at its 16s cap: the clock is running free.
      expr: `min_over_time(node_timex_sync_status{${node}}[5m]) == 0 and node_timex_maxerror_seconds{${node}} >= 16`,
      for: '10m',
      severity: 'warning',
      summary: 'Clock of {{ $labels.node }} ({{ $labels.instance }}) is not synchronising',
      description: 'The kernel reports the clock unsynchronised for 5 minutes, with its maximum error at 16s: NTP (chrony, timesyncd) is not working.',
    },
    {
      alert: 'NodeClockSkewDetected',
      // node-mixin NodeClockSkewDetected: more than 0.05s off and not improving over 5m, for 10m, warning.
      expr: (t) =>
        `(node_timex_offset_seconds{${node}} > ${t} and deriv(node_timex_offset_seconds{${node}}[5m]) >= 0)` +
        ` or (node_timex_offset_seconds{${node}} < -${t} and deriv(node_timex_offset_seconds{${node}}[5m]) <= 0)`,
      threshold: 0.05,
      thresholdRange: SECONDS,
      for: '10m',
      severity: 'warning',
      summary: 'Clock of {{ $labels.node }} ({{ $labels.instance }}) is off',
      description: (t) => `The clock is {{ $value | humanizeDuration }} off the reference (threshold ±${t}s) and not converging.`,
    },
    // node-mixin NodeNetworkReceiveErrs / NodeNetworkTransmitErrs: over 1 % of packets, for 1h, warning.
    networkErrors('receive'),
    networkErrors('transmit'),
    {
      alert: 'NodeHighNumberConntrackEntriesUsed',
      // node-mixin NodeHighNumberConntrackEntriesUsed: over 75 % of the limit, warning, no `for`.
      expr: (t) => `node_nf_conntrack_entries{${node}} / node_nf_conntrack_entries_limit{${node}} > ${t}`,
      threshold: 0.75,
      thresholdRange: RATIO,
      severity: 'warning',
      summary: 'Connection tracking table of {{ $labels.node }} ({{ $labels.instance }}) is filling up',
      description: (t) => `{{ $value | humanizePercentage }} of the conntrack entries are in use (threshold ${percent(t)}); when full, new connections are dropped.`,
    },
    {
      alert: 'NodeFileDescriptorLimit',
      // node-mixin NodeFileDescriptorLimit (warning): over 70 % of the kernel's maximum, for 15m.
      expr: (t) => `node_filefd_allocated{${node}} * 100 / node_filefd_maximum{${node}} > ${t}`,
      threshold: 70,
      thresholdRange: PERCENT,
      for: '15m',
      severity: 'warning',
      summary: 'Kernel of {{ $labels.node }} ({{ $labels.instance }}) is running out of file descriptors',
      description: (t) => `{{ $value | printf "%.1f" }}% of the kernel's file descriptors are allocated (threshold ${t}%).`,
    },
  ],
};
