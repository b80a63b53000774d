import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as yaml from 'js-yaml';
import { packRuleFiles, Prometheus, RULE_CONFIGMAP_BUDGET_BYTES } from '../constructs/prometheus';
import { POD_DISCOVERY_JOB, type PrometheusConfigFile } from '../constructs/prometheus-config';
import { compileEnvironment } from '../config';
import { compileRuleGroups, ALL_RULE_GROUPS, type RuleGroup } from '../rules';
import { lokiTargets } from './support/loki';
import { layOutPrometheusPod } from './support/prometheus-files';
import { describeWithEngines, enginePath } from './support/toolchain';
import { containersOf, podTemplates, selects } from './support/objects';
import { configFor, configWith, ENVIRONMENT_NAMES, find, synth, synthAlone } from './support/synth';

function prometheusOf(env: string) {
  const { objects, config } = synth(env);
  const ns = config.namespaces.monitoring;
  const sts = find(objects, 'StatefulSet', 'prometheus', ns);
  const container = sts.spec.template.spec.containers.find((c: any) => c.name === 'prometheus');
  const file = yaml.load(find(objects, 'ConfigMap', 'prometheus-config', ns).data['prometheus.yml']) as PrometheusConfigFile;
  return { objects, config, ns, sts, container, file };
}

describeWithEngines('promtool check config', ['promtool'], () => {
  describe.each(ENVIRONMENT_NAMES)('%s Prometheus', (env) => {
    test('promtool check config accepts prometheus.yml with the rule files where the pod mounts them, as written and as a replica expands it', () => {
      const { objects, ns } = prometheusOf(env);
      // As shipped, Kubernetes discovery included: promtool 3.5.3 is built with it.
      const pod = layOutPrometheusPod(objects, ns);
      try {
        const written = fs.readFileSync(pod.configPath, 'utf8');
        expect(written).toContain('${POD_NAME}');
        // What Prometheus 3 makes of it in the pod prometheus-0.
        const expandedPath = `${pod.configPath}.expanded.yml`;
        fs.writeFileSync(expandedPath, written.replaceAll('${POD_NAME}', 'prometheus-0'));
        for (const configPath of [pod.configPath, expandedPath]) {
          const result = spawnSync(enginePath('promtool'), ['check', 'config', configPath], { encoding: 'utf8' });
          expect(result.stderr).toBe('');
          expect(result.status).toBe(0);
          expect(result.stdout).toContain(`SUCCESS: ${pod.ruleFiles.length} rule files found`);
          // promtool also checks each rule file the glob matched, at its mounted path.
          for (const rule of pod.ruleFiles) expect(result.stdout).toContain(`Checking ${pod.root}/etc/prometheus/rules/${rule}\n  SUCCESS:`);
        }
        expect(pod.ruleFiles).toEqual(expect.arrayContaining(['infrastructure-alerts.yml', 'platform-alerts.yml', 'watchdog.yml']));
      } finally {
        fs.rmSync(pod.root, { recursive: true, force: true });
      }
    });
  });
});

