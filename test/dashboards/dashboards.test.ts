/**
 * The dashboards against the design: titles, panels, types, units, thresholds, legends, queries,
 * uids, links; the LogQL queries; the checks that reject bad dashboards; JSON snapshots.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import {
  DATASOURCES,
  dashboardJson,
  FOLDERS,
  panelsOf,
  platformDashboards,
  promRange,
  substituteVariables,
  targetsOf,
  thresholds,
  validateDashboards,
  buildDashboard,
  lokiQuery,
  variableValues,
  DASHBOARD_UIDS,
  type DashboardFile,
} from '../../dashboards';
import { COMPONENTS } from '../../constructs/identity';
import { KUBELET_JOBS } from '../../constructs/prometheus-config';
import { VIRTUAL_FILESYSTEMS } from '../../dashboards/node-resources/panels';
import { KUBERNETES_RECORDS } from '../../rules';
import { compileEnvironment } from '../../config';
import { sloDashboard } from '../../dashboards/slo';
import type { Slo } from '../../slos';
import { STREAM_LABELS } from '../../constructs/alloy';
import { logqlError, promqlError } from '../../lib/query-syntax';
import { METRICS } from '../../metrics';
import { configFor, ENVIRONMENT_NAMES } from '../support/synth';
import { CONFIG_RELOADER_JOB } from '../../dashboards/prometheus-alertmanager/panels';

const config = configFor('dev');
const compiled = compileEnvironment(config);
const files = platformDashboards(compiled);
const byTitle = (title: string) => files.find((f) => f.dashboard.title === title)!.dashboard;
const panel = (dashboardTitle: string, panelTitle: string): any => panelsOf(byTitle(dashboardTitle)).find((p) => p.title === panelTitle);
const contentPanels = (d: dashboard.Dashboard) => panelsOf(d).filter((p) => p.type !== 'row') as any[];

// The design's dashboards and panels with current panel types, written out here as the contract.
const DESIGN: Record<string, Record<string, string>> = {
  'Agent Platform - System Overview': {
    'Request Rate': 'timeseries',
    'Error Rate': 'timeseries',
    'Response Time (p95)': 'timeseries',
    'Active Connections': 'stat',
  },
  'Agent Platform - Executions': {
    'Executions per Minute': 'timeseries',
    'Execution Duration (p50, p95, p99)': 'timeseries',
    'Token Usage': 'timeseries',
    'Success Rate': 'gauge',
  },
  // The design's two panels, then per objective its SLI, its budget and its burn rate.
  'SLO Dashboard': {
    'Error Budget Remaining': 'gauge',
    'Availability (30d)': 'stat',
    'Availability: Error Budget Remaining': 'gauge',
    'Availability: Burn Rate': 'timeseries',
    'Latency (30d)': 'stat',
    'Latency: Error Budget Remaining': 'gauge',
    'Latency: Burn Rate': 'timeseries',
    'Error rate (30d)': 'stat',
    'Error rate: Error Budget Remaining': 'gauge',
    'Error rate: Burn Rate': 'timeseries',
    'Agent success rate (30d)': 'stat',
    'Agent success rate: Error Budget Remaining': 'gauge',
    'Agent success rate: Burn Rate': 'timeseries',
  },
  'Logs and Traces': {
    'Errors by Service': 'timeseries',
    'Authentication Failures (1h)': 'stat',
    'All Errors': 'logs',
    'Slow Requests (> 1 s)': 'logs',
    'Failed Agent Executions': 'logs',
    'Recent Traces (API)': 'table',
  },
  // The USE method per node: utilisation and saturation of CPU and memory, disks, network.
  'Infrastructure - Node Resources': {
    'CPU Utilisation': 'timeseries',
    'CPU Saturation (Load per CPU)': 'timeseries',
    'Memory Utilisation': 'timeseries',
    'Memory Saturation (Major Page Faults)': 'timeseries',
    'Disk Space Used': 'timeseries',
    'Disk I/O Utilisation': 'timeseries',
    'Network Traffic': 'timeseries',
    'Network Errors and Drops': 'timeseries',
  },
  'Infrastructure - Kubernetes Workloads': {
    'Pods Not Ready': 'stat',
    'Container Restarts (1h)': 'timeseries',
    'CPU Usage per Pod': 'timeseries',
    'CPU Throttling': 'timeseries',
    'Memory Working Set per Pod': 'timeseries',
    'PersistentVolumeClaim Usage': 'timeseries',
  },
  // The monitoring stack's own health, beyond the design.
  'Monitoring - Prometheus and Alertmanager': {
    'Rule Group Evaluation Time (% of Interval)': 'timeseries',
    'Rule Evaluation Failures and Missed Iterations': 'timeseries',
    'Samples Ingested per Second': 'timeseries',
    'Head Series': 'timeseries',
    'Scrape Targets Down by Job': 'stat',
    'Config Reload Status': 'stat',
    'Config Reloader Last Reload': 'stat',
    'Remote Write Lag': 'timeseries',
    'Alert Notification Errors': 'timeseries',
    'Notifications by Integration': 'timeseries',
    'Alerts Received by Status': 'timeseries',
    'Alertmanager Cluster Members': 'stat',
  },
  'Monitoring - Logs and Traces Pipeline': {
    'Loki: Lines Received': 'timeseries',
    'Loki: Lines Discarded by Reason': 'timeseries',
    'Loki: 5xx Share by Route': 'timeseries',
    'Alloy: Entries Sent and Dropped': 'timeseries',
    'Alloy: Failed Write Requests': 'timeseries',
    'Jaeger: Spans Accepted and Refused': 'timeseries',
    'Jaeger: Spans Failed to Export': 'timeseries',
  },
};

/** Panels that show an alert's quantity over the alert's own window, by `<uid>/<title>`. */
const FIXED_WINDOWS: Record<string, string> = {
  // PodRestarting counts restarts over 1h.
  'agent-platform-workloads/Container Restarts (1h)': '1h',
};

