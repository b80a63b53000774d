/**
 * The generated NetworkPolicies, evaluated with Kubernetes semantics (test/support/netpol.ts) on the
 * pods of the output: their labels and named ports from the synthesised workloads, the namespaces'
 * labels from the synthesised Namespaces plus the name label the API server adds to every namespace.
 */
import { resolveEnvironment, type EnvironmentConfig } from '../config';
import { INGRESS_CONTROLLER, stackFlows, USERS } from '../constructs/flows';
import { PolicyEvaluator, type Endpoint, type NetworkPolicy, type PodEndpoint } from './support/netpol';
import { containersOf, podTemplates } from './support/objects';
import { configFor, configWith, synth, type K8sObject } from './support/synth';
import * as fs from 'node:fs';
import * as path from 'node:path';

type Protocol = 'TCP' | 'UDP';

/** A destination port of a pod, as its container declares it. */
interface PodPort {
  name: string;
  port: number;
  protocol: Protocol;
}

interface Pod extends PodEndpoint {
  declared: PodPort[];
}

/** One pod per workload of the output, keyed by the workload's name. */
function podsOf(objects: K8sObject[]): Record<string, Pod> {
  const pods: Record<string, Pod> = {};
  for (const t of podTemplates(objects)) {
    const declared: PodPort[] = containersOf(t.spec).flatMap((c) =>
      (c.ports ?? []).map((p: any) => ({ name: p.name, port: p.containerPort, protocol: p.protocol ?? 'TCP' })),
    );
    pods[t.owner.metadata.name] = {
      kind: 'pod',
      namespace: t.owner.metadata.namespace!,
      labels: t.labels,
      ports: Object.fromEntries(declared.filter((p) => p.name).map((p) => [p.name, p.port])),
      declared,
    };
  }
  return pods;
}

function evaluatorFor(objects: K8sObject[]): PolicyEvaluator {
  const namespaceLabels: Record<string, Record<string, string>> = {};
  for (const ns of objects.filter((o) => o.kind === 'Namespace')) {
    namespaceLabels[ns.metadata.name] = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': ns.metadata.name };
  }
  // Namespaces the stack does not own, as any cluster has them.
  for (const other of ['default', 'ingress-nginx']) namespaceLabels[other] = { 'kubernetes.io/metadata.name': other };
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as NetworkPolicy[];
  return new PolicyEvaluator(policies, namespaceLabels);
}

const USER: Endpoint = { kind: 'external', ip: '203.0.113.10' };

