/**
 * Scenarios of the infrastructure dashboards (Node Resources, Kubernetes Workloads): synthetic
 * series of node-exporter, cAdvisor, the kubelet and kube-state-metrics with a known answer, and the
 * values each panel shows, by `<dashboard uid>/<panel title>`.
 *
 * Every scenario has decoys a panel must leave out: the same metric from another job, filesystems,
 * devices and interfaces that are not the node's own, the pod-level cgroup of cAdvisor
 * (`container=""`), a second kube-state-metrics exposing the same series, and, where a scenario
 * selects a namespace or a node, the others. Without `variables` a scenario reads the dashboard as it
 * opens, every variable at "All" (`.*`).
 *
 * Rates use the 2m window Grafana's $__rate_interval gives at a 30 s scrape interval: at a sample's
 * time it holds that sample and the one a minute before, and extrapolates the one increment to 2m,
 * so a counter rising `n` a minute shows n / 60 per second.
 */
import { COMPONENTS } from '../../../constructs/identity';
import { KUBELET_JOBS } from '../../../constructs/prometheus-config';
import { DASHBOARD_UIDS } from '../../../dashboards';
import { counter, gauge, series, type InputSeries, type Labels, type Scenario } from '../proof';

const NODES = DASHBOARD_UIDS.nodeResources;
const WORKLOADS = DASHBOARD_UIDS.kubernetesWorkloads;

// --- Node Resources -----------------------------------------------------------------------------------

/** Two nodes; the second named as on EC2, with the dots a selected value must match literally. */
const NODE_A = 'node-a';
const NODE_B = 'ip-10-0-1-7.ec2.internal';
/** Matched by NODE_B as a regex when its dots are not escaped: left out when NODE_B is selected. */
const NODE_B_LOOKALIKE = 'ip-10-0-1-7xec2xinternal';

const node = (name: string, labels: Labels = {}): Labels => ({ job: COMPONENTS.nodeExporter.scrape.job, instance: `${name}:9100`, node: name, ...labels });
/** The same series from a job that is not node-exporter. */
const otherJob = (name: string, labels: Labels = {}): Labels => ({ ...node(name, labels), job: 'other' });

/**
 * CPU seconds a minute per CPU and mode. NODE_A: 2 CPUs idle 15 and 45 s a minute (0.25 and 0.75 of
 * the time), the rest user time. NODE_B: 4 CPUs idle 60, 60, 48, 48 s a minute (1, 1, 0.8, 0.8).
 * Another job reports NODE_A's CPU never idle.
 */
const CPU_SERIES: InputSeries[] = [
  counter('node_cpu_seconds_total', node(NODE_A, { cpu: '0', mode: 'idle' }), 15),
  counter('node_cpu_seconds_total', node(NODE_A, { cpu: '0', mode: 'user' }), 45),
  counter('node_cpu_seconds_total', node(NODE_A, { cpu: '1', mode: 'idle' }), 45),
  counter('node_cpu_seconds_total', node(NODE_A, { cpu: '1', mode: 'user' }), 15),
  ...[60, 60, 48, 48].map((idle, cpu) => counter('node_cpu_seconds_total', node(NODE_B, { cpu: String(cpu), mode: 'idle' }), idle)),
  counter('node_cpu_seconds_total', node(NODE_B, { cpu: '2', mode: 'system' }), 12),
  counter('node_cpu_seconds_total', node(NODE_B, { cpu: '3', mode: 'system' }), 12),
  counter('node_cpu_seconds_total', otherJob(NODE_A, { cpu: '0', mode: 'idle' }), 0),
  counter('node_cpu_seconds_total', otherJob(NODE_A, { cpu: '9', mode: 'idle' }), 0),
];

/** Per kube-state-metrics series of a pod (`namespace`, `pod` and what it describes), as its honoured labels. */
const ksm = (namespace: string, pod: string, labels: Labels = {}, instance = 'ksm-a'): Labels => ({
  job: COMPONENTS.kubeStateMetrics.scrape.job,
  instance,
  namespace,
  pod,
  ...labels,
});
const cadvisor = (namespace: string, pod: string, container: string): Labels => ({ job: KUBELET_JOBS.cadvisor, instance: NODE_A, node: NODE_A, namespace, pod, container });
const kubelet = (namespace: string, pvc: string, instance: string): Labels => ({ job: KUBELET_JOBS.kubelet, instance, node: instance, namespace, persistentvolumeclaim: pvc });

