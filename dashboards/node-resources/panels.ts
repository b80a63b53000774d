/**
 * Panels of "Infrastructure - Node Resources": the USE method per node (utilisation, saturation,
 * errors of CPU, memory, disks and network), from node-exporter's series only (its scrape job) and
 * for the nodes the `node` variable selects.
 */
import * as units from '@grafana/grafana-foundation-sdk/units';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { COMPONENTS } from '../../constructs/identity';
import { alertLine, linesText, shown, type DashboardSources } from '../alert-lines';
import { defaultTimeseries, labelVariable, promRange, rate, thresholdLines, thresholds } from '../common';

/** The variable selecting nodes, by the `node` label Prometheus gives node-exporter's targets. */
export const NODE_VARIABLE = 'node';

/**
 * Memory-backed and layered filesystems report the space of something else (RAM, the image layer's
 * disk): the same ones the LowDiskSpace alert leaves out.
 */
export const VIRTUAL_FILESYSTEMS = 'tmpfs|ramfs|squashfs|overlay';

/** Loop devices, RAM disks, optical and floppy drives: not disks a node's workloads wait on. */
export const NON_DISK_DEVICES = '(loop|ram|sr|fd)[0-9]+';

/**
 * The loopback and the virtual interfaces of pods and of the network plugin: pod traffic crosses
 * one of them and the node's own interface, so counting both would count it twice.
 */
export const VIRTUAL_INTERFACES = 'lo|veth.*|cali.*|cilium.*|lxc.*|cni.*|flannel.*|docker.*|tunl.*|vxlan.*|genev.*';

/** The alerts whose thresholds the panels draw. */
export const NODE_LINES = {
  cpu: 'HighCPUUsage',
  memory: 'HighMemoryUsage',
  disk: 'LowDiskSpace',
} as const;

/** `{job="node-exporter", node=~"$node", <matchers>}`. */
export function nodeSelector(metric: string, matchers = ''): string {
  return `${metric}{job="${COMPONENTS.nodeExporter.scrape.job}", ${NODE_VARIABLE}=~"$${NODE_VARIABLE}"${matchers ? `, ${matchers}` : ''}}`;
}

/** The `node` variable: every node node-exporter reports on, "All" by default. */
export function nodeVariable(): dashboard.QueryVariableBuilder {
  return labelVariable(NODE_VARIABLE, {
    title: 'Node',
    series: `node_uname_info{job="${COMPONENTS.nodeExporter.scrape.job}"}`,
    description: 'Kubernetes nodes, as node-exporter reports them.',
  });
}

/** A percentage panel (0 to 100) with the alert's threshold as a dashed red line when the alert is on. */
function percentPanel(title: string, threshold: number | undefined): timeseries.PanelBuilder {
  return defaultTimeseries(title, units.Percent)
    .decimals(1)
    .min(0)
    .max(100)
    .thresholds(threshold === undefined ? thresholds('green') : thresholds('green', [threshold, 'red']))
    .thresholdsStyle(thresholdLines());
}

/** Share of CPU time not idle, over all CPUs of a node: what HighCPUUsage alerts on. */
export function cpuUtilisation(sources: DashboardSources): timeseries.PanelBuilder {
  const alert = alertLine(sources, NODE_LINES.cpu);
  return percentPanel('CPU Utilisation', alert)
    .description(
      'Utilisation: share of CPU time spent in any mode but idle, averaged over the CPUs of each node, in percent.' +
        linesText([alert === undefined ? undefined : `the ${alert} % ${NODE_LINES.cpu} alert`]),
    )
    .withTarget(promRange(`100 * (1 - avg by (node) (${rate(nodeSelector('node_cpu_seconds_total', 'mode="idle"'))}))`, '{{node}}'));
}

/** The 1-minute load average per CPU: above 1, runnable tasks queue for a CPU. */
export function cpuSaturation(): timeseries.PanelBuilder {
  return defaultTimeseries('CPU Saturation (Load per CPU)', units.Short)
    .description(
      'Saturation: the 1-minute load average (tasks running or waiting for a CPU or for disk) divided by the number of CPUs of the node. ' +
        'Above 1, tasks queue.',
    )
    .decimals(2)
    .min(0)
    .thresholds(thresholds('green', [1, 'red']))
    .thresholdsStyle(thresholdLines())
    .withTarget(
      promRange(`max by (node) (${nodeSelector('node_load1')}) / count by (node) (${nodeSelector('node_cpu_seconds_total', 'mode="idle"')})`, '{{node}}'),
    );
}

