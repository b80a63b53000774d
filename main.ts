/**
 * The cdk8s app: picks the environments (all, or those named on the command line), builds one
 * stack per environment, and synthesises each into its own folder.
 */
import { App } from 'cdk8s';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileEnvironment, ENVIRONMENTS, resolveEnvironment, selectEnvironments, type EnvironmentDefinition } from './config';
import { ObservabilityStack } from './constructs/stack';
import { toYaml } from './lib/yaml';

export const KUSTOMIZATION_FILE = 'Kustomization';

export { ENVIRONMENTS };
// npm run synth regenerates the docs that depend on the environments along with dist/.
export { renderDocs } from './scripts/docs';

/**
 * Builds and synthesises every selected environment into `<outdir>/<env>/`.
 * @param known the environments to pick from; scripts/synth.js passes a fixture list here in tests
 */
export function synthesize(outdir: string, names: readonly string[] = [], known: readonly EnvironmentDefinition[] = ENVIRONMENTS): string[] {
  const environments = selectEnvironments(names, known);
  // Resolve, validate and compile all environments first so that bad config fails before anything is written.
  const configs = environments.map(resolveEnvironment);
  const compiled = configs.map((config) => compileEnvironment(config));
  const apps = compiled.map((environment) => {
    const app = new App({ outdir: path.join(outdir, environment.config.name) });
    new ObservabilityStack(app, { environment });
    return app;
  });
  for (const app of apps) {
    app.synth();
    writeKustomization(app.outdir);
  }
  return configs.map((config) => config.name);
}

/**
 * Lists the synthesised files in apply order (cdk8s numbers them, namespaces first), so that
 * `kubectl apply -k`, Argo CD and Flux consume the folder as it is. The file is named
 * `Kustomization`, a name kustomize accepts: `kubectl apply -f dist/<env>/` reads every .yaml file
 * in the folder and would fail on a kustomization.yaml, which is not a cluster object.
 */
function writeKustomization(outdir: string): void {
  const resources = fs.readdirSync(outdir).filter((file) => file.endsWith('.k8s.yaml')).sort();
  const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources };
  fs.writeFileSync(path.join(outdir, KUSTOMIZATION_FILE), toYaml(kustomization));
}

if (require.main === module) {
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  synthesize(outdir, process.argv.slice(2));
}