const PLATFORM = 'agent-platform';
const MONITORING = 'monitoring';

/** A series holding `before` for the first `minutes` minutes after 0, then `after`, for 90 minutes in all. */
function steps(name: string, labels: Labels, values: readonly (readonly [number, number])[]): InputSeries {
  // Each [value, n] is n samples of value: promtool's `v xN` writes N + 1, hence N = n - 1.
  return { series: series(name, labels), values: values.map(([value, n]) => `${value}x${n - 1}`).join(' ') };
}

/**
 * Pods' resources. agent-platform/api-0: containers api (30 CPU-seconds a minute = 0.5 cores, 200 MiB)
 * and sidecar (6 a minute = 0.1 cores, 50 MiB); agent-platform/worker-0: worker (12 a minute = 0.2
 * cores, 300 MiB); monitoring/prometheus-0: prometheus (60 a minute = 1 core, 1 GiB). cAdvisor also
 * reports each pod's own cgroup, with `container=""`, holding the sum of its containers; another job
 * reports api-0 at 600 CPU-seconds a minute.
 */
const MIB = 1024 * 1024;
const POD_SERIES: InputSeries[] = [
  counter('container_cpu_usage_seconds_total', cadvisor(PLATFORM, 'api-0', 'api'), 30),
  counter('container_cpu_usage_seconds_total', cadvisor(PLATFORM, 'api-0', 'sidecar'), 6),
  counter('container_cpu_usage_seconds_total', cadvisor(PLATFORM, 'api-0', ''), 36),
  counter('container_cpu_usage_seconds_total', cadvisor(PLATFORM, 'worker-0', 'worker'), 12),
  counter('container_cpu_usage_seconds_total', cadvisor(PLATFORM, 'worker-0', ''), 12),
  counter('container_cpu_usage_seconds_total', cadvisor(MONITORING, 'prometheus-0', 'prometheus'), 60),
  counter('container_cpu_usage_seconds_total', { ...cadvisor(PLATFORM, 'api-0', 'api'), job: 'other' }, 600),
  gauge('container_memory_working_set_bytes', cadvisor(PLATFORM, 'api-0', 'api'), 200 * MIB),
  gauge('container_memory_working_set_bytes', cadvisor(PLATFORM, 'api-0', 'sidecar'), 50 * MIB),
  gauge('container_memory_working_set_bytes', cadvisor(PLATFORM, 'api-0', ''), 250 * MIB),
  gauge('container_memory_working_set_bytes', cadvisor(PLATFORM, 'worker-0', 'worker'), 300 * MIB),
  gauge('container_memory_working_set_bytes', cadvisor(MONITORING, 'prometheus-0', 'prometheus'), 1024 * MIB),
  gauge('container_memory_working_set_bytes', { ...cadvisor(PLATFORM, 'api-0', 'api'), job: 'other' }, 4096 * MIB),
  // Requests and limits: api 0.25 / 1 core, 256 / 512 MiB; sidecar 0.05 / 0.2 core, 64 / 128 MiB;
  // worker 0.1 core and 256 MiB requested, no limit; prometheus 0.5 / 2 cores, 1 / 2 GiB.
  gauge('kube_pod_container_resource_requests', ksm(PLATFORM, 'api-0', { container: 'api', resource: 'cpu', unit: 'core' }), 0.25),
  gauge('kube_pod_container_resource_requests', ksm(PLATFORM, 'api-0', { container: 'sidecar', resource: 'cpu', unit: 'core' }), 0.05),
  gauge('kube_pod_container_resource_requests', ksm(PLATFORM, 'worker-0', { container: 'worker', resource: 'cpu', unit: 'core' }), 0.1),
  gauge('kube_pod_container_resource_requests', ksm(MONITORING, 'prometheus-0', { container: 'prometheus', resource: 'cpu', unit: 'core' }), 0.5),
  gauge('kube_pod_container_resource_limits', ksm(PLATFORM, 'api-0', { container: 'api', resource: 'cpu', unit: 'core' }), 1),
  gauge('kube_pod_container_resource_limits', ksm(PLATFORM, 'api-0', { container: 'sidecar', resource: 'cpu', unit: 'core' }), 0.2),
  gauge('kube_pod_container_resource_limits', ksm(MONITORING, 'prometheus-0', { container: 'prometheus', resource: 'cpu', unit: 'core' }), 2),
  gauge('kube_pod_container_resource_requests', ksm(PLATFORM, 'api-0', { container: 'api', resource: 'memory', unit: 'byte' }), 256 * MIB),
  gauge('kube_pod_container_resource_requests', ksm(PLATFORM, 'api-0', { container: 'sidecar', resource: 'memory', unit: 'byte' }), 64 * MIB),
  gauge('kube_pod_container_resource_requests', ksm(PLATFORM, 'worker-0', { container: 'worker', resource: 'memory', unit: 'byte' }), 256 * MIB),
  gauge('kube_pod_container_resource_requests', ksm(MONITORING, 'prometheus-0', { container: 'prometheus', resource: 'memory', unit: 'byte' }), 1024 * MIB),
  gauge('kube_pod_container_resource_limits', ksm(PLATFORM, 'api-0', { container: 'api', resource: 'memory', unit: 'byte' }), 512 * MIB),
  gauge('kube_pod_container_resource_limits', ksm(PLATFORM, 'api-0', { container: 'sidecar', resource: 'memory', unit: 'byte' }), 128 * MIB),
  gauge('kube_pod_container_resource_limits', ksm(MONITORING, 'prometheus-0', { container: 'prometheus', resource: 'memory', unit: 'byte' }), 2048 * MIB),
  // Another job's requests for api-0, which would double its request line.
  gauge('kube_pod_container_resource_requests', { ...ksm(PLATFORM, 'api-0', { container: 'api', resource: 'cpu', unit: 'core' }), job: 'other' }, 0.25),
  gauge('kube_pod_container_resource_requests', { ...ksm(PLATFORM, 'api-0', { container: 'api', resource: 'memory', unit: 'byte' }), job: 'other' }, 256 * MIB),
];

