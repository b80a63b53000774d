/**
 * Whole-output validation: every object of every environment, checked against the Kubernetes API
 * definitions and against the references objects make to each other.
 */
import { k8sValidator, type KubernetesVersion } from './support/k8s-schema';
import { containersOf, describe as name, podTemplates, selects } from './support/objects';
import { podDiscoveryOf } from '../constructs/prometheus-props';
import { configFor, ENVIRONMENT_NAMES, synth, type K8sObject } from './support/synth';

const RECOMMENDED = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/component',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/managed-by',
];
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'PriorityClass']);

/** An image pinned to a version: `[registry[:port]/]name:tag` (not `latest`) or `name@sha256:<digest>`. */
function isPinned(image: string): boolean {
  return /^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9._/-]+(:[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$/.test(image) && !image.endsWith(':latest');
}

describe.each(ENVIRONMENT_NAMES)('%s output', (env) => {
  const { objects, charts } = synth(env);

  test.each(['1.28.0', '1.36.0'] as KubernetesVersion[])('every object is valid against Kubernetes %s in strict mode', (version) => {
    const validator = k8sValidator(version);
    const problems = objects.flatMap((o) => validator.validate(o));
    expect(problems).toEqual([]);
  });

  test('the namespaces (and the priority classes pods name) are written first and every namespaced object is in one of them', () => {
    expect(charts[0].id).toBe('namespaces');
    expect(charts[0].objects.filter((o) => o.kind !== 'Namespace' && o.kind !== 'PriorityClass').map(name)).toEqual([]);
    const namespaces = new Set(charts[0].objects.map((o) => o.metadata.name));
    // In the teams' own namespaces whose pods opt in to scraping, only what lets Prometheus discover them.
    const teams = new Set(podDiscoveryOf(configFor(env).prometheus)?.namespaces ?? []);
    const discovery = (o: K8sObject) => teams.has(o.metadata.namespace ?? '') && ['Role', 'RoleBinding'].includes(o.kind);
    const misplaced = objects
      .filter((o) => !CLUSTER_SCOPED.has(o.kind) && !discovery(o))
      .filter((o) => !o.metadata.namespace || !namespaces.has(o.metadata.namespace))
      .map(name);
    expect(misplaced).toEqual([]);
  });

  test('every object carries the recommended labels and a stable name', () => {
    const missing = objects.flatMap((o) => RECOMMENDED.filter((l) => !o.metadata.labels?.[l]).map((l) => `${name(o)} lacks ${l}`));
    expect(missing).toEqual([]);
    // cdk8s appends an 8-hex-digit hash to generated names; every name here is set explicitly.
    expect(objects.filter((o) => /-[0-9a-f]{8}$/.test(o.metadata.name)).map(name)).toEqual([]);
    const keys = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  test('every Service selects pods and targets ports they declare', () => {
    const templates = podTemplates(objects);
    const problems: string[] = [];
    for (const service of objects.filter((o) => o.kind === 'Service')) {
      const selector = service.spec.selector;
      if (!selector) {
        problems.push(`${name(service)} has no selector`);
        continue;
      }
      const matching = templates.filter((t) => t.owner.metadata.namespace === service.metadata.namespace && selects(selector, t.labels));
      if (matching.length === 0) problems.push(`${name(service)} selects no pod`);
      for (const port of service.spec.ports ?? []) {
        const target = port.targetPort ?? port.port;
        const declared = matching.some((t) =>
          containersOf(t.spec).some((c) => (c.ports ?? []).some((p: any) => p.name === target || p.containerPort === target)),
        );
        if (!declared) problems.push(`${name(service)} port ${port.name} targets ${target}, which its pods do not declare`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('every referenced ConfigMap, ServiceAccount and Role exists', () => {
    const has = (kind: string, n: string, ns?: string) =>
      objects.some((o) => o.kind === kind && o.metadata.name === n && (ns === undefined || o.metadata.namespace === ns));
    const problems: string[] = [];
    for (const t of podTemplates(objects)) {
      const ns = t.owner.metadata.namespace;
      const sa = t.spec.serviceAccountName;
      if (!sa) problems.push(`${name(t.owner)} does not name its ServiceAccount`);
      else if (!has('ServiceAccount', sa, ns)) problems.push(`${name(t.owner)} uses missing ServiceAccount ${sa}`);
      for (const volume of t.spec.volumes ?? []) {
        const refs = [volume.configMap?.name, ...(volume.projected?.sources ?? []).map((s: any) => s.configMap?.name)].filter(Boolean);
        for (const ref of refs) if (!has('ConfigMap', ref, ns)) problems.push(`${name(t.owner)} mounts missing ConfigMap ${ref}`);
      }
      for (const c of containersOf(t.spec)) {
        for (const from of c.envFrom ?? []) {
          if (from.configMapRef && !has('ConfigMap', from.configMapRef.name, ns)) problems.push(`${name(t.owner)} reads missing ConfigMap ${from.configMapRef.name}`);
        }
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.configMapKeyRef?.name;
          if (ref && !has('ConfigMap', ref, ns)) problems.push(`${name(t.owner)} reads missing ConfigMap ${ref}`);
        }
      }
    }
    for (const binding of objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
      const roleNs = binding.roleRef.kind === 'Role' ? binding.metadata.namespace : undefined;
      if (!has(binding.roleRef.kind, binding.roleRef.name, roleNs)) problems.push(`${name(binding)} binds missing ${binding.roleRef.kind} ${binding.roleRef.name}`);
      for (const subject of binding.subjects ?? []) {
        if (subject.kind === 'ServiceAccount' && !has('ServiceAccount', subject.name, subject.namespace)) {
          problems.push(`${name(binding)} binds missing ServiceAccount ${subject.namespace}/${subject.name}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('every container requests CPU and memory, limits memory, and runs a pinned image', () => {
    // The check itself: a registry may carry a port; the tag (or digest) is what follows the last name.
    expect(['registry.internal.example.com:5000/mirror/grafana/loki:3.7.6', 'docker.io/grafana/loki:3.7.6', `quay.io/p/a@sha256:${'0'.repeat(64)}`].map(isPinned)).toEqual([true, true, true]);
    expect(['registry.internal.example.com:5000/grafana/loki', 'docker.io/grafana/loki:latest', 'grafana/loki'].map(isPinned)).toEqual([false, false, false]);
    const problems: string[] = [];
    for (const t of podTemplates(objects)) {
      for (const c of containersOf(t.spec)) {
        const where = `${name(t.owner)} container ${c.name}`;
        if (!c.resources?.requests?.cpu) problems.push(`${where} has no CPU request`);
        if (!c.resources?.requests?.memory) problems.push(`${where} has no memory request`);
        if (!c.resources?.limits?.memory) problems.push(`${where} has no memory limit`);
        if (!isPinned(c.image)) {
          problems.push(`${where} image ${c.image} is not pinned to a version`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('no Secret and no literal credential is written', () => {
    expect(objects.filter((o) => o.kind === 'Secret').map(name)).toEqual([]);
    const literal: string[] = [];
    for (const t of podTemplates(objects)) {
      for (const c of containersOf(t.spec)) {
        for (const e of c.env ?? []) {
          if (/PASSWORD|TOKEN|SECRET|API_KEY|ACCESS_KEY/i.test(e.name) && e.value !== undefined && !/__FILE$|_FILE$/.test(e.name)) {
            literal.push(`${name(t.owner)} ${c.name} ${e.name}`);
          }
        }
      }
    }
    expect(literal).toEqual([]);
  });
});