describe.each(ENVIRONMENT_NAMES)('%s Prometheus', (env) => {
  test('external labels name the cluster, the environment and the replica, which each pod sets from its own name', () => {
    const { file, config, container } = prometheusOf(env);
    expect(file.global.external_labels).toEqual({ cluster: config.cluster, environment: env, replica: '${POD_NAME}' });
    expect(container.env).toEqual([{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]);
    expect(file.global.scrape_interval).toBe(config.prometheus.scrapeInterval);
    expect(file.global.evaluation_interval).toBe(config.prometheus.evaluationInterval);
  });

  test('scrape jobs: api, the exporters, the kubelet and cAdvisor, Prometheus, Alertmanager and the stack', () => {
    const jobs = prometheusOf(env).file.scrape_configs.map((j) => j.job_name);
    for (const job of ['api', 'node-exporter', 'kube-state-metrics', 'kubelet', 'cadvisor', 'prometheus', 'prometheus-config-reloader', 'alertmanager', 'loki', 'grafana']) {
      expect(jobs).toContain(job);
    }
    expect(new Set(jobs).size).toBe(jobs.length);
  });

  test('each pod job discovers pods in one namespace and keeps exactly the pods and port of a workload there', () => {
    const { file, objects } = prometheusOf(env);
    const templates = podTemplates(objects);
    // Extra scrape targets select pods that run outside this output (recipes.test.ts proves those);
    // so do the pods that opt in (test/integration/pipeline.test.ts proves that job's relabelling).
    const extra = new Set([...(prometheusOf(env).config.prometheus.extraScrapeTargets ?? []).map((t) => t.job), POD_DISCOVERY_JOB]);
    const podJobs = file.scrape_configs.filter((j) => j.kubernetes_sd_configs?.[0].role === 'pod' && !extra.has(j.job_name));
    expect(podJobs.length).toBeGreaterThanOrEqual(7);
    for (const job of podJobs) {
      const [namespace] = job.kubernetes_sd_configs![0].namespaces!.names;
      const [nsKeep, labelKeep, portKeep] = job.relabel_configs!;
      expect(nsKeep).toEqual({ source_labels: ['__meta_kubernetes_namespace'], regex: namespace, action: 'keep' });
      // Undo the meta-label naming and regex escaping to get back the label selector.
      const values = labelKeep.regex!.split(';').map((v) => v.replace(/\\(.)/g, '$1'));
      const metaNames = labelKeep.source_labels!;
      const matching = templates.filter((t) => {
        if (t.owner.metadata.namespace !== namespace) return false;
        const meta = Object.fromEntries(Object.entries(t.labels).map(([k, v]) => [`__meta_kubernetes_pod_label_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`, v]));
        return metaNames.every((name, i) => meta[name] === values[i]);
      });
      // One workload per component, or several of one component (Loki's targets, Jaeger's roles scaled out), each declaring the port.
      expect({ job: job.job_name, components: new Set(matching.map((t) => t.labels['app.kubernetes.io/name'])).size }).toEqual({ job: job.job_name, components: 1 });
      // One job for every Loki target: the Loki alerts and dashboards select that job.
      if (job.job_name === 'loki') expect(matching.length).toBe(lokiTargets(env).length);
      for (const workload of matching) {
        const ports = containersOf(workload.spec).flatMap((c) => (c.ports ?? []).map((p: any) => p.name));
        expect(ports).toContain(portKeep.regex);
      }
      const targets = job.relabel_configs!.filter((r) => r.target_label).map((r) => `${r.source_labels![0]}→${r.target_label}`);
      expect(targets).toEqual([
        '__meta_kubernetes_namespace→namespace',
        '__meta_kubernetes_pod_name→pod',
        '__meta_kubernetes_pod_container_name→container',
        '__meta_kubernetes_pod_node_name→node',
      ]);
    }
    const api = file.scrape_configs.find((j) => j.job_name === 'api')!;
    expect(api.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['agent-platform'] } }]);
    expect(api.metrics_path).toBe('/metrics');
    expect(file.scrape_configs.find((j) => j.job_name === 'kube-state-metrics')!.honor_labels).toBe(true);
  });

  test('kubelet and cAdvisor are scraped per node over HTTPS with the pod token', () => {
    const { file } = prometheusOf(env);
    for (const [job, path] of [['kubelet', '/metrics'], ['cadvisor', '/metrics/cadvisor']]) {
      const config = file.scrape_configs.find((j) => j.job_name === job)!;
      expect(config.kubernetes_sd_configs).toEqual([{ role: 'node' }]);
      expect(config.scheme).toBe('https');
      expect(config.metrics_path).toBe(path);
      expect(config.authorization).toEqual({ credentials_file: '/var/run/secrets/kubernetes.io/serviceaccount/token' });
    }
  });

  test('alerts go to every Alertmanager replica through the headless Service, without the replica label', () => {
    const { file, objects, ns } = prometheusOf(env);
    const headless = find(objects, 'Service', 'alertmanager-cluster', ns);
    expect(headless.spec.clusterIP).toBe('None');
    expect(file.alerting.alertmanagers).toEqual([{ dns_sd_configs: [{ names: [`alertmanager-cluster.${ns}.svc`], type: 'A', port: 9093 }] }]);
    expect(headless.spec.ports.find((p: any) => p.port === 9093)).toBeDefined();
    // Both replicas' alerts must be identical for Alertmanager to merge them.
    expect(file.alerting.alert_relabel_configs).toEqual([{ regex: 'replica', action: 'labeldrop' }]);
  });

  test('a headless Service governs the StatefulSet and gives each replica a stable name', () => {
    const { objects, sts, ns, config } = prometheusOf(env);
    const governing = find(objects, 'Service', sts.spec.serviceName, ns);
    expect(governing.metadata.name).toBe('prometheus-headless');
    expect(governing.spec.clusterIP).toBe('None');
    expect(selects(governing.spec.selector, sts.spec.template.metadata.labels)).toBe(true);
    expect(sts.spec.replicas).toBe(config.prometheus.replicas);
    // Queries through the ClusterIP Service stay on one replica per client.
    expect(find(objects, 'Service', 'prometheus', ns).spec.sessionAffinity).toBe('ClientIP');
  });

  test('exemplar storage is on, for the exemplar links from latency panels to traces', () => {
    expect(prometheusOf(env).container.args).toContain('--enable-feature=exemplar-storage');
  });

  test('probes, retention and storage come from the environment', () => {
    const { sts, container, config } = prometheusOf(env);
    expect(container.livenessProbe.httpGet.path).toBe('/-/healthy');
    expect(container.readinessProbe.httpGet.path).toBe('/-/ready');
    expect(container.args).toContain(`--storage.tsdb.retention.time=${config.prometheus.retention}`);
    expect(container.args).toContain('--web.enable-lifecycle');
    expect(sts.spec.replicas).toBe(config.prometheus.replicas);
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(config.prometheus.storage.size);
    expect(container.resources.requests).toEqual(config.prometheus.resources.requests);
  });

  test('config and rules are mounted as directories and a sidecar reloads on change', () => {
    const { sts, container } = prometheusOf(env);
    const spec = sts.spec.template.spec;
    const reloader = spec.containers.find((c: any) => c.name === 'config-reloader');
    for (const c of spec.containers) for (const m of c.volumeMounts ?? []) expect(m.subPath).toBeUndefined();
    const configDir = container.volumeMounts.find((m: any) => m.name === 'config').mountPath;
    const rulesDir = container.volumeMounts.find((m: any) => m.name === 'rules').mountPath;
    expect(container.args).toContain(`--config.file=${configDir}/prometheus.yml`);
    expect(reloader.args).toEqual(
      expect.arrayContaining([`--watched-dir=${configDir}`, `--watched-dir=${rulesDir}`, '--reload-url=http://127.0.0.1:9090/-/reload']),
    );
    expect(prometheusOf(env).file.rule_files).toEqual([`${rulesDir}/*.yml`]);
  });

  test('a hung reloader is restarted: its liveness probe asks /healthz on the port it listens on', () => {
    const reloader = prometheusOf(env).sts.spec.template.spec.containers.find((c: any) => c.name === 'config-reloader');
    const probe = reloader.livenessProbe.httpGet;
    expect(probe.path).toBe('/healthz');
    const port = reloader.ports.find((p: any) => p.name === probe.port);
    expect(port).toBeDefined();
    expect(reloader.args).toContain(`--listen-address=:${port.containerPort}`);
    // Readiness of a sidecar would take Prometheus out of its Service when only the reloader is unwell.
    expect(reloader.readinessProbe).toBeUndefined();
  });

  test('the config-reloader sidecar is scraped as its own job, on the port it listens on, in the Prometheus pods', () => {
    const { file, sts, ns } = prometheusOf(env);
    const reloader = sts.spec.template.spec.containers.find((c: any) => c.name === 'config-reloader');
    const [own, sidecar] = ['prometheus', 'prometheus-config-reloader'].map((name) => file.scrape_configs.find((j) => j.job_name === name)!);
    expect(sidecar.metrics_path).toBe('/metrics');
    expect(sidecar.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: [ns] } }]);
    // The same pods as Prometheus's own job, another of their ports: the one the sidecar serves.
    expect(sidecar.relabel_configs![1]).toEqual(own.relabel_configs![1]);
    const port = reloader.ports.find((p: any) => p.name === sidecar.relabel_configs![2].regex);
    expect(reloader.args).toContain(`--listen-address=:${port.containerPort}`);
    expect(own.relabel_configs![2].regex).toBe('web');
  });

  test('RBAC grants read-only discovery: pods in scraped namespaces, nodes and their metrics', () => {
    const { objects, ns, file } = prometheusOf(env);
    const bound = objects.filter(
      (o) => (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') && o.subjects?.some((s: any) => s.name === 'prometheus' && s.namespace === ns),
    );
    const rules = bound.flatMap((b) => {
      const role = find(objects, b.roleRef.kind, b.roleRef.name, b.kind === 'RoleBinding' ? b.metadata.namespace : undefined);
      return role.rules.map((r: any) => `${b.kind === 'RoleBinding' ? b.metadata.namespace : '*'}:${r.resources.join(',')}:${r.verbs.join(',')}`);
    });
    const scraped = [...new Set(file.scrape_configs.flatMap((j) => j.kubernetes_sd_configs?.[0].namespaces?.names ?? []))].sort();
    expect(rules.sort()).toEqual(['*:nodes/metrics:get', '*:nodes:list,watch', ...scraped.map((n) => `${n}:pods:list,watch`)].sort());
  });
});