/**
 * Pod phases and readiness. agent-platform: api-0 Running and Ready; api-1 Running, not Ready; worker-0
 * Pending, without a Ready condition yet; migrate-1 Succeeded (completed, not Ready). monitoring:
 * prometheus-0 Running, not Ready. A second kube-state-metrics (ksm-b) exposes api-1 too; another job
 * reports a pending pod.
 */
const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];
function pod(namespace: string, name: string, phase: string, ready: 'true' | 'false' | undefined, instance = 'ksm-a'): InputSeries[] {
  return [
    ...PHASES.map((p) => gauge('kube_pod_status_phase', ksm(namespace, name, { phase: p }, instance), p === phase ? 1 : 0)),
    ...(ready === undefined ? [] : ['true', 'false', 'unknown'].map((c) => gauge('kube_pod_status_ready', ksm(namespace, name, { condition: c }, instance), c === ready ? 1 : 0))),
  ];
}
const READINESS_SERIES: InputSeries[] = [
  ...pod(PLATFORM, 'api-0', 'Running', 'true'),
  ...pod(PLATFORM, 'api-1', 'Running', 'false'),
  ...pod(PLATFORM, 'api-1', 'Running', 'false', 'ksm-b'),
  ...pod(PLATFORM, 'worker-0', 'Pending', undefined),
  ...pod(PLATFORM, 'migrate-1', 'Succeeded', 'false'),
  ...pod(MONITORING, 'prometheus-0', 'Running', 'false'),
  gauge('kube_pod_status_phase', { ...ksm(PLATFORM, 'ghost-0', { phase: 'Pending' }), job: 'other' }, 1),
];

/**
 * Restart counters over 90 minutes, read at 70m: the 1h window holds the samples of 11m to 70m. A
 * counter still 0 at 11m is not extrapolated back past its first sample (it would fall below zero),
 * so increase() is exactly its last value minus 0.
 */