describe('dashboards', () => {
  test('the design’s dashboards with exactly its panels, in current panel types', () => {
    const actual = Object.fromEntries(files.map((f) => [f.dashboard.title, Object.fromEntries(contentPanels(f.dashboard).map((p) => [p.title, p.type]))]));
    expect(actual).toEqual(DESIGN);
  });

  test('fixed uids, tags, time ranges, refresh and folders', () => {
    expect(
      files.map((f) => ({
        uid: f.dashboard.uid,
        folder: f.folder.name,
        tags: f.dashboard.tags,
        time: f.dashboard.time,
        refresh: f.dashboard.refresh,
        editable: f.dashboard.editable,
      })),
    ).toEqual([
      { uid: 'agent-platform-overview', folder: 'platform', tags: ['agent-platform', 'api', 'overview'], time: { from: 'now-1h', to: 'now' }, refresh: '30s', editable: false },
      { uid: 'agent-platform-executions', folder: 'platform', tags: ['agent-platform', 'agents'], time: { from: 'now-6h', to: 'now' }, refresh: '1m', editable: false },
      { uid: 'agent-platform-slo', folder: 'slo', tags: ['agent-platform', 'slo'], time: { from: 'now-7d', to: 'now' }, refresh: '5m', editable: false },
      { uid: 'agent-platform-logs-traces', folder: 'logs-and-traces', tags: ['agent-platform', 'logs', 'traces'], time: { from: 'now-1h', to: 'now' }, refresh: '1m', editable: false },
      { uid: 'agent-platform-nodes', folder: 'infrastructure', tags: ['agent-platform', 'infrastructure', 'nodes'], time: { from: 'now-6h', to: 'now' }, refresh: '1m', editable: false },
      { uid: 'agent-platform-workloads', folder: 'infrastructure', tags: ['agent-platform', 'infrastructure', 'kubernetes'], time: { from: 'now-6h', to: 'now' }, refresh: '1m', editable: false },
      { uid: 'agent-platform-prometheus', folder: 'monitoring', tags: ['agent-platform', 'monitoring', 'prometheus', 'alertmanager'], time: { from: 'now-6h', to: 'now' }, refresh: '1m', editable: false },
      { uid: 'agent-platform-telemetry-pipeline', folder: 'monitoring', tags: ['agent-platform', 'monitoring', 'logs', 'traces'], time: { from: 'now-6h', to: 'now' }, refresh: '1m', editable: false },
    ]);
  });

  test('every dashboard links to the others through the shared tag, and panel links resolve', () => {
    const uids = new Set(files.map((f) => f.dashboard.uid));
    for (const { dashboard: d } of files) {
      expect(d.links).toEqual([expect.objectContaining({ type: 'dashboards', tags: ['agent-platform'], asDropdown: true, keepTime: true })]);
      for (const p of contentPanels(d)) {
        for (const link of p.links ?? []) expect(uids.has(/^\/d\/([^?]+)/.exec(link.url)?.[1] ?? '')).toBe(true);
      }
    }
    expect(panel('Agent Platform - System Overview', 'Error Rate').links.map((l: any) => l.url)).toEqual(['/d/agent-platform-logs-traces?${__url_time_range}']);
  });

  test('units, decimals and ranges of every panel', () => {
    const units = Object.fromEntries(
      files.flatMap((f) => contentPanels(f.dashboard).map((p) => [p.title, [p.fieldConfig?.defaults?.unit, p.fieldConfig?.defaults?.min, p.fieldConfig?.defaults?.max]])),
    );
    expect(units).toEqual({
      'Request Rate': ['reqps', 0, undefined],
      'Error Rate': ['percent', 0, undefined],
      'Response Time (p95)': ['s', 0, undefined],
      'Active Connections': ['short', undefined, undefined],
      'Executions per Minute': ['opm', 0, undefined],
      'Execution Duration (p50, p95, p99)': ['s', 0, undefined],
      'Token Usage': ['short', 0, undefined],
      'Success Rate': ['percent', 0, 100],
      'Error Budget Remaining': ['percent', 0, 100],
      ...Object.fromEntries(
        ['Availability', 'Latency', 'Error rate', 'Agent success rate'].flatMap((slo) => [
          [`${slo} (30d)`, ['percent', undefined, undefined]],
          [`${slo}: Error Budget Remaining`, ['percent', 0, 100]],
          [`${slo}: Burn Rate`, ['suffix:x', 0, undefined]],
        ]),
      ),
      'Errors by Service': ['short', 0, undefined],
      'Authentication Failures (1h)': ['short', undefined, undefined],
      'All Errors': [undefined, undefined, undefined],
      'Slow Requests (> 1 s)': [undefined, undefined, undefined],
      'Failed Agent Executions': [undefined, undefined, undefined],
      'Recent Traces (API)': [undefined, undefined, undefined],
      'CPU Utilisation': ['percent', 0, 100],
      'CPU Saturation (Load per CPU)': ['short', 0, undefined],
      'Memory Utilisation': ['percent', 0, 100],
      'Memory Saturation (Major Page Faults)': ['suffix: faults/s', 0, undefined],
      'Disk Space Used': ['percent', 0, 100],
      'Disk I/O Utilisation': ['percent', 0, 100],
      'Network Traffic': ['Bps', 0, undefined],
      'Network Errors and Drops': ['pps', 0, undefined],
      'Pods Not Ready': ['short', undefined, undefined],
      'Container Restarts (1h)': ['short', 0, undefined],
      'CPU Usage per Pod': ['short', 0, undefined],
      'CPU Throttling': ['percent', 0, 100],
      'Memory Working Set per Pod': ['bytes', 0, undefined],
      'PersistentVolumeClaim Usage': ['percent', 0, 100],
      'Rule Group Evaluation Time (% of Interval)': ['percent', 0, undefined],
      'Rule Evaluation Failures and Missed Iterations': ['ops', 0, undefined],
      'Samples Ingested per Second': ['cps', 0, undefined],
      'Head Series': ['short', 0, undefined],
      'Scrape Targets Down by Job': ['short', undefined, undefined],
      'Config Reload Status': ['none', undefined, undefined],
      'Config Reloader Last Reload': ['none', undefined, undefined],
      'Remote Write Lag': ['s', 0, undefined],
      'Alert Notification Errors': ['ops', 0, undefined],
      'Notifications by Integration': ['ops', 0, undefined],
      'Alerts Received by Status': ['cps', 0, undefined],
      'Alertmanager Cluster Members': ['short', undefined, undefined],
      'Loki: Lines Received': ['cps', 0, undefined],
      'Loki: Lines Discarded by Reason': ['cps', 0, undefined],
      'Loki: 5xx Share by Route': ['percent', 0, undefined],
      'Alloy: Entries Sent and Dropped': ['cps', 0, undefined],
      'Alloy: Failed Write Requests': ['percent', 0, undefined],
      'Jaeger: Spans Accepted and Refused': ['cps', 0, undefined],
      'Jaeger: Spans Failed to Export': ['cps', 0, undefined],
    });
  });

  test('thresholds live in fieldConfig, ascending, with the design’s and the alerts’ values', () => {
    const steps = (d: string, p: string) => panel(d, p).fieldConfig.defaults.thresholds.steps;
    // The design listed availability as 99.9 green, 99.5 yellow, 0 red; Grafana wants them ascending from a base.
    expect(steps('SLO Dashboard', 'Availability (30d)')).toEqual([
      { value: null, color: 'red' },
      { value: 99.5, color: 'yellow' },
      { value: 99.9, color: 'green' },
    ]);
    expect(steps('Agent Platform - Executions', 'Success Rate')).toEqual([
      { value: null, color: 'red' },
      { value: 95, color: 'green' },
    ]);
    expect(steps('Agent Platform - System Overview', 'Error Rate').map((s: any) => s.value)).toEqual([null, 0.1, 5]);
    expect(steps('Agent Platform - System Overview', 'Response Time (p95)').map((s: any) => s.value)).toEqual([null, 0.5, 2]);
    expect(steps('Agent Platform - Executions', 'Execution Duration (p50, p95, p99)').map((s: any) => s.value)).toEqual([null, 30]);
    for (const { dashboard: d } of files) for (const p of contentPanels(d)) expect(p.thresholds).toBeUndefined();
  });

  test('timeseries panels show a legend and every series has a legend format', () => {
    for (const { dashboard: d } of files) {
      for (const p of contentPanels(d).filter((x) => x.type === 'timeseries')) {
        expect({ title: p.title, showLegend: p.options.legend.showLegend }).toEqual({ title: p.title, showLegend: true });
        for (const t of targetsOf(p)) expect(t.legendFormat).toEqual(expect.any(String));
      }
    }
    const legends = (d: string, p: string) => targetsOf(panel(d, p)).map((t) => t.legendFormat);
    expect(legends('Agent Platform - System Overview', 'Request Rate')).toEqual(['{{method}} {{endpoint}}']);
    expect(legends('Agent Platform - Executions', 'Executions per Minute')).toEqual(['{{status}}']);
    expect(legends('Agent Platform - Executions', 'Execution Duration (p50, p95, p99)')).toEqual(['p50', 'p95', 'p99']);
    expect(legends('Agent Platform - Executions', 'Token Usage')).toEqual(['{{model}}']);
    expect(legends('Agent Platform - System Overview', 'Active Connections')).toEqual(['DB', 'Redis']);
  });

  test('PromQL: every API metric is scoped to job="api", every rate outside the SLO windows uses $__rate_interval', () => {
    const names = Object.values(METRICS).map((m) => m.name);
    for (const { dashboard: d } of files) {
      for (const p of contentPanels(d)) {
        for (const t of targetsOf(p).filter((x) => x.datasource?.uid === DATASOURCES.prometheus.uid)) {
          const expr = String(t.expr);
          for (const selector of expr.match(/[a-z_]+(?:_bucket)?\{[^}]*\}/g) ?? []) {
            const metric = selector.slice(0, selector.indexOf('{')).replace(/_bucket$/, '');
            if (names.includes(metric) || metric === 'up') expect({ selector, scoped: selector.includes('job="api"') }).toEqual({ selector, scoped: true });
          }
          // Ranges outside string literals: a regex matcher may hold a character class.
          const ranges = [...expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]);
          const window = d.uid === 'agent-platform-slo' ? '30d' : (FIXED_WINDOWS[`${d.uid}/${p.title}`] ?? '$__rate_interval');
          for (const range of ranges) expect({ panel: p.title, range }).toEqual({ panel: p.title, range: window });
          expect(promqlError(substituteVariables(expr))).toBeUndefined();
        }
      }
    }
  });

  test('histogram quantiles sum buckets by le, and latency panels carry exemplars to traces', () => {
    const quantileTargets = files.flatMap((f) => contentPanels(f.dashboard).flatMap((p) => targetsOf(p))).filter((t) => String(t.expr).includes('histogram_quantile'));
    expect(quantileTargets).toHaveLength(4);
    for (const t of quantileTargets) {
      expect(String(t.expr)).toMatch(/^histogram_quantile\(0\.\d+, sum by \(le\) \(rate\(/);
      expect(t.exemplar).toBe(true);
    }
  });

  test('the error budget is remaining budget in percent: 100 × (1 − error ratio / budget), from the recorded 30-day ratios', () => {
    expect(targetsOf(panel('SLO Dashboard', 'Error Budget Remaining')).map((t) => [t.legendFormat, t.expr])).toEqual([
      ['Availability', '100 * (1 - slo:sli_error:ratio_rate30d{slo="api-availability"} / 0.001)'],
      ['Latency', '100 * (1 - slo:sli_error:ratio_rate30d{slo="api-latency"} / 0.05)'],
      ['Error rate', '100 * (1 - slo:sli_error:ratio_rate30d{slo="api-errors"} / 0.001)'],
      ['Agent success rate', '100 * (1 - slo:sli_error:ratio_rate30d{slo="agent-success"} / 0.05)'],
    ]);
    expect(targetsOf(panel('SLO Dashboard', 'Latency: Burn Rate')).map((t) => [t.legendFormat, t.expr])).toEqual(
      ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w) => [w, `slo:sli_error:ratio_rate${w}{slo="api-latency"} / 0.05`]),
    );
    expect(panel('SLO Dashboard', 'Latency: Burn Rate').fieldConfig.defaults.thresholds.steps).toEqual([
      { value: null, color: 'green' },
      { value: 1, color: 'orange' },
      { value: 3, color: 'orange' },
      { value: 6, color: 'red' },
      { value: 14.4, color: 'red' },
    ]);
  });
});

