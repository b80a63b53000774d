import { PolicyEvaluator, type NetworkPolicy, type PodEndpoint } from './support/netpol';

// The evaluator itself, on hand-written policies whose outcome follows from the Kubernetes docs.
const web: PodEndpoint = { kind: 'pod', namespace: 'app', labels: { role: 'web' }, ports: { http: 8080 } };
const db: PodEndpoint = { kind: 'pod', namespace: 'app', labels: { role: 'db' }, ports: { sql: 5432 } };
const probe: PodEndpoint = { kind: 'pod', namespace: 'ops', labels: { role: 'probe' } };
const namespaces = { app: { 'kubernetes.io/metadata.name': 'app' }, ops: { 'kubernetes.io/metadata.name': 'ops', team: 'sre' } };

const denyAll: NetworkPolicy = { metadata: { name: 'deny', namespace: 'app' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } };
const webToDb: NetworkPolicy = {
  metadata: { name: 'db', namespace: 'app' },
  spec: { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: 'web' } } }], ports: [{ port: 'sql' }] }] },
};
const opsToWeb: NetworkPolicy = {
  metadata: { name: 'web', namespace: 'app' },
  spec: {
    podSelector: { matchLabels: { role: 'web' } },
    ingress: [
      { from: [{ namespaceSelector: { matchLabels: { team: 'sre' } } }], ports: [{ port: 8080, protocol: 'TCP' }] },
      { from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] },
    ],
  },
};

describe('NetworkPolicy evaluator', () => {
  test('no policy: everything is allowed', () => {
    expect(new PolicyEvaluator([], namespaces).allowed({ from: probe, to: db, port: 5432 })).toBe(true);
  });

  test('default deny closes a namespace; allow rules open exact flows', () => {
    const e = new PolicyEvaluator([denyAll, webToDb, opsToWeb], namespaces);
    expect(e.allowed({ from: web, to: db, port: 5432 })).toBe(true);
    expect(e.allowed({ from: web, to: db, port: 5433 })).toBe(false);
    expect(e.allowed({ from: probe, to: db, port: 5432 })).toBe(false);
    expect(e.allowed({ from: web, to: db, port: 5432, protocol: 'UDP' })).toBe(false);
    expect(e.allowed({ from: probe, to: web, port: 8080 })).toBe(true);
    expect(e.allowed({ from: db, to: web, port: 8080 })).toBe(false);
  });

  test('ipBlock admits outside clients except the excluded ranges', () => {
    const e = new PolicyEvaluator([denyAll, opsToWeb], namespaces);
    expect(e.allowed({ from: { kind: 'external', ip: '203.0.113.7' }, to: web, port: 8080 })).toBe(true);
    expect(e.allowed({ from: { kind: 'external', ip: '10.1.2.3' }, to: web, port: 8080 })).toBe(false);
  });

  test('egress policies restrict the sender', () => {
    const egress: NetworkPolicy = {
      metadata: { name: 'egress', namespace: 'app' },
      spec: { podSelector: { matchLabels: { role: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { role: 'db' } } }] }] },
    };
    const e = new PolicyEvaluator([egress], namespaces);
    expect(e.allowed({ from: web, to: db, port: 5432 })).toBe(true);
    expect(e.allowed({ from: web, to: probe, port: 80 })).toBe(false);
  });

  test('matchExpressions are honoured', () => {
    const policy: NetworkPolicy = {
      metadata: { name: 'expr', namespace: 'app' },
      spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] }, podSelector: { matchExpressions: [{ key: 'role', operator: 'In', values: ['probe'] }] } }] }] },
    };
    const e = new PolicyEvaluator([policy], namespaces);
    expect(e.allowed({ from: probe, to: web, port: 8080 })).toBe(true);
    expect(e.allowed({ from: web, to: db, port: 5432 })).toBe(false);
  });
});
