import * as yaml from 'js-yaml';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { App, Chart } from 'cdk8s';
import { compileEnvironment, resolveEnvironment, type EnvironmentConfig } from '../config';
import { Grafana } from '../constructs/grafana';
import { buildDashboard, DATASOURCES, FOLDERS, promRange, type DashboardFile } from '../dashboards';
import { logqlError } from '../lib/query-syntax';
import { containersOf, pinnedImage, RESTRICTED_CONTAINER_SECURITY_CONTEXT, selects } from './support/objects';
import { lokiServices } from './support/loki';
import { configFor, ENVIRONMENT_NAMES, find, synth, type K8sObject } from './support/synth';

const grafanaObjects = (env: string) => synth(env).objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'grafana');
const statefulSet = (env: string) => find(synth(env).objects, 'StatefulSet', 'grafana', 'monitoring');
const container = (env: string) => statefulSet(env).spec.template.spec.containers[0];
const configMap = (env: string, name: string) => find(synth(env).objects, 'ConfigMap', name, 'monitoring');
const provisioningFile = (env: string, key: string): any => yaml.load(configMap(env, 'grafana-provisioning').data[key]);

/** Builds Grafana alone in a chart, with a config and props of the test's choosing, reading stand-in datasources. */
function grafanaAlone(config: EnvironmentConfig, props: Partial<ConstructorParameters<typeof Grafana>[2]> = {}): { construct: Grafana; objects: K8sObject[] } {
  const chart = new Chart(new App(), 'test');
  const construct = new Grafana(chart, 'Grafana', { config, ...props });
  construct.addDatasources({
    prometheus: { url: 'http://prometheus.test.svc:9090', scrapeInterval: config.prometheus.scrapeInterval },
    loki: { url: 'http://loki.test.svc:3100' },
    jaeger: { queryUrl: 'http://jaeger.test.svc:16686' },
    alertmanager: { url: 'http://alertmanager.test.svc:9093' },
  });
  return { construct, objects: chart.toJson() };
}

describe('Grafana workload', () => {
  test.each(ENVIRONMENT_NAMES)('%s: the pinned Grafana, one replica, in monitoring', (env) => {
    const d = statefulSet(env);
    expect(container(env).image).toBe(pinnedImage(configFor(env), configFor(env).images.grafana));
    expect(d.spec.replicas).toBe(1);
    expect(grafanaObjects(env).map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/grafana-dashboards-infrastructure',
      'ConfigMap/grafana-dashboards-logs-and-traces',
      'ConfigMap/grafana-dashboards-monitoring',
      'ConfigMap/grafana-dashboards-platform',
      'ConfigMap/grafana-dashboards-slo',
      'ConfigMap/grafana-provisioning',
      'Service/grafana',
      'ServiceAccount/grafana',
      'StatefulSet/grafana',
    ]);
  });

  test('probes on /api/health through the http port', () => {
    const c = container('dev');
    for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) expect(probe.httpGet).toEqual({ path: '/api/health', port: 'http' });
    expect(c.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    // Startup allows five minutes of migrations before liveness applies.
    expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBe(300);
  });

  test('restricted security context with a read-only root and writable data, tmp', () => {
    const spec = statefulSet('dev').spec.template.spec;
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 472, runAsGroup: 472, fsGroup: 472, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container('dev').securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
    const writable = container('dev').volumeMounts.filter((m: any) => !m.readOnly).map((m: any) => m.mountPath);
    expect(writable.sort()).toEqual(['/tmp', '/var/lib/grafana']);
  });

  test.each([
    ['dev', '1Gi'],
    ['staging', '1Gi'],
    ['prod', '5Gi'],
  ])('%s: data volume of %s from a claim template, mounted at the data path', (env, size) => {
    const [claim] = statefulSet(env).spec.volumeClaimTemplates;
    expect(claim.spec.resources.requests.storage).toBe(size);
    expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(container(env).volumeMounts.find((m: any) => m.name === claim.metadata.name).mountPath).toBe('/var/lib/grafana');
    // No PersistentVolumeClaim of its own: deleting or pruning the manifests leaves the data.
    expect(grafanaObjects(env).filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
  });

  test('the storage class follows the environment config', () => {
    const config = resolveEnvironment({ name: 'dev', overrides: { grafana: { storage: { size: '2Gi', storageClassName: 'fast-ssd' } } } });
    const [claim] = grafanaAlone(config).objects.find((o) => o.kind === 'StatefulSet')!.spec.volumeClaimTemplates;
    expect(claim.spec).toEqual(expect.objectContaining({ storageClassName: 'fast-ssd', resources: { requests: { storage: '2Gi' } } }));
  });

  test('the Service exposes port 3000 of the Grafana pods', () => {
    const service = find(synth('dev').objects, 'Service', 'grafana', 'monitoring');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' }]);
    expect(selects(service.spec.selector, statefulSet('dev').spec.template.metadata.labels)).toBe(true);
  });

  test('the scrape target is job grafana on the http port at /metrics, selecting the Grafana pods', () => {
    const target = synth('dev').stack.grafana.scrapeTarget;
    expect({ job: target.job, namespace: target.namespace, port: target.port.name, path: target.path }).toEqual({
      job: 'grafana',
      namespace: 'monitoring',
      port: 'http',
      path: '/metrics',
    });
    expect(selects(target.podLabels, statefulSet('dev').spec.template.metadata.labels)).toBe(true);
    expect(container('dev').env).toContainEqual({ name: 'GF_METRICS_ENABLED', value: 'true' });
  });

  test('fails when grafana.replicas is more than one', () => {
    expect(() => resolveEnvironment({ name: 'dev', overrides: { grafana: { replicas: 2 } } })).toThrow(
      'environment "dev": grafana.replicas: Grafana keeps users, sessions and settings in SQLite on one ReadWriteOnce volume, so it runs exactly one replica, got 2. Set grafana.replicas to 1.',
    );
  });
});