describe('rule ConfigMaps', () => {
  const generated = (count: number): RuleGroup[] =>
    Array.from({ length: count / 100 }, (_, g) => ({
      name: `generated-${g}`,
      rules: Array.from({ length: 100 }, (_, i) => ({
        record: `generated:series_${g}_${i}:rate5m`,
        expr: `sum by (namespace) (rate(generated_requests_total{job="api",shard="${i}"}[5m]))`,
      })),
    }));

  test('stay under the budget, and 1000 generated rules spread over several', () => {
    const compiled = compileRuleGroups([...ALL_RULE_GROUPS, ...generated(1000)], { runbookBaseUrl: 'docs/runbooks' });
    const packs = packRuleFiles(compiled, 20 * 1024);
    expect(packs.length).toBeGreaterThan(1);
    for (const data of packs) expect(Buffer.byteLength(JSON.stringify(data))).toBeLessThanOrEqual(20 * 1024);
    expect(packs.flatMap((d) => Object.keys(d)).sort()).toEqual(compiled.map((g) => g.fileName).sort());
    expect(RULE_CONFIGMAP_BUDGET_BYTES).toBeLessThan(256 * 1024);
  });

  test('extra groups from the stack reach their own ConfigMap entries', () => {
    const ruleGroups = compileEnvironment(configFor('dev'), { ruleGroups: generated(100) }).ruleGroups;
    const { construct: prometheus, objects } = synthAlone(Prometheus, { config: configFor('dev'), ruleGroups });
    expect(prometheus.ruleConfigMaps.length).toBe(1);
    const data = objects.find((o) => o.metadata.name === 'prometheus-rules-1')!.data;
    expect(Object.keys(data)).toContain('generated-0.yml');
    for (const o of objects.filter((x) => x.kind === 'ConfigMap')) {
      expect(Buffer.byteLength(JSON.stringify(o))).toBeLessThan(256 * 1024);
    }
  });

  test('fails when one group alone is larger than a ConfigMap may be', () => {
    const compiled = compileRuleGroups(generated(100), { runbookBaseUrl: 'docs/runbooks' });
    expect(() => packRuleFiles(compiled, 4 * 1024)).toThrow(
      /^rule group "generated-0": its rule file is \d+ KiB, more than the 4 KiB a rule ConfigMap may hold \(client-side kubectl apply copies the object into a 256 KiB annotation\)\. Split its rules into several smaller groups\.$/,
    );
  });
});

