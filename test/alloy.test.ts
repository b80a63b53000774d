import { createHash } from 'node:crypto';
import { buildAlloyConfig } from '../constructs/alloy';
import { AlloyConfig, AlloyExpression, block, body, quoteAlloyString } from '../constructs/alloy-syntax';
import { parseAlloy, type AlloyNode, type ParsedBlock } from './support/alloy-parser';
import { pinnedImage } from './support/objects';
import { lokiServices } from './support/loki';
import { configFor, configWith, ENVIRONMENT_NAMES, find, synth } from './support/synth';

function alloyObjects(env: string) {
  const { objects } = synth(env);
  const ns = configFor(env).alloy.namespace;
  const daemonSet = find(objects, 'DaemonSet', 'alloy', ns);
  const configMap = find(objects, 'ConfigMap', 'alloy', ns);
  const text = configMap.data['config.alloy'] as string;
  return { objects, ns, daemonSet, configMap, text, container: daemonSet.spec.template.spec.containers[0], parsed: parseAlloy(text) };
}

function component(parsed: ParsedBlock, name: string, label: string): ParsedBlock {
  const found = parsed.blocks.find((b) => b.name === name && b.label === label);
  if (!found) throw new Error(`no ${name} "${label}" in the Alloy config`);
  return found;
}

/** Component ids referred to by an expression: `a.b.label.export` refers to `a.b.label`. */
function references(node: AlloyNode): string[] {
  switch (node.type) {
    case 'ref':
      return [node.path.split('.').slice(0, -1).join('.')];
    case 'list':
      return node.items.flatMap(references);
    case 'binary':
      return [...references(node.left), ...references(node.right)];
    case 'object':
      return Object.values(node.entries).flatMap(references);
    default:
      return [];
  }
}

function allAttributes(b: ParsedBlock): AlloyNode[] {
  return [...Object.values(b.attributes), ...b.blocks.flatMap(allAttributes)];
}

/** Prometheus relabelling with the default `replace` action, applied the way Alloy documents it. */
function relabel(rules: ParsedBlock[], input: Record<string, string>): Record<string, string> {
  const labels = { ...input };
  for (const rule of rules) {
    const attrs = rule.attributes as Record<string, any>;
    expect(attrs.action ?? { type: 'string', value: 'replace' }).toEqual({ type: 'string', value: 'replace' });
    const source = attrs.source_labels.items.map((item: any) => labels[item.value] ?? '').join(attrs.separator?.value ?? ';');
    const match = new RegExp(`^(?:${attrs.regex?.value ?? '(.*)'})$`).exec(source);
    if (!match) continue;
    const value = (attrs.replacement?.value ?? '$1').replace(/\$(\d+)/g, (_: string, n: string) => match[Number(n)] ?? '');
    if (value === '') delete labels[attrs.target_label.value];
    else labels[attrs.target_label.value] = value;
  }
  return Object.fromEntries(Object.entries(labels).filter(([name]) => !name.startsWith('__')));
}

/** Kubernetes discovery's name for a pod label: every character outside [a-zA-Z0-9_] becomes `_`. */
function podLabelMeta(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([key, value]) => [`__meta_kubernetes_pod_label_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`, value]));
}

