/**
 * Scenarios of the Kubernetes workload and volume alerts (rules/kubernetes.ts), on kube-state-metrics,
 * kubelet and cAdvisor series. Each alert fires in a watched namespace and stays quiet for the same
 * condition in a namespace that is not watched. The alerts that read a recorded series
 * (KUBERNETES_RECORDS) get their input as raw series, so their scenarios prove the recording rules
 * too; the recording group may be evaluated after the alert group at the same timestamp, so a
 * recorded value can reach the alert one evaluation (1m) late: the checks allow for either order.
 */
import { EXAMPLE_WATCHED_NAMESPACES } from './index';
import { firingAlert as expected, series, type AlertScenario } from './scenario';

const [APP, MONITORING] = EXAMPLE_WATCHED_NAMESPACES;
/** A namespace the alerts do not watch. */
const OTHER = 'payments';
if (EXAMPLE_WATCHED_NAMESPACES.includes(OTHER)) throw new Error(`${OTHER} must not be a watched namespace`);

const KSM = { job: 'kube-state-metrics', instance: '10.0.2.7:8080' };
const ksm = (name: string, labels: Record<string, string>) => series(name, { ...KSM, ...labels });

const apiPod = (namespace: string) => ({ namespace, pod: 'agent-platform-api-7d9f-x2' });
const apiContainer = (namespace: string) => ({ ...apiPod(namespace), container: 'api' });
const waiting = (namespace: string, reason: string, values: string) => ({
  series: ksm('kube_pod_container_status_waiting_reason', { ...apiContainer(namespace), reason }),
  values,
});

/** A pod in `phase` (1) and not in the others (0), owned by `ownerKind`. */
function podPhase(namespace: string, pod: string, phase: string, ownerKind: string) {
  return [
    ...['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'].map((p) => ({
      series: ksm('kube_pod_status_phase', { namespace, pod, phase: p }),
      values: `${p === phase ? 1 : 0}+0x30`,
    })),
    { series: ksm('kube_pod_owner', { namespace, pod, owner_kind: ownerKind, owner_name: `${pod}-owner`, owner_is_controller: 'true' }), values: '1+0x30' },
  ];
}

function deployment(namespace: string, name: string, spec: string, available: string, updated: string) {
  const labels = { namespace, deployment: name };
  return [
    { series: ksm('kube_deployment_spec_replicas', labels), values: spec },
    { series: ksm('kube_deployment_status_replicas_available', labels), values: available },
    { series: ksm('kube_deployment_status_replicas_updated', labels), values: updated },
  ];
}

/** The Progressing condition of a Deployment, one series per status: `stuck` sets "false" to 1, else "true". */
function progressing(namespace: string, name: string, stuck: boolean) {
  const value: Record<string, number> = { true: stuck ? 0 : 1, false: stuck ? 1 : 0, unknown: 0 };
  return Object.entries(value).map(([status, v]) => ({
    series: ksm('kube_deployment_status_condition', { namespace, deployment: name, condition: 'Progressing', status }),
    values: `${v}+0x30`,
  }));
}

function statefulSet(namespace: string, name: string, v: { replicas: string; ready?: string; updated: string; current?: string; update?: string }) {
  const labels = { namespace, statefulset: name };
  return [
    { series: ksm('kube_statefulset_replicas', labels), values: v.replicas },
    ...(v.ready ? [{ series: ksm('kube_statefulset_status_replicas_ready', labels), values: v.ready }] : []),
    { series: ksm('kube_statefulset_status_replicas_updated', labels), values: v.updated },
    ...(v.current ? [{ series: ksm('kube_statefulset_status_current_revision', { ...labels, revision: v.current }), values: '1+0x30' }] : []),
    ...(v.update ? [{ series: ksm('kube_statefulset_status_update_revision', { ...labels, revision: v.update }), values: '1+0x30' }] : []),
  ];
}

function daemonSet(namespace: string, name: string, desired: number, updated: number, available: number, misscheduled: number) {
  const labels = { namespace, daemonset: name };
  return [
    { series: ksm('kube_daemonset_status_desired_number_scheduled', labels), values: `${desired}+0x30` },
    { series: ksm('kube_daemonset_status_updated_number_scheduled', labels), values: `${updated}+0x30` },
    { series: ksm('kube_daemonset_status_number_available', labels), values: `${available}+0x30` },
    { series: ksm('kube_daemonset_status_number_misscheduled', labels), values: `${misscheduled}+0x30` },
  ];
}

