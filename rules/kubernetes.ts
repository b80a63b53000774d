/**
 * Kubernetes workload and volume rules, on kube-state-metrics, the kubelet's volume stats and
 * cAdvisor. Recording rules hold the expressions an alert and a dashboard panel share; they cover
 * every namespace, the alerts only the watched ones (`alerting.watchedNamespaces`).
 */
import { COMPONENTS } from '../constructs/identity';
import { KUBELET_JOBS } from '../constructs/prometheus-config';
import type { RuleGroup } from './model';

const cadvisor = `job="${KUBELET_JOBS.cadvisor}",container!=""`;
const kubelet = `job="${KUBELET_JOBS.kubelet}"`;
export const KUBE_STATE_METRICS = `job="${COMPONENTS.kubeStateMetrics.scrape.job}"`;

/** Series recorded for the Kubernetes alerts and the workloads dashboard. */
export const KUBERNETES_RECORDS = {
  /** Share of a container's CFS periods in which it was throttled, over 5m. */
  cpuThrottledRatio: 'namespace_pod_container:container_cpu_cfs_throttled_periods:ratio_rate5m',
  /** Share of a PersistentVolumeClaim's capacity in use, as its kubelet reports it. */
  volumeUsedRatio: 'namespace_persistentvolumeclaim:kubelet_volume_stats_used_bytes:ratio',
} as const;

export const kubernetesRecords: RuleGroup = {
  name: 'kubernetes-records',
  rules: [
    {
      record: KUBERNETES_RECORDS.cpuThrottledRatio,
      // Summed per container first: cAdvisor may expose a container's counters more than once across restarts.
      expr:
        `sum by (namespace, pod, container) (increase(container_cpu_cfs_throttled_periods_total{${cadvisor}}[5m]))` +
        ` / sum by (namespace, pod, container) (increase(container_cpu_cfs_periods_total{${cadvisor}}[5m]))`,
    },
    {
      record: KUBERNETES_RECORDS.volumeUsedRatio,
      // Every kubelet reports only the volumes mounted on its node: max drops a duplicate from a pod moving nodes.
      expr:
        `max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_used_bytes{${kubelet}})` +
        ` / max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes{${kubelet}})`,
    },
  ],
};