describe.each(ENVIRONMENT_NAMES)('Alloy in %s', (env) => {
  const { objects, ns, daemonSet, configMap, text, container, parsed } = alloyObjects(env);

  test('the generated config parses as Alloy syntax and declares the log pipeline', () => {
    expect(Object.keys(parsed.attributes)).toEqual([]);
    expect(parsed.blocks.map((b) => `${b.name}.${b.label}`).sort()).toEqual([
      'discovery.kubernetes.pods',
      'discovery.relabel.pods',
      'loki.source.kubernetes.pods',
      'loki.write.default',
    ]);
  });

  test('every reference names a declared component', () => {
    const declared = new Set(parsed.blocks.map((b) => `${b.name}.${b.label}`));
    const referenced = parsed.blocks.flatMap((b) => allAttributes(b).flatMap(references)).filter((id) => id !== 'sys');
    expect(referenced.filter((id) => !declared.has(id))).toEqual([]);
    expect(new Set(referenced)).toEqual(new Set(['discovery.kubernetes.pods', 'discovery.relabel.pods', 'loki.write.default']));
  });

  test("each pod discovers only its own node's pods", () => {
    const discovery = component(parsed, 'discovery.kubernetes', 'pods');
    expect(discovery.attributes.role).toEqual({ type: 'string', value: 'pod' });
    const [selectors] = discovery.blocks;
    expect(selectors.name).toBe('selectors');
    expect(selectors.attributes).toEqual({
      role: { type: 'string', value: 'pod' },
      field: { type: 'binary', op: '+', left: { type: 'string', value: 'spec.nodeName=' }, right: { type: 'call', fn: 'sys.env', args: [{ type: 'string', value: 'NODE_NAME' }] } },
    });
    expect(container.env).toEqual([{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]);
  });

  test('tails through the Kubernetes API and pushes to the Loki Service', () => {
    const source = component(parsed, 'loki.source.kubernetes', 'pods');
    expect(source.attributes.targets).toEqual({ type: 'ref', path: 'discovery.relabel.pods.output' });
    expect(source.attributes.forward_to).toEqual({ type: 'list', items: [{ type: 'ref', path: 'loki.write.default.receiver' }] });
    const write = component(parsed, 'loki.write', 'default');
    const { push } = lokiServices(env);
    expect(write.blocks[0].attributes.url).toEqual({ type: 'string', value: `http://${push}.monitoring.svc:3100/loki/api/v1/push` });
    const service = find(objects, 'Service', push, 'monitoring');
    expect(service.spec.ports).toContainEqual(expect.objectContaining({ port: 3100 }));
  });

  test("labels the API's streams with namespace, pod, container and app", () => {
    const rules = component(parsed, 'discovery.relabel', 'pods').blocks.filter((b) => b.name === 'rule');
    const api = find(objects, 'Deployment', 'agent-platform-api', 'agent-platform');
    const target = {
      __meta_kubernetes_namespace: api.metadata.namespace!,
      __meta_kubernetes_pod_name: 'agent-platform-api-5d8f7c9b6-x2x7q',
      __meta_kubernetes_pod_container_name: api.spec.template.spec.containers[0].name,
      __meta_kubernetes_pod_uid: '0d3a4f39-6b1c-4d52-9a8e-1f0f9c3b7e21',
      ...podLabelMeta(api.spec.template.metadata.labels),
    };
    expect(relabel(rules, target)).toEqual({ namespace: 'agent-platform', pod: 'agent-platform-api-5d8f7c9b6-x2x7q', container: 'api', app: 'agent-platform' });
  });

  test('keeps its read positions in a directory of the node, so a re-created pod resumes where the last one stopped', () => {
    const spec = daemonSet.spec.template.spec;
    const dataDir = container.args.find((a: string) => a.startsWith('--storage.path=')).slice('--storage.path='.length);
    const mount = container.volumeMounts.find((m: any) => m.mountPath === dataDir);
    expect(mount.readOnly ?? false).toBe(false);
    const volume = spec.volumes.find((v: any) => v.name === mount.name);
    // One directory per stack: another stack's Alloy on the same node keeps its own positions.
    expect(volume).toEqual({ name: mount.name, hostPath: { path: `/var/lib/alloy/${ns}`, type: 'DirectoryOrCreate' } });
    // The only host path, and nothing else of the host.
    expect(spec.volumes.filter((v: any) => v.hostPath)).toHaveLength(1);
    expect(spec.hostNetwork ?? false).toBe(false);
    expect(spec.hostPID ?? false).toBe(false);
    expect(spec.hostIPC ?? false).toBe(false);
  });

  test('runs Alloy under the restricted profile; only the init container that hands it the directory is root, with CHOWN alone', () => {
    const spec = daemonSet.spec.template.spec;
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 473 });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.securityContext.capabilities.add).toBeUndefined();
    const [init] = spec.initContainers;
    expect(spec.initContainers).toHaveLength(1);
    const dataMount = container.volumeMounts.find((m: any) => m.name === init.volumeMounts[0].name);
    // Owned by the uid Alloy runs as, at the path Alloy mounts.
    expect(init.command).toEqual(['chown', `${spec.securityContext.runAsUser}:${spec.securityContext.runAsUser}`, dataMount.mountPath]);
    expect(init.image).toBe(container.image);
    expect(init.securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'], add: ['CHOWN'] } });
  });

  test("runs alone in a privileged namespace of its own, which neither the platform's nor the stack's is", () => {
    const config = configFor(env);
    const level = (name: string) => find(objects, 'Namespace', name).metadata.labels!['pod-security.kubernetes.io/enforce'];
    expect(level(ns)).toBe('privileged');
    expect(level(config.namespaces.monitoring)).toBe('restricted');
    expect(level(config.namespaces.platform)).toBe('restricted');
    const workloads = objects.filter((o) => o.metadata.namespace === ns && ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));
    expect(workloads.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['DaemonSet/alloy']);
  });

  test('may read pods and their logs and nothing else', () => {
    const role = find(objects, 'ClusterRole', `${ns}-alloy`);
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ]);
    const binding = find(objects, 'ClusterRoleBinding', `${ns}-alloy`);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${ns}-alloy` });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: daemonSet.spec.template.spec.serviceAccountName, namespace: ns }]);
  });

  test('serves metrics and readiness on its declared http port, and restarts when its config changes', () => {
    expect(container.image).toBe(pinnedImage(configFor(env), configFor(env).images.alloy));
    expect(container.ports).toEqual([{ name: 'http', containerPort: 12345, protocol: 'TCP' }]);
    expect(container.args).toContain('--server.http.listen-addr=0.0.0.0:12345');
    expect(container.args.slice(0, 2)).toEqual(['run', '/etc/alloy/config.alloy']);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/-/ready', port: 'http' });
    expect(container.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/alloy', readOnly: true });
    expect(daemonSet.spec.template.metadata.annotations['checksum/config']).toBe(createHash('sha256').update(text).digest('hex'));
    expect(configMap.metadata.name).toBe('alloy');
    const { stack } = synth(env);
    expect(stack.alloy.scrapeTarget).toMatchObject({ job: 'alloy', namespace: ns, path: '/metrics', port: { name: 'http', port: 12345 } });
  });
});

describe('Alloy in a namespace an environment chooses', () => {
  test('the DaemonSet, its host directory, its ClusterRole and its scrape job follow alloy.namespace', () => {
    const config = configWith('staging', { alloy: { namespace: 'logs-staging' } });
    const { objects, stack } = synth('alloy-namespace', config);
    const daemonSet = find(objects, 'DaemonSet', 'alloy', 'logs-staging');
    expect(daemonSet.spec.template.spec.volumes).toContainEqual({ name: 'data', hostPath: { path: '/var/lib/alloy/logs-staging', type: 'DirectoryOrCreate' } });
    expect(find(objects, 'Namespace', 'logs-staging').metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(find(objects, 'ClusterRoleBinding', 'logs-staging-alloy').subjects).toEqual([{ kind: 'ServiceAccount', name: 'alloy', namespace: 'logs-staging' }]);
    expect(objects.filter((o) => o.metadata.namespace === 'alloy')).toEqual([]);
    expect(stack.prometheus.scrapeTargets.find((t) => t.job === 'alloy')?.namespace).toBe('logs-staging');
    // Prometheus may discover pods there, and Loki admits Alloy's pushes from there.
    expect(find(objects, 'RoleBinding', 'prometheus-discovery', 'logs-staging').subjects).toEqual([{ kind: 'ServiceAccount', name: 'prometheus', namespace: config.namespaces.monitoring }]);
    // Alloy pushes to Loki's write path: the monolithic pod, or the write target's pods.
    const lokiPolicy = find(objects, 'NetworkPolicy', `${lokiServices(config.name).push}-ingress`, config.namespaces.monitoring);
    expect(lokiPolicy.spec.ingress.flatMap((r: any) => r.from)).toContainEqual(expect.objectContaining({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'logs-staging' } } }));
  });
});

describe('Alloy syntax model', () => {
  test('escapes quotes, backslashes and control characters', () => {
    expect(quoteAlloyString('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteAlloyString('C:\\logs')).toBe('"C:\\\\logs"');
    expect(quoteAlloyString('a\nb\tc\rd')).toBe('"a\\nb\\tc\\rd"');
    expect(quoteAlloyString('bell\u0007 del\u007f')).toBe('"bell\\u0007 del\\u007f"');
    expect(quoteAlloyString('ünïcode ✓')).toBe('"ünïcode ✓"');
  });

  test('any string value survives a round trip through the parser', () => {
    const values = ['plain', '"quoted"', 'back\\slash', 'line\nbreak', 'tab\tand\rreturn', '${NOT_EXPANDED}', '} closing {', '`raw`', '\u0000\u001f\u007f', '日本語 ✓ 🚀'];
    const file = new AlloyConfig();
    file.add('local.file', 'values', body({ list: values, one: values[4] }));
    const parsed = component(parseAlloy(file.render()), 'local.file', 'values');
    expect(parsed.attributes.list).toEqual({ type: 'list', items: values.map((value) => ({ type: 'string', value })) });
    expect(parsed.attributes.one).toEqual({ type: 'string', value: values[4] });
  });

  test('long lists go one item per line with a trailing comma', () => {
    const items = Array.from({ length: 12 }, (_, i) => `__meta_kubernetes_pod_label_number_${i}`);
    const file = new AlloyConfig();
    file.add('discovery.relabel', 'long', body({ targets: [] }, block('rule', body({ source_labels: items, target_label: 'x' }))));
    const text = file.render();
    expect(text).toContain(`    "${items[11]}",\n    ]`);
    const rule = component(parseAlloy(text), 'discovery.relabel', 'long').blocks[0];
    expect((rule.attributes.source_labels as any).items).toHaveLength(12);
  });

  const IDENTIFIER_RULE = 'Use letters, digits and "_", starting with a letter or "_", and not true, false or null';

  test('fails when a name is not an identifier, naming the component, the block, the field, the value and a fix', () => {
    const relabel = (rule: ReturnType<typeof body>) => () => new AlloyConfig().add('discovery.relabel', 'pods', body({ targets: [] }, block('rule', body({ target_label: 'a' })), block('rule', rule)));
    expect(relabel(body({ 'target-label': 'x' }))).toThrow(
      `Alloy config: component discovery.relabel "pods", block rule[1]: attribute name "target-label" is not an identifier. ${IDENTIFIER_RULE}, e.g. "target_label".`,
    );
    expect(() => new AlloyConfig().add('discovery.relabel', 'pods', body({}, block('2nd-rule', [])))).toThrow(
      `Alloy config: component discovery.relabel "pods": block name "2nd-rule" is not an identifier. ${IDENTIFIER_RULE}, e.g. "_2nd_rule".`,
    );
    expect(() => new AlloyConfig().add('loki.write', 'my logs', [])).toThrow(
      `Alloy config: component loki.write "my logs": label "my logs" is not an identifier. ${IDENTIFIER_RULE}, e.g. "my_logs".`,
    );
    expect(() => new AlloyConfig().add('loki.write', 'true', [])).toThrow(`Alloy config: component loki.write "true": label "true" is not an identifier. ${IDENTIFIER_RULE}, e.g. "true_".`);
    expect(() => new AlloyConfig().add('loki write', 'default', [])).toThrow(
      `Alloy config: component loki write "default": name part "loki write" is not an identifier. ${IDENTIFIER_RULE}, e.g. "loki_write".`,
    );
    expect(() => AlloyExpression.call('sys env', 'X')).toThrow(`Alloy config: function call "sys env": name part "sys env" is not an identifier. ${IDENTIFIER_RULE}, e.g. "sys_env".`);
    expect(() => AlloyExpression.exportOf('loki.write.default', 'receiver-1')).toThrow(
      `Alloy config: reference loki.write.default.receiver-1: export name "receiver-1" is not an identifier. ${IDENTIFIER_RULE}, e.g. "receiver_1".`,
    );
  });

  test('fails when a component is declared twice', () => {
    const file = new AlloyConfig();
    file.add('loki.write', 'default', []);
    expect(() => file.add('loki.write', 'default', [])).toThrow('Alloy config: component loki.write.default is declared twice. Give the second one another label.');
  });

  test('fails when a reference names a component the file does not declare', () => {
    const elsewhere = new AlloyConfig().add('loki.write', 'other', []);
    const file = new AlloyConfig();
    file.add('loki.source.kubernetes', 'pods', body({ targets: [], forward_to: [elsewhere.export('receiver')] }));
    expect(() => file.render()).toThrow(
      'Alloy config: component loki.source.kubernetes "pods", attribute forward_to: refers to loki.write.other, which is not declared in this file. ' +
        'Add loki.write.other to the same config with add(), or refer to a component that exists (loki.source.kubernetes.pods).',
    );
  });

  test('fails when a number is not finite, naming where it is', () => {
    expect(() => new AlloyConfig().add('local.file', 'n', body({ value: Number.NaN }))).toThrow(
      'Alloy config: component local.file "n", attribute value: NaN is not a finite number. Alloy has no NaN or infinity: give a finite number or leave the attribute out.',
    );
    expect(() => new AlloyConfig().add('local.file', 'n', body({}, block('limits', body({ sizes: [1, Infinity] }))))).toThrow(
      'Alloy config: component local.file "n", block limits[0], attribute sizes[1]: Infinity is not a finite number.',
    );
    expect(() => AlloyExpression.call('math.max', 1, Number.NaN)).toThrow('Alloy config: function call "math.max", argument 2: NaN is not a finite number.');
  });

  test('the pipeline pushes to the URL it is given', () => {
    const text = buildAlloyConfig('http://loki.example.svc:3100/loki/api/v1/push').render();
    expect(component(parseAlloy(text), 'loki.write', 'default').blocks[0].attributes.url).toEqual({ type: 'string', value: 'http://loki.example.svc:3100/loki/api/v1/push' });
  });
});

describe('Alloy syntax checker', () => {
  // The checker must reject what Alloy rejects, or the tests above would prove nothing.
  test.each([
    ['an unknown escape', 'a "b" { x = "\\q" }\n'],
    ['a raw newline inside a string', 'a "b" {\n  x = "line\nbreak"\n}\n'],
    ['a missing comma before a line break in a list', 'a "b" {\n  x = [\n    "one",\n    "two"\n  ]\n}\n'],
    ['two statements on one line', 'a "b" { x = 1 y = 2 }\n'],
    ['an unclosed block', 'a "b" {\n  x = 1\n'],
    ['a dotted attribute name', 'a "b" {\n  x.y = 1\n}\n'],
  ])('rejects %s', (_, source) => {
    expect(() => parseAlloy(source)).toThrow(/^line \d+: /);
  });
});
