/**
 * Priority: the node agents outrank everything ordinary and can preempt on their own node, the
 * monitoring core outranks the default, every class a pod names is created (or chosen to exist),
 * and two environments in one cluster never share a cluster-scoped object.
 */
import { COMPONENTS } from '../constructs/identity';
import { describe as name, podTemplates } from './support/objects';
import { configWith, ENVIRONMENT_NAMES, synth, type K8sObject } from './support/synth';

/** Workload name → the role its component's identity gives it. */
const ROLES = new Map(Object.values(COMPONENTS).map((c) => [c.name, c.priority]));
const CORE = Object.values(COMPONENTS)
  .filter((c) => c.priority === 'core')
  .map((c) => c.name);

const classes = (objects: K8sObject[]) => objects.filter((o) => o.kind === 'PriorityClass');

describe.each(ENVIRONMENT_NAMES)('%s', (env) => {
  const { objects, config } = synth(env);
  const templates = podTemplates(objects);

  test('every DaemonSet and every pod of the monitoring core names a PriorityClass that the output creates', () => {
    const created = new Map(classes(objects).map((c) => [c.metadata.name, c]));
    const needing = templates.filter((t) => t.owner.kind === 'DaemonSet' || ROLES.get(t.owner.metadata.name) === 'core');
    // Prometheus, Alertmanager, kube-state-metrics, node-exporter and Alloy at least.
    expect(needing.map((t) => t.owner.metadata.name)).toEqual(expect.arrayContaining([...CORE, 'node-exporter', 'alloy']));
    for (const t of needing) {
      expect({ workload: name(t.owner), exists: created.has(t.spec.priorityClassName) }).toEqual({ workload: name(t.owner), exists: true });
    }
    // And nothing else: the platform's API, Loki, Grafana and Jaeger keep the cluster's default.
    const others = templates.filter((t) => !needing.includes(t));
    expect(others.filter((t) => t.spec.priorityClassName !== undefined).map((t) => name(t.owner))).toEqual([]);
  });

  test("the node agents outrank the core, which outranks the default; only the node agents preempt; neither is the cluster's default", () => {
    const byRole = (role: string) => {
      const owner = templates.find((t) => ROLES.get(t.owner.metadata.name) === role)!;
      return classes(objects).find((c) => c.metadata.name === owner.spec.priorityClassName)!;
    };
    const agent = byRole('nodeAgent');
    const core = byRole('core');
    expect(agent.value).toBeGreaterThan(core.value);
    expect(core.value).toBeGreaterThan(0);
    // Kubernetes's own classes start above one billion.
    expect(agent.value).toBeLessThanOrEqual(1_000_000_000);
    expect([agent.preemptionPolicy, core.preemptionPolicy]).toEqual(['PreemptLowerPriority', 'Never']);
    for (const c of classes(objects)) {
      expect(c.globalDefault).toBe(false);
      expect(c.metadata.name.startsWith(`${config.namespaces.monitoring}-`)).toBe(true);
    }
  });
});

describe('two environments in one cluster', () => {
  test('share no cluster-scoped object: classes and cluster roles carry their namespaces', () => {
    const ns = (prefix: string) => ({ namespaces: { platform: `${prefix}-platform`, monitoring: `${prefix}-monitoring` }, nodeExporter: { namespace: `${prefix}-node-exporter` }, alloy: { namespace: `${prefix}-alloy` } });
    const a = synth('a', configWith('prod', ns('blue'))).objects;
    const b = synth('b', configWith('staging', ns('green'))).objects;
    const clusterScoped = (objects: K8sObject[]) => objects.filter((o) => o.metadata.namespace === undefined).map(name);
    expect(clusterScoped(a).filter((o) => o.startsWith('PriorityClass '))).toHaveLength(2);
    expect(clusterScoped(a).filter((id) => clusterScoped(b).includes(id))).toEqual([]);
  });
});

describe('settings', () => {
  test('a role turned off gets no class and its pods none', () => {
    const { objects } = synth('off', configWith('dev', { priorityClasses: { core: { enabled: false } } }));
    expect(classes(objects).map((c) => c.metadata.name)).toEqual(['monitoring-node-agent']);
    expect(podTemplates(objects).filter((t) => t.spec.priorityClassName !== undefined).map((t) => t.owner.metadata.name).sort()).toEqual(['alloy', 'node-exporter']);
  });

  test("a renamed class is created under its name; an existing class is named by the pods and not created", () => {
    const { objects } = synth('named', configWith('dev', { priorityClasses: { nodeAgent: { name: 'obs-daemons', value: 5000 }, core: { existing: 'platform-critical' } } }));
    expect(classes(objects).map((c) => [c.metadata.name, c.value])).toEqual([['obs-daemons', 5000]]);
    const of = (workload: string) => podTemplates(objects).find((t) => t.owner.metadata.name === workload)!.spec.priorityClassName;
    expect([of('alloy'), of('node-exporter'), of('prometheus'), of('alertmanager'), of('kube-state-metrics')]).toEqual([
      'obs-daemons',
      'obs-daemons',
      'platform-critical',
      'platform-critical',
      'platform-critical',
    ]);
  });
});