const kubeletLabels = (namespace: string, claim: string) => ({ job: 'kubelet', instance: '10.0.0.5:10250', node: 'node-a', namespace, persistentvolumeclaim: claim });
/** The kubelet's volume stats of a claim: capacity, used and available bytes. */
function volume(namespace: string, claim: string, capacity: string, used: string, available: string) {
  const labels = kubeletLabels(namespace, claim);
  return [
    { series: series('kubelet_volume_stats_capacity_bytes', labels), values: capacity },
    { series: series('kubelet_volume_stats_used_bytes', labels), values: used },
    { series: series('kubelet_volume_stats_available_bytes', labels), values: available },
  ];
}
const readOnlyMany = (namespace: string, claim: string) => ({
  series: ksm('kube_persistentvolumeclaim_access_mode', { namespace, persistentvolumeclaim: claim, access_mode: 'ReadOnlyMany' }),
  values: '1+0x90',
});

/** A PersistentVolume's phase series; they carry kube-state-metrics' own namespace (honor_labels adds the target's). */
function pvPhase(pv: string, phase: string) {
  return ['Pending', 'Available', 'Bound', 'Released', 'Failed'].map((p) => ({
    series: ksm('kube_persistentvolume_status_phase', { namespace: MONITORING, persistentvolume: pv, phase: p }),
    values: `${p === phase ? 1 : 0}+0x30`,
  }));
}
const claimRef = (pv: string, namespace: string, claim: string) => ({
  series: ksm('kube_persistentvolume_claim_ref', { namespace: MONITORING, persistentvolume: pv, claim_namespace: namespace, name: claim }),
  values: '1+0x30',
});

const cadvisor = (namespace: string, container: string, periods: string, throttled: string) => {
  const labels = { job: 'cadvisor', instance: '10.0.0.5:10250', node: 'node-a', namespace, pod: `${container}-5c8d-q4`, container };
  return [
    { series: series('container_cpu_cfs_periods_total', labels), values: periods },
    { series: series('container_cpu_cfs_throttled_periods_total', labels), values: throttled },
  ];
};

