/**
 * Proofs of the alert rules on data with the real promtool, and the rule model's checks.
 */
import * as yaml from 'js-yaml';
import { compileEnvironment, DEFAULTS, type EnvironmentConfig } from '../config';
import {
  compileRuleGroups,
  ALL_RULE_GROUPS,
  isAlertingRule,
  labelUse,
  type AlertingRule,
  type AlertTuning,
  type CompileOptions,
  type RuleGroup,
} from '../rules';
import { promtoolTestGroup, type AlertScenario } from '../rules/scenario';
import { ALL_SCENARIOS } from '../rules/scenarios';
import { promtoolTestBatch, runTool, type RuleTestFile } from './support/promtool';
import { configWith, ENVIRONMENT_NAMES, synth } from './support/synth';
import { describeWithEngines } from './support/toolchain';

const SCENARIOS = ALL_SCENARIOS;
const OPTIONS: CompileOptions = {
  runbookBaseUrl: DEFAULTS.alerting.runbookBaseUrl,
  highCardinalityLabels: DEFAULTS.alerting.highCardinalityLabels,
};

function ruleFiles(groups: readonly RuleGroup[], tuning?: Readonly<Record<string, AlertTuning>>): Record<string, object> {
  return Object.fromEntries(compileRuleGroups(groups, { ...OPTIONS, tuning }).map((g) => [g.fileName, g.file]));
}

/**
 * A scenario's test file: its alert's rules and every recording rule (an alert may read them).
 * Other alerts cannot change what a scenario checks, only make promtool slower.
 */
function scenarioTest(scenario: AlertScenario, groups: readonly RuleGroup[] = ALL_RULE_GROUPS): RuleTestFile {
  const loaded = groups
    .map((g) => ({ ...g, rules: g.rules.filter((r) => (isAlertingRule(r) ? r.alert === scenario.alert : true)) }))
    .filter((g) => g.rules.length > 0);
  return { ruleFiles: ruleFiles(loaded, scenario.tuning), evaluationInterval: '1m', tests: [promtoolTestGroup(scenario)] };
}

const defaultAlerts = ALL_RULE_GROUPS.flatMap((g) => g.rules.filter(isAlertingRule));

// The design's expressions, verbatim: each alert's scenarios below must catch its bug, or they prove nothing.
const DESIGN: Record<string, string> = {
  HighErrorRate: '(rate(http_requests_total{status=~"5.."}[5m]) / rate(http_requests_total[5m])) > 0.05',
  SlowResponseTime: 'histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m])) > 2',
  SlowAgentExecutions: 'histogram_quantile(0.95, rate(agent_execution_duration_seconds_bucket[5m])) > 30',
  HighTokenUsage: 'increase(agent_tokens_used_total[1h]) > 1000000',
  PodRestarting: 'increase(kube_pod_container_status_restarts_total[1h]) > 3',
};
const designGroups = (alert: string) =>
  ALL_RULE_GROUPS.map((g) => ({
    ...g,
    rules: g.rules.map((r) => (isAlertingRule(r) && r.alert === alert ? { ...r, expr: DESIGN[alert], threshold: undefined } : r)),
  }));
const scenarioKey = (s: AlertScenario) => `${s.alert}: ${s.name}`;
const designScenarios = (alert: string) => SCENARIOS.filter((s) => s.alert === alert && !s.tuning);