describe('every dashboard', () => {
  test('panel titles are unique within a dashboard (alerts name their panel by title)', () => {
    for (const { dashboard: d } of files) {
      const titles = contentPanels(d).map((p) => p.title);
      expect({ dashboard: d.uid, duplicates: titles.filter((t, i) => titles.indexOf(t) !== i) }).toEqual({ dashboard: d.uid, duplicates: [] });
    }
  });

  test('every panel has a description; every panel of numbers a unit and decimals', () => {
    for (const { dashboard: d } of files) {
      for (const p of contentPanels(d)) {
        expect({ panel: p.title, description: typeof p.description === 'string' && p.description.length > 20 }).toEqual({ panel: p.title, description: true });
        if (['logs', 'table'].includes(p.type)) continue;
        const defaults = p.fieldConfig?.defaults ?? {};
        expect({ panel: p.title, unit: typeof defaults.unit, decimals: typeof defaults.decimals }).toEqual({ panel: p.title, unit: 'string', decimals: 'number' });
      }
    }
  });
});

describe('infrastructure dashboards', () => {
  const nodes = byTitle('Infrastructure - Node Resources');
  const workloads = byTitle('Infrastructure - Kubernetes Workloads');
  /** Every `metric{matchers}` selector of a dashboard's queries, with the panel it is in. */
  const selectors = (d: dashboard.Dashboard) =>
    contentPanels(d).flatMap((p) =>
      targetsOf(p).flatMap((t) => [...String(t.expr).matchAll(/([a-zA-Z_:][\w:]*)\{([^}]*)\}/g)].map((m) => ({ panel: p.title, metric: m[1], matchers: m[2] }))),
    );

  test('in the infrastructure folder, with the fixed uids', () => {
    expect(files.filter((f) => f.folder === FOLDERS.infrastructure).map((f) => [f.dashboard.uid, f.dashboard.title])).toEqual([
      [DASHBOARD_UIDS.nodeResources, 'Infrastructure - Node Resources'],
      [DASHBOARD_UIDS.kubernetesWorkloads, 'Infrastructure - Kubernetes Workloads'],
    ]);
  });

  test('Node Resources: every query selects node-exporter’s job and the selected nodes', () => {
    const found = selectors(nodes);
    expect(found.length).toBeGreaterThanOrEqual(12);
    for (const s of found) {
      expect({ ...s, job: s.matchers.includes(`job="${COMPONENTS.nodeExporter.scrape.job}"`), node: s.matchers.includes('node=~"$node"') }).toEqual({ ...s, job: true, node: true });
    }
  });

  test('Kubernetes Workloads: cAdvisor’s job and real containers, kube-state-metrics’ job, the recorded series, the selected namespaces', () => {
    const found = selectors(workloads);
    const records: string[] = Object.values(KUBERNETES_RECORDS);
    expect(new Set(found.map((s) => s.metric))).toEqual(
      new Set([
        'container_cpu_usage_seconds_total',
        'container_memory_working_set_bytes',
        'kube_pod_container_resource_requests',
        'kube_pod_container_resource_limits',
        'kube_pod_container_status_restarts_total',
        'kube_pod_status_phase',
        'kube_pod_status_ready',
        ...records,
      ]),
    );
    for (const s of found) {
      const required = s.metric.startsWith('container_')
        ? [`job="${KUBELET_JOBS.cadvisor}"`, 'container!=""']
        : s.metric.startsWith('kube_')
          ? [`job="${COMPONENTS.kubeStateMetrics.scrape.job}"`]
          : // The recording rules select cAdvisor's and the kubelet's jobs themselves.
            [];
      expect({ ...s, missing: [...required, 'namespace=~"$namespace"'].filter((m) => !s.matchers.includes(m)) }).toEqual({ ...s, missing: [] });
    }
  });

  test('one variable each, several values or All, where All is .*', () => {
    const variables = (d: dashboard.Dashboard) =>
      (d.templating?.list ?? []).map((v) => ({ name: v.name, query: v.query, multi: v.multi, includeAll: v.includeAll, allValue: v.allValue, current: v.current?.value }));
    expect(variables(nodes)).toEqual([
      { name: 'node', query: 'label_values(node_uname_info{job="node-exporter"}, node)', multi: true, includeAll: true, allValue: '.*', current: '$__all' },
    ]);
    expect(variables(workloads)).toEqual([
      { name: 'namespace', query: 'label_values(kube_pod_info{job="kube-state-metrics"}, namespace)', multi: true, includeAll: true, allValue: '.*', current: '$__all' },
    ]);
  });

  test('disk space leaves out the filesystems LowDiskSpace leaves out', () => {
    const lowDisk = compiled.ruleGroups.flatMap((g) => g.file.groups.flatMap((fg) => fg.rules)).find((r) => r.alert === 'LowDiskSpace')!;
    expect(lowDisk.expr).toContain(`fstype!~"${VIRTUAL_FILESYSTEMS}"`);
    expect(String(targetsOf(panel('Infrastructure - Node Resources', 'Disk Space Used'))[0].expr)).toContain(`fstype!~"${VIRTUAL_FILESYSTEMS}"`);
  });

  test('the alerts’ thresholds are drawn: CPU 80 %, memory 85 %, disk 85 % used (15 % free), 3 restarts', () => {
    const steps = (d: string, p: string) => panel(d, p).fieldConfig.defaults.thresholds.steps.map((s: any) => s.value);
    expect(steps('Infrastructure - Node Resources', 'CPU Utilisation')).toEqual([null, 80]);
    expect(steps('Infrastructure - Node Resources', 'Memory Utilisation')).toEqual([null, 85]);
    expect(steps('Infrastructure - Node Resources', 'Disk Space Used')).toEqual([null, 85]);
    expect(steps('Infrastructure - Kubernetes Workloads', 'Container Restarts (1h)')).toEqual([null, 3]);
    expect(panel('Infrastructure - Node Resources', 'Disk Space Used').description).toContain('85 % used, where LowDiskSpace alerts (15 % free)');
  });
});