describe('Prometheus construct', () => {
  test('fails when two scrape targets share a job name', () => {
    const config = configFor('dev');
    const port = { name: 'http', port: 8000 };
    const target = { job: 'api', namespace: 'agent-platform', podLabels: { app: 'x' }, port };
    expect(() => synthAlone(Prometheus, { config, scrapeTargets: [target, { ...target, podLabels: { app: 'y' } }] })).toThrow(
      'prometheus scrape targets: job "api" is defined twice. Each scrape target needs its own job name (it becomes the job label of its series): rename one.',
    );
  });

  test('fails at synth when an environment adds an invalid rule', () => {
    const config = configFor('dev');
    const bad = { ...config, alerting: { ...config.alerting, extraGroups: [{ name: 'team-alerts', rules: [{ alert: 'QueueBacklog', expr: 'queue_depth >', severity: 'warning' as const, summary: 's', description: 'd' }] }] } };
    expect(() => synth('bad', bad)).toThrow(/^environment "dev": rule group "team-alerts", alert "QueueBacklog": expr does not parse: PromQL syntax error/);
  });

  test('the pod template selects the Service and the scrape target', () => {
    const { objects, ns, sts } = prometheusOf('dev');
    const service = find(objects, 'Service', 'prometheus', ns);
    expect(selects(service.spec.selector, sts.spec.template.metadata.labels)).toBe(true);
  });
});

