/**
 * `node scripts/resources.js [nodes]`: the CPU and memory each environment requests (bundled by
 * scripts/resources.js). DaemonSets count once per node; `nodes` defaults to 1, a laptop cluster.
 */
import { App } from 'cdk8s';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileEnvironment, ENVIRONMENTS, resolveEnvironment } from '../config';
import { ObservabilityStack } from '../constructs/stack';
import { formatRequests, requestTotals, totalOn } from '../lib/resource-totals';

export function resourceReport(nodes: number): string[] {
  return ENVIRONMENTS.map((definition) => {
    const config = resolveEnvironment(definition);
    const app = new App({ outdir: path.join(os.tmpdir(), 'unused') });
    new ObservabilityStack(app, { environment: compileEnvironment(config) });
    const totals = requestTotals(app.charts.flatMap((chart) => chart.toJson()));
    return (
      `${config.name.padEnd(8)} workloads ${formatRequests(totals.workloads).padEnd(22)} ` +
      `per node ${formatRequests(totals.perNode).padEnd(20)} total on ${nodes} node${nodes === 1 ? '' : 's'}: ${formatRequests(totalOn(totals, nodes))}`
    );
  });
}