describe('dashboard variables', () => {
  const nodes = byTitle('Infrastructure - Node Resources');

  test('"All" stands for the custom all value, a selected value for itself regex-escaped, several for (a|b)', () => {
    expect(variableValues(nodes).node).toBe('.*');
    expect(variableValues(nodes, { node: 'ip-10-0-1-7.ec2.internal' }).node).toBe('ip-10-0-1-7\\\\.ec2\\\\.internal');
    expect(variableValues(nodes, { node: ['node-a', 'node-b'] }).node).toBe('(node-a|node-b)');
    expect(variableValues(nodes).__rate_interval).toBe('2m');
    expect(substituteVariables('rate(x{node=~"$node"}[$__rate_interval]) + y{node=~"${node}"}', variableValues(nodes, { node: 'n.1' }))).toBe(
      'rate(x{node=~"n\\\\.1"}[2m]) + y{node=~"n\\\\.1"}',
    );
    expect(() => variableValues(nodes, { namespace: 'x' })).toThrow('no variable "namespace" to select a value for. Its variables: node.');
  });

  test('validation fails when a variable offers All without saying what All stands for', () => {
    const variable = new dashboard.QueryVariableBuilder('pod').query('label_values(up, pod)').multi(true).includeAll(true);
    const model = buildDashboard(new dashboard.DashboardBuilder('Pods').uid('pods').withVariable(variable));
    expect(() => validateDashboards([...files, { folder: FOLDERS.platform, dashboard: model }], Object.values(DATASOURCES))).toThrow(
      'dashboard "Pods" (uid "pods"), variable "pod": includeAll is set without allValue. Set allValue to what "All" stands for in the queries, e.g. ".*" for a label matched with =~.',
    );
    const twice = buildDashboard(new dashboard.DashboardBuilder('Pods').uid('pods').withVariable(variable.allValue('.*')).withVariable(variable));
    expect(() => validateDashboards([...files, { folder: FOLDERS.platform, dashboard: twice }], Object.values(DATASOURCES))).toThrow(
      'dashboard "Pods" (uid "pods"): two variables are named "pod". Give each variable its own name.',
    );
  });
});