describe('Grafana credentials', () => {
  test.each(ENVIRONMENT_NAMES)('%s: the admin password is read from the operator’s Secret, anonymous access is off', (env) => {
    const c = container(env);
    const vars = Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
    expect(vars.GF_SECURITY_ADMIN_PASSWORD__FILE).toBe('/etc/grafana/secrets/admin-password');
    expect(vars.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    expect(vars.GF_USERS_ALLOW_SIGN_UP).toBe('false');
    expect(vars).not.toHaveProperty('GF_SECURITY_ADMIN_PASSWORD');
    const mount = c.volumeMounts.find((m: any) => m.mountPath === '/etc/grafana/secrets');
    const volume = statefulSet(env).spec.template.spec.volumes.find((v: any) => v.name === mount.name);
    expect(mount.readOnly).toBe(true);
    expect(volume.secret).toEqual({ secretName: 'grafana-admin', items: [{ key: 'admin-password', path: 'admin-password' }], defaultMode: 0o440 });
    expect(synth(env).objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('no value in the Grafana objects looks like a credential', () => {
    const text = JSON.stringify(grafanaObjects('prod'));
    expect(text).not.toMatch(/password"\s*:\s*"(?!\/)/i);
    expect(text).not.toMatch(/basicAuthPassword|secureJsonData/);
  });

  test('the README tells the operator how to create the Secret', () => {
    const readme = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'README.md'), 'utf8') as string;
    expect(readme).toContain('kubectl -n monitoring create secret generic grafana-admin --from-literal=admin-password=');
  });
});

describe('Grafana datasources', () => {
  test.each(ENVIRONMENT_NAMES)('%s: Prometheus, Loki, Jaeger and Alertmanager with fixed uids and in-cluster URLs', (env) => {
    const file = provisioningFile(env, 'datasources.yaml');
    expect(file.apiVersion).toBe(1);
    expect(file.datasources.map((d: any) => [d.name, d.type, d.uid, d.url, d.isDefault, d.editable])).toEqual([
      ['Prometheus', 'prometheus', 'prometheus', 'http://prometheus.monitoring.svc:9090', true, false],
      ['Loki', 'loki', 'loki', `http://${lokiServices(env).query}.monitoring.svc:3100`, false, false],
      ['Jaeger', 'jaeger', 'jaeger', 'http://jaeger.monitoring.svc:16686', false, false],
      ['Alertmanager', 'alertmanager', 'alertmanager', 'http://alertmanager.monitoring.svc:9093', false, false],
    ]);
  });

  test.each(ENVIRONMENT_NAMES)('%s: every datasource URL reaches a Service of the output on a port it serves', (env) => {
    const { objects } = synth(env);
    const datasources = provisioningFile(env, 'datasources.yaml').datasources;
    expect(datasources).toHaveLength(4);
    for (const ds of datasources) {
      const url = new URL(ds.url);
      const [service, namespace] = url.hostname.split('.');
      const svc = find(objects, 'Service', service, namespace);
      expect({ url: ds.url, ports: svc.spec.ports.map((p: any) => p.port) }).toEqual({ url: ds.url, ports: expect.arrayContaining([Number(url.port)]) });
    }
  });

  test('datasource URLs are the ones the Prometheus, Loki, Jaeger and Alertmanager constructs publish', () => {
    const { stack } = synth('dev');
    expect(stack.grafana.datasources.datasources.map((d) => d.url)).toEqual([stack.prometheus.url, stack.loki.url, stack.jaeger.queryUrl, stack.alertmanager.url]);
  });

  test('$__rate_interval follows the scrape interval', () => {
    expect(provisioningFile('dev', 'datasources.yaml').datasources[0].jsonData.timeInterval).toBe('30s');
    const config = resolveEnvironment({ name: 'dev', overrides: { prometheus: { scrapeInterval: '15s' } } });
    const prometheus = grafanaAlone(config).construct.datasources.datasources[0];
    expect(prometheus.jsonData).toEqual(expect.objectContaining({ timeInterval: '15s' }));
  });

  test('exemplars link to Jaeger by their trace_id label', () => {
    const [prometheus] = provisioningFile('dev', 'datasources.yaml').datasources;
    expect(prometheus.jsonData.exemplarTraceIdDestinations).toEqual([{ name: 'trace_id', datasourceUid: 'jaeger' }]);
  });

  test('a trace_id in a JSON log line becomes a Jaeger link', () => {
    const loki = provisioningFile('dev', 'datasources.yaml').datasources[1];
    const [field] = loki.jsonData.derivedFields;
    expect(field).toEqual(expect.objectContaining({ datasourceUid: 'jaeger', matcherType: 'regex', url: '$${__value.raw}' }));
    // Grafana evaluates the matcher as a JavaScript regular expression on the line.
    const match = (line: string) => new RegExp(field.matcherRegex).exec(line)?.[1];
    expect(match('{"level":"error","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","message":"boom"}')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(match('{"level": "info", "trace_id": "00f067aa0ba902b7", "duration_ms": 12}')).toBe('00f067aa0ba902b7');
    expect(match('{"level":"info","message":"no trace here"}')).toBeUndefined();
  });

  test('a Jaeger span opens the API’s log lines carrying its trace id', () => {
    const jaeger = provisioningFile('dev', 'datasources.yaml').datasources[2];
    const links = jaeger.jsonData.tracesToLogsV2;
    expect(links).toEqual(expect.objectContaining({ datasourceUid: 'loki', customQuery: true, spanStartTimeShift: '-5m', spanEndTimeShift: '5m' }));
    expect(links.query).toBe('{namespace="agent-platform", app="agent-platform"} |= "$${__trace.traceId}"');
    // What Grafana runs after unescaping `$$` and filling in the trace id must be valid LogQL.
    const query = links.query.replace(/\$\$/g, '$').replace('${__trace.traceId}', '4bf92f3577b34da6a3ce929d0e0e4736');
    expect(logqlError(query)).toBeUndefined();
  });

  test('every "$" in the provisioning files is escaped from Grafana’s environment expansion', () => {
    for (const key of ['datasources.yaml', 'dashboards.yaml']) {
      const text = configMap('dev', 'grafana-provisioning').data[key] as string;
      expect(text.replace(/\$\$/g, '')).not.toContain('$');
    }
  });
});

describe('Grafana dashboards provisioning', () => {
  test.each(ENVIRONMENT_NAMES)('%s: one file provider per folder, each reading the directory its ConfigMap is mounted at', (env) => {
    const { providers } = provisioningFile(env, 'dashboards.yaml');
    expect(providers.map((p: any) => [p.name, p.folder, p.folderUid, p.type, p.options.path])).toEqual([
      ['platform', 'Agent Platform', 'agent-platform', 'file', '/etc/grafana/dashboards/platform'],
      ['slo', 'Service Levels', 'agent-platform-slos', 'file', '/etc/grafana/dashboards/slo'],
      ['logs-and-traces', 'Logs and Traces', 'agent-platform-logs-traces', 'file', '/etc/grafana/dashboards/logs-and-traces'],
      ['infrastructure', 'Infrastructure', 'agent-platform-infrastructure', 'file', '/etc/grafana/dashboards/infrastructure'],
      ['monitoring', 'Monitoring Stack', 'agent-platform-monitoring', 'file', '/etc/grafana/dashboards/monitoring'],
    ]);
    const spec = statefulSet(env).spec.template.spec;
    const c = container(env);
    for (const provider of providers) {
      const mount = c.volumeMounts.find((m: any) => m.mountPath === provider.options.path);
      const volume = spec.volumes.find((v: any) => v.name === mount.name);
      expect(volume.projected.sources).toEqual([{ configMap: { name: `grafana-dashboards-${provider.name}` } }]);
      expect(provider.updateIntervalSeconds).toBeLessThanOrEqual(60);
      expect(provider.allowUiUpdates).toBe(false);
    }
  });

  test('no ConfigMap is mounted with subPath, which would never see an update', () => {
    for (const env of ENVIRONMENT_NAMES) {
      const mounts = containersOf(statefulSet(env).spec.template.spec).flatMap((c) => c.volumeMounts ?? []);
      expect(mounts.filter((m: any) => m.subPath !== undefined || m.subPathExpr !== undefined)).toEqual([]);
    }
  });

  test('each folder ConfigMap holds its dashboards’ JSON, and every dashboard is in exactly one', () => {
    const keys = ['platform', 'slo', 'logs-and-traces', 'infrastructure', 'monitoring'].flatMap((folder) =>
      Object.entries(configMap('dev', `grafana-dashboards-${folder}`).data).map(([file, json]) => `${folder}/${file}:${JSON.parse(json as string).title}`),
    );
    expect(keys.sort()).toEqual([
      'infrastructure/agent-platform-nodes.json:Infrastructure - Node Resources',
      'infrastructure/agent-platform-workloads.json:Infrastructure - Kubernetes Workloads',
      'logs-and-traces/agent-platform-logs-traces.json:Logs and Traces',
      'monitoring/agent-platform-prometheus.json:Monitoring - Prometheus and Alertmanager',
      'monitoring/agent-platform-telemetry-pipeline.json:Monitoring - Logs and Traces Pipeline',
      'platform/agent-platform-executions.json:Agent Platform - Executions',
      'platform/agent-platform-overview.json:Agent Platform - System Overview',
      'slo/agent-platform-slo.json:SLO Dashboard',
    ]);
  });

  test.each(ENVIRONMENT_NAMES)('%s: every datasource a written dashboard references is one the written provisioning file creates', (env) => {
    const provisioned = new Map<string, string>(provisioningFile(env, 'datasources.yaml').datasources.map((d: any) => [d.uid, d.type]));
    const refs: string[] = [];
    for (const folder of ['platform', 'slo', 'logs-and-traces', 'infrastructure', 'monitoring']) {
      for (const json of Object.values(configMap(env, `grafana-dashboards-${folder}`).data)) {
        const model = JSON.parse(json as string);
        for (const p of model.panels.filter((x: any) => x.type !== 'row')) {
          for (const ref of [p.datasource, ...(p.targets ?? []).map((t: any) => t.datasource)]) refs.push(`${ref?.type}/${ref?.uid}`);
        }
      }
    }
    expect(refs.length).toBeGreaterThan(20);
    expect(refs.filter((ref) => { const [type, uid] = ref.split('/'); return provisioned.get(uid) !== type; })).toEqual([]);
    expect(new Set(refs)).toEqual(new Set(['prometheus/prometheus', 'loki/loki', 'jaeger/jaeger']));
  });

  test('the home dashboard is the System Overview, at a path that is mounted', () => {
    const home = container('dev').env.find((e: any) => e.name === 'GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH').value;
    expect(home).toBe('/etc/grafana/dashboards/platform/agent-platform-overview.json');
    expect(Object.keys(configMap('dev', 'grafana-dashboards-platform').data)).toContain('agent-platform-overview.json');
  });

  test.each(ENVIRONMENT_NAMES)('%s: every ConfigMap of the output stays under the 256 KiB client-side apply limit', (env) => {
    const sizes = synth(env)
      .objects.filter((o) => o.kind === 'ConfigMap')
      .map((o) => [o.metadata.name, Buffer.byteLength(JSON.stringify(o), 'utf8')] as const);
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    expect(sizes.filter(([, bytes]) => bytes >= 256 * 1024)).toEqual([]);
  });

  test('a folder whose dashboards outgrow one ConfigMap spreads over several, all projected into its directory', () => {
    const team = { name: 'team', title: 'Team', uid: 'team' };
    // 30 dashboards of about 20 KiB each: about 600 KiB, which no single ConfigMap may hold.
    const many: DashboardFile[] = Array.from({ length: 30 }, (_, i) => ({
      folder: team,
      dashboard: buildDashboard(
        new dashboard.DashboardBuilder(`Team ${i}`)
          .uid(`team-${i}`)
          .description('x'.repeat(20 * 1024))
          .withPanel(new timeseries.PanelBuilder().title('Up').datasource(DATASOURCES.prometheus).withTarget(promRange('up', 'up'))),
      ),
    }));
    const { construct: grafana, objects } = grafanaAlone(configFor('dev'), { dashboards: [...compileEnvironment(configFor('dev')).dashboards, ...many] });
    const configMaps = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('grafana-dashboards-team'));
    expect(configMaps.map((o) => o.metadata.name)).toEqual(['grafana-dashboards-team', 'grafana-dashboards-team-2', 'grafana-dashboards-team-3']);
    for (const o of configMaps) expect(Buffer.byteLength(JSON.stringify(o))).toBeLessThan(256 * 1024);
    expect(configMaps.flatMap((o) => Object.keys(o.data)).sort()).toEqual(many.map((f) => `${f.dashboard.uid}.json`).sort());
    const spec = objects.find((o) => o.kind === 'StatefulSet')!.spec.template.spec;
    const mount = spec.containers[0].volumeMounts.find((m: any) => m.mountPath === '/etc/grafana/dashboards/team');
    const volume = spec.volumes.find((v: any) => v.name === mount.name);
    expect(volume.projected.sources.map((s: any) => s.configMap.name)).toEqual(configMaps.map((o) => o.metadata.name));
    expect(grafana.dashboardConfigMaps.team).toHaveLength(3);
  });

  test('fails when one dashboard alone would not fit a ConfigMap', () => {
    const huge: DashboardFile = {
      folder: FOLDERS.platform,
      dashboard: buildDashboard(
        new dashboard.DashboardBuilder('Huge')
          .uid('huge')
          .description('x'.repeat(300 * 1024))
          .withPanel(new timeseries.PanelBuilder().title('Up').datasource(DATASOURCES.prometheus).withTarget(promRange('up', 'up'))),
      ),
    };
    expect(() => grafanaAlone(configFor('dev'), { dashboards: [...compileEnvironment(configFor('dev')).dashboards, huge] })).toThrow(
      /^Grafana dashboards: dashboard "Huge" \(huge\.json\) in folder "platform" is \d+ bytes of JSON, over the 253952 bytes that client-side kubectl apply can store in one ConfigMap\. Split it into several dashboards\.$/,
    );
  });

  test('fails before anything is built when an environment adds an invalid dashboard, naming dashboard and panel', () => {
    const bad: DashboardFile = {
      folder: FOLDERS.platform,
      dashboard: buildDashboard(
        new dashboard.DashboardBuilder('Broken').uid('broken').withPanel(new timeseries.PanelBuilder().title('Oops').withTarget(promRange('rate(x[5m]', 'x'))),
      ),
    };
    const config = configFor('dev');
    expect(() => compileEnvironment({ ...config, grafana: { ...config.grafana, extraDashboards: [bad] } })).toThrow(/^environment "dev": dashboard "Broken" \(uid "broken"\), panel "Oops" \(id 1\), targets\[0\] \(refId A\): expr "rate\(x\[5m\]" does not parse/);
  });

  test('fails when the scan interval is not a positive whole number', () => {
    expect(() => grafanaAlone(configFor('dev'), { dashboardScanIntervalSeconds: 0 })).toThrow(
      'Grafana dashboardScanIntervalSeconds: 0 is not a whole number of seconds of at least 1. Use e.g. 30.',
    );
  });

  test('a datasource change restarts Grafana; a dashboard change does not', () => {
    const checksum = (objects: K8sObject[]) => objects.find((o) => o.kind === 'StatefulSet')!.spec.template.metadata.annotations['checksum/config'];
    const config = configFor('dev');
    const all = compileEnvironment(config).dashboards;
    const base = checksum(grafanaAlone(config, { dashboards: all }).objects);
    const otherScrape = resolveEnvironment({ name: 'dev', overrides: { prometheus: { scrapeInterval: '15s' } } });
    expect(checksum(grafanaAlone(otherScrape, { dashboards: all }).objects)).not.toBe(base);
    const fewer = all.filter((f) => f.dashboard.uid !== 'agent-platform-executions');
    const { objects } = grafanaAlone(config, { dashboards: fewer });
    expect(checksum(objects)).toBe(base);
    expect(Object.keys(objects.find((o) => o.metadata.name === 'grafana-dashboards-platform')!.data)).toEqual(['agent-platform-overview.json']);
  });
});
