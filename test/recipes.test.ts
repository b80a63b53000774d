/**
 * The README's "Extending per environment" recipes: each one type-checks as the file it names,
 * synthesises, and has the effect it promises on the output. Added alerts, recording rules and panel
 * queries are proven with the real promtool.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { resolveEnvironment, type EnvironmentDefinition } from '../config';
import { substituteVariables } from '../dashboards';
import { PolicyEvaluator, type NetworkPolicy, type PodEndpoint } from './support/netpol';
import { containersOf, podTemplates } from './support/objects';
import { promtoolTestRules } from './support/promtool';
import { readRecipes, ROOT, runRecipe, typeCheck, type Recipe } from './support/recipes';
import { synth, type K8sObject, type SynthResult } from './support/synth';
import { describeWithEngines } from './support/toolchain';

const RECIPES = readRecipes(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
const recipe = (id: string): Recipe => RECIPES.find((r) => r.id === id)!;

/** The environment a recipe defines, synthesised on its own (cached per recipe). */
const results = new Map<string, SynthResult>();
function synthRecipe(id: string): SynthResult {
  const cached = results.get(id);
  if (cached) return cached;
  const result = synth(`recipe-${id}`, resolveEnvironment(recipeEnvironment(id)));
  results.set(id, result);
  return result;
}

/** The one environment definition a recipe exports. */
function recipeEnvironment(id: string): EnvironmentDefinition {
  const exports = runRecipe(recipe(id), (module) => require(module));
  const definitions = Object.values(exports).filter((v): v is EnvironmentDefinition => typeof v === 'object' && v !== null && 'name' in v && 'overrides' in v);
  expect(definitions).toHaveLength(1);
  return definitions[0];
}

interface RuleFileGroup {
  name: string;
  rules: { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }[];
}

/** Every rule file in the output's ConfigMaps, by file name. */
function ruleFiles(objects: K8sObject[]): Record<string, { groups: RuleFileGroup[] }> {
  const files: Record<string, { groups: RuleFileGroup[] }> = {};
  for (const cm of objects.filter((o) => o.kind === 'ConfigMap')) {
    for (const [key, text] of Object.entries((cm.data ?? {}) as Record<string, string>)) {
      if (!/\.ya?ml$/.test(key)) continue;
      const parsed = yaml.load(text) as { groups?: RuleFileGroup[] } | undefined;
      if (parsed && Array.isArray(parsed.groups)) files[key] = parsed as { groups: RuleFileGroup[] };
    }
  }
  return files;
}

const rules = (objects: K8sObject[]) => Object.values(ruleFiles(objects)).flatMap((f) => f.groups.flatMap((g) => g.rules.map((r) => ({ group: g.name, ...r }))));

function prometheusConfig(objects: K8sObject[]): any {
  for (const cm of objects.filter((o) => o.kind === 'ConfigMap')) {
    for (const text of Object.values((cm.data ?? {}) as Record<string, string>)) {
      const parsed = yaml.load(text) as any;
      if (parsed && Array.isArray(parsed.scrape_configs)) return parsed;
    }
  }
  throw new Error('no Prometheus configuration in the output');
}

function dashboardsOf(objects: K8sObject[]): Map<string, { configMap: string; model: any }> {
  const out = new Map<string, { configMap: string; model: any }>();
  for (const cm of objects.filter((o) => o.kind === 'ConfigMap')) {
    for (const [key, text] of Object.entries((cm.data ?? {}) as Record<string, string>)) {
      if (key.endsWith('.json')) out.set(key.replace(/\.json$/, ''), { configMap: cm.metadata.name, model: JSON.parse(text) });
    }
  }
  return out;
}

/** Container images by `<kind>/<name>/<container>`. */
function images(objects: K8sObject[]): Record<string, string> {
  return Object.fromEntries(
    podTemplates(objects).flatMap((t) => containersOf(t.spec).map((c) => [`${t.owner.kind}/${t.owner.metadata.name}/${c.name}`, c.image as string])),
  );
}

describe('README recipes', () => {
  test('the README has every recipe, each naming its file', () => {
    expect(RECIPES.map((r) => r.id)).toEqual([
      'add-environment',
      'tune-alert',
      'add-alert',
      'add-recording-rule',
      'add-slo',
      'add-dashboard',
      'add-scrape-job',
      'pod-discovery',
      'mirror-images',
    ]);
    expect(RECIPES.map((r) => r.file)).toEqual(['config/environments/qa.ts', ...Array(8).fill('config/environments/prod.ts')]);
  });

  test('every recipe type-checks with the project settings, and a broken one would not', () => {
    const broken: Recipe = {
      id: 'broken',
      file: 'config/environments/broken.ts',
      code: "import type { EnvironmentDefinition } from '../types';\n\nexport const broken: EnvironmentDefinition = { name: 'broken', overrides: { prometheus: { retention: 7 } } };\n",
      virtualPath: path.join(ROOT, 'config', 'environments', 'recipe-broken.ts'),
    };
    const problems = typeCheck([...RECIPES, broken]);
    expect(problems.filter((p) => !p.startsWith('config/environments/recipe-broken.ts'))).toEqual([]);
    expect(problems.join('\n')).toMatch(/recipe-broken\.ts:3: Type 'number' is not assignable to type/);
  });
});