describe('the monitoring stack’s dashboards', () => {
  const MONITORING = ['Monitoring - Prometheus and Alertmanager', 'Monitoring - Logs and Traces Pipeline'];
  const expr = (d: string, p: string, refId = 'A') => String(targetsOf(panel(d, p)).find((t) => t.refId === refId)!.expr);
  /** The job each metric family's exporter is scraped under. */
  const JOB_OF: readonly (readonly [RegExp, string])[] = [
    [/^prometheus_/, COMPONENTS.prometheus.scrape.job],
    [/^alertmanager_/, COMPONENTS.alertmanager.scrape.job],
    [/^reloader_/, CONFIG_RELOADER_JOB],
    [/^loki_write_/, COMPONENTS.alloy.scrape.job],
    [/^loki_/, COMPONENTS.loki.scrape.job],
    [/^otelcol_/, COMPONENTS.jaeger.scrape.job],
  ];

  test('in the monitoring folder, every panel with a description, a unit and decimals', () => {
    for (const title of MONITORING) {
      expect(files.find((f) => f.dashboard.title === title)!.folder).toBe(FOLDERS.monitoring);
      for (const p of contentPanels(byTitle(title))) {
        expect({ title: p.title, description: typeof p.description === 'string' && p.description.length > 20, unit: typeof p.fieldConfig?.defaults?.unit, decimals: typeof p.fieldConfig?.defaults?.decimals }).toEqual({
          title: p.title,
          description: true,
          unit: 'string',
          decimals: 'number',
        });
      }
    }
  });

  test('every selector picks its exporter’s scrape job; only the targets panel reads up of every job', () => {
    for (const title of MONITORING) {
      for (const p of contentPanels(byTitle(title))) {
        for (const t of targetsOf(p)) {
          const selectors = String(t.expr).match(/[a-z_]+\{[^}]*\}/g) ?? [];
          if (p.title === 'Scrape Targets Down by Job') {
            expect(selectors).toEqual([]);
            continue;
          }
          expect(selectors.length).toBeGreaterThan(0);
          for (const selector of selectors) {
            const metric = selector.slice(0, selector.indexOf('{'));
            const job = JOB_OF.find(([prefix]) => prefix.test(metric))?.[1];
            expect({ selector, job: /job="([^"]+)"/.exec(selector)?.[1] }).toEqual({ selector, job });
          }
        }
      }
    }
    expect(expr('Monitoring - Prometheus and Alertmanager', 'Scrape Targets Down by Job')).toBe('sum by (job) (up == bool 0)');
    expect(expr('Monitoring - Prometheus and Alertmanager', 'Config Reloader Last Reload')).toBe(`min by (pod) (reloader_last_reload_successful{job="${CONFIG_RELOADER_JOB}"})`);
  });

  test('ratios sum numerator and denominator before dividing, and fall back to 0 without errors', () => {
    const pipeline = 'Monitoring - Logs and Traces Pipeline';
    const loki = 'loki_request_duration_seconds_count{job="loki"}';
    expect(expr(pipeline, 'Loki: 5xx Share by Route')).toBe(
      `100 * (sum by (route) (rate(${loki.replace('"}', '",status_code=~"5.."}')}[$__rate_interval])) or 0 * sum by (route) (rate(${loki}[$__rate_interval]))) / (sum by (route) (rate(${loki}[$__rate_interval])) > 0)`,
    );
    const alloy = 'loki_write_request_duration_seconds_count{job="alloy"}';
    expect(expr(pipeline, 'Alloy: Failed Write Requests')).toBe(
      `100 * (sum(rate(${alloy.replace('"}', '",status_code!~"2.."}')}[$__rate_interval])) or vector(0)) / sum(rate(${alloy}[$__rate_interval]))`,
    );
    expect(expr('Monitoring - Prometheus and Alertmanager', 'Rule Group Evaluation Time (% of Interval)')).toBe(
      '100 * max by (rule_group) (prometheus_rule_group_last_duration_seconds{job="prometheus"}) / max by (rule_group) (prometheus_rule_group_interval_seconds{job="prometheus"})',
    );
    expect(expr('Monitoring - Prometheus and Alertmanager', 'Remote Write Lag')).toBe(
      'max by (remote_name, url) (prometheus_remote_storage_highest_timestamp_in_seconds{job="prometheus"} - ignoring (remote_name, url) group_right () prometheus_remote_storage_queue_highest_sent_timestamp_seconds{job="prometheus"})',
    );
  });

  test('cluster members turn red below the environment’s Alertmanager replicas; one replica has no cluster', () => {
    const steps = (env: 'dev' | 'prod') =>
      (panelsOf(platformDashboards(compileEnvironment(configFor(env))).find((f) => f.dashboard.title === MONITORING[0])!.dashboard).find((p) => p.title === 'Alertmanager Cluster Members') as any)
        .fieldConfig.defaults.thresholds.steps;
    expect(configFor('prod').alertmanager.replicas).toBe(3);
    expect(steps('prod')).toEqual([
      { value: null, color: 'red' },
      { value: 3, color: 'green' },
    ]);
    expect(steps('dev')).toEqual([{ value: null, color: 'green' }]);
  });
});