const RESTART_SERIES: InputSeries[] = [
  // agent-platform/api-0 api: restarts at 21m, 42m and 63m, counted by both kube-state-metrics replicas.
  steps('kube_pod_container_status_restarts_total', ksm(PLATFORM, 'api-0', { container: 'api' }), [[0, 21], [1, 21], [2, 21], [3, 27]]),
  steps('kube_pod_container_status_restarts_total', ksm(PLATFORM, 'api-0', { container: 'api' }, 'ksm-b'), [[0, 21], [1, 21], [2, 21], [3, 27]]),
  // agent-platform/api-0 sidecar: never restarts.
  gauge('kube_pod_container_status_restarts_total', ksm(PLATFORM, 'api-0', { container: 'sidecar' }), 0, 89),
  // monitoring/prometheus-0: one restart at 66m.
  steps('kube_pod_container_status_restarts_total', ksm(MONITORING, 'prometheus-0', { container: 'prometheus' }), [[0, 66], [1, 24]]),
  // Another job: 50 restarts in the hour.
  steps('kube_pod_container_status_restarts_total', { ...ksm(PLATFORM, 'api-0', { container: 'api' }), job: 'other' }, [[0, 21], [50, 69]]),
];

/**
 * CFS periods and throttled periods a minute, which the recording rule turns into a ratio over 5m.
 * 600 periods a minute (one per 100 ms); api-0/api throttled in 150, worker-0/worker in 30,
 * monitoring/prometheus-0 in 0. The pod-level cgroup (`container=""`) and another job report api-0
 * throttled in every period: the rule leaves them out.
 */
const THROTTLING_SERIES: InputSeries[] = [
  ...(
    [
      [PLATFORM, 'api-0', 'api', 150],
      [PLATFORM, 'worker-0', 'worker', 30],
      [MONITORING, 'prometheus-0', 'prometheus', 0],
      [PLATFORM, 'api-0', '', 600],
    ] as const
  ).flatMap(([namespace, name, container, throttled]) => [
    counter('container_cpu_cfs_periods_total', cadvisor(namespace, name, container), 600),
    counter('container_cpu_cfs_throttled_periods_total', cadvisor(namespace, name, container), throttled),
  ]),
  counter('container_cpu_cfs_periods_total', { ...cadvisor(PLATFORM, 'api-0', 'api'), job: 'other' }, 600),
  counter('container_cpu_cfs_throttled_periods_total', { ...cadvisor(PLATFORM, 'api-0', 'api'), job: 'other' }, 600),
];

/**
 * Volumes as kubelets report them. agent-platform/data-postgres-0: 80 of 100 GB used, reported by
 * the kubelets of node-a and of node-b (the pod moved); monitoring/storage-loki-0: 5 of 50 GB.
 * Another job reports data-postgres-0 full.
 */
const GB = 1e9;
const VOLUME_SERIES: InputSeries[] = [
  gauge('kubelet_volume_stats_used_bytes', kubelet(PLATFORM, 'data-postgres-0', 'node-a'), 80 * GB),
  gauge('kubelet_volume_stats_capacity_bytes', kubelet(PLATFORM, 'data-postgres-0', 'node-a'), 100 * GB),
  gauge('kubelet_volume_stats_used_bytes', kubelet(PLATFORM, 'data-postgres-0', 'node-b'), 80 * GB),
  gauge('kubelet_volume_stats_capacity_bytes', kubelet(PLATFORM, 'data-postgres-0', 'node-b'), 100 * GB),
  gauge('kubelet_volume_stats_used_bytes', kubelet(MONITORING, 'storage-loki-0', 'node-a'), 5 * GB),
  gauge('kubelet_volume_stats_capacity_bytes', kubelet(MONITORING, 'storage-loki-0', 'node-a'), 50 * GB),
  gauge('kubelet_volume_stats_used_bytes', { ...kubelet(PLATFORM, 'data-postgres-0', 'node-a'), job: 'other' }, 100 * GB),
  gauge('kubelet_volume_stats_capacity_bytes', { ...kubelet(PLATFORM, 'data-postgres-0', 'node-a'), job: 'other' }, 100 * GB),
];

const pods = (namespace: string, name: string) => ({ namespace, pod: name });

