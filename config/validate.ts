/**
 * Checks a resolved environment before anything is built: its own fields here, each component's
 * settings by the checks its construct declares beside them. Every message names the environment,
 * the field, the value given and what would be accepted.
 */
import { checkAlertmanagerSettings } from '../constructs/alertmanager-props';
import { checkAlloySettings } from '../constructs/alloy-props';
import { checkApiSettings } from '../constructs/api-props';
import { checkGrafanaSettings } from '../constructs/grafana-props';
import { checkIngressRoutes } from '../constructs/ingress-props';
import { checkJaegerSettings } from '../constructs/jaeger-props';
import { checkKubeStateMetricsSettings } from '../constructs/kube-state-metrics-props';
import { checkLokiSettings } from '../constructs/loki-props';
import { checkNetworkPoliciesSettings } from '../constructs/network-policies-props';
import { checkNodeExporterSettings } from '../constructs/node-exporter-props';
import { checkPriorityClassesSettings } from '../constructs/priority-classes-props';
import { checkPrometheusSettings } from '../constructs/prometheus-props';
import { checkDnsLabel, checkImage, checkOwnNamespace } from '../constructs/workload-props';
import { checkAlertingSettings } from '../rules/settings';
import { checkSlos, slosOf } from '../slos/model';
import { DEFAULTS } from './defaults';
import { closest } from './keys';
import type { EnvironmentConfig } from './types';
import { show } from './units';

/** A registry host, optionally with the path prefix a mirror keeps the upstream repositories under. */
const MIRROR = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

export function validateEnvironment(config: EnvironmentConfig): void {
  const env = `environment ${JSON.stringify(config.name)}`;
  checkDnsLabel(config.name, `${env}: name`);
  checkDnsLabel(config.cluster, `${env}: cluster`);
  checkOwnNamespace(config.namespaces.platform, `${env}: namespaces.platform`);
  checkOwnNamespace(config.namespaces.monitoring, `${env}: namespaces.monitoring`);
  if (config.namespaces.platform === config.namespaces.monitoring) {
    throw new Error(`${env}: namespaces.platform and namespaces.monitoring are both ${JSON.stringify(config.namespaces.platform)}. Give them different names.`);
  }
  if (config.imageRegistry !== undefined && !MIRROR.test(config.imageRegistry)) {
    throw new Error(
      `${env}: imageRegistry ${JSON.stringify(config.imageRegistry)} is not a registry host. ` +
        'Use a host such as "mirror.example.com:5000", optionally followed by a path prefix such as "harbor.example.com/upstream", without scheme or trailing "/".',
    );
  }
  for (const [name, image] of Object.entries(config.images)) checkImage(image, `${env}: images.${name}`);

  checkApiSettings(config.api, env);
  checkPrometheusSettings(config.prometheus, env);
  checkAlertmanagerSettings(config.alertmanager, env);
  checkGrafanaSettings(config.grafana, env);
  checkLokiSettings(config.loki, env);
  checkJaegerSettings(config.jaeger, env);
  checkKubeStateMetricsSettings(config.kubeStateMetrics, env);
  checkAlloySettings(config.alloy, env, [config.namespaces.platform, config.namespaces.monitoring, config.nodeExporter.namespace]);
  checkNodeExporterSettings(config.nodeExporter, env, [config.namespaces.platform, config.namespaces.monitoring]);
  checkAlertingSettings(config.alerting, env);
  checkSloDefinitions(config, env);
  checkNetworkPoliciesSettings(config.networkPolicies, env);
  checkPriorityClassesSettings(config.priorityClasses, env, config.namespaces.monitoring);
  checkIngressRoutes({ 'grafana.ingress': config.grafana.ingress, 'api.ingress': config.api.ingress }, env);
}

/** The environment's SLOs: `disabled` is a boolean, and every enabled SLO is complete and valid. */
function checkSloDefinitions(config: EnvironmentConfig, env: string): void {
  if (typeof config.slos !== 'object' || config.slos === null || Array.isArray(config.slos)) {
    throw new Error(`${env}: slos: expected SLOs by name, e.g. { 'api-latency': { objective: 99 } }, got ${JSON.stringify(config.slos)}.`);
  }
  for (const [name, definition] of Object.entries(config.slos)) {
    if (typeof definition !== 'object' || definition === null) {
      throw new Error(`${env}: slos.${name}: expected an SLO or { disabled: true }, got ${JSON.stringify(definition)}.`);
    }
    if (definition.disabled !== undefined && typeof definition.disabled !== 'boolean') {
      throw new Error(`${env}: slos.${name}.disabled: ${show(definition.disabled)} is not true or false. Set true to drop the SLO, or leave it out.`);
    }
    // Disabling a name that is no default SLO drops nothing: a misspelt name would keep the SLO on.
    if (definition.disabled === true && !(name in DEFAULTS.slos)) {
      const known = Object.keys(DEFAULTS.slos);
      const suggestion = closest(name, known);
      throw new Error(
        `${env}: slos.${name}: disabled, but there is no SLO named ${show(name)} to disable. ` +
          `${suggestion !== undefined ? `Did you mean ${show(suggestion)}? ` : ''}Fix the name or remove the entry; known SLOs: ${known.join(', ')}.`,
      );
    }
  }
  checkSlos(slosOf(config.slos), env);
}
