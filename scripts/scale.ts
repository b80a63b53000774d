/**
 * Generated definitions for `npm run bench` (bundled by scripts/bench.js): prod synthesised with
 * many extra alert rules and dashboards, to see how synth time grows with the size of the
 * definitions. The generated rules and dashboards pass the same validation as the real ones.
 */
import { App } from 'cdk8s';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileEnvironment, ENVIRONMENTS, resolveEnvironment } from '../config';
import { ObservabilityStack } from '../constructs/stack';
import { buildDashboard, defaultDashboard, defaultTimeseries, promRange, rate, type DashboardFile, type Folder } from '../dashboards';
import { COUNT, type RuleGroup } from '../rules';

/** Rules per generated group: teams usually keep a handful of alerts per group. */
const RULES_PER_GROUP = 10;
const PANELS_PER_DASHBOARD = 12;
const FOLDER: Folder = { name: 'generated', title: 'Generated', uid: 'generated' };

export function generatedAlertGroups(count: number): RuleGroup[] {
  const groups: RuleGroup[] = [];
  for (let start = 0; start < count; start += RULES_PER_GROUP) {
    const g = groups.length;
    groups.push({
      name: `generated-alerts-${g}`,
      rules: Array.from({ length: Math.min(RULES_PER_GROUP, count - start) }, (_, i) => ({
        alert: `GeneratedQueueBacklog${g}x${i}`,
        expr: (threshold: number) => `sum by (namespace) (generated_queue_depth{job="api",queue="q${g}-${i}"}) > ${threshold}`,
        threshold: 100 + i,
        thresholdRange: COUNT,
        for: '10m',
        severity: i % 2 === 0 ? ('warning' as const) : ('info' as const),
        summary: `Queue q${g}-${i} is backing up in {{ $labels.namespace }}`,
        description: `{{ $value }} items waiting in q${g}-${i}, more than ${100 + i} for 10 minutes.`,
      })),
    });
  }
  return groups;
}

export function generatedDashboards(count: number): DashboardFile[] {
  return Array.from({ length: count }, (_, d) => {
    let builder = defaultDashboard(`Generated ${d}`, {
      uid: `generated-${d}`,
      tags: ['generated'],
      from: 'now-6h',
      refresh: '1m',
      description: `Generated dashboard ${d}.`,
    }).withRow(new dashboard.RowBuilder('Queues'));
    for (let p = 0; p < PANELS_PER_DASHBOARD; p++) {
      builder = builder.withPanel(
        defaultTimeseries(`Queue ${d}-${p}`, 'reqps').withTarget(
          promRange(`sum by (endpoint) (${rate(`generated_requests_total{job="api",queue="q${d}-${p}"}`)})`, '{{endpoint}}'),
        ),
      );
    }
    return { folder: FOLDER, dashboard: buildDashboard(builder) };
  });
}

export interface ScaleResult {
  /** Wall time of building and synthesising prod, in milliseconds. */
  readonly ms: number;
  /** Largest object written, in bytes of JSON. */
  readonly largestConfigMapBytes: number;
  readonly configMaps: number;
}

/** Synthesises prod with `rules` extra alert rules and `dashboards` extra dashboards into a temp folder. */
export function synthProd(rules: number, dashboards: number): ScaleResult {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  try {
    const start = process.hrtime.bigint();
    const prod = resolveEnvironment(ENVIRONMENTS.find((env) => env.name === 'prod')!);
    const config = { ...prod, grafana: { ...prod.grafana, extraDashboards: generatedDashboards(dashboards) } };
    const app = new App({ outdir });
    new ObservabilityStack(app, { environment: compileEnvironment(config, { ruleGroups: generatedAlertGroups(rules) }) });
    app.synth();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const configMaps = app.charts.flatMap((chart) => chart.toJson()).filter((o: { kind: string }) => o.kind === 'ConfigMap');
    return { ms, configMaps: configMaps.length, largestConfigMapBytes: Math.max(...configMaps.map((o) => Buffer.byteLength(JSON.stringify(o)))) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