describeWithEngines('alert scenarios (promtool test rules)', ['promtool'], () => {
  // Every scenario, and every scenario again with the design's expressions, in one promtool process.
  let outcomes: Record<string, string>;
  beforeAll(() => {
    const inputs: Record<string, RuleTestFile> = {};
    for (const s of SCENARIOS) inputs[scenarioKey(s)] = scenarioTest(s);
    for (const alert of Object.keys(DESIGN)) for (const s of designScenarios(alert)) inputs[`design ${scenarioKey(s)}`] = scenarioTest(s, designGroups(alert));
    outcomes = promtoolTestBatch(inputs);
  });

  test.each(SCENARIOS.map((s) => [s.alert, s.name, scenarioKey(s)] as const))('%s %s', (_alert, _name, key) => {
    expect({ key, outcome: outcomes[key] }).toEqual({ key, outcome: 'SUCCESS' });
  });

  test.each(defaultAlerts.map((a) => [a.alert, a] as const))('%s has a firing scenario with its severity, a quiet one, and one that respects for', (_name, rule) => {
    const own = SCENARIOS.filter((s) => s.alert === rule.alert && !s.tuning);
    const firing = own.filter((s) => s.checks.some((c) => c.firing.length > 0 && c.firing.every((a) => a.labels.severity === rule.severity)));
    const quiet = SCENARIOS.filter((s) => s.alert === rule.alert && s.checks.every((c) => c.firing.length === 0));
    expect(firing.length).toBeGreaterThan(0);
    expect(quiet.length).toBeGreaterThan(0);
    if (rule.for) {
      const respectsFor = own.filter((s) => {
        const firstFiring = s.checks.findIndex((c) => c.firing.length > 0);
        return firstFiring > 0 && s.checks.slice(0, firstFiring).some((c) => c.firing.length === 0);
      });
      expect(respectsFor.length).toBeGreaterThan(0);
    }
  });

  test.each(Object.keys(DESIGN))('the scenarios of %s fail with the design expression', (alert) => {
    const failures = designScenarios(alert).filter((s) => outcomes[`design ${scenarioKey(s)}`] !== 'SUCCESS');
    expect(failures.length).toBeGreaterThan(0);
  });
});

describeWithEngines('generated rule files', ['promtool'], () => {
  test.each(ENVIRONMENT_NAMES)('%s: promtool check rules accepts every rule file', (env) => {
    const files: Record<string, string> = {};
    for (const cm of synth(env).objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('prometheus-rules-'))) {
      Object.assign(files, cm.data);
    }
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['infrastructure-alerts.yml', 'platform-alerts.yml', 'watchdog.yml']));
    const result = runTool('promtool', ['check', 'rules', ...Object.keys(files)], files);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.match(/SUCCESS: \d+ rules found/g)).toHaveLength(Object.keys(files).length);
    // promtool found every rule of every file: as many as the file holds (an environment may disable some).
    for (const [file, text] of Object.entries(files)) {
      const rules = (yaml.load(text) as { groups: { rules: unknown[] }[] }).groups.reduce((n, g) => n + g.rules.length, 0);
      expect(result.stdout).toContain(`Checking ${file}\n  SUCCESS: ${rules} rules found`);
    }
  });

  test('every alert carries summary, description, a runbook_url and a known severity', () => {
    for (const group of compileRuleGroups(ALL_RULE_GROUPS, OPTIONS)) {
      for (const rule of group.file.groups[0].rules.filter((r) => r.alert !== undefined)) {
        expect(rule.annotations?.summary).toBeTruthy();
        expect(rule.annotations?.description).toBeTruthy();
        expect(rule.annotations?.runbook_url).toBe(`docs/runbooks/${rule.alert}.md`);
        expect(['critical', 'warning', 'info']).toContain(rule.labels?.severity);
      }
    }
  });

  test('API series are selected by job="api" only', () => {
    const api = /\b(http_requests_total|http_request_duration_seconds_bucket|agent_execution_duration_seconds_bucket|db_connections_active|agent_tokens_used_total)\{([^}]*)\}/g;
    const rendered = compileRuleGroups(ALL_RULE_GROUPS, OPTIONS).flatMap((g) => g.file.groups[0].rules.map((r) => r.expr));
    const selectors = rendered.flatMap((expr) => [...expr.matchAll(api)]);
    expect(selectors.length).toBeGreaterThanOrEqual(6);
    for (const [, , matchers] of selectors) {
      expect(matchers.split(',')[0]).toBe('job="api"');
      expect(matchers).not.toMatch(/namespace=|service=|app=/);
    }
  });

  test('the rule file is plain YAML that round-trips', () => {
    const [group] = compileRuleGroups([ALL_RULE_GROUPS[0]], OPTIONS);
    expect(yaml.load(yaml.dump(group.file))).toEqual(JSON.parse(JSON.stringify(group.file)));
  });
});