/** Share of memory not available to new allocations without swapping: what HighMemoryUsage alerts on. */
export function memoryUtilisation(sources: DashboardSources): timeseries.PanelBuilder {
  const alert = alertLine(sources, NODE_LINES.memory);
  return percentPanel('Memory Utilisation', alert)
    .description(
      'Utilisation: share of the node’s memory that is not available (MemAvailable) to new allocations, in percent.' +
        linesText([alert === undefined ? undefined : `the ${alert} % ${NODE_LINES.memory} alert`]),
    )
    .withTarget(
      promRange(`100 * (1 - max by (node) (${nodeSelector('node_memory_MemAvailable_bytes')}) / max by (node) (${nodeSelector('node_memory_MemTotal_bytes')}))`, '{{node}}'),
    );
}

/** Major page faults: reads from disk because a page was not in memory, which grow as memory runs short. */
export function memorySaturation(): timeseries.PanelBuilder {
  return defaultTimeseries('Memory Saturation (Major Page Faults)', 'suffix: faults/s')
    .description(
      'Saturation: major page faults per second, each a read from disk of a page that was not in memory. ' +
        'A lasting rise means the node is short of memory for its page cache or is swapping.',
    )
    .decimals(2)
    .min(0)
    .withTarget(promRange(`max by (node) (${rate(nodeSelector('node_vmstat_pgmajfault'))})`, '{{node}}'));
}

/** Used share of each real filesystem: LowDiskSpace alerts when less than its threshold is free. */
export function diskSpaceUsed(sources: DashboardSources): timeseries.PanelBuilder {
  const free = alertLine(sources, NODE_LINES.disk);
  const used = free === undefined ? undefined : shown(100 - free);
  const disks = `fstype!~"${VIRTUAL_FILESYSTEMS}"`;
  return percentPanel('Disk Space Used', used)
    .description(
      'Utilisation: used share of each filesystem of each node, in percent, by mount point. Memory-backed and layered filesystems (tmpfs, overlay...) are left out.' +
        linesText([used === undefined ? undefined : `${used} % used, where ${NODE_LINES.disk} alerts (${free} % free)`]),
    )
    .withTarget(
      promRange(
        `100 * max by (node, mountpoint) (1 - ${nodeSelector('node_filesystem_avail_bytes', disks)} / ${nodeSelector('node_filesystem_size_bytes', disks)})`,
        '{{node}} {{mountpoint}}',
      ),
    );
}

/** Share of time each disk was busy with at least one request. */
export function diskIoUtilisation(): timeseries.PanelBuilder {
  return percentPanel('Disk I/O Utilisation', undefined)
    .description(
      'Utilisation: share of time each disk of each node had at least one I/O request in flight, in percent. ' +
        'Near 100 % a disk is saturated (for a single spinning disk; SSDs and RAID serve requests in parallel). Loop and RAM devices are left out.',
    )
    .withTarget(promRange(`100 * max by (node, device) (${rate(nodeSelector('node_disk_io_time_seconds_total', `device!~"${NON_DISK_DEVICES}"`))})`, '{{node}} {{device}}'));
}

/** Bytes received and sent per second by the node's own interfaces. */
export function networkTraffic(): timeseries.PanelBuilder {
  const devices = `device!~"${VIRTUAL_INTERFACES}"`;
  return defaultTimeseries('Network Traffic', units.BytesPerSecondSI)
    .description(
      'Utilisation: bytes received and transmitted per second by the interfaces of each node. ' +
        'The loopback and the virtual interfaces of pods are left out: pod traffic also crosses the node’s own interface.',
    )
    .decimals(1)
    .min(0)
    .withTarget(promRange(`sum by (node) (${rate(nodeSelector('node_network_receive_bytes_total', devices))})`, '{{node}} receive', 'A'))
    .withTarget(promRange(`sum by (node) (${rate(nodeSelector('node_network_transmit_bytes_total', devices))})`, '{{node}} transmit', 'B'));
}

/** Packets per second in error or dropped, by direction, on every interface but the loopback. */
export function networkErrors(): timeseries.PanelBuilder {
  const devices = 'device!="lo"';
  const query = (metric: string, legend: string, refId: string) =>
    promRange(`sum by (node) (${rate(nodeSelector(metric, devices))})`, `{{node}} ${legend}`, refId);
  return defaultTimeseries('Network Errors and Drops', units.PacketsPerSecond)
    .description(
      'Errors: packets per second received or transmitted in error, and dropped (a full queue or buffer), summed over the interfaces of each node but the loopback. ' +
        'Any lasting value deserves a look.',
    )
    .decimals(2)
    .min(0)
    .withTarget(query('node_network_receive_errs_total', 'receive errors', 'A'))
    .withTarget(query('node_network_transmit_errs_total', 'transmit errors', 'B'))
    .withTarget(query('node_network_receive_drop_total', 'receive drops', 'C'))
    .withTarget(query('node_network_transmit_drop_total', 'transmit drops', 'D'));
}
