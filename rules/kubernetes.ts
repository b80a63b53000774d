/**
 * Kubernetes workload and volume rules, on kube-state-metrics, the kubelet's volume stats and
 * cAdvisor. Recording rules hold the expressions an alert and a dashboard panel share; they cover
 * every namespace, the alerts only the watched ones (`alerting.watchedNamespaces`).
 */
import { DASHBOARD_UIDS } from '../dashboards/uids';
import { COMPONENTS } from '../constructs/identity';
import { KUBELET_JOBS, regexLiteral } from '../constructs/prometheus-config';
import { percent, RATIO, type RuleGroup } from './model';

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

/** `namespace=~"a|b"`: the watched namespaces, each matched literally. */
export function namespaceMatcher(namespaces: readonly string[], label = 'namespace'): string {
  return `${label}=~"${namespaces.map(regexLiteral).join('|')}"`;
}


/**
 * Alerts on the pods, workloads and volumes of the watched namespaces. Thresholds and `for` follow
 * kubernetes-mixin (alerts/apps_alerts.libsonnet, storage_alerts.libsonnet, resource_alerts.libsonnet)
 * where it has the alert; the expressions are this project's. Every selector carries the namespace
 * matcher, and every result is aggregated to the object's own labels: kube-state-metrics is scraped
 * with honor_labels, so series without a namespace or container of their own carry its pod's.
 */