/** Sources beyond the stack's own pods: none of them may reach anything but the user-facing ports. */
function strangers(pods: Record<string, Pod>): Record<string, Endpoint> {
  return {
    users: USER,
    'a pod in default': { kind: 'pod', namespace: 'default', labels: { app: 'stranger' } },
    // Carries Prometheus's labels, but in another namespace: the namespace selector must stop it.
    'an impostor of prometheus in default': { kind: 'pod', namespace: 'default', labels: pods.prometheus.labels },
    'a debug pod in monitoring': { kind: 'pod', namespace: 'monitoring', labels: { app: 'debug' } },
    'an ingress controller': { kind: 'pod', namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
  };
}

/**
 * The pod of the ingress controller an environment's Ingresses name (`ingress.controller`), with a
 * label of its own besides the ones it is selected by, as the source `ingress-controller`.
 */
function ingressControllers(config: EnvironmentConfig): Record<string, PodEndpoint> {
  const controllers = [...new Set([config.grafana.ingress, config.api.ingress].filter((i) => i !== undefined).map((i) => JSON.stringify(i.controller)))];
  // One controller serves every Ingress of an environment of these tests, so one source stands for it.
  if (controllers.length > 1) throw new Error(`${config.name}: Ingresses with different controllers: ${controllers.join(', ')}`);
  if (controllers.length === 0) return {};
  const { namespace, podLabels } = JSON.parse(controllers[0]) as { namespace: string; podLabels?: Record<string, string> };
  return { [INGRESS_CONTROLLER]: { kind: 'pod', namespace, labels: { ...podLabels, 'pod-template-hash': '7c9d8f6b5' } } };
}

const flowKey = (from: string, to: string, port: number, protocol: Protocol) => `${from} -> ${to} ${port}/${protocol}`;

/** Every (source, destination port) pair the policies allow, sources being the stack's pods, the strangers and the environment's ingress controller. */
function allowedFlows(objects: K8sObject[], config: EnvironmentConfig): string[] {
  const pods = podsOf(objects);
  const evaluator = evaluatorFor(objects);
  const sources: Record<string, Endpoint> = { ...pods, ...strangers(pods), ...ingressControllers(config) };
  const allowed: string[] = [];
  for (const [toName, to] of Object.entries(pods)) {
    for (const { port, protocol } of to.declared) {
      for (const [fromName, from] of Object.entries(sources)) {
        if (evaluator.allowed({ from, to, port, protocol })) allowed.push(flowKey(fromName, toName, port, protocol));
      }
    }
  }
  return [...new Set(allowed)].sort();
}

/** Jaeger's pods by role: one all-in-one workload has both, scaled out each role is a workload of its own. */
const JAEGER_PODS = {
  'all-in-one': { collector: 'jaeger', query: 'jaeger' },
  scaled: { collector: 'jaeger-collector', query: 'jaeger-query' },
} as const;


type Needed = [from: string, to: string, port: number, protocol?: Protocol][];

/**
 * What the stack needs, written out by hand from the design: port numbers as the components
 * listen, sources by workload name. Anything not listed must be denied. Loki's flows depend on its
 * deployment mode (LOKI_NEEDED).
 */
const LOKI_TARGET_PODS = ['loki-write', 'loki-read', 'loki-backend'];

/** Loki's flows by deployment mode: monolithic, one pod set; simple scalable, each target its own. */
const LOKI_NEEDED: Record<'monolithic' | 'simple-scalable', Needed> = {
  monolithic: [
    ['grafana', 'loki', 3100],
    ['alloy', 'loki', 3100],
    ['prometheus', 'loki', 3100],
  ],
  'simple-scalable': [
    ['grafana', 'loki-read', 3100],
    ['alloy', 'loki-write', 3100],
    // Memberlist gossip: every Loki pod with every other.
    ...LOKI_TARGET_PODS.flatMap((from) => LOKI_TARGET_PODS.map((to): Needed[number] => [from, to, 7946])),
    // Distributors to ingesters; queriers to ingesters, to the backend (scheduler, index gateway, compactor) and back to the frontends.
    ['loki-write', 'loki-write', 9095],
    ['loki-read', 'loki-write', 9095],
    ['loki-read', 'loki-backend', 9095],
    ['loki-read', 'loki-read', 9095],
    // One scrape job, every target.
    ...LOKI_TARGET_PODS.map((to): Needed[number] => ['prometheus', to, 3100]),
  ],
};

function needed(config: EnvironmentConfig): Needed {
  const jaeger = JAEGER_PODS[config.jaeger.topology];
  const flows: Needed = [
    ['users', 'grafana', 3000],
    ['users', 'agent-platform-api', 8000],
    ['grafana', 'prometheus', 9090],
    ['grafana', jaeger.query, 16686],
    ['grafana', 'alertmanager', 9093],
    ['prometheus', 'alertmanager', 9093],
    ['alertmanager', 'alertmanager', 9094, 'TCP'],
    ['alertmanager', 'alertmanager', 9094, 'UDP'],
    // Staging's and prod's Grafana replicas (on PostgreSQL) gossip alerting state.
    ['grafana', 'grafana', 9094, 'TCP'],
    ['grafana', 'grafana', 9094, 'UDP'],
    ['agent-platform-api', jaeger.collector, 4317],
    ['agent-platform-api', jaeger.collector, 4318],
    // Scrapes: every target's metrics port, node-exporter in its own namespace included.
    ['prometheus', 'prometheus', 9090],
    // Its config-reloader sidecar's metrics.
    ['prometheus', 'prometheus', 8080],
    ['prometheus', 'agent-platform-api', 8000],
    ['prometheus', 'alloy', 12345],
    ['prometheus', jaeger.collector, 8888],
    ['prometheus', jaeger.query, 8888],
    ['prometheus', 'grafana', 3000],
    ['prometheus', 'node-exporter', 9100],
    ['prometheus', 'kube-state-metrics', 8080],
    ...LOKI_NEEDED[config.loki.deployment.mode],
  ];
  // One Grafana replica (SQLite) has no peers to gossip with.
  const clustered = config.grafana.replicas > 1;
  // A component with an Ingress is reached from its ingress controller instead of by users.
  const behindIngress = new Set([config.grafana.ingress && 'grafana', config.api.ingress && 'agent-platform-api']);
  return flows
    .filter(([from, to]) => clustered || !(from === 'grafana' && to === 'grafana'))
    .map(([from, to, port, protocol]) => [from === 'users' && behindIngress.has(to) ? INGRESS_CONTROLLER : from, to, port, protocol]);
}
const neededKeys = (config: EnvironmentConfig) =>
  [...new Set(needed(config).map(([from, to, port, protocol]) => flowKey(from, to, port, protocol ?? 'TCP')))].sort();

/** Flows the design rules out, each one a reason to have policies at all. */
function unwanted(config: EnvironmentConfig): [from: string, to: string, port: number][] {
  const jaeger = JAEGER_PODS[config.jaeger.topology];
  const common: [from: string, to: string, port: number][] = [
    ['agent-platform-api', 'prometheus', 9090],
    ['users', 'prometheus', 9090],
    ['users', 'alertmanager', 9093],
    ['users', jaeger.query, 16686],
    ['alloy', 'prometheus', 9090],
    ['grafana', 'agent-platform-api', 8000],
    ['an impostor of prometheus in default', 'alertmanager', 9093],
    ['an impostor of prometheus in default', 'agent-platform-api', 8000],
    ['a debug pod in monitoring', 'prometheus', 9090],
    ['node-exporter', 'prometheus', 9090],
    ['kube-state-metrics', 'alertmanager', 9093],
    ['grafana', 'node-exporter', 9100],
    ['alertmanager', 'prometheus', 9090],
    ['grafana', 'prometheus', 8080],
    ['a debug pod in monitoring', 'prometheus', 8080],
    ['prometheus', 'kube-state-metrics', 8081],
    // Each role only on its own ports: no query through the collectors, no spans to the query service.
    ['grafana', jaeger.collector, 13133],
    ['agent-platform-api', jaeger.query, 16686],
    ['prometheus', jaeger.query, 13133],
  ];
  const loki: [from: string, to: string, port: number][] =
    config.loki.deployment.mode === 'simple-scalable'
      ? LOKI_UNWANTED.map(([from, to, port]) => [from === 'jaeger' ? jaeger.collector : from, to, port])
      : [
          ['users', 'loki', 3100],
          ['a pod in default', 'loki', 3100],
          ['loki', 'alertmanager', 9093],
          ['agent-platform-api', 'loki', 3100],
          [jaeger.collector, 'loki', 3100],
          [jaeger.query, 'loki', 3100],
          ['prometheus', 'loki', 9095],
        ];
  return [...common, ...loki];
}

/** The simple scalable deployment's flows that must stay closed: each target reached only by what uses it. */
const LOKI_UNWANTED: [from: string, to: string, port: number][] = [
  ['users', 'loki-read', 3100],
  ['a pod in default', 'loki-write', 3100],
  ['agent-platform-api', 'loki-write', 3100],
  ['jaeger', 'loki-write', 3100],
  ['loki-write', 'alertmanager', 9093],
  // Grafana reads only the read path, Alloy pushes only to the write path.
  ['grafana', 'loki-write', 3100],
  ['grafana', 'loki-backend', 3100],
  ['alloy', 'loki-read', 3100],
  ['alloy', 'loki-backend', 3100],
  // gRPC stays inside Loki, and only in the directions its components call.
  ['prometheus', 'loki-write', 9095],
  ['grafana', 'loki-read', 9095],
  ['loki-backend', 'loki-write', 9095],
  ['loki-write', 'loki-read', 9095],
  ['loki-write', 'loki-backend', 9095],
  // Gossip only between Loki pods.
  ['alertmanager', 'loki-write', 7946],
  ['a debug pod in monitoring', 'loki-backend', 7946],
  ['prometheus', 'loki-read', 7946],
];

describe.each(['staging', 'prod'])('%s network policies', (env) => {
  const { objects } = synth(env);
  const config = configFor(env);

  test('every namespace of the stack denies ingress by default', () => {
    const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort();
    expect(namespaces).toEqual(['agent-platform', 'alloy', 'monitoring', 'node-exporter']);
    const denies = objects.filter((o) => o.kind === 'NetworkPolicy' && Object.keys(o.spec.podSelector).length === 0);
    expect(denies.map((p) => p.metadata.namespace).sort()).toEqual(namespaces);
    for (const deny of denies) expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
  });

  test('every needed flow is allowed', () => {
    const pods = podsOf(objects);
    const evaluator = evaluatorFor(objects);
    const sources: Record<string, Endpoint> = { ...pods, users: USER, ...ingressControllers(config) };
    const denied = needed(config).filter(([from, to, port, protocol]) => !evaluator.allowed({ from: sources[from], to: pods[to], port, protocol }));
    expect(denied).toEqual([]);
  });

  test.each(unwanted(config))('%s -> %s:%d is denied', (from, to, port) => {
    const pods = podsOf(objects);
    expect(pods[to]).toBeDefined();
    const sources: Record<string, Endpoint> = { ...pods, ...strangers(pods) };
    expect(sources[from]).toBeDefined();
    expect(evaluatorFor(objects).allowed({ from: sources[from], to: pods[to], port })).toBe(false);
  });

  test("runs Loki's pods as its deployment mode has them", () => {
    expect(Object.keys(podsOf(objects)).filter((name) => name.startsWith('loki'))).toEqual(config.loki.deployment.mode === 'simple-scalable' ? LOKI_TARGET_PODS : ['loki']);
  });

  test('exactly the needed flows are allowed: nothing else reaches any pod of the stack', () => {
    expect(allowedFlows(objects, config)).toEqual(neededKeys(config));
  });

  test('the policies allow exactly the flows of constructs/flows.ts, which the docs and the diagram show', () => {
    const { stack } = synth(env);
    const pods = { ...podsOf(objects), ...ingressControllers(config) };
    // A pod set may hold several workloads' pods (Jaeger's scrape target selects both roles scaled out, every Loki target for gossip and scraping).
    const namesOf = (set: { namespace: string; podLabels: Record<string, string> }) =>
      Object.entries(pods)
        .filter(([, pod]) => pod.namespace === set.namespace && Object.entries(set.podLabels).every(([k, v]) => pod.labels[k] === v))
        .map(([name]) => name);
    // Flows to the pods of an extra scrape target run no pod of this output (recipes.test.ts proves those).
    const toStack = stackFlows(config, stack.prometheus.scrapeTargets).filter((flow) => namesOf(flow.to).length > 0);
    const fromData = toStack.flatMap((flow) =>
      // Flows to the stack's own pods name their port numbers (only opted-in pods' ports are names alone).
      flow.ports.flatMap((p) =>
        (flow.from === USERS ? ['users'] : namesOf(flow.from)).flatMap((from) => namesOf(flow.to).map((to) => flowKey(from, to, p.port!, p.protocol ?? 'TCP'))),
      ),
    );
    expect([...new Set(fromData)].sort()).toEqual(allowedFlows(objects, config));
  });

  test('no rule admits every source, and every rule names its ports', () => {
    const rules = objects.filter((o) => o.kind === 'NetworkPolicy').flatMap((p) => p.spec.ingress ?? []);
    expect(rules.length).toBeGreaterThan(5);
    expect(rules.filter((r: any) => !r.from?.length || !r.ports?.length)).toEqual([]);
  });
});

describe('network policies per environment', () => {
  test('dev has none by default', () => {
    expect(synth('dev').objects.filter((o) => o.kind === 'NetworkPolicy')).toEqual([]);
  });

  test('dev gets the same flows when it turns them on, but for the gossip of a Grafana it does not replicate', () => {
    const config = configWith('dev', { networkPolicies: { enabled: true } });
    expect(allowedFlows(synth('dev', config).objects, config)).toEqual(neededKeys(config));
  });

  test('monolithic Loki is reached by Grafana, Alloy and Prometheus only, on its http port', () => {
    const { objects } = synth('dev', configWith('dev', { networkPolicies: { enabled: true } }));
    const pods = podsOf(objects);
    const evaluator = evaluatorFor(objects);
    const sources: Record<string, Endpoint> = { ...pods, ...strangers(pods) };
    const toLoki = Object.entries(sources).flatMap(([name, from]) =>
      [3100, 9095].filter((port) => evaluator.allowed({ from, to: pods.loki, port })).map((port) => `${name} ${port}`),
    );
    expect(toLoki.sort()).toEqual(['alloy 3100', 'grafana 3100', 'prometheus 3100']);
  });

  test.each(['all-in-one', 'scaled'] as const)('%s Jaeger: exactly the needed flows, each role reached only on its own ports', (topology) => {
    const backend = { type: 'elasticsearch', serverUrls: ['http://elasticsearch.search.svc:9200'] } as const;
    const config = configWith('dev', { networkPolicies: { enabled: true }, jaeger: { topology, backend } });
    const { objects } = synth(`jaeger-${topology}`, config);
    const pods = podsOf(objects);
    expect(Object.keys(pods)).toEqual(expect.arrayContaining([...new Set(Object.values(JAEGER_PODS[topology]))]));
    // The index cleaner's pods are among the sources: they reach nothing, and nothing reaches them.
    expect(pods['jaeger-es-index-cleaner']).toBeDefined();
    expect(allowedFlows(objects, config)).toEqual(neededKeys(config));
  });

  test('egress is never restricted: Jaeger reaches its external search backend, wherever it runs', () => {
    const policies = synth('prod').objects.filter((o) => o.kind === 'NetworkPolicy');
    expect(policies.length).toBeGreaterThan(0);
    expect(policies.filter((p) => p.spec.policyTypes.includes('Egress') || p.spec.egress !== undefined).map((p) => p.metadata.name)).toEqual([]);
  });

  // The user sources of components without an Ingress: dev's, with policies on.
  test('users may come through an ingress controller instead of by address', () => {
    const config = configWith('dev', {
      networkPolicies: { enabled: true, userSources: [{ namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } }] },
    });
    const allowed = allowedFlows(synth('dev', config).objects, config);
    const fromController = allowed.filter((f) => f.startsWith('an ingress controller ->'));
    expect(fromController).toEqual(['an ingress controller -> agent-platform-api 8000/TCP', 'an ingress controller -> grafana 3000/TCP']);
    expect(allowed.filter((f) => f.startsWith('users ->'))).toEqual([]);
  });

  test('an excluded address range does not reach the user-facing ports', () => {
    const config = configWith('dev', { networkPolicies: { enabled: true, userSources: [{ cidr: '0.0.0.0/0', except: ['203.0.113.0/24'] }] } });
    const { objects } = synth('dev', config);
    const pods = podsOf(objects);
    const evaluator = evaluatorFor(objects);
    expect(evaluator.allowed({ from: USER, to: pods.grafana, port: 3000 })).toBe(false);
    expect(evaluator.allowed({ from: { kind: 'external', ip: '198.51.100.7' }, to: pods.grafana, port: 3000 })).toBe(true);
  });

  test('without user sources, users reach nothing and the stack keeps its own flows', () => {
    const config = configWith('dev', { networkPolicies: { enabled: true, userSources: [] } });
    const expected = neededKeys(config).filter((f) => !f.startsWith('users ->'));
    expect(allowedFlows(synth('dev', config).objects, config)).toEqual(expected);
  });

  test('an extra scrape target in the platform namespace is reachable by Prometheus only', () => {
    const worker = { job: 'worker', namespace: 'agent-platform', podLabels: { 'app.kubernetes.io/name': 'worker' }, port: { name: 'metrics', port: 9400 } };
    const { objects } = synth('prod', configWith('prod', { prometheus: { extraScrapeTargets: [worker] } }));
    const pods = podsOf(objects);
    const evaluator = evaluatorFor(objects);
    const workerPod: PodEndpoint = { kind: 'pod', namespace: 'agent-platform', labels: { 'app.kubernetes.io/name': 'worker', team: 'agents' }, ports: { metrics: 9400 } };
    expect(evaluator.allowed({ from: pods.prometheus, to: workerPod, port: 9400 })).toBe(true);
    expect(evaluator.allowed({ from: pods.prometheus, to: workerPod, port: 8080 })).toBe(false);
    expect(evaluator.allowed({ from: pods['agent-platform-api'], to: workerPod, port: 9400 })).toBe(false);
    expect(evaluator.allowed({ from: USER, to: workerPod, port: 9400 })).toBe(false);
  });

  test('a pod that opts in to scraping is reachable by Prometheus on its named port only; in a namespace the stack does not manage, no policy is written', () => {
    const config = configWith('prod', { prometheus: { podDiscovery: { namespaces: ['agent-platform', 'team-a'], label: 'example.com/scrape', port: 'prom' } } });
    const { objects } = synth('prod', config);
    const pods = podsOf(objects);
    const evaluator = evaluatorFor(objects);
    const pod = (labels: Record<string, string>): PodEndpoint => ({ kind: 'pod', namespace: 'agent-platform', labels: { 'app.kubernetes.io/name': 'batch', ...labels }, ports: { prom: 9464, http: 8080 } });
    const optedIn = pod({ 'example.com/scrape': 'true' });
    expect(evaluator.allowed({ from: pods.prometheus, to: optedIn, port: 9464 })).toBe(true);
    expect(evaluator.allowed({ from: pods.prometheus, to: optedIn, port: 8080 })).toBe(false);
    expect(evaluator.allowed({ from: pods.grafana, to: optedIn, port: 9464 })).toBe(false);
    expect(evaluator.allowed({ from: USER, to: optedIn, port: 9464 })).toBe(false);
    expect(evaluator.allowed({ from: pods.prometheus, to: pod({ 'example.com/scrape': 'false' }), port: 9464 })).toBe(false);
    expect(evaluator.allowed({ from: pods.prometheus, to: pod({}), port: 9464 })).toBe(false);
    // The API keeps exactly its own flows.
    expect(allowedFlows(objects, config)).toEqual(neededKeys(config));
    expect(objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'team-a')).toEqual([]);
  });

  test('fails when a user CIDR has host bits set', () => {
    expect(() => configWith('prod', { networkPolicies: { userSources: [{ cidr: '10.1.2.3/8' }] } })).toThrow(
      'environment "prod": networkPolicies.userSources[0].cidr: "10.1.2.3/8" is not a network in CIDR notation. ' +
        'Give the network address and prefix length with the host bits zero, for example "203.0.113.0/24" or "2001:db8::/32".',
    );
  });

  test('fails when a user CIDR is not an address range', () => {
    expect(() => configWith('prod', { networkPolicies: { userSources: [{ cidr: '0.0.0.0/0' }, { cidr: 'office' }] } })).toThrow(
      'environment "prod": networkPolicies.userSources[1].cidr: "office" is not a network in CIDR notation.',
    );
  });

  test('fails when an excluded range lies outside its CIDR', () => {
    expect(() => configWith('prod', { networkPolicies: { userSources: [{ cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] }] } })).toThrow(
      'environment "prod": networkPolicies.userSources[0].except: "192.168.0.0/16" is not a smaller network inside 10.0.0.0/8, which Kubernetes requires. List only ranges within the cidr.',
    );
  });

  test('accepts IPv6 ranges and their exclusions', () => {
    const config = configWith('prod', { networkPolicies: { userSources: [{ cidr: '2001:db8::/32', except: ['2001:db8:ff00::/40'] }] } });
    expect(config.networkPolicies.userSources).toEqual([{ cidr: '2001:db8::/32', except: ['2001:db8:ff00::/40'] }]);
    expect(() => configWith('prod', { networkPolicies: { userSources: [{ cidr: '2001:db8::1/32' }] } })).toThrow(/"2001:db8::1\/32" is not a network in CIDR notation/);
  });

  test('fails when a user namespace is not a namespace name', () => {
    expect(() => configWith('prod', { networkPolicies: { userSources: [{ namespace: 'Ingress NGINX' }] } })).toThrow(
      'environment "prod": networkPolicies.userSources[0].namespace: "Ingress NGINX" is not a valid name.',
    );
  });

  test('fails when enabled is not a boolean', () => {
    expect(() => configWith('prod', { networkPolicies: { enabled: 'yes' as unknown as boolean } })).toThrow(
      'environment "prod": networkPolicies.enabled: "yes" is not true or false. Set true to generate the stack\'s NetworkPolicies.',
    );
  });

  test('fails when an extra scrape target would share a policy name with a component', () => {
    const impostor = { job: 'Grafana', namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'dashboards' }, port: { name: 'metrics', port: 9400 } };
    expect(() => synth('prod', configWith('prod', { prometheus: { extraScrapeTargets: [impostor] } }))).toThrow(
      'network policies: pod sets "grafana" and "Grafana" in namespace monitoring select different pods but would both get policy "grafana-ingress". ' +
        "Give the extra scrape target a job name that differs from the stack's components.",
    );
  });
});

