/**
 * The one YAML serialisation of every generated config file (Prometheus, its rule files,
 * Alertmanager, Grafana's provisioning, Loki, Jaeger) and of the Kustomization.
 */
import * as yaml from 'js-yaml';

/**
 * `value` as YAML: keys in the order the typed object declares them, no anchors or aliases
 * (shared sub-objects are written out in full, as the components' parsers expect), and no line
 * folding, so a long PromQL or LogQL expression stays on one line and greps as written.
 */
export function toYaml(value: object): string {
  return yaml.dump(value, { noRefs: true, lineWidth: -1, sortKeys: false });
}
