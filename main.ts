/**
 * The cdk8s app: picks the environments (all, or those named on the command line), builds one
 * stack per environment, and synthesises each into its own folder.
 */
import { App } from 'cdk8s';
import * as path from 'node:path';
import { ENVIRONMENTS, resolveEnvironment, selectEnvironments } from './config';
import { ObservabilityStack } from './constructs/stack';

/** Builds and synthesises every selected environment into `<outdir>/<env>/`. */
export function synthesize(outdir: string, names: readonly string[] = []): string[] {
  const environments = selectEnvironments(names, ENVIRONMENTS);
  // Resolve and validate all environments first so that bad config fails before anything is written.
  const configs = environments.map(resolveEnvironment);
  const apps = configs.map((config) => {
    const app = new App({ outdir: path.join(outdir, config.name) });
    new ObservabilityStack(app, { config });
    return app;
  });
  apps.forEach((app) => app.synth());
  return configs.map((config) => config.name);
}

if (require.main === module) {
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  synthesize(outdir, process.argv.slice(2));
}