describe('tuning', () => {
  const tuned = (tuning: Record<string, AlertTuning>) =>
    compileRuleGroups(ALL_RULE_GROUPS, { ...OPTIONS, tuning }).flatMap((g) => g.file.groups[0].rules);

  test('changes threshold, for and severity, and disables', () => {
    const rules = tuned({ SlowResponseTime: { threshold: 1.5, for: '15m', severity: 'critical' }, PodRestarting: { disabled: true } });
    const slow = rules.find((r) => r.alert === 'SlowResponseTime')!;
    expect(slow.expr).toMatch(/ > 1\.5$/);
    expect(slow.for).toBe('15m');
    expect(slow.labels?.severity).toBe('critical');
    expect(slow.annotations?.description).toContain('threshold 1.5s');
    expect(rules.find((r) => r.alert === 'PodRestarting')).toBeUndefined();
    expect(rules.find((r) => r.alert === 'HighCPUUsage')).toBeDefined();
  });

  test('reaches the output through the environment config', () => {
    const { config } = synth('dev');
    const withTuning = { ...config, alerting: { ...config.alerting, alerts: { HighMemoryUsage: { threshold: 92 } } } };
    const cm = synth('custom', withTuning).objects.find((o) => o.kind === 'ConfigMap' && o.data?.['infrastructure-alerts.yml']);
    const file = yaml.load(cm!.data['infrastructure-alerts.yml']) as { groups: { rules: { alert: string; expr: string }[] }[] };
    expect(file.groups[0].rules.find((r) => r.alert === 'HighMemoryUsage')!.expr).toMatch(/ > 92$/);
  });

  test('fails when a tuned alert does not exist', () => {
    expect(() => tuned({ HighErorRate: { threshold: 0.1 } })).toThrow(
      'alerting.alerts.HighErorRate: no alert named "HighErorRate" in the rule groups. Fix the name or remove the entry; known alerts: HighErrorRate,',
    );
  });

  test('fails when a threshold is tuned on an alert without one', () => {
    expect(() => tuned({ ServiceDown: { threshold: 1 } })).toThrow(
      'alerting.alerts.ServiceDown.threshold: ServiceDown has no tunable threshold (its expr is fixed), got 1. Remove threshold from the tuning, or tune for, severity or disabled instead.',
    );
  });
});

describe('watched namespaces', () => {
  const kubernetesAlerts = (config: EnvironmentConfig) => compileEnvironment(config).ruleGroups.find((g) => g.name === 'kubernetes-alerts')!.file.groups[0].rules;
  /** The value of every namespace matcher of an expression (`namespace=~"..."`, `claim_namespace=~"..."`). */
  const matchers = (expr: string) => [...expr.matchAll(/namespace=~"([^"]*)"/g)].map((m) => m[1]);

  test('alerting.watchedNamespaces of an environment sets the namespace matcher of every Kubernetes alert', () => {
    const rules = kubernetesAlerts(configWith('dev', { alerting: { watchedNamespaces: ['agent-platform', 'team-a'] } }));
    expect(rules.length).toBeGreaterThanOrEqual(13);
    for (const rule of rules) {
      expect({ alert: rule.alert, matchers: [...new Set(matchers(rule.expr))] }).toEqual({ alert: rule.alert, matchers: ['agent-platform|team-a'] });
    }
    // Every series selector carries it, but the cluster-scoped volume phase, which is joined to its claim's namespace.
    const selectors = rules.flatMap((r) => [...r.expr.matchAll(/([a-zA-Z_:][\w:]*)\{([^}]*)\}/g)]);
    expect(selectors.filter(([, , m]) => !/namespace=~"agent-platform\|team-a"/.test(m)).map(([, name]) => name)).toEqual(['kube_persistentvolume_status_phase']);
  });

  test("by default, the environment's platform, monitoring, node-exporter and Alloy namespaces", () => {
    const config = configWith('dev', { namespaces: { platform: 'agents', monitoring: 'obs' }, nodeExporter: { namespace: 'host-metrics' }, alloy: { namespace: 'log-shipper' } });
    for (const rule of kubernetesAlerts(config)) expect(new Set(matchers(rule.expr))).toEqual(new Set(['agents|obs|host-metrics|log-shipper']));
  });
});