describe('pods that opt in to scraping (prometheus.podDiscovery)', () => {
  const fixture = configWith('dev', {
    prometheus: { podDiscovery: { namespaces: ['agent-platform', 'team-a'], label: 'example.com/scrape', port: 'prom-metrics', pathAnnotation: 'example.com/path' } },
  });
  const { objects } = synth('pod-discovery', fixture);
  const file = yaml.load(find(objects, 'ConfigMap', 'prometheus-config', fixture.namespaces.monitoring).data['prometheus.yml']) as PrometheusConfigFile;
  const job = file.scrape_configs.find((j) => j.job_name === POD_DISCOVERY_JOB)!;

  test('is off unless an environment lists namespaces', () => {
    expect(configFor('dev').prometheus.podDiscovery).toBeUndefined();
    expect(prometheusOf('dev').file.scrape_configs.map((j) => j.job_name)).not.toContain(POD_DISCOVERY_JOB);
  });

  test('one job discovers pods in exactly the listed namespaces and keeps those with the label and the named port', () => {
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['agent-platform', 'team-a'] } }]);
    expect(job.relabel_configs!.slice(0, 3)).toEqual([
      { source_labels: ['__meta_kubernetes_namespace'], regex: 'agent-platform|team-a', action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_label_example_com_scrape'], regex: 'true', action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'prom-metrics', action: 'keep' },
    ]);
    expect(job.relabel_configs).toContainEqual({ source_labels: ['__meta_kubernetes_pod_annotation_example_com_path'], regex: '(/.*)', target_label: '__metrics_path__' });
  });

  test("drops the pods a job of their own scrapes: the API's, in an allowed namespace", () => {
    const api = file.scrape_configs.find((j) => j.job_name === 'api')!;
    const apiSelector = api.relabel_configs![1];
    expect(job.relabel_configs).toContainEqual({
      source_labels: ['__meta_kubernetes_namespace', ...apiSelector.source_labels!],
      regex: `agent-platform;${apiSelector.regex}`,
      action: 'drop',
    });
    // Only targets in the allowed namespaces need a drop rule.
    expect(job.relabel_configs!.filter((r) => r.action === 'drop')).toHaveLength(2);
  });

  test('Prometheus may list and watch pods in the listed namespaces, one Role each', () => {
    for (const namespace of ['agent-platform', 'team-a']) {
      const role = find(objects, 'Role', 'prometheus-discovery', namespace);
      expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] }]);
      expect(find(objects, 'RoleBinding', 'prometheus-discovery', namespace).subjects).toEqual([{ kind: 'ServiceAccount', name: 'prometheus', namespace: fixture.namespaces.monitoring }]);
    }
  });

  test('the defaults: label metrics.agent-platform.io/scrape, port metrics, annotation metrics.agent-platform.io/path', () => {
    const { objects: defaults } = synth('pod-discovery-defaults', configWith('dev', { prometheus: { podDiscovery: { namespaces: ['team-a'] } } }));
    const config = yaml.load(find(defaults, 'ConfigMap', 'prometheus-config', 'monitoring').data['prometheus.yml']) as PrometheusConfigFile;
    const rules = config.scrape_configs.find((j) => j.job_name === POD_DISCOVERY_JOB)!.relabel_configs!;
    expect(rules[1].source_labels).toEqual(['__meta_kubernetes_pod_label_metrics_agent_platform_io_scrape']);
    expect(rules[2].regex).toBe('metrics');
    expect(rules.find((r) => r.target_label === '__metrics_path__')!.source_labels).toEqual(['__meta_kubernetes_pod_annotation_metrics_agent_platform_io_path']);
    // No target of the stack runs in team-a: nothing to drop but finished pods.
    expect(rules.filter((r) => r.action === 'drop')).toEqual([{ source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Succeeded|Failed', action: 'drop' }]);
  });

  test('fails when an extra scrape target takes a job name of the form the discovered pods get', () => {
    const worker = { job: 'team-a/worker', namespace: 'team-a', podLabels: { app: 'worker' }, port: { name: 'metrics', port: 9400 } };
    expect(() => configWith('dev', { prometheus: { podDiscovery: { namespaces: ['team-a'] }, extraScrapeTargets: [worker] } })).toThrow(
      'environment "dev": prometheus.extraScrapeTargets[0].job: "team-a/worker" has the form <namespace>/<name> of the jobs podDiscovery gives pods in "team-a". Give the extra target a job name without "/", e.g. "worker".',
    );
  });
});
