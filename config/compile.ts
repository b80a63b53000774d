/**
 * Compiles an environment's rules, SLOs and dashboards once, before any construct is built: the
 * stack hands the results to Prometheus and Grafana, and the dashboards read their alert lines and
 * objectives from the same compiled rules and SLOs that Prometheus evaluates.
 */
import { DATASOURCES, platformDashboards, validateDashboards, type DashboardFile, type DashboardSources } from '../dashboards';
import { compileRuleGroups, DEFAULT_RULE_GROUPS, type RuleGroup } from '../rules';
import { configuredSlos, sloRuleGroups } from '../slos';
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
  const groups = [...DEFAULT_RULE_GROUPS, ...sloRuleGroups(slos), ...(options.ruleGroups ?? []), ...config.alerting.extraGroups];
  const ruleGroups = compileRuleGroups(groups, {
    runbookBaseUrl: config.alerting.runbookBaseUrl,
    tuning: config.alerting.alerts,
    highCardinalityLabels: config.alerting.highCardinalityLabels,
  });
  const dashboards = [...platformDashboards({ config, ruleGroups, slos }), ...(config.grafana.extraDashboards ?? [])];
  validateDashboards(dashboards, Object.values(DATASOURCES));
  return { config, ruleGroups, slos, dashboards };
}