describe('a component with an Ingress admits its ingress controller instead of users', () => {
  const controller = { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } };
  // Grafana behind an Ingress; the API without one, so still reached by networkPolicies.userSources.
  const config = configWith('dev', {
    networkPolicies: { enabled: true },
    grafana: { ingress: { host: 'grafana.test.example', className: 'nginx', tls: { secretName: 'grafana-cert' }, controller } },
  });
  const { objects } = synth('dev', config);
  const pods = podsOf(objects);
  const evaluator = evaluatorFor(objects);
  const controllerPod: PodEndpoint = { kind: 'pod', namespace: 'ingress-nginx', labels: { ...controller.podLabels, 'pod-template-hash': '7c9d8f6b5' } };

  test("the controller's pods reach Grafana's port, and nothing else of the stack", () => {
    expect(evaluator.allowed({ from: controllerPod, to: pods.grafana, port: 3000 })).toBe(true);
    const reached = allowedFlows(objects, config).filter((f) => f.startsWith(`${INGRESS_CONTROLLER} ->`));
    expect(reached).toEqual([`${INGRESS_CONTROLLER} -> grafana 3000/TCP`]);
  });

  test('a pod elsewhere does not: users by address, its labels in another namespace, another pod of its namespace', () => {
    expect(evaluator.allowed({ from: USER, to: pods.grafana, port: 3000 })).toBe(false);
    expect(evaluator.allowed({ from: { ...controllerPod, namespace: 'default' }, to: pods.grafana, port: 3000 })).toBe(false);
    // The ingress-nginx chart's admission webhook jobs: same namespace and name, another component.
    const webhook: PodEndpoint = { kind: 'pod', namespace: 'ingress-nginx', labels: { ...controller.podLabels, 'app.kubernetes.io/component': 'admission-webhook' } };
    expect(evaluator.allowed({ from: webhook, to: pods.grafana, port: 3000 })).toBe(false);
  });

  test('the API, without an Ingress, keeps the user sources: users reach it, the controller does not', () => {
    expect(evaluator.allowed({ from: USER, to: pods['agent-platform-api'], port: 8000 })).toBe(true);
    expect(evaluator.allowed({ from: controllerPod, to: pods['agent-platform-api'], port: 8000 })).toBe(false);
  });

  test('exactly the needed flows, with the controller in place of users for Grafana', () => {
    const keys = neededKeys(config);
    expect(keys).toContain(`${INGRESS_CONTROLLER} -> grafana 3000/TCP`);
    expect(keys).toContain('users -> agent-platform-api 8000/TCP');
    expect(allowedFlows(objects, config)).toEqual(keys);
  });

  test("without podLabels, every pod of the controller's namespace reaches the component, and no pod of another", () => {
    const open = configWith('dev', {
      networkPolicies: { enabled: true },
      api: { ingress: { host: 'api.test.example', className: 'nginx', tls: { clusterIssuer: 'ca' }, controller: { namespace: 'ingress-nginx' } } },
    });
    const { objects: openObjects } = synth('dev', open);
    const api = podsOf(openObjects)['agent-platform-api'];
    const openEvaluator = evaluatorFor(openObjects);
    expect(openEvaluator.allowed({ from: { kind: 'pod', namespace: 'ingress-nginx', labels: { app: 'anything' } }, to: api, port: 8000 })).toBe(true);
    expect(openEvaluator.allowed({ from: { kind: 'pod', namespace: 'default', labels: { app: 'anything' } }, to: api, port: 8000 })).toBe(false);
    expect(openEvaluator.allowed({ from: USER, to: api, port: 8000 })).toBe(false);
  });
});