describe('LogQL', () => {
  const stream = '{namespace="agent-platform", app="agent-platform"}';
  const logql = (title: string) => String(targetsOf(panel('Logs and Traces', title))[0].expr);

  test('the design’s queries, corrected, select only on labels the log shipper sets', () => {
    expect({
      all: logql('All Errors'),
      byService: logql('Errors by Service'),
      slow: logql('Slow Requests (> 1 s)'),
      failed: logql('Failed Agent Executions'),
      auth: logql('Authentication Failures (1h)'),
    }).toEqual({
      all: `${stream} |~ "error|critical" | json | level=~"error|critical"`,
      // The design grouped by a `service` label that no stream has; the API's services are the `component` field.
      byService: `sum by (component) (rate(${stream} |~ "error|critical" | json | level=~"error|critical" [$__auto]))`,
      slow: `${stream} |= "duration_ms" | json | duration_ms > 1000 | __error__=""`,
      // The design's `component` stream label does not exist: the JSON field is filtered instead.
      failed: `${stream} |= "execution failed" | json | component="agent_service"`,
      auth: `sum(count_over_time(${stream} |= "Login failed" [1h]))`,
    });
  });

  test('every LogQL query parses; the design’s authentication query does not', () => {
    const queries = files.flatMap((f) => contentPanels(f.dashboard).flatMap((p) => targetsOf(p))).filter((t) => t.datasource?.uid === DATASOURCES.loki.uid);
    expect(queries).toHaveLength(5);
    for (const t of queries) expect(logqlError(substituteVariables(String(t.expr)))).toBeUndefined();
    expect(logqlError('{app="agent-platform"} |= "Login failed" | json | count_over_time([1h])')).toMatch(/LogQL syntax error/);
  });

  test('stream selectors use only the shipper’s stream labels', () => {
    const used = new Set<string>();
    for (const f of files) {
      for (const t of contentPanels(f.dashboard).flatMap((p) => targetsOf(p))) {
        if (t.datasource?.uid !== DATASOURCES.loki.uid) continue;
        for (const selector of String(t.expr).match(/\{[^{}]*\}/g) ?? []) for (const m of selector.matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)) used.add(m[1]);
      }
    }
    expect([...used].sort()).toEqual(['app', 'namespace']);
    expect([...used].every((label) => label in STREAM_LABELS)).toBe(true);
  });

  test('the traces panel searches the API’s service in Jaeger', () => {
    expect(targetsOf(panel('Logs and Traces', 'Recent Traces (API)'))).toEqual([
      expect.objectContaining({ refId: 'A', datasource: { type: 'jaeger', uid: 'jaeger' }, queryType: 'search', service: 'agent-platform-api', limit: 20 }),
    ]);
  });

  test('queries follow the environment’s platform namespace', () => {
    const other = { ...config, namespaces: { ...config.namespaces, platform: 'agents-qa' } };
    const [query] = targetsOf(panelsOf(platformDashboards({ ...compiled, config: other })[3].dashboard).find((p) => p.title === 'All Errors')!);
    expect(String(query.expr).startsWith('{namespace="agents-qa", app="agent-platform"}')).toBe(true);
  });
});