export function kubernetesAlerts(watchedNamespaces: readonly string[]): RuleGroup {
  const ns = namespaceMatcher(watchedNamespaces);
  const ksm = `${KUBE_STATE_METRICS},${ns}`;
  const pod = 'namespace, pod';
  const ctr = 'namespace, pod, container';
  const deploy = 'namespace, deployment';
  const sts = 'namespace, statefulset';
  const ds = 'namespace, daemonset';
  const pvc = 'namespace, persistentvolumeclaim';
  return {
    name: 'kubernetes-alerts',
    rules: [
      {
        alert: 'KubePodCrashLooping',
        // kubernetes-mixin KubePodCrashLooping: 15m, warning. max_over_time bridges the seconds a
        // crash-looping container is Running between two back-offs.
        expr: `max by (${ctr}) (max_over_time(kube_pod_container_status_waiting_reason{${ksm},reason="CrashLoopBackOff"}[5m])) >= 1`,
        for: '15m',
        severity: 'warning',
        summary: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} is crash looping',
        description: 'The container keeps exiting and Kubernetes keeps backing off its restarts (CrashLoopBackOff in every 5-minute window).',
      },
      {
        alert: 'KubePodNotReady',
        // kubernetes-mixin KubePodNotReady: 15m, warning. Pods of Jobs are left out: a failed Job pod is the Job's business.
        expr:
          `max by (${pod}) (kube_pod_status_phase{${ksm},phase=~"Pending|Unknown|Failed"}) > 0` +
          ` unless on (${pod}) max by (${pod}) (kube_pod_owner{${ksm},owner_kind="Job"})`,
        for: '15m',
        severity: 'warning',
        panel: { dashboard: DASHBOARD_UIDS.kubernetesWorkloads, title: 'Pods Not Ready' },
        summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} is not running',
        description: 'The pod is Pending, Unknown or Failed: it does not serve.',
      },
      {
        alert: 'KubeDeploymentReplicasMismatch',
        // kubernetes-mixin KubeDeploymentReplicasMismatch: 15m, warning; "no rollout in progress" is no change of the updated replicas in 10m, as there.
        expr:
          `max by (${deploy}) (kube_deployment_spec_replicas{${ksm}}) - max by (${deploy}) (kube_deployment_status_replicas_available{${ksm}}) > 0` +
          ` and on (${deploy}) max by (${deploy}) (changes(kube_deployment_status_replicas_updated{${ksm}}[10m])) == 0`,
        for: '15m',
        severity: 'warning',
        summary: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} lacks available replicas',
        description: '{{ $value }} of its desired replicas are not available, and no rollout has changed them for 10 minutes.',
      },
      {
        alert: 'KubeDeploymentRolloutStuck',
        // kubernetes-mixin KubeDeploymentRolloutStuck: 15m, warning. Progressing=false is the Deployment's progressDeadlineSeconds passing.
        expr: `max by (${deploy}) (kube_deployment_status_condition{${ksm},condition="Progressing",status="false"}) == 1`,
        for: '15m',
        severity: 'warning',
        summary: 'Rollout of Deployment {{ $labels.namespace }}/{{ $labels.deployment }} is stuck',
        description: 'Its Progressing condition is false: the rollout exceeded its progress deadline.',
      },
      {
        alert: 'KubeStatefulSetReplicasMismatch',
        // kubernetes-mixin KubeStatefulSetReplicasMismatch: 15m, warning; same "no update in 10m" guard.
        expr:
          `max by (${sts}) (kube_statefulset_replicas{${ksm}}) - max by (${sts}) (kube_statefulset_status_replicas_ready{${ksm}}) > 0` +
          ` and on (${sts}) max by (${sts}) (changes(kube_statefulset_status_replicas_updated{${ksm}}[10m])) == 0`,
        for: '15m',
        severity: 'warning',
        summary: 'StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} lacks ready replicas',
        description: '{{ $value }} of its desired replicas are not ready, and no update has changed them for 10 minutes.',
      },
      {
        alert: 'KubeStatefulSetUpdateNotRolledOut',
        // kubernetes-mixin KubeStatefulSetUpdateNotRolledOut: 15m, warning. The revisions differ while
        // replicas remain on the old one, and no replica was updated in 5m.
        expr:
          `max by (${sts}) (kube_statefulset_replicas{${ksm}}) - max by (${sts}) (kube_statefulset_status_replicas_updated{${ksm}}) > 0` +
          ` and on (${sts}) count by (${sts}) (kube_statefulset_status_current_revision{${ksm}} unless on (${sts}, revision) kube_statefulset_status_update_revision{${ksm}})` +
          ` and on (${sts}) max by (${sts}) (changes(kube_statefulset_status_replicas_updated{${ksm}}[5m])) == 0`,
        for: '15m',
        severity: 'warning',
        summary: 'Update of StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} is not rolled out',
        description: '{{ $value }} replicas still run the previous revision, and none was updated for 5 minutes.',
      },
      {
        alert: 'KubeDaemonSetRolloutStuck',
        // kubernetes-mixin KubeDaemonSetRolloutStuck: 15m, warning. Pods not updated, not available or
        // misscheduled, and no pod updated in 5m.
        expr:
          `(max by (${ds}) (kube_daemonset_status_desired_number_scheduled{${ksm}}) - max by (${ds}) (kube_daemonset_status_updated_number_scheduled{${ksm}}) > 0` +
          ` or max by (${ds}) (kube_daemonset_status_desired_number_scheduled{${ksm}}) - max by (${ds}) (kube_daemonset_status_number_available{${ksm}}) > 0` +
          ` or max by (${ds}) (kube_daemonset_status_number_misscheduled{${ksm}}) > 0)` +
          ` and on (${ds}) max by (${ds}) (changes(kube_daemonset_status_updated_number_scheduled{${ksm}}[5m])) == 0`,
        for: '15m',
        severity: 'warning',
        summary: 'Rollout of DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} is stuck',
        description: '{{ $value }} of its pods are not updated, not available or on the wrong nodes, and none was updated for 5 minutes.',
      },
      {
        alert: 'KubeContainerWaiting',
        // kubernetes-mixin KubeContainerWaiting: 1h, warning; CrashLoopBackOff is KubePodCrashLooping's.
        // The reason is aggregated away: ErrImagePull and ImagePullBackOff alternate and would restart `for`.
        expr: `max by (${ctr}) (kube_pod_container_status_waiting_reason{${ksm},reason!="CrashLoopBackOff"}) > 0`,
        for: '1h',
        severity: 'warning',
        summary: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} does not start',
        description: 'The container is still waiting to start: its image cannot be pulled, or a ConfigMap, Secret or volume it needs is missing.',
      },
      {
        alert: 'KubePersistentVolumeFillingUp',
        // kubernetes-mixin KubePersistentVolumeFillingUp (critical): under 3 % free, for 1m, read-only
        // (ReadOnlyMany) claims left out since nothing can fill them.
        expr: (t) =>
          `1 - ${KUBERNETES_RECORDS.volumeUsedRatio}{${ns}} < ${t}` +
          ` unless on (${pvc}) max by (${pvc}) (kube_persistentvolumeclaim_access_mode{${ksm},access_mode="ReadOnlyMany"}) == 1`,
        threshold: 0.03,
        thresholdRange: RATIO,
        for: '1m',
        severity: 'critical',
        panel: { dashboard: DASHBOARD_UIDS.kubernetesWorkloads, title: 'PersistentVolumeClaim Usage' },
        summary: 'Volume of claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is almost full',
        description: (t) => `Only {{ $value | humanizePercentage }} of the volume is free (threshold ${percent(t)}).`,
      },
      {
        alert: 'KubePersistentVolumeFillingUpPredicted',
        // kubernetes-mixin KubePersistentVolumeFillingUp (warning): under 15 % free and full within 4
        // days at the trend of the last 6h, for 1h.
        expr: (t) =>
          `1 - ${KUBERNETES_RECORDS.volumeUsedRatio}{${ns}} < ${t}` +
          ` and on (${pvc}) max by (${pvc}) (predict_linear(kubelet_volume_stats_available_bytes{${kubelet},${ns}}[6h], 4 * 24 * 3600)) < 0` +
          ` unless on (${pvc}) max by (${pvc}) (kube_persistentvolumeclaim_access_mode{${ksm},access_mode="ReadOnlyMany"}) == 1`,
        threshold: 0.15,
        thresholdRange: RATIO,
        for: '1h',
        severity: 'warning',
        panel: { dashboard: DASHBOARD_UIDS.kubernetesWorkloads, title: 'PersistentVolumeClaim Usage' },
        summary: 'Volume of claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} will be full within 4 days',
        description: (t) => `{{ $value | humanizePercentage }} of the volume is free (threshold ${percent(t)}) and the trend of the last 6 hours fills it within 4 days.`,
      },
      {
        alert: 'KubePersistentVolumeErrors',
        // kubernetes-mixin KubePersistentVolumeErrors: 5m, critical. PersistentVolumes have no namespace
        // (their series carry kube-state-metrics' own): the namespace is that of the claim the volume
        // is bound to, from kube_persistentvolume_claim_ref. A volume no claim ever referenced serves
        // no workload and is not alerted on.
        expr:
          `(max by (persistentvolume, phase) (kube_persistentvolume_status_phase{${KUBE_STATE_METRICS},phase=~"Failed|Pending"}) > 0)` +
          ` * on (persistentvolume) group_left (namespace, persistentvolumeclaim) max by (persistentvolume, namespace, persistentvolumeclaim) (` +
          `label_replace(label_replace(kube_persistentvolume_claim_ref{${KUBE_STATE_METRICS},${namespaceMatcher(watchedNamespaces, 'claim_namespace')}}, ` +
          `"namespace", "$1", "claim_namespace", "(.+)"), "persistentvolumeclaim", "$1", "name", "(.+)"))`,
        for: '5m',
        severity: 'critical',
        summary: 'PersistentVolume {{ $labels.persistentvolume }} of claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is {{ $labels.phase }}',
        description: 'The volume is in phase {{ $labels.phase }}: provisioning or reclaiming it failed, and the claim cannot use it.',
      },
      {
        alert: 'KubeContainerOOMKilled',
        // Our own: a restart in the last 10m whose previous run ended OOMKilled. No `for`: the restart
        // has happened; the alert clears 10m later unless the container is killed again.
        expr:
          `max by (${ctr}) (kube_pod_container_status_last_terminated_reason{${ksm},reason="OOMKilled"}) == 1` +
          ` and on (${ctr}) max by (${ctr}) (increase(kube_pod_container_status_restarts_total{${ksm}}[10m])) > 0`,
        severity: 'warning',
        panel: { dashboard: DASHBOARD_UIDS.kubernetesWorkloads, title: 'Container Restarts (1h)' },
        summary: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} was OOM-killed',
        description: 'The container restarted in the last 10 minutes after the kernel killed it for exceeding its memory limit.',
      },
      {
        alert: 'CPUThrottlingHigh',
        // kubernetes-mixin CPUThrottlingHigh: over 25 % of periods throttled, for 15m, info.
        expr: (t) => `${KUBERNETES_RECORDS.cpuThrottledRatio}{${ns}} > ${t}`,
        threshold: 0.25,
        thresholdRange: RATIO,
        for: '15m',
        severity: 'info',
        panel: { dashboard: DASHBOARD_UIDS.kubernetesWorkloads, title: 'CPU Throttling' },
        summary: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} is CPU-throttled',
        description: (t) => `{{ $value | humanizePercentage }} of its CPU periods were throttled over 5 minutes (threshold ${percent(t)}): its CPU limit is too low.`,
      },
    ],
  };
}