describe('the flow documents show the proven flows', () => {
  const docs = path.join(__dirname, '..', 'docs');
  // The documents show the flows of a stack with every default (scripts/flow-docs.ts): prove those.
  const proven = () => {
    const config = resolveEnvironment({ name: 'defaults', overrides: {} });
    return allowedFlows(synth('defaults', config).objects, config).filter((f) => !f.startsWith('a ') && !f.startsWith('an '));
  };

  test("docs/network-flows.md: Loki's simple scalable section lists exactly the Loki flows its policies allow", () => {
    const text = fs.readFileSync(path.join(docs, 'network-flows.md'), 'utf8');
    const section = text.slice(text.indexOf("## Loki's simple scalable deployment"), text.indexOf('## Matrix'));
    const env = /\(as in (\w[\w-]*)\)/.exec(section)![1];
    const config = configFor(env);
    expect(config.loki.deployment.mode).toBe('simple-scalable');
    const pods = podsOf(synth(env).objects);
    const lokiPods = Object.keys(pods).filter((name) => name.startsWith('loki'));
    // `loki (ns)` stands for every Loki pod.
    const expand = (cell: string) => (cell === 'loki' ? lokiPods : [cell]);
    const shown = section
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| From') && !l.startsWith('| ---'))
      .flatMap((row) => {
        const [from, to, ports] = row.split('|').slice(1, -1).map((c) => c.trim().replace(/ \(.*\)$/, ''));
        return expand(from).flatMap((f) => expand(to).flatMap((t) => [...ports.matchAll(/(\d+)\/(TCP|UDP)/g)].map((m) => flowKey(f, t, Number(m[1]), m[2] as Protocol))));
      });
    const lokiAllowed = allowedFlows(synth(env).objects, config).filter((f) => / -> loki-/.test(f) || /^loki-/.test(f));
    expect(shown.length).toBeGreaterThan(10);
    expect([...new Set(shown)].sort()).toEqual(lokiAllowed);
  });

  test('docs/network-flows.md: the matrix is exactly what the policies allow', () => {
    const text = fs.readFileSync(path.join(docs, 'network-flows.md'), 'utf8');
    const table = text.slice(text.indexOf('## Matrix')).split('\n').filter((l) => l.startsWith('|'));
    const columns = table[0].split('|').slice(2, -1).map((c) => c.trim());
    const shown = table.slice(2).flatMap((row) => {
      const cells = row.split('|').slice(1, -1).map((c) => c.trim());
      const from = cells[0].replace(/\*/g, '');
      return cells.slice(1).flatMap((cell, i) => [...cell.matchAll(/(\d+)\/(TCP|UDP)/g)].map((m) => flowKey(from, columns[i], Number(m[1]), m[2] as Protocol)));
    });
    expect(shown.length).toBeGreaterThan(15);
    expect([...new Set(shown)].sort()).toEqual(proven());
  });

  test('docs/architecture.md: the diagram has one arrow per proven pair, labelled with its ports', () => {
    const text = fs.readFileSync(path.join(docs, 'architecture.md'), 'utf8');
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(text)![1];
    const labels = new Map([...diagram.matchAll(/^\s+(\w+)\(?\[\(?"?([^"\])]+)"?\)?\]\)?$/gm)].map((m) => [m[1], m[2]] as const));
    const shown = [...diagram.matchAll(/^\s+(\w+) -->\|"([^"]+)"\| (\w+)$/gm)].flatMap(([, from, ports, to]) => {
      expect(labels.has(from) && labels.has(to)).toBe(true);
      return [...ports.matchAll(/(\d+)(\/UDP)? /g)].map((m) => flowKey(labels.get(from)!, labels.get(to)!, Number(m[1]), m[2] ? 'UDP' : 'TCP'));
    });
    expect(shown.length).toBeGreaterThan(15);
    expect([...new Set(shown)].sort()).toEqual(proven());
  });
});