export const INFRASTRUCTURE_SCENARIOS: Record<string, readonly Scenario[]> = {
  // --- Node Resources ---------------------------------------------------------------------------------
  [`${NODES}/CPU Utilisation`]: [
    {
      story:
        `${NODE_A}: idle 0.25 and 0.75 of the time on its 2 CPUs, average 0.5: 100 × (1 - 0.5) = 50 %; ` +
        `${NODE_B}: idle 1, 1, 0.8, 0.8, average 0.9: 10 %; another job's never-idle CPUs are left out`,
      series: CPU_SERIES,
      at: '10m',
      shows: { A: [{ labels: { node: NODE_A }, value: 50 }, { labels: { node: NODE_B }, value: 10 }] },
    },
    {
      story:
        `${NODE_B} selected: Grafana puts in its name regex-escaped, so only it shows (10 %), not ${NODE_A} ` +
        `nor ${NODE_B_LOOKALIKE} (idle 0: 100 %), which its dots would match unescaped`,
      series: [...CPU_SERIES, counter('node_cpu_seconds_total', node(NODE_B_LOOKALIKE, { cpu: '0', mode: 'idle' }), 0)],
      at: '10m',
      variables: { node: NODE_B },
      shows: { A: [{ labels: { node: NODE_B }, value: 10 }] },
    },
  ],
  [`${NODES}/CPU Saturation (Load per CPU)`]: [
    {
      story: `${NODE_A}: load 3 on 2 CPUs = 1.5; ${NODE_B}: load 1 on 4 CPUs = 0.25; another job's load of 100 and its CPUs are left out`,
      series: [
        ...CPU_SERIES,
        gauge('node_load1', node(NODE_A), 3),
        gauge('node_load1', node(NODE_B), 1),
        gauge('node_load1', otherJob(NODE_A), 100),
      ],
      at: '10m',
      shows: { A: [{ labels: { node: NODE_A }, value: 1.5 }, { labels: { node: NODE_B }, value: 0.25 }] },
    },
  ],
  [`${NODES}/Memory Utilisation`]: [
    {
      story: `${NODE_A}: 2 of 8 GiB available: 100 × (1 - 2/8) = 75 %; ${NODE_B}: 12 of 16 GB available: 25 %; another job reporting 0 available is left out`,
      series: [
        gauge('node_memory_MemAvailable_bytes', node(NODE_A), 2 * 1024 * MIB),
        gauge('node_memory_MemTotal_bytes', node(NODE_A), 8 * 1024 * MIB),
        gauge('node_memory_MemAvailable_bytes', node(NODE_B), 12 * GB),
        gauge('node_memory_MemTotal_bytes', node(NODE_B), 16 * GB),
        gauge('node_memory_MemAvailable_bytes', otherJob(NODE_A), 0),
        gauge('node_memory_MemTotal_bytes', otherJob(NODE_A), 8 * 1024 * MIB),
      ],
      at: '10m',
      shows: { A: [{ labels: { node: NODE_A }, value: 75 }, { labels: { node: NODE_B }, value: 25 }] },
    },
  ],
  [`${NODES}/Memory Saturation (Major Page Faults)`]: [
    {
      story: `${NODE_A}: 1200 major faults a minute = 20/s; ${NODE_B}: 30 a minute = 0.5/s; another job's 60 000 a minute are left out`,
      series: [
        counter('node_vmstat_pgmajfault', node(NODE_A), 1200),
        counter('node_vmstat_pgmajfault', node(NODE_B), 30),
        counter('node_vmstat_pgmajfault', otherJob(NODE_A), 60_000),
      ],
      at: '10m',
      shows: { A: [{ labels: { node: NODE_A }, value: 20 }, { labels: { node: NODE_B }, value: 0.5 }] },
    },
  ],
  [`${NODES}/Disk Space Used`]: [
    {
      story:
        `${NODE_A} /: 25 of 100 GB free = 75 % used; ${NODE_A} /data: 450 of 500 GB free = 10 % used; ${NODE_B} /: 40 of 50 GB free = 20 % used. ` +
        'A full tmpfs (/run), a full overlay (a container root) and another job are left out',
      series: [
        ...(
          [
            [NODE_A, '/', 'ext4', '/dev/sda1', 25, 100],
            [NODE_A, '/data', 'xfs', '/dev/nvme0n1', 450, 500],
            [NODE_B, '/', 'ext4', '/dev/xvda1', 40, 50],
            [NODE_A, '/run', 'tmpfs', 'tmpfs', 0, 1],
            [NODE_A, '/var/lib/containerd/rootfs', 'overlay', 'overlay', 0, 100],
          ] as const
        ).flatMap(([name, mountpoint, fstype, device, avail, size]) => [
          gauge('node_filesystem_avail_bytes', node(name, { mountpoint, fstype, device }), avail * GB),
          gauge('node_filesystem_size_bytes', node(name, { mountpoint, fstype, device }), size * GB),
        ]),
        gauge('node_filesystem_avail_bytes', otherJob(NODE_A, { mountpoint: '/', fstype: 'ext4', device: '/dev/sda1' }), 0),
        gauge('node_filesystem_size_bytes', otherJob(NODE_A, { mountpoint: '/', fstype: 'ext4', device: '/dev/sda1' }), 100 * GB),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: { node: NODE_A, mountpoint: '/' }, value: 75 },
          { labels: { node: NODE_A, mountpoint: '/data' }, value: 10 },
          { labels: { node: NODE_B, mountpoint: '/' }, value: 20 },
        ],
      },
    },
  ],
  [`${NODES}/Disk I/O Utilisation`]: [
    {
      story:
        `${NODE_A} sda busy 30 s a minute = 50 %, nvme0n1 6 s = 10 %; ${NODE_B} xvda 12 s = 20 %; ` +
        `${NODE_A}'s loop0 (busy all the time) and another job are left out`,
      series: [
        counter('node_disk_io_time_seconds_total', node(NODE_A, { device: 'sda' }), 30),
        counter('node_disk_io_time_seconds_total', node(NODE_A, { device: 'nvme0n1' }), 6),
        counter('node_disk_io_time_seconds_total', node(NODE_B, { device: 'xvda' }), 12),
        counter('node_disk_io_time_seconds_total', node(NODE_A, { device: 'loop0' }), 60),
        counter('node_disk_io_time_seconds_total', otherJob(NODE_A, { device: 'sda' }), 60),
      ],
      at: '10m',
      shows: {
        A: [
          { labels: { node: NODE_A, device: 'sda' }, value: 50 },
          { labels: { node: NODE_A, device: 'nvme0n1' }, value: 10 },
          { labels: { node: NODE_B, device: 'xvda' }, value: 20 },
        ],
      },
    },
  ],
  [`${NODES}/Network Traffic`]: [
    {
      story:
        `${NODE_A} receives 60 MB a minute on eth0 and 6 MB on eth1: 1 000 000 + 100 000 = 1 100 000 B/s, sends 30 MB a minute = 500 000 B/s; ` +
        `${NODE_B} receives 120 MB a minute on ens5 = 2 000 000 B/s, sends 12 MB = 200 000 B/s. ` +
        'The loopback, a pod’s veth and a Calico interface (carrying traffic eth0 also counts) and another job are left out',
      series: [
        counter('node_network_receive_bytes_total', node(NODE_A, { device: 'eth0' }), 60e6),
        counter('node_network_receive_bytes_total', node(NODE_A, { device: 'eth1' }), 6e6),
        counter('node_network_transmit_bytes_total', node(NODE_A, { device: 'eth0' }), 30e6),
        counter('node_network_transmit_bytes_total', node(NODE_A, { device: 'eth1' }), 0),
        counter('node_network_receive_bytes_total', node(NODE_B, { device: 'ens5' }), 120e6),
        counter('node_network_transmit_bytes_total', node(NODE_B, { device: 'ens5' }), 12e6),
        ...['lo', 'veth1a2b3c', 'cali0123abcd'].flatMap((device) => [
          counter('node_network_receive_bytes_total', node(NODE_A, { device }), 600e6),
          counter('node_network_transmit_bytes_total', node(NODE_A, { device }), 600e6),
        ]),
        counter('node_network_receive_bytes_total', otherJob(NODE_A, { device: 'eth0' }), 600e6),
        counter('node_network_transmit_bytes_total', otherJob(NODE_A, { device: 'eth0' }), 600e6),
      ],
      at: '10m',
      shows: {
        A: [{ labels: { node: NODE_A }, value: 1_100_000 }, { labels: { node: NODE_B }, value: 2_000_000 }],
        B: [{ labels: { node: NODE_A }, value: 500_000 }, { labels: { node: NODE_B }, value: 200_000 }],
      },
    },
  ],
  [`${NODES}/Network Errors and Drops`]: [
    {
      story:
        `${NODE_A}: eth0 receives 6 packets a minute in error = 0.1/s and drops 12 = 0.2/s; a pod's veth drops 3 it sends = 0.05/s (counted: a drop on a veth is not counted again on eth0). ` +
        `${NODE_B}: none, shown as 0. The loopback's drops (600 a minute) and another job are left out`,
      series: [
        ...(
          [
            [NODE_A, 'eth0', 6, 0, 12, 0],
            [NODE_A, 'veth1a2b3c', 0, 0, 0, 3],
            [NODE_A, 'lo', 600, 600, 600, 600],
            [NODE_B, 'ens5', 0, 0, 0, 0],
          ] as const
        ).flatMap(([name, device, rxErrs, txErrs, rxDrop, txDrop]) => [
          counter('node_network_receive_errs_total', node(name, { device }), rxErrs),
          counter('node_network_transmit_errs_total', node(name, { device }), txErrs),
          counter('node_network_receive_drop_total', node(name, { device }), rxDrop),
          counter('node_network_transmit_drop_total', node(name, { device }), txDrop),
        ]),
        counter('node_network_receive_errs_total', otherJob(NODE_A, { device: 'eth0' }), 600),
        counter('node_network_transmit_errs_total', otherJob(NODE_A, { device: 'eth0' }), 600),
        counter('node_network_receive_drop_total', otherJob(NODE_A, { device: 'eth0' }), 600),
        counter('node_network_transmit_drop_total', otherJob(NODE_A, { device: 'eth0' }), 600),
      ],
      at: '10m',
      shows: {
        A: [{ labels: { node: NODE_A }, value: 0.1 }, { labels: { node: NODE_B }, value: 0 }],
        B: [{ labels: { node: NODE_A }, value: 0 }, { labels: { node: NODE_B }, value: 0 }],
        C: [{ labels: { node: NODE_A }, value: 0.2 }, { labels: { node: NODE_B }, value: 0 }],
        D: [{ labels: { node: NODE_A }, value: 0.05 }, { labels: { node: NODE_B }, value: 0 }],
      },
    },
  ],

  // --- Kubernetes Workloads ---------------------------------------------------------------------------
  [`${WORKLOADS}/Pods Not Ready`]: [
    {
      story:
        'not Ready: api-1 (Running, reported by two kube-state-metrics: counted once), worker-0 (Pending, no Ready condition yet), ' +
        'monitoring/prometheus-0 (Running): 3. api-0 is Ready, migrate-1 completed, and another job’s pending pod is left out',
      series: READINESS_SERIES,
      at: '10m',
      shows: { A: [{ value: 3 }] },
    },
    {
      story: `${PLATFORM} selected: api-1 and worker-0: 2; monitoring/prometheus-0 is left out`,
      series: READINESS_SERIES,
      at: '10m',
      variables: { namespace: PLATFORM },
      shows: { A: [{ value: 2 }] },
    },
    {
      story: 'every pod Ready or completed: 0, not "no data"',
      series: [...pod(PLATFORM, 'api-0', 'Running', 'true'), ...pod(PLATFORM, 'migrate-1', 'Succeeded', 'false')],
      at: '10m',
      shows: { A: [{ value: 0 }] },
    },
  ],
  [`${WORKLOADS}/Container Restarts (1h)`]: [
    {
      story:
        'at 70m, over 11m to 70m: api-0/api from 0 to 3 = 3 (two kube-state-metrics replicas: max, not 6), api-0/sidecar 0, ' +
        'monitoring/prometheus-0 from 0 to 1 = 1; another job’s 50 restarts are left out',
      series: RESTART_SERIES,
      at: '70m',
      shows: {
        A: [
          { labels: { namespace: PLATFORM, pod: 'api-0', container: 'api' }, value: 3 },
          { labels: { namespace: PLATFORM, pod: 'api-0', container: 'sidecar' }, value: 0 },
          { labels: { namespace: MONITORING, pod: 'prometheus-0', container: 'prometheus' }, value: 1 },
        ],
      },
    },
  ],
  [`${WORKLOADS}/CPU Usage per Pod`]: [
    {
      story:
        'usage: api-0 0.5 + 0.1 = 0.6 cores (its pod-level cgroup, another 0.6, and another job are left out), worker-0 0.2, prometheus-0 1; ' +
        'requests: api-0 0.25 + 0.05 = 0.3 (another job’s copy left out), worker-0 0.1, prometheus-0 0.5; limits: api-0 1 + 0.2 = 1.2, prometheus-0 2, worker-0 none',
      series: POD_SERIES,
      at: '10m',
      shows: {
        A: [
          { labels: pods(PLATFORM, 'api-0'), value: 0.6 },
          { labels: pods(PLATFORM, 'worker-0'), value: 0.2 },
          { labels: pods(MONITORING, 'prometheus-0'), value: 1 },
        ],
        B: [
          { labels: pods(PLATFORM, 'api-0'), value: 0.3 },
          { labels: pods(PLATFORM, 'worker-0'), value: 0.1 },
          { labels: pods(MONITORING, 'prometheus-0'), value: 0.5 },
        ],
        C: [
          { labels: pods(PLATFORM, 'api-0'), value: 1.2 },
          { labels: pods(MONITORING, 'prometheus-0'), value: 2 },
        ],
      },
    },
    {
      story: `${PLATFORM} selected: api-0 and worker-0 as above; monitoring/prometheus-0 is left out`,
      series: POD_SERIES,
      at: '10m',
      variables: { namespace: PLATFORM },
      shows: {
        A: [
          { labels: pods(PLATFORM, 'api-0'), value: 0.6 },
          { labels: pods(PLATFORM, 'worker-0'), value: 0.2 },
        ],
        B: [
          { labels: pods(PLATFORM, 'api-0'), value: 0.3 },
          { labels: pods(PLATFORM, 'worker-0'), value: 0.1 },
        ],
        C: [{ labels: pods(PLATFORM, 'api-0'), value: 1.2 }],
      },
    },
  ],
  [`${WORKLOADS}/Memory Working Set per Pod`]: [
    {
      story:
        'working set: api-0 200 + 50 = 250 MiB = 262 144 000 B (its pod-level cgroup and another job left out), worker-0 300 MiB = 314 572 800 B, prometheus-0 1 GiB = 1 073 741 824 B; ' +
        'requests: api-0 256 + 64 = 320 MiB = 335 544 320 B, worker-0 256 MiB = 268 435 456 B, prometheus-0 1 GiB; ' +
        'limits: api-0 512 + 128 = 640 MiB = 671 088 640 B, prometheus-0 2 GiB = 2 147 483 648 B',
      series: POD_SERIES,
      at: '10m',
      shows: {
        A: [
          { labels: pods(PLATFORM, 'api-0'), value: 262_144_000 },
          { labels: pods(PLATFORM, 'worker-0'), value: 314_572_800 },
          { labels: pods(MONITORING, 'prometheus-0'), value: 1_073_741_824 },
        ],
        B: [
          { labels: pods(PLATFORM, 'api-0'), value: 335_544_320 },
          { labels: pods(PLATFORM, 'worker-0'), value: 268_435_456 },
          { labels: pods(MONITORING, 'prometheus-0'), value: 1_073_741_824 },
        ],
        C: [
          { labels: pods(PLATFORM, 'api-0'), value: 671_088_640 },
          { labels: pods(MONITORING, 'prometheus-0'), value: 2_147_483_648 },
        ],
      },
    },
  ],
  [`${WORKLOADS}/CPU Throttling`]: [
    {
      story:
        'recorded over 5m, both counters extrapolated alike: api-0/api throttled in 150 of 600 periods = 25 %, worker-0/worker 30 of 600 = 5 %, prometheus-0 0 %; ' +
        'the pod-level cgroup and another job (throttled in every period) are not recorded',
      series: THROTTLING_SERIES,
      at: '10m',
      shows: {
        A: [
          { labels: { namespace: PLATFORM, pod: 'api-0', container: 'api' }, value: 25 },
          { labels: { namespace: PLATFORM, pod: 'worker-0', container: 'worker' }, value: 5 },
          { labels: { namespace: MONITORING, pod: 'prometheus-0', container: 'prometheus' }, value: 0 },
        ],
      },
    },
  ],
  [`${WORKLOADS}/PersistentVolumeClaim Usage`]: [
    {
      story:
        'data-postgres-0: 80 of 100 GB = 80 % (reported by two kubelets: one series), storage-loki-0: 5 of 50 GB = 10 %; another job reporting data-postgres-0 full is not recorded',
      series: VOLUME_SERIES,
      at: '10m',
      shows: {
        A: [
          { labels: { namespace: PLATFORM, persistentvolumeclaim: 'data-postgres-0' }, value: 80 },
          { labels: { namespace: MONITORING, persistentvolumeclaim: 'storage-loki-0' }, value: 10 },
        ],
      },
    },
  ],
};
