/**
 * Every line and colour step a panel draws for an alert or an objective is that alert's threshold or
 * that objective as the environment's rule files hold them: read here from the synthesised output,
 * the rule files Prometheus loads next to the dashboards Grafana shows.
 */
import * as yaml from 'js-yaml';
import { compileEnvironment, ENVIRONMENTS, resolveEnvironment, type EnvironmentDefinition } from '../../config';
import { panelsOf, type DashboardFile } from '../../dashboards';
import { synth, type K8sObject } from '../support/synth';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
}

function rulesOf(objects: K8sObject[]): Rule[] {
  return objects
    .filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('prometheus-rules-'))
    .flatMap((cm) => Object.values(cm.data as Record<string, string>))
    .flatMap((text) => (yaml.load(text) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules));
}

function dashboardsOf(objects: K8sObject[]): any[] {
  return objects
    .filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('grafana-dashboards-'))
    .flatMap((cm) => Object.values(cm.data as Record<string, string>).map((text) => JSON.parse(text)));
}

/** The number an alert's expression compares against (`... > 0.05`), or undefined without that alert. */
function alertThreshold(rules: Rule[], alert: string): number | undefined {
  const rule = rules.find((r) => r.alert === alert);
  if (!rule) return undefined;
  const match = / [<>]=? ([-+0-9.e]+)$/.exec(rule.expr);
  if (!match) throw new Error(`${alert}: no threshold at the end of ${rule.expr}`);
  return Number(match[1]);
}

/** An SLO's error budget (0.001 for 99.9 %), as its burn-rate alerts divide by it. */
function errorBudget(rules: Rule[], slo: string): number | undefined {
  const burn = rules.find((r) => r.alert === 'ErrorBudgetBurn' && r.labels?.slo === slo);
  return burn ? Number(/ \/ ([0-9.e-]+) > /.exec(burn.expr)![1]) : undefined;
}

/** The burn-rate factors an SLO's alerts fire above. */
function burnFactors(rules: Rule[], slo: string): number[] {
  const factors = rules.filter((r) => r.alert === 'ErrorBudgetBurn' && r.labels?.slo === slo).map((r) => Number(/ > ([0-9.]+)$/.exec(r.expr)![1]));
  return [...new Set(factors)].sort((a, b) => a - b);
}

/** The latency bound in seconds of an SLO whose good events are a histogram bucket (`le="0.5"`). */
function latencyBound(rules: Rule[], slo: string): number | undefined {
  // The bucket the SLO counts as good, in whichever of its recording rules reads the histogram.
  const le = rules
    .filter((r) => r.record && r.labels?.slo === slo)
    .map((r) => /le="([^"]+)"/.exec(r.expr)?.[1])
    .find((bound) => bound !== undefined);
  return le === undefined ? undefined : Number(le);
}

const percent = (fraction: number) => Number((fraction * 100).toPrecision(12));

function panel(dashboards: any[], title: string): any {
  const found = dashboards.flatMap((d) => panelsOf(d)).find((p: any) => p.title === title);
  if (!found) throw new Error(`no panel ${title}`);
  return found;
}

/** The values of a panel's colour steps, the base colour (no value) left out. */
const stepValues = (p: any): number[] => p.fieldConfig.defaults.thresholds.steps.slice(1).map((s: any) => s.value);

const defined = (...values: (number | undefined)[]): number[] => values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);

describe.each(ENVIRONMENTS.map((env) => env.name))('%s: the panels draw the thresholds and objectives of its rules', (env) => {
  const { objects, config } = synth(env);
  const rules = rulesOf(objects);
  const dashboards = dashboardsOf(objects);
  const budget = (slo: string) => errorBudget(rules, slo);

  test('Error Rate: the api-errors budget and the HighErrorRate threshold, in percent', () => {
    const objective = budget('api-errors');
    const alert = alertThreshold(rules, 'HighErrorRate');
    expect(stepValues(panel(dashboards, 'Error Rate'))).toEqual(defined(objective && percent(objective), alert && percent(alert)));
  });

  test('Response Time (p95): the api-latency bound and the SlowResponseTime threshold, in seconds', () => {
    expect(stepValues(panel(dashboards, 'Response Time (p95)'))).toEqual(defined(latencyBound(rules, 'api-latency'), alertThreshold(rules, 'SlowResponseTime')));
  });

  test('Execution Duration: the SlowAgentExecutions threshold', () => {
    expect(stepValues(panel(dashboards, 'Execution Duration (p50, p95, p99)'))).toEqual(defined(alertThreshold(rules, 'SlowAgentExecutions')));
  });

  test('Success Rate: green from the agent-success objective', () => {
    const objective = budget('agent-success');
    expect(stepValues(panel(dashboards, 'Success Rate'))).toEqual(defined(objective && 100 - percent(objective)));
  });

  test('SLO Dashboard: each SLI green from its objective, each burn rate marked at its alerts’ factors', () => {
    const slos = compileEnvironment(config).slos;
    expect(slos.length).toBeGreaterThan(0);
    for (const slo of slos) {
      const sli = stepValues(panel(dashboards, `${slo.title} (30d)`));
      expect(sli[sli.length - 1]).toBe(100 - percent(budget(slo.name)!));
      expect(stepValues(panel(dashboards, `${slo.title}: Burn Rate`))).toEqual(burnFactors(rules, slo.name));
    }
  });
});

describe('tuning an alert in one environment moves its line in that environment only', () => {
  const fixtures: EnvironmentDefinition[] = [
    { name: 'tuned', overrides: { alerting: { alerts: { HighErrorRate: { threshold: 0.02 } } } } },
    { name: 'untuned', overrides: {} },
    { name: 'quiet', overrides: { alerting: { alerts: { HighErrorRate: { disabled: true } } } } },
  ];
  const errorRatePanel = (name: string): any => {
    const files: readonly DashboardFile[] = compileEnvironment(resolveEnvironment(fixtures.find((f) => f.name === name)!)).dashboards;
    return panel(files.map((f) => f.dashboard), 'Error Rate');
  };

  test('HighErrorRate at 0.02: the alert line at 2 %, and the panel says so', () => {
    const tuned = errorRatePanel('tuned');
    expect(stepValues(tuned)).toEqual([0.1, 2]);
    expect(tuned.description).toContain('the 2 % alert');
    expect(tuned.description).not.toContain('5 %');
  });

  test('another environment keeps the 5 % line', () => {
    const untuned = errorRatePanel('untuned');
    expect(stepValues(untuned)).toEqual([0.1, 5]);
    expect(untuned.description).toContain('the 5 % alert');
  });

  test('with HighErrorRate disabled, only the objective is drawn', () => {
    const quiet = errorRatePanel('quiet');
    expect(stepValues(quiet)).toEqual([0.1]);
    expect(quiet.description).toContain('Dashed line: the 0.1 % objective.');
  });
});