describe('rule validation', () => {
  const alert = (over: Partial<AlertingRule> = {}): AlertingRule => ({
    alert: 'QueueBacklog',
    expr: 'sum by (namespace) (queue_depth) > 100',
    for: '5m',
    severity: 'warning',
    summary: 'Queue backlog',
    description: 'Backlog is {{ $value }}.',
    ...over,
  });
  const compile = (rules: RuleGroup['rules'], name = 'queue-alerts', options: Partial<CompileOptions> = {}) =>
    compileRuleGroups([{ name, rules }], { ...OPTIONS, ...options });

  test('a valid rule compiles to the Prometheus shape', () => {
    expect(compile([alert(), { record: 'namespace:queue_depth:sum', expr: 'sum by (namespace) (queue_depth)' }])[0].file).toEqual({
      groups: [
        {
          name: 'queue-alerts',
          rules: [
            {
              alert: 'QueueBacklog',
              expr: 'sum by (namespace) (queue_depth) > 100',
              for: '5m',
              labels: { severity: 'warning' },
              annotations: { summary: 'Queue backlog', description: 'Backlog is {{ $value }}.', runbook_url: 'docs/runbooks/QueueBacklog.md' },
            },
            { record: 'namespace:queue_depth:sum', expr: 'sum by (namespace) (queue_depth)' },
          ],
        },
      ],
    });
  });

  test('fails when PromQL does not parse', () => {
    expect(() => compile([alert({ expr: 'sum by (namespace (queue_depth) > 100' })])).toThrow(
      /^rule group "queue-alerts", alert "QueueBacklog": expr does not parse: PromQL syntax error at character \d+, near ".*"\. Expression: sum by \(namespace \(queue_depth\) > 100\. Fix the PromQL/,
    );
  });

  test('fails when a duration is malformed', () => {
    expect(() => compile([alert({ for: '5 minutes' })])).toThrow(
      'rule group "queue-alerts", alert "QueueBacklog": for: invalid duration "5 minutes". Use a Prometheus duration',
    );
    expect(() => compileRuleGroups([{ name: 'queue-alerts', interval: '1minute', rules: [alert()] }], OPTIONS)).toThrow(
      'rule group "queue-alerts": interval: invalid duration "1minute".',
    );
  });

  test('fails when two alerts of a group have the same name and labels', () => {
    const burn = (long: string) => alert({ alert: 'ErrorBudgetBurn', labels: { slo: 'availability', long, short: '5m' } });
    expect(() => compile([burn('1h'), burn('6h')])).not.toThrow();
    expect(() => compile([burn('1h'), burn('1h')])).toThrow(
      'rule group "queue-alerts", alert "ErrorBudgetBurn": defined twice in the group with the same labels ErrorBudgetBurn{long="1h",severity="warning",short="5m",slo="availability"}. ' +
        'Both would write the same series and Prometheus fails with "duplicate sample for timestamp": give each a distinguishing label or remove one.',
    );
  });

  test('fails when a required annotation is missing', () => {
    expect(() => compile([alert({ description: '  ' })])).toThrow(
      'rule group "queue-alerts", alert "QueueBacklog": annotation description is missing or empty. Every alert needs summary, description, runbook_url: set it.',
    );
    expect(() => compile([alert({ summary: undefined as unknown as string })])).toThrow('alert "QueueBacklog": annotation summary is missing or empty.');
  });

  test('fails when the severity is outside the set', () => {
    expect(() => compile([alert({ severity: 'page' as never })])).toThrow(
      'rule group "queue-alerts", alert "QueueBacklog": severity "page" is not one of critical, warning, info. Use one of those.',
    );
  });

  test('fails when severity is set through labels', () => {
    expect(() => compile([alert({ labels: { severity: 'critical' } })])).toThrow('alert "QueueBacklog": labels: severity is set in labels ("critical").');
  });

  test('fails when a rule aggregates by a high-cardinality label', () => {
    expect(() => compile([alert({ expr: 'sum by (namespace, user_id) (rate(http_requests_total{job="api"}[5m])) > 1' })])).toThrow(
      'rule group "queue-alerts", alert "QueueBacklog": expr aggregates by user_id, a high-cardinality label (alerting.highCardinalityLabels: user_id, request_id, session_id, trace_id, span_id). ' +
        'Aggregate by bounded labels instead, for example by (namespace), or away from it with without (user_id).',
    );
  });

  test('fails when a rule keeps a high-cardinality label in its result', () => {
    expect(() => compile([{ record: 'session:requests:rate5m', expr: 'label_replace(rate(x[5m]), "session_id", "$1", "sid", "(.*)")' }])).toThrow(
      'rule group "queue-alerts", recording rule "session:requests:rate5m": expr keeps the high-cardinality label session_id in its result',
    );
    // A label the metrics contract declares survives `without` unless it is listed.
    const contract = new Map([['logins_total', ['user_id', 'method']]]);
    expect(() => compile([alert({ expr: 'sum without (method) (rate(logins_total[5m])) > 1' })], 'queue-alerts', { metricLabels: contract })).toThrow(
      'expr keeps the high-cardinality label user_id in its result',
    );
    expect(() => compile([alert({ expr: 'sum without (user_id) (rate(logins_total[5m])) > 1' })], 'queue-alerts', { metricLabels: contract })).not.toThrow();
    expect(() => compile([alert({ labels: { request_id: 'x' } })])).toThrow('alert "QueueBacklog": labels: request_id is a high-cardinality label');
  });

  test('fails when a threshold and expr disagree', () => {
    expect(() => compile([alert({ expr: (t) => `queue_depth > ${t}` })])).toThrow(
      'rule group "queue-alerts", alert "QueueBacklog": threshold is undefined, but expr takes one. Set threshold to a finite number, e.g. threshold: 0.05.',
    );
    expect(() => compile([alert({ threshold: 3 })])).toThrow('alert "QueueBacklog": threshold 3 is set, but expr is a fixed string.');
  });

  test('fails when names are malformed or repeated', () => {
    expect(() => compile([alert({ alert: 'queue backlog' })])).toThrow('alert "queue backlog": alert name "queue backlog" is not CamelCase.');
    expect(() => compile([alert()], 'Queue_Alerts')).toThrow('rule group "Queue_Alerts": name is not kebab-case.');
    expect(() => compile([{ record: 'queue depth', expr: 'queue_depth' }])).toThrow('recording rule "queue depth": record "queue depth" is not a metric name.');
    expect(() => compileRuleGroups([...ALL_RULE_GROUPS, { name: 'watchdog', rules: [alert()] }], OPTIONS)).toThrow(
      'rule group "watchdog": defined twice. Give each rule group a distinct name or merge their rules.',
    );
    expect(() => compile([])).toThrow('rule group "queue-alerts": has no rules.');
  });

  test('fails when summary, description or runbook_url are set as extra annotations', () => {
    expect(() => compile([alert({ annotations: { runbook_url: 'x' } })])).toThrow('annotations: runbook_url is set in annotations.');
  });
});

describe('label analysis', () => {
  test.each([
    ['sum by (namespace, le) (rate(http_request_duration_seconds_bucket{job="api"}[5m]))', ['namespace', 'le'], ['namespace', 'le']],
    ['histogram_quantile(0.9, sum by (le, pod) (rate(x_bucket[5m])))', ['le', 'pod'], ['pod']],
    ['a > on (namespace) group_left (team) b', [], ['namespace', 'team']],
    ['topk by (agent_id) (3, rate(agent_tokens_used_total{job="api"}[5m]))', ['agent_id'], ['agent_id', 'model', 'job', 'instance', 'namespace', 'pod', 'container', 'node']],
    ['sum(rate(x[5m])) / 3', [], []],
  ])('%s', (expr, by, kept) => {
    const use = labelUse(expr);
    expect([...use.aggregatedBy].sort()).toEqual([...by].sort());
    expect([...use.kept].sort()).toEqual([...kept].sort());
  });
});
