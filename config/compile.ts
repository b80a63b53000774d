/**
 * Compiles an environment's rules, SLOs and dashboards once, before any construct is built: the
 * stack hands the results to Prometheus and Grafana, and the dashboards read their alert lines and
 * objectives from the same compiled rules and SLOs that Prometheus evaluates.
 */
import { DATASOURCES, panelsOf, platformDashboards, validateDashboards, type DashboardFile, type DashboardSources } from '../dashboards';
import { compileRuleGroups, defaultRuleGroups, linkPanels, type PanelLocation, type RuleGroup } from '../rules';
import { configuredSlos, sloRuleGroups } from '../slos';
import { grafanaExternalUrl } from '../constructs/grafana-props';
import type { EnvironmentConfig } from './types';

/** An environment with its rule files (in load order) and SLOs compiled, and its dashboards built from them. */
export interface CompiledEnvironment extends DashboardSources {
  /** Every dashboard Grafana provisions, validated together: the platform's, then the environment's. */
  readonly dashboards: readonly DashboardFile[];
}

export interface CompileEnvironmentOptions {
  /**
   * Rule groups loaded besides the defaults of `rules/`, the SLOs' and the environment's own
   * (generated rules, for example).
   * @default - none
   */
  readonly ruleGroups?: readonly RuleGroup[];
}

/**
 * The rule files, SLOs and dashboards of a resolved environment.
 * @throws an Error naming the rule group, rule or dashboard, the field and the fix for the first problem found
 */
export function compileEnvironment(config: EnvironmentConfig, options: CompileEnvironmentOptions = {}): CompiledEnvironment {
  try {
    return compile(config, options);
  } catch (error) {
    // The rule and dashboard models name the object and field; the environment is named here, once.
    if (error instanceof Error && !error.message.startsWith('environment ')) error.message = `environment ${JSON.stringify(config.name)}: ${error.message}`;
    throw error;
  }
}

function compile(config: EnvironmentConfig, options: CompileEnvironmentOptions): CompiledEnvironment {
  const slos = configuredSlos(config);
  const defaults = defaultRuleGroups({ watchedNamespaces: watchedNamespaces(config), remoteWrite: (config.prometheus.remoteWrite ?? []).length > 0 });
  const groups = [...defaults, ...sloRuleGroups(slos), ...(options.ruleGroups ?? []), ...config.alerting.extraGroups];
  const ruleGroups = compileRuleGroups(groups, {
    runbookBaseUrl: config.alerting.runbookBaseUrl,
    tuning: config.alerting.alerts,
    highCardinalityLabels: config.alerting.highCardinalityLabels,
  });
  const dashboards = [...platformDashboards({ config, ruleGroups, slos }), ...(config.grafana.extraDashboards ?? [])];
  validateDashboards(dashboards, Object.values(DATASOURCES));
  // Panels get their ids when the dashboards are built, which read the compiled rules: link last.
  const provisioned: PanelLocation[] = dashboards.flatMap(({ dashboard }) =>
    panelsOf(dashboard)
      .filter((panel) => panel.type !== 'row' && panel.id !== undefined)
      .map((panel) => ({ dashboard: String(dashboard.uid), title: String(panel.title), id: Number(panel.id) })),
  );
  return { config, ruleGroups: linkPanels(ruleGroups, provisioned, grafanaExternalUrl(config.grafana) ?? ''), slos, dashboards };
}

/** The namespaces the Kubernetes alerts watch: the environment's choice, or the stack's and the platform's own. */
export function watchedNamespaces(config: EnvironmentConfig): readonly string[] {
  return config.alerting.watchedNamespaces ?? [config.namespaces.platform, config.namespaces.monitoring, config.nodeExporter.namespace, config.alloy.namespace];
}
