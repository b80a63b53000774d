/**
 * Panels of "Infrastructure - Kubernetes Workloads": what pods use against what they asked for, and
 * whether they run well, in the namespaces the `namespace` variable selects. Usage comes from the
 * kubelet's cAdvisor (its scrape job, real containers only), requests, limits, restarts and
 * readiness from kube-state-metrics (its scrape job), throttling and volume usage from the
 * Kubernetes recording rules (rules/kubernetes.ts), which select those jobs themselves.
 */
import * as units from '@grafana/grafana-foundation-sdk/units';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as stat from '@grafana/grafana-foundation-sdk/stat';
import type * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { COMPONENTS } from '../../constructs/identity';
import { KUBELET_JOBS } from '../../constructs/prometheus-config';
import { KUBERNETES_RECORDS } from '../../rules/kubernetes';
import { alertLine, linesText, type DashboardSources } from '../alert-lines';
import { defaultStat, defaultTimeseries, labelVariable, promInstant, promRange, rate, thresholdLines, thresholds } from '../common';

/** The variable selecting namespaces. */
export const NAMESPACE_VARIABLE = 'namespace';

/** The alert whose threshold the restarts panel draws. */
export const WORKLOAD_LINES = { restarts: 'PodRestarting' } as const;

const inNamespace = `${NAMESPACE_VARIABLE}=~"$${NAMESPACE_VARIABLE}"`;

/** A matcher list as a selector: `metric{a, b}`. */
function selector(metric: string, ...matchers: readonly string[]): string {
  return `${metric}{${matchers.join(', ')}}`;
}

/** A cAdvisor series of real containers (not the pod's own cgroup, `container=""`) in the selected namespaces. */
export function cadvisorSelector(metric: string): string {
  return selector(metric, `job="${KUBELET_JOBS.cadvisor}"`, 'container!=""', inNamespace);
}

/** A kube-state-metrics series in the selected namespaces. */
export function kubeStateSelector(metric: string, ...matchers: readonly string[]): string {
  return selector(metric, `job="${COMPONENTS.kubeStateMetrics.scrape.job}"`, inNamespace, ...matchers);
}

/** A recorded series in the selected namespaces (the recording rule selected the exporter's job). */
function recordedSelector(record: string): string {
  return selector(record, inNamespace);
}

/** The `namespace` variable: every namespace with pods, "All" by default. */
export function namespaceVariable(): dashboard.QueryVariableBuilder {
  return labelVariable(NAMESPACE_VARIABLE, {
    title: 'Namespace',
    series: `kube_pod_info{job="${COMPONENTS.kubeStateMetrics.scrape.job}"}`,
    description: 'Namespaces with pods, as kube-state-metrics reports them.',
  });
}

/**
 * Usage per pod with its requests and limits, each summed over the pod's containers. Requests and
 * limits are dashed; a pod without a limit has no limit line.
 */