describeWithEngines('recipe effects on the output', ['promtool'], () => {
  // What a recipe changes is measured against the defaults alone, not a shipped environment: the
  // recipes' blocks hold only their own overrides, and a user may already have applied them to prod.
  let baselineObjects: K8sObject[] | undefined;
  const baseline = () => (baselineObjects ??= synth('recipe-baseline', resolveEnvironment({ name: 'recipe-baseline', overrides: {} })).objects);

  test('add-environment: qa synthesises with its own name, retention, volume and policies', () => {
    const { objects } = synthRecipe('add-environment');
    const prometheus = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'prometheus')!;
    expect(prometheus.spec.template.spec.containers[0].args).toContain('--storage.tsdb.retention.time=7d');
    expect(prometheus.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'fast-ssd', resources: { requests: { storage: '20Gi' } } });
    expect(prometheusConfig(objects).global.external_labels).toMatchObject({ cluster: 'qa', environment: 'qa' });
    expect(objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/instance']?.endsWith('-qa')).length).toBe(objects.length);
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').length).toBeGreaterThan(3);
  });

  test('tune-alert: HighErrorRate at 2 % for 10m, HighTokenUsage gone, in that environment only', () => {
    const before = rules(baseline());
    expect(before.find((r) => r.alert === 'HighErrorRate')).toMatchObject({ for: '5m', expr: expect.stringMatching(/ > 0\.05$/) });
    expect(before.some((r) => r.alert === 'HighTokenUsage')).toBe(true);
    const after = rules(synthRecipe('tune-alert').objects);
    expect(after.find((r) => r.alert === 'HighErrorRate')).toMatchObject({ for: '10m', expr: expect.stringMatching(/ > 0\.02$/) });
    expect(after.some((r) => r.alert === 'HighTokenUsage')).toBe(false);
    expect(after.filter((r) => r.alert).length).toBe(before.filter((r) => r.alert).length - 1);
  });

  test('add-alert: AgentFailuresHigh is loaded, with its severity and runbook', () => {
    const alert = rules(synthRecipe('add-alert').objects).find((r) => r.alert === 'AgentFailuresHigh');
    expect(alert).toMatchObject({
      group: 'agent-team-alerts',
      for: '15m',
      labels: { severity: 'warning' },
      annotations: { runbook_url: 'https://wiki.example.com/runbooks/AgentFailuresHigh' },
    });
    expect(rules(baseline()).some((r) => r.alert === 'AgentFailuresHigh')).toBe(false);
  });

  test('add-recording-rule: the token rate is recorded', () => {
    const rule = rules(synthRecipe('add-recording-rule').objects).find((r) => r.record === 'namespace_model:agent_tokens_used:rate5m');
    expect(rule).toMatchObject({ group: 'token-recordings' });
  });

  test('add-slo: chat-errors gets its recorded ratios, burn-rate alerts and dashboard row; the platform SLOs stay', () => {
    const { objects } = synthRecipe('add-slo');
    const own = rules(objects).filter((r) => r.labels?.slo === 'chat-errors');
    expect(own.filter((r) => r.record).map((r) => r.record)).toContain('slo:sli_error:ratio_rate5m');
    expect(own.filter((r) => r.alert === 'ErrorBudgetBurn').map((r) => r.labels?.severity).sort()).toEqual(['critical', 'critical', 'warning', 'warning']);
    const sloNames = (list: ReturnType<typeof rules>) => [...new Set(list.map((r) => r.labels?.slo).filter(Boolean))].sort();
    expect(sloNames(rules(objects))).toEqual([...sloNames(rules(baseline())), 'chat-errors'].sort());
    const slo = dashboardsOf(objects).get('agent-platform-slo')!.model;
    expect(slo.panels.filter((p: any) => p.type === 'row').map((p: any) => p.title)).toContain('Chat errors (objective 99.5 % over 30d)');
  });

  test('add-dashboard: Token Spend is provisioned in the Agent Platform folder', () => {
    const dashboards = dashboardsOf(synthRecipe('add-dashboard').objects);
    const spend = dashboards.get('agent-platform-token-spend');
    expect(spend?.configMap).toBe('grafana-dashboards-platform');
    expect(spend?.model.title).toBe('Agent Platform - Token Spend');
    expect(spend?.model.panels.map((p: any) => p.title)).toEqual(['Tokens per Minute by Model']);
    expect(dashboardsOf(baseline()).has('agent-platform-token-spend')).toBe(false);
  });

  test('the added alert, recording rule, SLO ratio and panel query are right on data (promtool test rules)', () => {
    const alertFiles = ruleFiles(synthRecipe('add-alert').objects);
    const recordFiles = ruleFiles(synthRecipe('add-recording-rule').objects);
    const alertFile = Object.entries(alertFiles).find(([, f]) => f.groups.some((g) => g.name === 'agent-team-alerts'))!;
    const recordFile = Object.entries(recordFiles).find(([, f]) => f.groups.some((g) => g.name === 'token-recordings'))!;
    // The group with the short windows and the alerts; the 1d to 30d windows are in slo-chat-errors-long.
    const sloFile = Object.entries(ruleFiles(synthRecipe('add-slo').objects)).find(([, f]) => f.groups.some((g) => g.name === 'slo-chat-errors'))!;
    const panelExpr = dashboardsOf(synthRecipe('add-dashboard').objects).get('agent-platform-token-spend')!.model.panels[0].targets[0].expr;
    const api = { job: 'api', namespace: 'agent-platform' };
    const executions = (status: string, values: string, labels: Record<string, string> = api) => ({
      series: `agent_executions_total{job="${labels.job}",namespace="${labels.namespace}",agent_id="a1",status="${status}"}`,
      values,
    });
    const tokens = (agent: string, model: string, values: string, job = 'api') => ({
      series: `agent_tokens_used_total{job="${job}",namespace="agent-platform",agent_id="${agent}",model="${model}"}`,
      values,
    });
    const requests = (endpoint: string, status: string, values: string) => ({
      series: `http_requests_total{job="api",namespace="agent-platform",method="POST",endpoint="${endpoint}",status="${status}"}`,
      values,
    });
    const result = promtoolTestRules({
      ruleFiles: { [alertFile[0]]: alertFile[1], [recordFile[0]]: recordFile[1], [sloFile[0]]: sloFile[1] },
      tests: [
        {
          // 20 of every 100 executions fail: above 10 %, so it fires once that held for 15 minutes.
          interval: '1m',
          input_series: [executions('success', '0+80x60'), executions('failure', '0+20x60')],
          alert_rule_test: [
            { eval_time: '10m', alertname: 'AgentFailuresHigh', exp_alerts: [] },
            {
              eval_time: '40m',
              alertname: 'AgentFailuresHigh',
              exp_alerts: [
                {
                  exp_labels: { alertname: 'AgentFailuresHigh', severity: 'warning', namespace: 'agent-platform' },
                  exp_annotations: {
                    summary: 'Many agent executions fail in agent-platform',
                    description: '20% of agent executions failed over 10 minutes (threshold 0.1).',
                    runbook_url: 'https://wiki.example.com/runbooks/AgentFailuresHigh',
                  },
                },
              ],
            },
          ],
        },
        {
          // 5 % fail, and another job's failures do not count: quiet.
          interval: '1m',
          input_series: [executions('success', '0+95x60'), executions('failure', '0+5x60'), executions('failure', '0+100x60', { job: 'batch', namespace: 'agent-platform' })],
          alert_rule_test: [{ eval_time: '40m', alertname: 'AgentFailuresHigh', exp_alerts: [] }],
        },
        {
          // 600 + 300 tokens a minute for gpt-4 (15/s), 60 for small (1/s); another job's tokens are not counted.
          // 100 chat requests a minute, 2 of them failing, next to a failing endpoint that is not chat.
          interval: '1m',
          input_series: [
            tokens('a1', 'gpt-4', '0+600x30'),
            tokens('a2', 'gpt-4', '0+300x30'),
            tokens('a1', 'small', '0+60x30'),
            tokens('a3', 'small', '0+6000x30', 'batch'),
            requests('/api/v1/chat', '200', '0+98x30'),
            requests('/api/v1/chat', '503', '0+2x30'),
            requests('/api/v1/agents', '500', '0+50x30'),
            requests('/api/v1/agents', '200', '0+50x30'),
          ],
          promql_expr_test: [
            {
              expr: 'namespace_model:agent_tokens_used:rate5m',
              eval_time: '20m',
              exp_samples: [
                { labels: 'namespace_model:agent_tokens_used:rate5m{model="gpt-4",namespace="agent-platform"}', value: 15 },
                { labels: 'namespace_model:agent_tokens_used:rate5m{model="small",namespace="agent-platform"}', value: 1 },
              ],
            },
            {
              // 2 of every 100 chat requests fail (0.02, up to floating-point rounding); the other endpoint's errors do not count.
              expr: 'abs(slo:sli_error:ratio_rate5m{slo="chat-errors"} - 0.02) < bool 1e-9',
              eval_time: '20m',
              exp_samples: [{ labels: '{slo="chat-errors"}', value: 1 }],
            },
            {
              expr: substituteVariables(panelExpr),
              eval_time: '20m',
              exp_samples: [
                { labels: '{model="gpt-4"}', value: 900 },
                { labels: '{model="small"}', value: 60 },
              ],
            },
          ],
        },
      ],
    });
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/FAILED/);
    expect(result.status).toBe(0);
  });

  test('add-scrape-job: Prometheus discovers the workers and the policies let it in', () => {
    const { objects } = synthRecipe('add-scrape-job');
    const job = prometheusConfig(objects).scrape_configs.find((j: any) => j.job_name === 'agent-worker');
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['agent-platform'] } }]);
    expect(job.relabel_configs).toContainEqual({ source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'metrics', action: 'keep' });
    expect(objects.some((o) => o.kind === 'RoleBinding' && o.metadata.namespace === 'agent-platform')).toBe(true);

    const namespaces = Object.fromEntries(
      objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, { ...o.metadata.labels, 'kubernetes.io/metadata.name': o.metadata.name }]),
    );
    const evaluator = new PolicyEvaluator(objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as NetworkPolicy[], namespaces);
    const pod = (name: string): PodEndpoint => {
      const t = podTemplates(objects).find((p) => p.owner.metadata.name === name)!;
      return { kind: 'pod', namespace: t.owner.metadata.namespace!, labels: t.labels };
    };
    const worker: PodEndpoint = { kind: 'pod', namespace: 'agent-platform', labels: { 'app.kubernetes.io/name': 'agent-worker' }, ports: { metrics: 9400 } };
    expect(evaluator.allowed({ from: pod('prometheus'), to: worker, port: 9400 })).toBe(true);
    expect(evaluator.allowed({ from: pod('grafana'), to: worker, port: 9400 })).toBe(false);
  });

  test("pod-discovery: the team's namespace lets its pods opt in: Prometheus may discover pods there, and the platform namespace admits it to opted-in pods", () => {
    const { objects } = synthRecipe('pod-discovery');
    const job = prometheusConfig(objects).scrape_configs.find((j: any) => j.job_name === 'pod-discovery');
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['agent-platform', 'team-agents'] } }]);
    expect(objects.some((o) => o.kind === 'RoleBinding' && o.metadata.namespace === 'team-agents')).toBe(true);
    expect(baseline().some((o) => o.kind === 'RoleBinding' && o.metadata.namespace === 'team-agents')).toBe(false);

    const namespaces = Object.fromEntries(
      objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, { ...o.metadata.labels, 'kubernetes.io/metadata.name': o.metadata.name }]),
    );
    const evaluator = new PolicyEvaluator(objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as NetworkPolicy[], namespaces);
    const prometheus = podTemplates(objects).find((p) => p.owner.metadata.name === 'prometheus')!;
    const from: PodEndpoint = { kind: 'pod', namespace: prometheus.owner.metadata.namespace!, labels: prometheus.labels };
    const batch = (labels: Record<string, string>): PodEndpoint => ({ kind: 'pod', namespace: 'agent-platform', labels, ports: { metrics: 9400 } });
    expect(evaluator.allowed({ from, to: batch({ 'app.kubernetes.io/name': 'batch', 'metrics.agent-platform.io/scrape': 'true' }), port: 9400 })).toBe(true);
    expect(evaluator.allowed({ from, to: batch({ 'app.kubernetes.io/name': 'batch' }), port: 9400 })).toBe(false);
  });

  test('mirror-images: every image comes from the mirror, same repository and tag', () => {
    const definition = recipeEnvironment('mirror-images');
    const original = images(synth('unmirrored', resolveEnvironment({ ...definition, overrides: { ...definition.overrides, imageRegistry: undefined } })).objects);
    const mirrored = images(synthRecipe('mirror-images').objects);
    expect(Object.keys(mirrored).sort()).toEqual(Object.keys(original).sort());
    for (const [key, image] of Object.entries(original)) {
      expect(image.startsWith('registry.internal.example.com')).toBe(false);
      expect(mirrored[key]).toBe(`registry.internal.example.com:5000/mirror/${image.slice(image.indexOf('/') + 1)}`);
    }
  });
});