describe('the SLO dashboard takes its objectives from the SLOs', () => {
  const search: Slo = {
    name: 'search-latency',
    title: 'Search latency',
    description: 'Share of searches answered within 1 s.',
    objective: 99,
    sli: { kind: 'good-ratio', good: 'search_duration_seconds_bucket{job="search",le="1"}', total: 'search_duration_seconds_count{job="search"}' },
  };

  test('by default one row per SLO of the environment, after the budgets of all', () => {
    const rows = panelsOf(byTitle('SLO Dashboard')).filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows).toEqual([
      'All objectives',
      'Availability (objective 99.9 % over 30d)',
      'Latency (objective 95 % over 30d)',
      'Error rate (objective 99.9 % over 30d)',
      'Agent success rate (objective 95 % over 30d)',
    ]);
  });

  test('given objectives: one row each with its SLI next to the objective, its remaining budget and its burn rate', () => {
    const d = sloDashboard(config, { objectives: [search] }).dashboard;
    expect(panelsOf(d).map((p) => [p.type, p.title])).toEqual([
      ['row', 'All objectives'],
      ['gauge', 'Error Budget Remaining'],
      ['row', 'Search latency (objective 99 % over 30d)'],
      ['stat', 'Search latency (30d)'],
      ['gauge', 'Search latency: Error Budget Remaining'],
      ['timeseries', 'Search latency: Burn Rate'],
    ]);
    expect(targetsOf(panelsOf(d)[3]).map((t) => [t.legendFormat, t.expr])).toEqual([
      ['SLI', '100 * (1 - slo:sli_error:ratio_rate30d{slo="search-latency"})'],
      ['Objective', 'vector(99)'],
    ]);
    // 99 % leaves a 1 % budget.
    expect(targetsOf(panelsOf(d)[4])[0].expr).toBe('100 * (1 - slo:sli_error:ratio_rate30d{slo="search-latency"} / 0.01)');
    // Through the platform's set, so the extended dashboard passes every check with the others.
    const extended = platformDashboards({ ...compiled, slos: [search] });
    validateDashboards(extended, Object.values(DATASOURCES));
    expect(panelsOf(extended[2].dashboard).map((p) => p.title)).toEqual(panelsOf(d).map((p) => p.title));
  });

  test('fails when an objective is not a percentage below 100', () => {
    expect(() => sloDashboard(config, { objectives: [{ ...search, objective: 100 }] })).toThrow(
      'SLO "search-latency": objective 100 is outside (0, 100). Give the target in percent, e.g. 99.9.',
    );
    expect(() => sloDashboard(config, { objectives: [{ ...search, warningLevel: 99.5 }] })).toThrow(
      'SLO "search-latency": warningLevel 99.5 must be above 0 and below the objective 99. Lower it or leave it out.',
    );
  });
});