function usageAgainstResources(title: string, unit: string, usage: string, resource: 'cpu' | 'memory'): timeseries.PanelBuilder {
  const declared = (metric: string) => `sum by (namespace, pod) (${kubeStateSelector(metric, `resource="${resource}"`)})`;
  const dashed = [
    { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
    { id: 'custom.fillOpacity', value: 0 },
  ];
  return defaultTimeseries(title, unit)
    .min(0)
    .withTarget(promRange(`sum by (namespace, pod) (${usage})`, '{{namespace}}/{{pod}}', 'A'))
    .withTarget(promRange(declared('kube_pod_container_resource_requests'), '{{namespace}}/{{pod}} request', 'B'))
    .withTarget(promRange(declared('kube_pod_container_resource_limits'), '{{namespace}}/{{pod}} limit', 'C'))
    .overrideByQuery('B', dashed)
    .overrideByQuery('C', dashed);
}

/** CPU cores used per pod, with the cores it requested and its limit. */
export function cpuUsage(): timeseries.PanelBuilder {
  return usageAgainstResources('CPU Usage per Pod', units.Short, rate(cadvisorSelector('container_cpu_usage_seconds_total')), 'cpu')
    .description(
      'CPU cores used by each pod (summed over its containers), with the cores its containers request and their limit (dashed). ' +
        'Usage above the request competes for spare CPU; at the limit, the pod is throttled.',
    )
    .decimals(3);
}

/** Working set per pod (what the kernel does not reclaim first), with its memory requests and limits. */
export function memoryUsage(): timeseries.PanelBuilder {
  return usageAgainstResources('Memory Working Set per Pod', units.BytesIEC, cadvisorSelector('container_memory_working_set_bytes'), 'memory')
    .description(
      'Memory working set of each pod (summed over its containers: memory in use that the kernel would not reclaim first), with what its containers request and their limit (dashed). ' +
        'A container whose working set reaches its limit is killed (OOMKilled).',
    )
    .decimals(1);
}

/** Restarts per container over the last hour: what PodRestarting alerts on. */
export function containerRestarts(sources: DashboardSources): timeseries.PanelBuilder {
  const alert = alertLine(sources, WORKLOAD_LINES.restarts);
  return defaultTimeseries('Container Restarts (1h)', units.Short, { width: 18 })
    .description(
      'Restarts of each container over the last hour, as kube-state-metrics counts them.' +
        linesText([alert === undefined ? undefined : `${alert} restarts, above which ${WORKLOAD_LINES.restarts} alerts`]),
    )
    .decimals(0)
    .min(0)
    .thresholds(alert === undefined ? thresholds('green') : thresholds('green', [alert, 'red']))
    .thresholdsStyle(thresholdLines())
    // max over kube-state-metrics instances, as the alert: a rescheduled exporter briefly exposes the counter twice.
    .withTarget(
      promRange(`max by (namespace, pod, container) (increase(${kubeStateSelector('kube_pod_container_status_restarts_total')}[1h]))`, '{{namespace}}/{{pod}} {{container}}'),
    );
}

/** Share of CPU periods in which each container was throttled at its limit, recorded over 5m. */
export function cpuThrottling(): timeseries.PanelBuilder {
  return defaultTimeseries('CPU Throttling', units.Percent)
    .description(
      'Share of CFS scheduling periods (100 ms each) in which each container used up its CPU limit and had to wait, over 5 minutes, in percent. ' +
        'High values with low average usage mean bursts that the limit cuts short: latency rises.',
    )
    .decimals(1)
    .min(0)
    .max(100)
    .withTarget(promRange(`100 * ${recordedSelector(KUBERNETES_RECORDS.cpuThrottledRatio)}`, '{{namespace}}/{{pod}} {{container}}'));
}

/** Used share of each PersistentVolumeClaim, as the kubelet of the node mounting it reports it. */
export function volumeUsage(): timeseries.PanelBuilder {
  return defaultTimeseries('PersistentVolumeClaim Usage', units.Percent)
    .description('Used share of the capacity of each PersistentVolumeClaim mounted by a pod, in percent, as the kubelet of its node reports it.')
    .decimals(1)
    .min(0)
    .max(100)
    .thresholds(thresholds('green', [80, 'yellow'], [90, 'red']))
    .withTarget(promRange(`100 * ${recordedSelector(KUBERNETES_RECORDS.volumeUsedRatio)}`, '{{namespace}}/{{persistentvolumeclaim}}'));
}

/**
 * Pods that have not completed and whose Ready condition is not true: pending, starting, failing
 * their readiness probe, failed. 0, not "no data", when all are ready.
 */
export function podsNotReady(): stat.PanelBuilder {
  const active = `max by (namespace, pod) (${kubeStateSelector('kube_pod_status_phase', 'phase!="Succeeded"')} == 1)`;
  const ready = `max by (namespace, pod) (${kubeStateSelector('kube_pod_status_ready', 'condition="true"')} == 1)`;
  return defaultStat('Pods Not Ready', units.Short, { width: 6 })
    .description(
      'Pods that have not completed and are not Ready: pending (not scheduled, pulling images), failing their readiness probe, or failed. ' +
        'They receive no traffic through their Services.',
    )
    .decimals(0)
    .thresholds(thresholds('green', [1, 'red']))
    .withTarget(promInstant(`count(${active} unless on (namespace, pod) ${ready}) or vector(0)`, 'Not ready'));
}
