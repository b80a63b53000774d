/**
 * Production shape: replicas per environment, disruption budgets, anti-affinity and a zone spread
 * for every workload with more than one replica (or an autoscaler's minimum above one), volumes
 * from claim templates sized by the environment, and the requests of each environment (dev within
 * a laptop).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveEnvironment, type EnvironmentConfig } from '../config';
import { validateEnvironment } from '../config/validate';
import { formatRequests, minimumReplicas, podRequests, requestTotals, totalOn, type Requests } from '../lib/resource-totals';
import { describe as name, podTemplates, selects } from './support/objects';
import { configFor, ENVIRONMENT_NAMES, synth, type K8sObject } from './support/synth';

const GiB = 2 ** 30;
/** Deployments and StatefulSets that run more than one pod at least: by their count, or their autoscaler's minimum. */
const replicated = (objects: K8sObject[]) => objects.filter((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && minimumReplicas(o, objects) > 1);
const replicasOf = (objects: K8sObject[], kind: string, workload: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === workload);
  return found && minimumReplicas(found, objects);
};

/** A config whose all-in-one Jaeger uses OpenSearch, the one kind of backend that allows several Jaeger replicas. */
function withReplicatedJaeger(config: EnvironmentConfig): EnvironmentConfig {
  return {
    ...config,
    jaeger: { ...config.jaeger, topology: 'all-in-one', replicas: 2, backend: { type: 'opensearch', serverUrls: ['https://opensearch.logging.svc:9200'] } },
  };
}

describe('replicas per environment', () => {
  test('prod: two Prometheus, a three-replica Alertmanager cluster, at least three API pods, two Grafana on PostgreSQL, Loki write 3 / read 2 / backend 2, two Jaeger collectors and two Jaeger query pods; kube-state-metrics one', () => {
    const { objects } = synth('prod');
    expect(replicasOf(objects, 'StatefulSet', 'prometheus')).toBe(2);
    expect(replicasOf(objects, 'StatefulSet', 'alertmanager')).toBe(3);
    expect(replicasOf(objects, 'Deployment', 'agent-platform-api')).toBe(3);
    expect(replicasOf(objects, 'Deployment', 'grafana')).toBe(2);
    // Jaeger scaled out on OpenSearch: no Badger volume, no all-in-one workload.
    expect(replicasOf(objects, 'Deployment', 'jaeger-collector')).toBe(2);
    expect(replicasOf(objects, 'Deployment', 'jaeger-query')).toBe(2);
    expect(objects.filter((o) => (o.kind === 'StatefulSet' || o.kind === 'Deployment') && o.metadata.name === 'jaeger')).toEqual([]);
    // Replication factor 3 needs three ingesters; the read and backend paths survive the loss of one pod.
    expect(replicasOf(objects, 'StatefulSet', 'loki-write')).toBe(3);
    expect(replicasOf(objects, 'Deployment', 'loki-read')).toBe(2);
    expect(replicasOf(objects, 'StatefulSet', 'loki-backend')).toBe(2);
    expect(replicasOf(objects, 'Deployment', 'kube-state-metrics')).toBe(1);
  });

  test('staging: production’s shape with two Alertmanager replicas and Jaeger all-in-one on Badger; dev: one of everything', () => {
    const staging = synth('staging').objects;
    expect(replicasOf(staging, 'StatefulSet', 'prometheus')).toBe(2);
    expect(replicasOf(staging, 'StatefulSet', 'alertmanager')).toBe(2);
    expect(replicasOf(staging, 'StatefulSet', 'jaeger')).toBe(1);
    expect(replicated(synth('dev').objects).map(name)).toEqual([]);
  });

  test('fails when kube-state-metrics is given more than one replica', () => {
    const config = configFor('prod');
    expect(() => validateEnvironment({ ...config, kubeStateMetrics: { ...config.kubeStateMetrics, replicas: 2 } })).toThrow(
      'environment "prod": kubeStateMetrics.replicas: 2 replicas would each export every object, multiplying every sum over their series. ' +
        'Set kubeStateMetrics.replicas to 1; it restarts in seconds, and alerts on its series wait out their `for`.',
    );
  });
});