describe('validation', () => {
  /** A one-panel dashboard; `edit` changes the panel or the dashboard before it is checked. */
  function single(panelBuilder: timeseries.PanelBuilder, uid = 'test-dashboard', title = 'Test Dashboard'): DashboardFile {
    return { folder: FOLDERS.platform, dashboard: buildDashboard(new dashboard.DashboardBuilder(title).uid(uid).withPanel(panelBuilder)) };
  }
  const check = (...list: DashboardFile[]) => () => validateDashboards([...files, ...list], Object.values(DATASOURCES));

  test('the platform dashboards pass', () => {
    expect(check()).not.toThrow();
  });

  test('fails when a PromQL expression does not parse', () => {
    const bad = single(new timeseries.PanelBuilder().title('Broken Rate').datasource(DATASOURCES.prometheus).withTarget(promRange('sum(rate(http_requests_total[$__rate_interval])', 'x')));
    expect(check(bad)).toThrow(
      'dashboard "Test Dashboard" (uid "test-dashboard"), panel "Broken Rate" (id 1), targets[0] (refId A): expr "sum(rate(http_requests_total[$__rate_interval])" does not parse: PromQL syntax error',
    );
    expect(check(bad)).toThrow('Fix the expression (Grafana variables $__rate_interval, $__interval, $__auto, $__range are replaced by durations before parsing).');
  });

  test('fails when a LogQL expression does not parse (the design’s authentication query)', () => {
    const bad = single(
      new timeseries.PanelBuilder()
        .title('Logins')
        .datasource(DATASOURCES.loki)
        .withTarget(lokiQuery('{app="agent-platform"} |= "Login failed" | json | count_over_time([1h])')),
    );
    expect(check(bad)).toThrow(
      'dashboard "Test Dashboard" (uid "test-dashboard"), panel "Logins" (id 1), targets[0] (refId A): expr "{app=\\"agent-platform\\"} |= \\"Login failed\\" | json | count_over_time([1h])" does not parse: LogQL syntax error',
    );
  });

  test('fails when a Grafana variable is misspelt', () => {
    const bad = single(new timeseries.PanelBuilder().title('Typo').datasource(DATASOURCES.prometheus).withTarget(promRange('rate(up[$__rate_intreval])', 'x')));
    expect(check(bad)).toThrow('panel "Typo" (id 1), targets[0] (refId A): expr "rate(up[$__rate_intreval])" does not parse');
  });

  test('fails when a query names a datasource uid that is not provisioned', () => {
    const bad = single(
      new timeseries.PanelBuilder().title('Lost').withTarget(promRange('up', 'x').datasource({ type: 'prometheus', uid: 'promethues' })),
    );
    expect(check(bad)).toThrow(
      'dashboard "Test Dashboard" (uid "test-dashboard"), panel "Lost" (id 1), targets[0] (refId A): datasource.uid "promethues" is not a provisioned datasource. ' +
        'Use one of prometheus, loki, jaeger, alertmanager, referenced through DATASOURCES in dashboards/datasources.ts.',
    );
  });

  test('fails when a datasource reference has the wrong type', () => {
    const bad = single(new timeseries.PanelBuilder().title('Mixed').withTarget(promRange('up', 'x').datasource({ type: 'loki', uid: 'prometheus' })));
    expect(check(bad)).toThrow('panel "Mixed" (id 1), targets[0] (refId A): datasource.type "loki" does not match datasource "prometheus", which is of type "prometheus".');
  });

  test('fails when two dashboards share a uid', () => {
    const copy = single(new timeseries.PanelBuilder().title('Copy').datasource(DATASOURCES.prometheus).withTarget(promRange('up', 'x')), 'agent-platform-slo', 'SLO Copy');
    expect(check(copy)).toThrow('dashboards "SLO Dashboard" and "SLO Copy" both have uid "agent-platform-slo". Give each dashboard its own uid in DASHBOARD_UIDS.');
  });

  test('fails when a uid is not a valid Grafana uid', () => {
    const bad = single(new timeseries.PanelBuilder().title('x').datasource(DATASOURCES.prometheus).withTarget(promRange('up', 'x')), 'not a uid!', 'Bad Uid');
    expect(check(bad)).toThrow('dashboard "Bad Uid" (uid "not a uid!"): uid "not a uid!" is not a valid dashboard uid. Use 1 to 40 letters, digits, "-" or "_", fixed in DASHBOARD_UIDS.');
  });

  test('fails when two panels share an id', () => {
    const model = buildDashboard(
      new dashboard.DashboardBuilder('Twins')
        .uid('twins')
        .withPanel(new timeseries.PanelBuilder().id(7).title('First').datasource(DATASOURCES.prometheus).withTarget(promRange('up', 'x')))
        .withPanel(new timeseries.PanelBuilder().id(7).title('Second').datasource(DATASOURCES.prometheus).withTarget(promRange('up', 'x'))),
    );
    expect(check({ folder: FOLDERS.platform, dashboard: model })).toThrow(
      'dashboard "Twins" (uid "twins"): panels "First" and "Second" both have id 7. Give each panel its own id, or leave the id unset so that one is assigned.',
    );
  });

  test('fails when a link points at a dashboard that does not exist', () => {
    const bad = single(
      new timeseries.PanelBuilder()
        .title('Linked')
        .datasource(DATASOURCES.prometheus)
        .links([new dashboard.DashboardLinkBuilder('Gone').url('/d/no-such-dashboard')])
        .withTarget(promRange('up', 'x')),
    );
    expect(check(bad)).toThrow('panel "Linked" (id 1), links[0] ("Gone"): url "/d/no-such-dashboard" points at dashboard uid "no-such-dashboard", which no provisioned dashboard has.');
  });

  test('fails when thresholds are not ascending, naming the dashboard, the panel and the step', () => {
    const bad = single(new timeseries.PanelBuilder().title('Latency').datasource(DATASOURCES.prometheus).thresholds(thresholds('green', [5, 'red'], [0.1, 'yellow'])).withTarget(promRange('up', 'x')));
    expect(check(bad)).toThrow(
      'dashboard "Test Dashboard" (uid "test-dashboard"), panel "Latency" (id 1): fieldConfig.defaults.thresholds.steps[2].value 0.1 does not rise above steps[1].value 5. ' +
        'List the steps in ascending order of value, as Grafana evaluates them: with thresholds() of dashboards/common.ts, the [value, colour] pairs lowest first.',
    );
    const equal = single(new timeseries.PanelBuilder().title('Equal').datasource(DATASOURCES.prometheus).thresholds(thresholds('green', [1, 'yellow'], [1, 'red'])).withTarget(promRange('up', 'x')));
    expect(check(equal)).toThrow('panel "Equal" (id 1): fieldConfig.defaults.thresholds.steps[2].value 1 does not rise above steps[1].value 1.');
  });

  test('ids are assigned in layout order and explicit ids are kept', () => {
    const model = buildDashboard(
      new dashboard.DashboardBuilder('Ids')
        .uid('ids')
        .withRow(new dashboard.RowBuilder('Row'))
        .withPanel(new timeseries.PanelBuilder().id(2).title('Explicit'))
        .withPanel(new timeseries.PanelBuilder().title('Assigned')),
    );
    expect(panelsOf(model).map((p) => [p.title, p.id])).toEqual([
      ['Row', 1],
      ['Explicit', 2],
      ['Assigned', 3],
    ]);
  });
});

describe('generated JSON', () => {
  test.each(files.map((f) => [f.dashboard.uid, f] as const))('%s matches its snapshot', (_uid, file) => {
    expect(JSON.parse(dashboardJson(file.dashboard))).toMatchSnapshot();
  });

  test('dashboards are pure functions of the environment: same config, same JSON', () => {
    for (const env of ENVIRONMENT_NAMES) {
      const once = compileEnvironment(configFor(env)).dashboards.map((f) => dashboardJson(f.dashboard));
      const twice = compileEnvironment(configFor(env)).dashboards.map((f) => dashboardJson(f.dashboard));
      expect(twice).toEqual(once);
    }
  });
});