export const kubernetesScenarios: readonly AlertScenario[] = [
  {
    // Running for a moment between back-offs (the gaps): max_over_time over 5m still sees CrashLoopBackOff.
    alert: 'KubePodCrashLooping',
    name: 'fires after 15m of CrashLoopBackOff in a watched namespace, not before',
    series: [waiting(APP, 'CrashLoopBackOff', Array(8).fill('1 1 1 _').join(' '))],
    checks: [
      { at: '14m', firing: [] },
      {
        at: '16m',
        firing: [
          expected(
            'KubePodCrashLooping',
            'warning',
            apiContainer(APP),
            'Container api of pod agent-platform/agent-platform-api-7d9f-x2 is crash looping',
            'The container keeps exiting and Kubernetes keeps backing off its restarts (CrashLoopBackOff in every 5-minute window).',
          ),
        ],
      },
    ],
  },
  {
    alert: 'KubePodCrashLooping',
    name: 'stays quiet for a crash loop in an unwatched namespace and for a container being created',
    series: [waiting(OTHER, 'CrashLoopBackOff', '1+0x30'), waiting(MONITORING, 'ContainerCreating', '1+0x30')],
    checks: [{ at: '20m', firing: [] }],
  },
  {
    alert: 'KubePodNotReady',
    name: 'fires after 15m of a Pending pod of a ReplicaSet, not before',
    series: podPhase(APP, 'agent-platform-api-7d9f-x2', 'Pending', 'ReplicaSet'),
    checks: [
      { at: '14m', firing: [] },
      {
        at: '16m',
        firing: [
          expected(
            'KubePodNotReady',
            'warning',
            apiPod(APP),
            'Pod agent-platform/agent-platform-api-7d9f-x2 is not running',
            'The pod is Pending, Unknown or Failed: it does not serve.',
          ),
        ],
      },
    ],
  },
  {
    alert: 'KubePodNotReady',
    name: 'stays quiet for a Failed Job pod, a Pending pod in an unwatched namespace and a Running pod',
    series: [
      ...podPhase(APP, 'db-migrate-8xk2p', 'Failed', 'Job'),
      ...podPhase(OTHER, 'agent-platform-api-7d9f-x2', 'Pending', 'ReplicaSet'),
      ...podPhase(MONITORING, 'grafana-6f7c-9z', 'Running', 'ReplicaSet'),
    ],
    checks: [{ at: '20m', firing: [] }],
  },
  {
    // 3 desired, 2 available, the updated count unchanged: 3 - 2 = 1 missing from the first sample on.
    alert: 'KubeDeploymentReplicasMismatch',
    name: 'fires after 15m with one of three replicas unavailable and no rollout, not before',
    series: deployment(APP, 'agent-platform-api', '3+0x30', '2+0x30', '3+0x30'),
    checks: [
      { at: '14m', firing: [] },
      {
        at: '16m',
        firing: [
          expected(
            'KubeDeploymentReplicasMismatch',
            'warning',
            { namespace: APP, deployment: 'agent-platform-api' },
            'Deployment agent-platform/agent-platform-api lacks available replicas',
            '1 of its desired replicas are not available, and no rollout has changed them for 10 minutes.',
          ),
        ],
      },
    ],
  },
  {
    // A rollout that updates one replica every 5m: changes() over 10m never reaches 0 until all are available.
    alert: 'KubeDeploymentReplicasMismatch',
    name: 'stays quiet in an unwatched namespace and during a rollout that progresses',
    series: [
      ...deployment(OTHER, 'agent-platform-api', '3+0x30', '2+0x30', '3+0x30'),
      ...deployment(APP, 'agent-platform-api', '3+0x30', '2+0x14 3+0x15', '0+0x4 1+0x4 2+0x4 3+0x15'),
    ],
    checks: [
      { at: '16m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
  {
    alert: 'KubeDeploymentRolloutStuck',
    name: 'fires after 15m of Progressing=false, not before',
    series: progressing(APP, 'agent-platform-api', true),
    checks: [
      { at: '14m', firing: [] },
      {
        at: '16m',
        firing: [
          expected(
            'KubeDeploymentRolloutStuck',
            'warning',
            { namespace: APP, deployment: 'agent-platform-api' },
            'Rollout of Deployment agent-platform/agent-platform-api is stuck',
            'Its Progressing condition is false: the rollout exceeded its progress deadline.',
          ),
        ],
      },
    ],
  },
  {
    alert: 'KubeDeploymentRolloutStuck',
    name: 'stays quiet for a progressing Deployment and a stuck one in an unwatched namespace',
    series: [...progressing(APP, 'agent-platform-api', false), ...progressing(OTHER, 'agent-platform-api', true)],
    checks: [{ at: '20m', firing: [] }],
  },
  {
    alert: 'KubeStatefulSetReplicasMismatch',
    name: 'fires after 15m with one of three replicas not ready and no update, not before',
    series: statefulSet(MONITORING, 'loki', { replicas: '3+0x30', ready: '2+0x30', updated: '3+0x30' }),
    checks: [
      { at: '14m', firing: [] },
      {
        at: '16m',
        firing: [
          expected(
            'KubeStatefulSetReplicasMismatch',
            'warning',
            { namespace: MONITORING, statefulset: 'loki' },
            'StatefulSet monitoring/loki lacks ready replicas',
            '1 of its desired replicas are not ready, and no update has changed them for 10 minutes.',
          ),
        ],
      },
    ],
  },
  {
    alert: 'KubeStatefulSetReplicasMismatch',
    name: 'stays quiet in an unwatched namespace and when the replica gets ready within 15m',
    series: [
      ...statefulSet(OTHER, 'loki', { replicas: '3+0x30', ready: '2+0x30', updated: '3+0x30' }),
      ...statefulSet(MONITORING, 'loki', { replicas: '3+0x30', ready: '2+0x9 3+0x20', updated: '3+0x30' }),
    ],
    checks: [
      { at: '16m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
  {
    // 3 replicas, 1 on the update revision: 2 left on the current one, none updated since.
    alert: 'KubeStatefulSetUpdateNotRolledOut',
    name: 'fires after 15m with two replicas left on the old revision, not before',
    series: statefulSet(MONITORING, 'prometheus', { replicas: '3+0x30', updated: '1+0x30', current: 'prometheus-6d5f', update: 'prometheus-7b9c' }),
    checks: [
      { at: '14m', firing: [] },
      {
        at: '16m',
        firing: [
          expected(
            'KubeStatefulSetUpdateNotRolledOut',
            'warning',
            { namespace: MONITORING, statefulset: 'prometheus' },
            'Update of StatefulSet monitoring/prometheus is not rolled out',
            '2 replicas still run the previous revision, and none was updated for 5 minutes.',
          ),
        ],
      },
    ],
  },
  {
    alert: 'KubeStatefulSetUpdateNotRolledOut',
    name: 'stays quiet once the revisions agree, and for a stuck update in an unwatched namespace',
    series: [
      ...statefulSet(MONITORING, 'prometheus', { replicas: '3+0x30', updated: '3+0x30', current: 'prometheus-7b9c', update: 'prometheus-7b9c' }),
      ...statefulSet(OTHER, 'prometheus', { replicas: '3+0x30', updated: '1+0x30', current: 'prometheus-6d5f', update: 'prometheus-7b9c' }),
    ],
    checks: [{ at: '20m', firing: [] }],
  },
  {
    // 3 desired, 3 updated, 2 available: the "available" branch holds with 3 - 2 = 1.
    alert: 'KubeDaemonSetRolloutStuck',
    name: 'fires after 15m with one pod unavailable and no pod updated, not before',
    series: daemonSet(MONITORING, 'alloy', 3, 3, 2, 0),
    checks: [
      { at: '14m', firing: [] },
      {
        at: '16m',
        firing: [
          expected(
            'KubeDaemonSetRolloutStuck',
            'warning',
            { namespace: MONITORING, daemonset: 'alloy' },
            'Rollout of DaemonSet monitoring/alloy is stuck',
            '1 of its pods are not updated, not available or on the wrong nodes, and none was updated for 5 minutes.',
          ),
        ],
      },
    ],
  },
  {
    alert: 'KubeDaemonSetRolloutStuck',
    name: 'stays quiet when every pod is updated and available, and in an unwatched namespace',
    series: [...daemonSet(MONITORING, 'alloy', 3, 3, 3, 0), ...daemonSet(OTHER, 'alloy', 3, 1, 2, 1)],
    checks: [{ at: '20m', firing: [] }],
  },
  {
    alert: 'KubeContainerWaiting',
    name: 'fires after 1h of ImagePullBackOff, not before',
    series: [waiting(APP, 'ImagePullBackOff', '1+0x70')],
    checks: [
      { at: '59m', firing: [] },
      {
        at: '61m',
        firing: [
          expected(
            'KubeContainerWaiting',
            'warning',
            apiContainer(APP),
            'Container api of pod agent-platform/agent-platform-api-7d9f-x2 does not start',
            'The container is still waiting to start: its image cannot be pulled, or a ConfigMap, Secret or volume it needs is missing.',
          ),
        ],
      },
    ],
  },
  {
    alert: 'KubeContainerWaiting',
    name: 'stays quiet for CrashLoopBackOff (KubePodCrashLooping), an unwatched namespace, and a container created within 30m',
    series: [waiting(APP, 'CrashLoopBackOff', '1+0x70'), waiting(OTHER, 'ImagePullBackOff', '1+0x70'), waiting(MONITORING, 'ContainerCreating', '1+0x30 stale')],
    checks: [{ at: '65m', firing: [] }],
  },
  {
    // Recorded used ratio 98e9 / 100e9 = 0.98 from 5m on: 1 - 0.98 = 2% free < 3%. The recorded
    // value reaches the alert at 5m or 6m, so with for 1m it fires at 6m or 7m: pending at 5m, firing by 8m.
    alert: 'KubePersistentVolumeFillingUp',
    name: 'fires a minute after the kubelet reports 2% free, not before',
    series: volume(MONITORING, 'storage-prometheus-0', '100000000000+0x20', '90000000000+0x4 98000000000+0x15', '10000000000+0x4 2000000000+0x15'),
    checks: [
      { at: '5m', firing: [] },
      {
        at: '8m',
        firing: [
          expected(
            'KubePersistentVolumeFillingUp',
            'critical',
            { namespace: MONITORING, persistentvolumeclaim: 'storage-prometheus-0' },
            'Volume of claim monitoring/storage-prometheus-0 is almost full',
            'Only 2% of the volume is free (threshold 3%).',
          ),
        ],
      },
    ],
  },
  {
    alert: 'KubePersistentVolumeFillingUp',
    name: 'stays quiet at 5% free, for a full read-only claim, and for a full claim in an unwatched namespace',
    series: [
      ...volume(APP, 'data-agent-platform-db-0', '100000000000+0x20', '95000000000+0x20', '5000000000+0x20'),
      ...volume(MONITORING, 'dashboards', '100000000000+0x20', '99000000000+0x20', '1000000000+0x20'),
      readOnlyMany(MONITORING, 'dashboards'),
      ...volume(OTHER, 'data-ledger-0', '100000000000+0x20', '99000000000+0x20', '1000000000+0x20'),
    ],
    checks: [{ at: '10m', firing: [] }],
  },
  {
    // Used grows 1e7 bytes a minute for 60m (88e9 → 88.6e9 of 100e9), then holds: 1 - 0.886 = 11.4%
    // free < 15% throughout. Available falls 1e7/min, so its 6h regression slope is negative and 4
    // days ahead lies far below 0 (about -1e7/min × 5760 min + 1.1e10 < 0). predict_linear needs two
    // samples: the condition holds from 1m (2m with a late recording), so firing needs 61-62m.
    // At 75m the recorded ratio has been flat for 15m, whichever evaluation it comes from.
    alert: 'KubePersistentVolumeFillingUpPredicted',
    name: 'fires after 1h at 11.4% free and falling, not before',
    series: volume(
      APP,
      'data-agent-platform-db-0',
      '100000000000+0x80',
      '88000000000+10000000x60 88600000000+0x20',
      '12000000000-10000000x60 11400000000+0x20',
    ),
    checks: [
      { at: '50m', firing: [] },
      {
        at: '75m',
        firing: [
          expected(
            'KubePersistentVolumeFillingUpPredicted',
            'warning',
            { namespace: APP, persistentvolumeclaim: 'data-agent-platform-db-0' },
            'Volume of claim agent-platform/data-agent-platform-db-0 will be full within 4 days',
            '11.4% of the volume is free (threshold 15%) and the trend of the last 6 hours fills it within 4 days.',
          ),
        ],
      },
    ],
  },
  {
    alert: 'KubePersistentVolumeFillingUpPredicted',
    name: 'stays quiet at 12% free but flat, at 30% free and falling, and in an unwatched namespace',
    series: [
      ...volume(APP, 'data-agent-platform-db-0', '100000000000+0x80', '88000000000+0x80', '12000000000+0x80'),
      ...volume(MONITORING, 'storage-loki-0', '100000000000+0x80', '70000000000+10000000x80', '30000000000-10000000x80'),
      ...volume(OTHER, 'data-ledger-0', '100000000000+0x80', '88000000000+10000000x80', '12000000000-10000000x80'),
    ],
    checks: [{ at: '75m', firing: [] }],
  },
  {
    // The phase series carry namespace="monitoring" (kube-state-metrics' own); the alert's namespace
    // is the claim's, agent-platform.
    alert: 'KubePersistentVolumeErrors',
    name: 'fires after 5m for a Failed volume bound to a claim in a watched namespace, not before',
    series: [...pvPhase('pvc-3f1c', 'Failed'), claimRef('pvc-3f1c', APP, 'data-agent-platform-db-0')],
    checks: [
      { at: '4m', firing: [] },
      {
        at: '6m',
        firing: [
          expected(
            'KubePersistentVolumeErrors',
            'critical',
            { persistentvolume: 'pvc-3f1c', phase: 'Failed', namespace: APP, persistentvolumeclaim: 'data-agent-platform-db-0' },
            'PersistentVolume pvc-3f1c of claim agent-platform/data-agent-platform-db-0 is Failed',
            'The volume is in phase Failed: provisioning or reclaiming it failed, and the claim cannot use it.',
          ),
        ],
      },
    ],
  },
  {
    alert: 'KubePersistentVolumeErrors',
    name: 'stays quiet for a Failed volume of an unwatched namespace, one without a claim, and a Bound one',
    series: [
      ...pvPhase('pvc-9a2e', 'Failed'),
      claimRef('pvc-9a2e', OTHER, 'data-ledger-0'),
      ...pvPhase('pv-manual-1', 'Pending'),
      ...pvPhase('pvc-3f1c', 'Bound'),
      claimRef('pvc-3f1c', APP, 'data-agent-platform-db-0'),
    ],
    checks: [{ at: '10m', firing: [] }],
  },
  {
    // Restart at 10m after an OOM kill: increase over (t-10m, t] sees the step 0 → 1 while the
    // sample at 9m is in the window, i.e. from 10m to 18m; at 19m the window holds only 1s.
    alert: 'KubeContainerOOMKilled',
    name: 'fires from the restart after an OOM kill for 10 minutes',
    series: [
      { series: ksm('kube_pod_container_status_last_terminated_reason', { ...apiContainer(APP), reason: 'OOMKilled' }), values: '_x10 1+0x20' },
      { series: ksm('kube_pod_container_status_restarts_total', apiContainer(APP)), values: '0+0x9 1+0x20' },
    ],
    checks: [
      { at: '9m', firing: [] },
      {
        at: '12m',
        firing: [
          expected(
            'KubeContainerOOMKilled',
            'warning',
            apiContainer(APP),
            'Container api of pod agent-platform/agent-platform-api-7d9f-x2 was OOM-killed',
            'The container restarted in the last 10 minutes after the kernel killed it for exceeding its memory limit.',
          ),
        ],
      },
      { at: '25m', firing: [] },
    ],
  },
  {
    alert: 'KubeContainerOOMKilled',
    name: 'stays quiet for an OOM kill in an unwatched namespace, a restart after an error, and an old OOM kill',
    series: [
      { series: ksm('kube_pod_container_status_last_terminated_reason', { ...apiContainer(OTHER), reason: 'OOMKilled' }), values: '_x10 1+0x20' },
      { series: ksm('kube_pod_container_status_restarts_total', apiContainer(OTHER)), values: '0+0x9 1+0x20' },
      { series: ksm('kube_pod_container_status_last_terminated_reason', { ...apiContainer(APP), reason: 'Error' }), values: '_x10 1+0x20' },
      { series: ksm('kube_pod_container_status_restarts_total', apiContainer(APP)), values: '0+0x9 1+0x20' },
      { series: ksm('kube_pod_container_status_last_terminated_reason', { namespace: MONITORING, pod: 'loki-0', container: 'loki', reason: 'OOMKilled' }), values: '1+0x30' },
      { series: ksm('kube_pod_container_status_restarts_total', { namespace: MONITORING, pod: 'loki-0', container: 'loki' }), values: '4+0x30' },
    ],
    checks: [
      { at: '12m', firing: [] },
      { at: '25m', firing: [] },
    ],
  },
  {
    // cAdvisor: 600 CFS periods a minute, 300 of them throttled. The recording rule gives
    // 1200 / 2400 = 0.5 from 1m on (two samples); the alert sees it from 1m or 2m, so with for 15m
    // it is pending at 15m and firing from 17m at the latest.
    alert: 'CPUThrottlingHigh',
    name: 'fires after 15m with half the CPU periods throttled, not before',
    series: cadvisor(APP, 'api', '0+600x30', '0+300x30'),
    checks: [
      { at: '15m', firing: [] },
      {
        at: '18m',
        firing: [
          expected(
            'CPUThrottlingHigh',
            'info',
            { namespace: APP, pod: 'api-5c8d-q4', container: 'api' },
            'Container api of pod agent-platform/api-5c8d-q4 is CPU-throttled',
            '50% of its CPU periods were throttled over 5 minutes (threshold 25%): its CPU limit is too low.',
          ),
        ],
      },
    ],
  },
  {
    // 120 of 600 periods throttled: 20% < 25%.
    alert: 'CPUThrottlingHigh',
    name: 'stays quiet at 20% throttled, and at 50% in an unwatched namespace',
    series: [...cadvisor(APP, 'api', '0+600x30', '0+120x30'), ...cadvisor(OTHER, 'ledger', '0+600x30', '0+300x30')],
    checks: [{ at: '20m', firing: [] }],
  },
];
