/**
 * node-exporter and kube-state-metrics, and the Pod Security levels of the namespaces they run in.
 */
import { compileEnvironment } from '../config';
import { KUBE_STATE_METRICS_RESOURCES } from '../constructs/kube-state-metrics';
import { containersOf, podTemplates } from './support/objects';
import { configFor, configWith, ENVIRONMENT_NAMES, find, synth } from './support/synth';

/** What the Pod Security Standard `restricted` and `baseline` levels refuse (the checks this stack can trip). */
function podSecurityViolations(spec: any): { baseline: string[]; restricted: string[] } {
  const baseline: string[] = [];
  if (spec.hostNetwork) baseline.push('hostNetwork');
  if (spec.hostPID) baseline.push('hostPID');
  if (spec.hostIPC) baseline.push('hostIPC');
  for (const v of spec.volumes ?? []) if (v.hostPath) baseline.push(`hostPath ${v.hostPath.path}`);
  for (const c of containersOf(spec)) {
    if (c.securityContext?.privileged) baseline.push(`${c.name} privileged`);
    if (c.securityContext?.capabilities?.add?.length) baseline.push(`${c.name} adds capabilities`);
    for (const p of c.ports ?? []) if (p.hostPort && !spec.hostNetwork) baseline.push(`${c.name} hostPort`);
  }
  const restricted = [...baseline];
  if (spec.securityContext?.runAsNonRoot !== true) restricted.push('runAsNonRoot');
  if (spec.securityContext?.seccompProfile?.type !== 'RuntimeDefault') restricted.push('seccompProfile');
  for (const c of containersOf(spec)) {
    if (c.securityContext?.allowPrivilegeEscalation !== false) restricted.push(`${c.name} allowPrivilegeEscalation`);
    if (!c.securityContext?.capabilities?.drop?.includes('ALL')) restricted.push(`${c.name} drop ALL`);
  }
  return { baseline, restricted };
}

describe.each(ENVIRONMENT_NAMES)('%s', (env) => {
  const { objects, config } = synth(env);
  const levels = Object.fromEntries(
    objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, o.metadata.labels!['pod-security.kubernetes.io/enforce']]),
  );

  test('node-exporter alone runs in a privileged namespace; the platform and monitoring stay restricted', () => {
    expect(levels[config.namespaces.monitoring]).toBe('restricted');
    expect(levels[config.namespaces.platform]).toBe('restricted');
    expect(levels[config.nodeExporter.namespace]).toBe('privileged');
    // Access rules (Prometheus's discovery Role, the NetworkPolicies) live there too; nothing else does.
    const rules = ['Role', 'RoleBinding', 'NetworkPolicy'];
    const inNodeNamespace = objects.filter((o) => o.metadata.namespace === config.nodeExporter.namespace && !rules.includes(o.kind));
    expect(inNodeNamespace.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['DaemonSet/node-exporter', 'ServiceAccount/node-exporter']);
  });

  test('every pod satisfies the Pod Security level of its namespace', () => {
    const problems: string[] = [];
    for (const t of podTemplates(objects)) {
      const level = levels[t.owner.metadata.namespace!];
      if (level === 'privileged') continue;
      const found = podSecurityViolations(t.spec)[level as 'baseline' | 'restricted'];
      problems.push(...found.map((p) => `${t.owner.kind}/${t.owner.metadata.name} (${level}): ${p}`));
    }
    expect(problems).toEqual([]);
  });

  test('node-exporter takes exactly the host access it needs, read-only, and nothing else', () => {
    const ds = find(objects, 'DaemonSet', 'node-exporter', config.nodeExporter.namespace);
    const spec = ds.spec.template.spec;
    const violations = podSecurityViolations(spec);
    expect(violations.baseline).toEqual(['hostNetwork', 'hostPath /proc', 'hostPath /sys', 'hostPath /']);
    // Beyond the host access, the restricted profile holds.
    expect(violations.restricted.slice(violations.baseline.length)).toEqual([]);
    const container = spec.containers[0];
    expect(container.volumeMounts.every((m: any) => m.readOnly === true)).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(container.args).toEqual(expect.arrayContaining(['--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root']));
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  test('kube-state-metrics lists and watches exactly the resources it exports', () => {
    const ns = config.namespaces.monitoring;
    const deployment = find(objects, 'Deployment', 'kube-state-metrics', ns);
    const flag = deployment.spec.template.spec.containers[0].args.find((a: string) => a.startsWith('--resources='));
    const exported = flag.slice('--resources='.length).split(',').sort();
    const binding = find(objects, 'ClusterRoleBinding', `${ns}-kube-state-metrics`);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kube-state-metrics', namespace: ns }]);
    const role = find(objects, 'ClusterRole', binding.roleRef.name);
    expect(role.rules.flatMap((r: any) => r.resources).sort()).toEqual(exported);
    expect([...new Set(role.rules.flatMap((r: any) => r.verbs))].sort()).toEqual(['list', 'watch']);
    expect(exported).toEqual(expect.arrayContaining(['pods', 'nodes', 'deployments', 'persistentvolumeclaims', 'persistentvolumes']));
    expect(exported.length).toBe(KUBE_STATE_METRICS_RESOURCES.length);
  });
});

