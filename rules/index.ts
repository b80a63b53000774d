export * from './model';
export * from './compile';
export * from './labels';
export { platformAlerts } from './platform';
export { infrastructureAlerts } from './infrastructure';
export { watchdog, WATCHDOG_ALERT } from './watchdog';
export { KUBERNETES_RECORDS, kubernetesAlerts } from './kubernetes';
export { nodeAlerts } from './node';
export { prometheusAlerts, prometheusRemoteWriteAlerts } from './prometheus';
export { alertmanagerAlerts } from './alertmanager';
export { grafanaAlerts } from './grafana';
export { lokiAlerts, LOKI_RATE_LIMIT_REASONS } from './loki';
export { alloyAlerts } from './alloy';
export { jaegerAlerts } from './jaeger';

import { alertmanagerAlerts } from './alertmanager';
import { alloyAlerts } from './alloy';
import { grafanaAlerts } from './grafana';
import { infrastructureAlerts } from './infrastructure';
import { jaegerAlerts } from './jaeger';
import { kubernetesAlerts, kubernetesRecords } from './kubernetes';
import { lokiAlerts } from './loki';
import type { RuleGroup } from './model';
import { nodeAlerts } from './node';
import { platformAlerts } from './platform';
import { prometheusAlerts, prometheusRemoteWriteAlerts } from './prometheus';
import { watchdog } from './watchdog';

/** What decides which default rule groups an environment gets, and what they select. */
export interface RuleGroupSettings {
  /** Namespaces whose pods, workloads and volumes the Kubernetes alerts watch. */
  readonly watchedNamespaces: readonly string[];
  /** Whether Prometheus remote-writes: its remote-write alerts are added only then. */
  readonly remoteWrite: boolean;
}

/**
 * The rule groups every environment gets before its SLOs and its own additions, each owned by the
 * component it watches (`rules/<component>.ts`).
 */
export function defaultRuleGroups(settings: RuleGroupSettings): RuleGroup[] {
  return [
    platformAlerts,
    infrastructureAlerts,
    kubernetesRecords,
    kubernetesAlerts(settings.watchedNamespaces),
    nodeAlerts,
    prometheusAlerts,
    ...(settings.remoteWrite ? [prometheusRemoteWriteAlerts] : []),
    alertmanagerAlerts,
    grafanaAlerts,
    lokiAlerts,
    alloyAlerts,
    jaegerAlerts,
    watchdog,
  ];
}

/** The namespaces the scenarios and docs use for `watchedNamespaces`: the default environment's. */
export const EXAMPLE_WATCHED_NAMESPACES: readonly string[] = ['agent-platform', 'monitoring', 'node-exporter', 'alloy'];

/**
 * Every default rule group, optional ones included, with the default namespaces watched: the set
 * the scenarios prove and docs/alerts.md lists.
 */
export const ALL_RULE_GROUPS: readonly RuleGroup[] = defaultRuleGroups({ watchedNamespaces: EXAMPLE_WATCHED_NAMESPACES, remoteWrite: true });
