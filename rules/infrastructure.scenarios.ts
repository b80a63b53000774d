/** Scenarios of the node and pod alerts (rules/infrastructure.ts), on node-exporter and kube-state-metrics series. */
import { runbook, series, type AlertScenario } from './scenario';

const node = (name: string, ip: string) => ({ job: 'node-exporter', instance: `${ip}:9100`, node: name });
const cpu = (labels: Record<string, string>, id: string, mode: string) => series('node_cpu_seconds_total', { ...labels, cpu: id, mode });
const disk = (labels: Record<string, string>, device: string, fstype: string, mountpoint: string) => ({ ...labels, device, fstype, mountpoint });

const nodeA = node('node-a', '10.0.0.5');
const nodeB = node('node-b', '10.0.0.6');
const nodeC = node('node-c', '10.0.0.7');

const pod = { namespace: 'agent-platform', pod: 'agent-platform-api-7d9f-x2', container: 'api' };
const restarts = (instance: string) => series('kube_pod_container_status_restarts_total', { job: 'kube-state-metrics', instance, ...pod });

export const infrastructureScenarios: readonly AlertScenario[] = [
  {
    // Idle grows 6 CPU-seconds a minute on each CPU: 10% idle, 90% busy.
    alert: 'HighCPUUsage',
    name: 'fires after 10m at 90% CPU on a two-CPU node, not before',
    series: [
      { series: cpu(nodeA, '0', 'idle'), values: '0+6x30' },
      { series: cpu(nodeA, '1', 'idle'), values: '0+6x30' },
      { series: cpu(nodeA, '0', 'user'), values: '0+54x30' },
      { series: cpu(nodeA, '1', 'user'), values: '0+54x30' },
    ],
    checks: [
      { at: '9m', firing: [] },
      {
        at: '15m',
        firing: [
          {
            labels: { alertname: 'HighCPUUsage', instance: '10.0.0.5:9100', node: 'node-a', severity: 'warning' },
            annotations: {
              summary: 'High CPU usage on node-a (10.0.0.5:9100)',
              description: 'CPU usage is 90.0% (threshold 80%).',
              runbook_url: runbook('HighCPUUsage'),
            },
          },
        ],
      },
    ],
  },
  {
    alert: 'HighCPUUsage',
    name: 'stays quiet at a steady 70%, and for 95% that lasts 6m',
    series: [
      { series: cpu(nodeB, '0', 'idle'), values: '0+18x30' },
      { series: cpu(nodeC, '0', 'idle'), values: '0+3x6 72+54x30' },
    ],
    checks: [
      { at: '10m', firing: [] },
      { at: '20m', firing: [] },
    ],
  },
  {
    alert: 'HighMemoryUsage',
    name: 'fires after 10m at 90% memory used, not before',
    series: [
      { series: series('node_memory_MemTotal_bytes', nodeA), values: '16000000000+0x30' },
      { series: series('node_memory_MemAvailable_bytes', nodeA), values: '1600000000+0x30' },
    ],
    checks: [
      { at: '9m', firing: [] },
      {
        at: '12m',
        firing: [
          {
            labels: { alertname: 'HighMemoryUsage', ...nodeA, severity: 'warning' },
            annotations: {
              summary: 'High memory usage on node-a (10.0.0.5:9100)',
              description: 'Memory usage is 90.0% (threshold 85%).',
              runbook_url: runbook('HighMemoryUsage'),
            },
          },
        ],
      },
    ],
  },
  {
    alert: 'HighMemoryUsage',
    name: 'stays quiet at a steady 80%, and for 95% that lasts 8m',
    series: [
      { series: series('node_memory_MemTotal_bytes', nodeB), values: '16000000000+0x30' },
      { series: series('node_memory_MemAvailable_bytes', nodeB), values: '3200000000+0x30' },
      { series: series('node_memory_MemTotal_bytes', nodeC), values: '16000000000+0x30' },
      { series: series('node_memory_MemAvailable_bytes', nodeC), values: '800000000+0x7 8000000000+0x22' },
    ],
    checks: [
      { at: '9m', firing: [] },
      { at: '20m', firing: [] },
    ],
  },
  {
    alert: 'LowDiskSpace',
    name: 'fires after 5m with 10% left on the root filesystem, not before',
    series: [
      { series: series('node_filesystem_size_bytes', disk(nodeA, '/dev/sda1', 'ext4', '/')), values: '100000000000+0x30' },
      { series: series('node_filesystem_avail_bytes', disk(nodeA, '/dev/sda1', 'ext4', '/')), values: '10000000000+0x30' },
    ],
    checks: [
      { at: '4m', firing: [] },
      {
        at: '6m',
        firing: [
          {
            labels: { alertname: 'LowDiskSpace', ...disk(nodeA, '/dev/sda1', 'ext4', '/'), severity: 'critical' },
            annotations: {
              summary: 'Low disk space on node-a (10.0.0.5:9100) at /',
              description: 'Only 10.0% disk space remaining on / (threshold 15%).',
              runbook_url: runbook('LowDiskSpace'),
            },
          },
        ],
      },
    ],
  },
  {
    alert: 'LowDiskSpace',
    name: 'stays quiet with 20% left on disk, and for nearly full tmpfs and overlay mounts',
    series: [
      { series: series('node_filesystem_size_bytes', disk(nodeA, '/dev/sda1', 'ext4', '/')), values: '100000000000+0x30' },
      { series: series('node_filesystem_avail_bytes', disk(nodeA, '/dev/sda1', 'ext4', '/')), values: '20000000000+0x30' },
      { series: series('node_filesystem_size_bytes', disk(nodeA, 'tmpfs', 'tmpfs', '/run')), values: '100000000+0x30' },
      { series: series('node_filesystem_avail_bytes', disk(nodeA, 'tmpfs', 'tmpfs', '/run')), values: '1000000+0x30' },
      { series: series('node_filesystem_size_bytes', disk(nodeA, 'overlay', 'overlay', '/var/lib/containerd/x')), values: '100000000000+0x30' },
      { series: series('node_filesystem_avail_bytes', disk(nodeA, 'overlay', 'overlay', '/var/lib/containerd/x')), values: '5000000000+0x30' },
    ],
    checks: [{ at: '10m', firing: [] }],
  },
  {
    // One restart every 5m, reported by two kube-state-metrics instances (a rescheduled exporter).
    // At 65m the hour holds exactly 12 restarts; a sum over instances would say 24.
    alert: 'PodRestarting',
    name: 'fires once per container after 5m of more than 3 restarts an hour, not before',
    interval: '5m',
    series: [
      { series: restarts('10.0.2.7:8080'), values: '0+1x20' },
      { series: restarts('10.0.2.9:8080'), values: '0+1x20' },
    ],
    checks: [
      { at: '16m', firing: [] },
      {
        at: '65m',
        firing: [
          {
            labels: { alertname: 'PodRestarting', ...pod, severity: 'warning' },
            annotations: {
              summary: 'Pod agent-platform/agent-platform-api-7d9f-x2 restarting frequently',
              description: 'Container api restarted 12 times in the last hour (threshold 3).',
              runbook_url: runbook('PodRestarting'),
            },
          },
        ],
      },
    ],
  },
  {
    alert: 'PodRestarting',
    name: 'stays quiet for two restarts in an hour',
    interval: '5m',
    series: [{ series: restarts('10.0.2.7:8080'), values: '0 0 0 1 1 1 2 2+0x20' }],
    checks: [
      { at: '30m', firing: [] },
      { at: '90m', firing: [] },
    ],
  },
];