const HA = ['agent-platform-api', 'alertmanager', 'grafana', 'loki-backend', 'loki-read', 'loki-write', 'prometheus'];
describe.each([
  ['dev', () => synth('dev').objects, []],
  ['staging', () => synth('staging').objects, HA],
  ['prod', () => synth('prod').objects, [...HA, 'jaeger-collector', 'jaeger-query']],
  ['prod with a replicated Jaeger', () => synth('jaeger-ha', withReplicatedJaeger(configFor('prod'))).objects, [...HA, 'jaeger']],
] as const)(
  '%s: every workload with several replicas',
  (_label, objectsOf, expected) => {
    test('has a PodDisruptionBudget that selects exactly its pods and lets one go at a time; single replicas have none', () => {
      const objects = objectsOf();
      const templates = podTemplates(objects);
      const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget');
      const covered: string[] = [];
      for (const pdb of budgets) {
        const selected = templates.filter((t) => t.owner.metadata.namespace === pdb.metadata.namespace && selects(pdb.spec.selector.matchLabels, t.labels));
        expect(selected.map((t) => name(t.owner))).toHaveLength(1);
        const [workload] = selected;
        expect(pdb.spec.maxUnavailable).toBe(1);
        expect(minimumReplicas(workload.owner, objects)).toBeGreaterThan(1);
        covered.push(name(workload.owner));
      }
      expect(covered.sort()).toEqual(replicated(objects).map(name).sort());
    });

    test('prefers to spread its replicas over nodes, by a selector of its own pods', () => {
      const objects = objectsOf();
      const multi = replicated(objects);
      expect(multi.map((o) => o.metadata.name).sort()).toEqual([...expected].sort());
      for (const workload of multi) {
        const terms = workload.spec.template.spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
        expect({ workload: name(workload), terms: terms?.length }).toEqual({ workload: name(workload), terms: 1 });
        expect(terms[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
        expect(selects(terms[0].podAffinityTerm.labelSelector.matchLabels, workload.spec.template.metadata.labels)).toBe(true);
        // Required anti-affinity would leave replicas pending on a cluster with fewer nodes.
        expect(workload.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
      }
    });

    test('spreads its replicas over zones, by a selector of its own pods, and still schedules where there are no zones', () => {
      const objects = objectsOf();
      const templates = podTemplates(objects);
      for (const workload of replicated(objects)) {
        const constraints = workload.spec.template.spec.topologySpreadConstraints ?? [];
        const zone = constraints.filter((c: any) => c.topologyKey === 'topology.kubernetes.io/zone');
        expect({ workload: name(workload), zone: zone.length }).toEqual({ workload: name(workload), zone: 1 });
        // DoNotSchedule would leave replicas pending on a cluster with a single zone, or unlabelled nodes.
        expect(zone[0].whenUnsatisfiable).toBe('ScheduleAnyway');
        expect(zone[0].maxSkew).toBe(1);
        const counted = templates.filter((t) => t.owner.metadata.namespace === workload.metadata.namespace && selects(zone[0].labelSelector.matchLabels, t.labels));
        expect(counted.map((t) => name(t.owner))).toEqual([name(workload)]);
      }
      // A single replica has nothing to spread.
      for (const t of podTemplates(objects).filter((t) => !replicated(objects).includes(t.owner))) expect(t.spec.topologySpreadConstraints).toBeUndefined();
    });
  },
);

describe('persistent volumes', () => {
  test.each(ENVIRONMENT_NAMES)('%s: every volume comes from a StatefulSet claim template, none is a PersistentVolumeClaim of its own', (env) => {
    const { objects } = synth(env);
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim').map(name)).toEqual([]);
    for (const t of podTemplates(objects)) {
      expect((t.spec.volumes ?? []).filter((v: any) => v.persistentVolumeClaim).map((v: any) => `${name(t.owner)}: ${v.name}`)).toEqual([]);
    }
  });

  test('each claim template takes its size and storage class from its component in the environment config', () => {
    const storage = (component: string) => ({ size: `${component.length}Gi`, storageClassName: `class-${component}` });
    const config = resolveEnvironment({
      name: 'prod',
      overrides: {
        prometheus: { storage: storage('prometheus') },
        alertmanager: { storage: storage('alertmanager') },
        grafana: { storage: storage('grafana') },
        loki: { storage: storage('loki') },
        jaeger: { storage: storage('jaeger'), topology: 'all-in-one', backend: { type: 'badger' } },
      },
    });
    const claims = synth('storage', config)
      .objects.filter((o) => o.kind === 'StatefulSet')
      .flatMap((sts) => sts.spec.volumeClaimTemplates.map((c: any) => [sts.metadata.name, c.spec.storageClassName, c.spec.resources.requests.storage]));
    expect(claims.sort()).toEqual(
      [
        ['alertmanager', 'class-alertmanager', '12Gi'],
        ['grafana', 'class-grafana', '7Gi'],
        ['jaeger', 'class-jaeger', '6Gi'],
        ['loki', 'class-loki', '4Gi'],
        ['prometheus', 'class-prometheus', '10Gi'],
      ].sort(),
    );
  });
});

describe('requests', () => {
  test('a pod asks for the sum of its containers, or its largest init container when that is more', () => {
    const container = (cpu: string, memory: string) => ({ name: 'c', resources: { requests: { cpu, memory } } });
    expect(podRequests({ containers: [container('250m', '256Mi'), container('0.5', '1Gi')] })).toEqual({ cpu: 0.75, memory: 1280 * 2 ** 20 });
    expect(podRequests({ containers: [container('100m', '64Mi')], initContainers: [container('1', '32Mi')] })).toEqual({ cpu: 1, memory: 64 * 2 ** 20 });
    const objects = [
      { kind: 'Deployment', metadata: { name: 'a' }, spec: { replicas: 3, template: { spec: { containers: [container('100m', '100Mi')] } } } },
      { kind: 'StatefulSet', metadata: { name: 'b' }, spec: { template: { spec: { containers: [container('200m', '1Gi')] } } } },
      { kind: 'DaemonSet', metadata: { name: 'c' }, spec: { template: { spec: { containers: [container('50m', '50Mi')] } } } },
      { kind: 'ConfigMap', metadata: { name: 'd' } },
    ];
    const totals = requestTotals(objects);
    expect(totals.workloads.cpu).toBeCloseTo(0.5);
    expect(totals.workloads.memory).toBe(300 * 2 ** 20 + GiB);
    expect(totals.perNode).toEqual({ cpu: 0.05, memory: 50 * 2 ** 20 });
    expect(totalOn(totals, 4).cpu).toBeCloseTo(0.7);
  });

  const dev = totalOn(requestTotals(synth('dev').objects), 1);
  test(`dev fits a laptop cluster (one node): ${formatRequests(dev)} requested, at most 2 CPU and 4 GiB`, () => {
    expect(dev.cpu).toBeLessThanOrEqual(2);
    expect(dev.memory).toBeLessThanOrEqual(4 * GiB);
  });

  test('docs/resources.md lists what each environment requests', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'resources.md'), 'utf8');
    for (const env of ENVIRONMENT_NAMES) {
      const totals = requestTotals(synth(env).objects);
      expect(doc).toContain(`| ${env} | ${formatRequests(totals.workloads)} | ${formatRequests(totals.perNode)} | ${formatRequests(totalOn(totals, 1))} |`);
    }
  });

  test('each environment asks for more than the one before it: dev, staging, prod', () => {
    const [d, s, p] = ['dev', 'staging', 'prod'].map((env) => requestTotals(synth(env).objects));
    for (const field of ['cpu', 'memory'] as const) {
      expect(d.workloads[field]).toBeLessThan(s.workloads[field]);
      expect(s.workloads[field]).toBeLessThan(p.workloads[field]);
      expect(d.perNode[field]).toBeLessThanOrEqual(s.perNode[field]);
      expect(s.perNode[field]).toBeLessThan(p.perNode[field]);
    }
  });

  test('no container of prod asks for less than the same container in dev', () => {
    const byContainer = (env: string) =>
      new Map<string, Requests>(podTemplates(synth(env).objects).flatMap((t) => t.spec.containers.map((c: any) => [`${name(t.owner)}/${c.name}`, podRequests({ containers: [c] })] as const)));
    const dev = byContainer('dev');
    const smaller = [...byContainer('prod')].filter(([key, r]) => dev.has(key) && (r.cpu < dev.get(key)!.cpu || r.memory < dev.get(key)!.memory)).map(([key]) => key);
    expect(smaller).toEqual([]);
  });
});
