/**
 * `node scripts/resources.js [nodes]`: the CPU and memory each environment requests (bundled by
 * scripts/resources.js). DaemonSets count once per node; `nodes` defaults to 1, a laptop cluster.
 */
import { App } from 'cdk8s';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileEnvironment, ENVIRONMENTS, resolveEnvironment } from '../config';
import { ObservabilityStack } from '../constructs/stack';
import { formatRequests, requestTotals, totalOn, type RequestTotals } from '../lib/resource-totals';

/** What every configured environment requests, by environment name. */
export function environmentRequests(): { name: string; totals: RequestTotals }[] {
  return ENVIRONMENTS.map((definition) => {
    const config = resolveEnvironment(definition);
    const app = new App({ outdir: path.join(os.tmpdir(), 'unused') });
    new ObservabilityStack(app, { environment: compileEnvironment(config) });
    return { name: config.name, totals: requestTotals(app.charts.flatMap((chart) => chart.toJson())) };
  });
}

/** docs/resources.md: the table of requests per environment, regenerated with the docs. */
export function resourcesMarkdown(generated: string): string {
  return [
    generated,
    '# Requests per environment',
    '',
    'CPU and memory each environment requests (`npm run resources [nodes]` prints the same for more nodes).',
    'DaemonSets count once per node.',
    '',
    '| | workloads | per node | total on one node |',
    '|---|---|---|---|',
    ...environmentRequests().map(({ name, totals }) => `| ${name} | ${formatRequests(totals.workloads)} | ${formatRequests(totals.perNode)} | ${formatRequests(totalOn(totals, 1))} |`),
    '',
  ].join('\n');
}

export function resourceReport(nodes: number): string[] {
  return environmentRequests().map(({ name, totals }) => {
    return (
      `${name.padEnd(8)} workloads ${formatRequests(totals.workloads).padEnd(22)} ` +
      `per node ${formatRequests(totals.perNode).padEnd(20)} total on ${nodes} node${nodes === 1 ? '' : 's'}: ${formatRequests(totalOn(totals, nodes))}`
    );
  });
}