describe('node-exporter namespace config', () => {
  test('fails when node-exporter would share the monitoring namespace', () => {
    expect(() => configWith('dev', { nodeExporter: { namespace: 'monitoring' } })).toThrow(
      'environment "dev": nodeExporter.namespace "monitoring" is also the platform or monitoring namespace. Give node-exporter a namespace of its own: it allows host access, which the others must not.',
    );
  });

  test('the namespace is configurable', () => {
    const config = { ...configFor('dev'), nodeExporter: { ...configFor('dev').nodeExporter, namespace: 'host-metrics' } };
    const { objects } = synth('custom-node', config);
    expect(find(objects, 'DaemonSet', 'node-exporter', 'host-metrics')).toBeDefined();
    expect(find(objects, 'Namespace', 'host-metrics').metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(find(objects, 'Role', 'prometheus-discovery', 'host-metrics')).toBeDefined();
  });
});

describe('alerting config', () => {
  const resolveWith = (alerting: object) => configWith('dev', { alerting });

  test('fails when a tuned severity is outside the set', () => {
    expect(() => resolveWith({ alerts: { HighErrorRate: { severity: 'page' } } })).toThrow(
      'environment "dev": alerting.alerts.HighErrorRate.severity: "page" is not one of critical, warning, info. Use one of those.',
    );
  });

  test('fails when a tuned for is not a duration', () => {
    expect(() => resolveWith({ alerts: { HighErrorRate: { for: 'ten minutes' } } })).toThrow(
      'environment "dev": alerting.alerts.HighErrorRate.for: invalid duration "ten minutes".',
    );
  });

  test('fails when a tuning field is misspelt', () => {
    expect(() => resolveWith({ alerts: { HighErrorRate: { treshold: 0.1 } } })).toThrow(
      'environment "dev": alerting.alerts.HighErrorRate.treshold: unknown key "treshold" (set to 0.1). Did you mean "threshold"? Rename it to alerting.alerts.HighErrorRate.threshold. ' +
        'Keys of alerting.alerts.HighErrorRate: threshold, for, severity, disabled.',
    );
  });

  test('fails when a high-cardinality label is not a label name', () => {
    expect(() => resolveWith({ highCardinalityLabels: ['user-id'] })).toThrow(
      'environment "dev": alerting.highCardinalityLabels: "user-id" is not a label name. Use letters, digits and "_", e.g. "user_id".',
    );
  });

  test('fails when the runbook base URL ends with a slash', () => {
    expect(() => resolveWith({ runbookBaseUrl: 'https://git.example.com/runbooks/' })).toThrow('environment "dev": alerting.runbookBaseUrl: "https://git.example.com/runbooks/" is not a base URL.');
  });

  test.each([
    ['a path outside docs/', 'runbooks'],
    ['an absolute file path', '/srv/docs/runbooks'],
    ['a path climbing out of docs/', 'docs/../runbooks'],
    ['a URL without a scheme', 'git.example.com/org/repo/blob/main/docs/runbooks'],
    ['a scheme other than http(s)', 'ftp://git.example.com/docs/runbooks'],
    ['credentials in the URL', 'https://bot:secret@git.example.com/docs/runbooks'],
    ['a query, to which the alert name cannot be appended', 'https://wiki.example.com/view?page=runbooks'],
  ])('fails when the runbook base URL is %s', (_, runbookBaseUrl) => {
    expect(() => resolveWith({ runbookBaseUrl })).toThrow(
      `environment "dev": alerting.runbookBaseUrl: ${JSON.stringify(runbookBaseUrl)} is not a base URL. ` +
        'Give an absolute http(s) URL of where docs/runbooks can be browsed, e.g. "https://git.example.com/org/repo/blob/main/docs/runbooks", ' +
        'or a repository path starting with "docs/" (the default "docs/runbooks"), without a trailing "/".',
    );
  });

  test('takes a repository path under docs/ or an absolute http(s) URL, and appends the alert name to it', () => {
    for (const runbookBaseUrl of ['docs/runbooks', 'docs/ops/runbooks', 'https://github.com/org/observability/blob/main/docs/runbooks', 'http://wiki.internal:8080/runbooks']) {
      const config = resolveWith({ runbookBaseUrl });
      const rules = compileEnvironment(config).ruleGroups.flatMap((g) => g.file.groups[0].rules);
      expect(rules.find((r) => r.alert === 'HighErrorRate')!.annotations!.runbook_url).toBe(`${runbookBaseUrl}/HighErrorRate.md`);
    }
  });
});
