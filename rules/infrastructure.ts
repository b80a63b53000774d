/**
 * Node and pod alerts, on the series of node-exporter and kube-state-metrics. Each selector names
 * its exporter's job so that the same metric names from another source cannot trigger them.
 */
import { DASHBOARD_UIDS } from '../dashboards/uids';
import { COMPONENTS } from '../constructs/identity';
import { COUNT, PERCENT, type RuleGroup } from './model';

const node = `job="${COMPONENTS.nodeExporter.scrape.job}"`;
// Memory-backed and layered filesystems report the space of something else (RAM, the image layer's disk).
const disks = `${node},fstype!~"tmpfs|ramfs|squashfs|overlay"`;

export const infrastructureAlerts: RuleGroup = {
  name: 'infrastructure-alerts',
  rules: [
    {
      alert: 'HighCPUUsage',
      // rate rather than irate: irate looks at the last two samples only, so a 10m `for` would hinge on spikes.
      expr: (t) => `100 - (avg by (instance, node) (rate(node_cpu_seconds_total{${node},mode="idle"}[5m])) * 100) > ${t}`,
      threshold: 80,
      thresholdRange: PERCENT,
      for: '10m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.nodeResources, title: 'CPU Utilisation' },
      summary: 'High CPU usage on {{ $labels.node }} ({{ $labels.instance }})',
      description: (t) => `CPU usage is {{ $value | printf "%.1f" }}% (threshold ${t}%).`,
    },
    {
      alert: 'HighMemoryUsage',
      expr: (t) => `(1 - node_memory_MemAvailable_bytes{${node}} / node_memory_MemTotal_bytes{${node}}) * 100 > ${t}`,
      threshold: 85,
      thresholdRange: PERCENT,
      for: '10m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.nodeResources, title: 'Memory Utilisation' },
      summary: 'High memory usage on {{ $labels.node }} ({{ $labels.instance }})',
      description: (t) => `Memory usage is {{ $value | printf "%.1f" }}% (threshold ${t}%).`,
    },
    {
      alert: 'LowDiskSpace',
      expr: (t) => `node_filesystem_avail_bytes{${disks}} / node_filesystem_size_bytes{${disks}} * 100 < ${t}`,
      threshold: 15,
      thresholdRange: PERCENT,
      for: '5m',
      severity: 'critical',
      panel: { dashboard: DASHBOARD_UIDS.nodeResources, title: 'Disk Space Used' },
      summary: 'Low disk space on {{ $labels.node }} ({{ $labels.instance }}) at {{ $labels.mountpoint }}',
      description: (t) => `Only {{ $value | printf "%.1f" }}% disk space remaining on {{ $labels.mountpoint }} (threshold ${t}%).`,
    },
    {
      alert: 'PodRestarting',
      // max over kube-state-metrics instances: a rescheduled exporter briefly exposes the counter twice.
      expr: (t) =>
        `max by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total{job="${COMPONENTS.kubeStateMetrics.scrape.job}"}[1h])) > ${t}`,
      threshold: 3,
      thresholdRange: COUNT,
      for: '5m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.kubernetesWorkloads, title: 'Container Restarts (1h)' },
      summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} restarting frequently',
      description: (t) => `Container {{ $labels.container }} restarted {{ $value | printf "%.0f" }} times in the last hour (threshold ${t}).`,
    },
  ],
};
