import { createHash } from 'node:crypto';
import * as yaml from 'js-yaml';
import { IMAGES, resolveEnvironment, type EnvironmentConfig, type EnvironmentDefinition } from '../config';
import { Jaeger } from '../constructs/jaeger';
import { goDuration } from '../constructs/jaeger-config';
import { undocumentedKeys } from './support/config-keys';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT, selects } from './support/objects';
import { configFor, configWith, ENVIRONMENT_NAMES, find, synth, synthAlone, type K8sObject } from './support/synth';

// Fixture environments of this test's own (the shipped ones are the user's to change), each with what
// it must run, written out here rather than read from the config.
const FIXTURES = {
  'memory-backend': {
    overrides: {},
    expected: { kind: 'Deployment', backend: { memory: { max_traces: 10000 } }, volume: undefined },
  },
  'badger-backend': {
    overrides: { jaeger: { backend: { type: 'badger', retention: '336h' }, storage: { size: '50Gi' } } },
    expected: { kind: 'StatefulSet', backend: { badger: { directories: { keys: '/badger/keys', values: '/badger/values' }, ephemeral: false, ttl: { spans: '336h' } } }, volume: '50Gi' },
  },
} satisfies Record<string, { overrides: EnvironmentDefinition['overrides']; expected: object }>;

/** Listeners and the container port each must match: OTLP, query, health, own metrics. */
const LISTENERS = { 4317: 'otlp-grpc', 4318: 'otlp-http', 16686: 'query', 13133: 'health', 8888: 'metrics' } as const;

/**
 * Keys that Jaeger 2.20 (and the OpenTelemetry Collector it is built on) documents for the parts of
 * the file this stack writes; `*` stands for a name chosen in the file.
 */
const DOCUMENTED: Record<string, string[]> = {
  '': ['service', 'extensions', 'receivers', 'processors', 'exporters'],
  service: ['extensions', 'pipelines', 'telemetry'],
  'service.pipelines': ['traces'],
  'service.pipelines.traces': ['receivers', 'processors', 'exporters'],
  'service.telemetry': ['resource', 'metrics', 'logs'],
  'service.telemetry.resource': ['service.name'],
  'service.telemetry.metrics': ['level', 'readers'],
  'service.telemetry.metrics.readers[]': ['pull'],
  'service.telemetry.metrics.readers[].pull': ['exporter'],
  'service.telemetry.metrics.readers[].pull.exporter': ['prometheus'],
  'service.telemetry.metrics.readers[].pull.exporter.prometheus': ['host', 'port', 'without_type_suffix', 'without_units'],
  'service.telemetry.logs': ['level'],
  extensions: ['jaeger_storage', 'jaeger_query', 'healthcheckv2'],
  'extensions.jaeger_storage': ['backends'],
  'extensions.jaeger_storage.backends': ['*'],
  'extensions.jaeger_storage.backends.*': ['memory', 'badger', 'elasticsearch', 'opensearch'],
  'extensions.jaeger_storage.backends.*.memory': ['max_traces'],
  'extensions.jaeger_storage.backends.*.badger': ['directories', 'ephemeral', 'ttl'],
  'extensions.jaeger_storage.backends.*.badger.directories': ['keys', 'values'],
  'extensions.jaeger_storage.backends.*.badger.ttl': ['spans'],
  'extensions.jaeger_storage.backends.*.elasticsearch': ['server_urls', 'indices', 'max_span_age', 'auth', 'tls'],
  'extensions.jaeger_storage.backends.*.opensearch': ['server_urls', 'indices', 'max_span_age', 'auth', 'tls'],
  // The Collector's TLS client settings (configtls.ClientConfig).
  'extensions.jaeger_storage.backends.*.elasticsearch.tls': ['ca_file'],
  'extensions.jaeger_storage.backends.*.opensearch.tls': ['ca_file'],
  'extensions.jaeger_storage.backends.*.elasticsearch.indices': ['index_prefix'],
  'extensions.jaeger_storage.backends.*.opensearch.indices': ['index_prefix'],
  'extensions.jaeger_storage.backends.*.elasticsearch.auth': ['basic'],
  'extensions.jaeger_storage.backends.*.opensearch.auth': ['basic'],
  'extensions.jaeger_storage.backends.*.elasticsearch.auth.basic': ['username', 'password_file'],
  'extensions.jaeger_storage.backends.*.opensearch.auth.basic': ['username', 'password_file'],
  'extensions.jaeger_query': ['storage', 'http', 'grpc'],
  'extensions.jaeger_query.storage': ['traces'],
  'extensions.jaeger_query.http': ['endpoint'],
  'extensions.jaeger_query.grpc': ['endpoint'],
  'extensions.healthcheckv2': ['use_v2', 'http'],
  'extensions.healthcheckv2.http': ['endpoint', 'status'],
  'extensions.healthcheckv2.http.status': ['enabled', 'path'],
  receivers: ['otlp', 'nop'],
  'receivers.otlp': ['protocols'],
  'receivers.otlp.protocols': ['grpc', 'http'],
  'receivers.otlp.protocols.grpc': ['endpoint'],
  'receivers.otlp.protocols.http': ['endpoint'],
  processors: ['memory_limiter', 'batch'],
  'processors.memory_limiter': ['check_interval', 'limit_percentage', 'spike_limit_percentage'],
  exporters: ['jaeger_storage_exporter', 'nop'],
  'exporters.jaeger_storage_exporter': ['trace_storage'],
};

/** Objects whose keys are names the file chooses. */
const NAMED = ['extensions.jaeger_storage.backends'];

function jaegerObjects(objects: K8sObject[]) {
  const configMap = find(objects, 'ConfigMap', 'jaeger', 'monitoring');
  const workload = objects.find((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === 'jaeger')!;
  const service = find(objects, 'Service', 'jaeger', 'monitoring');
  const text = configMap.data['config.yaml'] as string;
  return { configMap, workload, service, text, config: yaml.load(text) as any, container: workload.spec.template.spec.containers[0] };
}

function withJaeger(overrides: EnvironmentDefinition['overrides']['jaeger']): EnvironmentConfig {
  return configWith('dev', { jaeger: overrides });
}

function synthJaeger(config: EnvironmentConfig) {
  return jaegerObjects(synthAlone(Jaeger, { config }).objects);
}

describe.each(Object.keys(FIXTURES) as (keyof typeof FIXTURES)[])('Jaeger with a %s', (env) => {
  const { expected, overrides } = FIXTURES[env];
  const synthesised = synth(env, resolveEnvironment({ name: env, overrides }));
  const { objects } = synthesised;
  const { workload, service, text, config, container, configMap } = jaegerObjects(objects);

  test('runs the pinned Jaeger v2 image with its config mounted as a directory', () => {
    expect(workload.kind).toBe(expected.kind);
    expect(workload.spec.replicas).toBe(1);
    expect(container.image).toBe(`docker.io/jaegertracing/jaeger:${IMAGES.jaeger.tag}`);
    expect(IMAGES.jaeger.tag).toMatch(/^2\./);
    expect(container.args).toEqual(['--config=/etc/jaeger/config.yaml']);
    expect(container.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/jaeger', readOnly: true });
    expect(workload.spec.template.spec.volumes).toContainEqual({ name: 'config', configMap: { name: configMap.metadata.name } });
    expect(workload.spec.template.metadata.annotations['checksum/config']).toBe(createHash('sha256').update(text).digest('hex'));
  });

  test('stores traces in the expected backend, shared by the exporter and the query service', () => {
    const backends = config.extensions.jaeger_storage.backends;
    expect(Object.values(backends)).toEqual([expected.backend]);
    const [store] = Object.keys(backends);
    expect(config.exporters.jaeger_storage_exporter.trace_storage).toBe(store);
    expect(config.extensions.jaeger_query.storage).toEqual({ traces: store });
  });

  test('persists Badger data on a volume of the configured size', () => {
    if (expected.volume === undefined) {
      expect(workload.spec.volumeClaimTemplates).toBeUndefined();
      return;
    }
    const [claim] = workload.spec.volumeClaimTemplates;
    expect(claim.spec.resources.requests.storage).toBe(expected.volume);
    const mount = container.volumeMounts.find((m: any) => m.name === claim.metadata.name);
    const { keys, values } = config.extensions.jaeger_storage.backends[Object.keys(config.extensions.jaeger_storage.backends)[0]].badger.directories;
    expect(keys.startsWith(`${mount.mountPath}/`)).toBe(true);
    expect(values.startsWith(`${mount.mountPath}/`)).toBe(true);
  });

  test('the traces pipeline wires OTLP in to the storage exporter, and every component it names exists and is started', () => {
    expect(config.service.pipelines).toEqual({
      traces: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['jaeger_storage_exporter'] },
    });
    const { receivers, processors, exporters } = config.service.pipelines.traces;
    expect(receivers.every((r: string) => r in config.receivers)).toBe(true);
    expect(processors.every((p: string) => p in config.processors)).toBe(true);
    expect(exporters.every((e: string) => e in config.exporters)).toBe(true);
    // An extension that is defined but not listed in service.extensions never starts.
    expect([...config.service.extensions].sort()).toEqual(Object.keys(config.extensions).sort());
    expect(config.service.extensions).toEqual(expect.arrayContaining(['jaeger_storage', 'jaeger_query', 'healthcheckv2']));
  });

  test('uses only keys that Jaeger and the Collector document', () => {
    expect(undocumentedKeys(config, DOCUMENTED, NAMED)).toEqual([]);
  });

  test('listens on every interface on exactly the declared container ports', () => {
    const listeners = [
      config.receivers.otlp.protocols.grpc.endpoint,
      config.receivers.otlp.protocols.http.endpoint,
      config.extensions.jaeger_query.http.endpoint,
      config.extensions.healthcheckv2.http.endpoint,
      `${config.service.telemetry.metrics.readers[0].pull.exporter.prometheus.host}:${config.service.telemetry.metrics.readers[0].pull.exporter.prometheus.port}`,
    ];
    expect(listeners).toEqual(['0.0.0.0:4317', '0.0.0.0:4318', '0.0.0.0:16686', '0.0.0.0:13133', '0.0.0.0:8888']);
    const declared = Object.fromEntries(container.ports.map((p: any) => [p.containerPort, p.name]));
    expect(declared).toEqual(LISTENERS);
    // The gRPC query API is not published, so it stays on loopback.
    expect(config.extensions.jaeger_query.grpc.endpoint).toBe('127.0.0.1:16685');
  });

  test('exposes its receiver and exporter counters under the names jaeger-alerts read (`_total`, no bare names)', () => {
    // A configured reader defaults both switches to true in the collector, and counters lose `_total`.
    expect(config.service.telemetry.metrics.level).toBe('detailed');
    expect(config.service.telemetry.metrics.readers).toEqual([
      { pull: { exporter: { prometheus: { host: '0.0.0.0', port: 8888, without_type_suffix: false, without_units: false } } } },
    ]);
  });

  test('probes the health check path on the health port', () => {
    expect(config.extensions.healthcheckv2).toMatchObject({ use_v2: true, http: { status: { enabled: true, path: '/status' } } });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/status', port: 'health' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/status', port: 'health' });
  });

  test('its Service publishes OTLP, the query UI and metrics under their own names', () => {
    expect(service.spec.ports).toEqual([
      { name: 'otlp-grpc', port: 4317, targetPort: 'otlp-grpc', protocol: 'TCP' },
      { name: 'otlp-http', port: 4318, targetPort: 'otlp-http', protocol: 'TCP' },
      { name: 'query', port: 16686, targetPort: 'query', protocol: 'TCP' },
      { name: 'metrics', port: 8888, targetPort: 'metrics', protocol: 'TCP' },
    ]);
    expect(synthesised.stack.jaeger.queryUrl).toBe('http://jaeger.monitoring.svc:16686');
  });

  test('runs under the restricted profile', () => {
    expect(container.securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
    expect(workload.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
  });

  test("the API sends its traces to Jaeger's OTLP HTTP receiver", () => {
    const api = find(objects, 'Deployment', 'agent-platform-api', 'agent-platform');
    const apiEnv: { name: string; value?: string }[] = api.spec.template.spec.containers[0].env;
    const vars = Object.fromEntries(apiEnv.map((e) => [e.name, e.value]));
    expect(vars).toMatchObject({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger.monitoring.svc:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_SERVICE_NAME: 'agent-platform-api',
      OTEL_TRACES_EXPORTER: 'otlp',
    });
    expect(String(vars.OTEL_RESOURCE_ATTRIBUTES).split(',')).toContain(`deployment.environment.name=${env}`);
    // Nothing of the deprecated Jaeger Thrift exporter remains.
    expect(apiEnv.filter((e) => /JAEGER/.test(e.name) || /6831|6832|14268/.test(e.value ?? ''))).toEqual([]);
    // That endpoint is the Service port whose pods receive OTLP over HTTP.
    const port = service.spec.ports.find((p: any) => p.port === 4318);
    expect(container.ports.find((p: any) => p.name === port.targetPort).containerPort).toBe(4318);
    expect(config.receivers.otlp.protocols.http.endpoint.endsWith(':4318')).toBe(true);
  });

  test('exposes its scrape target on the metrics port', () => {
    const { stack } = synthesised;
    expect(stack.jaeger.scrapeTarget).toMatchObject({ job: 'jaeger', namespace: 'monitoring', path: '/metrics', port: { name: 'metrics', port: 8888 } });
    for (const [key, value] of Object.entries(stack.jaeger.scrapeTarget.podLabels)) expect(workload.spec.template.metadata.labels[key]).toBe(value);
  });
});

describe('Jaeger with an external search cluster', () => {
  test('reads the password from a mounted Secret and never writes it', () => {
    const config = withJaeger({
      replicas: 2,
      backend: {
        type: 'opensearch',
        serverUrls: ['https://opensearch.search.svc:9200'],
        indexPrefix: 'traces',
        username: 'jaeger',
        passwordSecret: { name: 'jaeger-opensearch', key: 'password' },
      },
    });
    const { workload, config: file, container, text } = synthJaeger(config);
    expect(workload.kind).toBe('Deployment');
    expect(workload.spec.replicas).toBe(2);
    expect(Object.values(file.extensions.jaeger_storage.backends)).toEqual([
      {
        opensearch: {
          server_urls: ['https://opensearch.search.svc:9200'],
          indices: { index_prefix: 'traces' },
          // The default retention, 7 days: searches reach back as far as the indices are kept.
          max_span_age: '168h',
          auth: { basic: { username: 'jaeger', password_file: '/var/run/secrets/jaeger-storage/password' } },
        },
      },
    ]);
    expect(workload.spec.template.spec.volumes).toContainEqual({
      name: 'storage-credentials',
      secret: { secretName: 'jaeger-opensearch', items: [{ key: 'password', path: 'password' }] },
    });
    expect(container.volumeMounts).toContainEqual({ name: 'storage-credentials', mountPath: '/var/run/secrets/jaeger-storage', readOnly: true });
    expect(text).not.toMatch(/password:/);
  });

  test('Elasticsearch without authentication mounts no Secret', () => {
    const config = withJaeger({ backend: { type: 'elasticsearch', serverUrls: ['http://es.search.svc:9200'] } });
    const { workload, config: file } = synthJaeger(config);
    expect(Object.values(file.extensions.jaeger_storage.backends)).toEqual([
      { elasticsearch: { server_urls: ['http://es.search.svc:9200'], indices: { index_prefix: 'jaeger' }, max_span_age: '168h' } },
    ]);
    expect(workload.spec.template.spec.volumes.filter((v: any) => v.secret)).toEqual([]);
  });
});

/** A scaled-out Jaeger on an OpenSearch cluster with basic auth, a private CA and 14 days of retention: this test's fixture. */
const SCALED = withJaeger({
  topology: 'scaled',
  collector: { replicas: 3, resources: { requests: { cpu: '300m', memory: '384Mi' }, limits: { memory: '768Mi' } } },
  query: { replicas: 2, resources: { requests: { cpu: '70m', memory: '160Mi' }, limits: { memory: '320Mi' } } },
  backend: {
    type: 'opensearch',
    serverUrls: ['https://os-0.search.svc:9200', 'https://os-1.search.svc:9200'],
    indexPrefix: 'tr',
    username: 'tracer',
    passwordSecret: { name: 'os-auth', key: 'pw' },
    caSecret: { name: 'os-ca', key: 'root.pem' },
    retention: '14d',
  },
});

describe('Jaeger scaled out', () => {
  const { objects, construct } = synthAlone(Jaeger, { config: SCALED });
  const role = (name: string) => {
    const workload = find(objects, 'Deployment', name, 'monitoring');
    const configMap = find(objects, 'ConfigMap', name, 'monitoring');
    const text = configMap.data['config.yaml'] as string;
    return { workload, configMap, text, config: yaml.load(text) as any, container: workload.spec.template.spec.containers[0], service: find(objects, 'Service', name, 'monitoring') };
  };
  const collector = role('jaeger-collector');
  const query = role('jaeger-query');

  test('runs the collectors and the query service as Deployments of their own, sized by their settings, and no all-in-one', () => {
    expect(objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind)).map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/jaeger-collector',
      'Deployment/jaeger-query',
    ]);
    expect([collector.workload.spec.replicas, query.workload.spec.replicas]).toEqual([3, 2]);
    expect(collector.container.resources).toEqual({ requests: { cpu: '300m', memory: '384Mi' }, limits: { memory: '768Mi' } });
    expect(query.container.resources).toEqual({ requests: { cpu: '70m', memory: '160Mi' }, limits: { memory: '320Mi' } });
    for (const r of [collector, query]) {
      expect(r.container.args).toEqual(['--config=/etc/jaeger/config.yaml']);
      expect(r.workload.spec.template.spec.volumes).toContainEqual({ name: 'config', configMap: { name: r.configMap.metadata.name } });
      expect(r.workload.spec.template.metadata.annotations['checksum/config']).toBe(createHash('sha256').update(r.text).digest('hex'));
      expect(r.container.securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
      expect(r.workload.spec.volumeClaimTemplates).toBeUndefined();
    }
  });

  test('each role selects only its own pods, which carry the labels of the one Jaeger scrape target', () => {
    const scrape = construct.scrapeTarget;
    expect(scrape).toMatchObject({ job: 'jaeger', path: '/metrics', port: { name: 'metrics', port: 8888 } });
    const selected = (selector: Record<string, string>) => [collector, query].filter((r) => selects(selector, r.workload.spec.template.metadata.labels)).map((r) => r.workload.metadata.name);
    // Prometheus scrapes both roles under the one job the alerts and dashboards read.
    expect(selected(scrape.podLabels)).toEqual(['jaeger-collector', 'jaeger-query']);
    for (const r of [collector, query]) {
      expect(selected(r.workload.spec.selector.matchLabels)).toEqual([r.workload.metadata.name]);
      expect(selected(r.service.spec.selector)).toEqual([r.workload.metadata.name]);
    }
  });

  test('each role has a PodDisruptionBudget and spreads over nodes by a selector of its own pods', () => {
    for (const r of [collector, query]) {
      const pdb = find(objects, 'PodDisruptionBudget', r.workload.metadata.name, 'monitoring');
      expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: r.workload.spec.selector.matchLabels } });
      const [term] = r.workload.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
      expect(term.podAffinityTerm.labelSelector.matchLabels).toEqual(r.workload.spec.selector.matchLabels);
    }
  });

  test('the collectors receive OTLP into the storage exporter; the query service serves the UI; both on the same backend', () => {
    expect(collector.config.service.pipelines).toEqual({
      traces: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['jaeger_storage_exporter'] },
    });
    expect(collector.config.service.extensions).toEqual(['jaeger_storage', 'healthcheckv2']);
    expect(collector.config.extensions.jaeger_query).toBeUndefined();
    expect(collector.config.receivers.otlp.protocols).toEqual({ grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } });
    // A collector needs a pipeline; the query's does nothing.
    expect(query.config.service.pipelines).toEqual({ traces: { receivers: ['nop'], exporters: ['nop'] } });
    expect(query.config.service.extensions).toEqual(['jaeger_storage', 'jaeger_query', 'healthcheckv2']);
    expect(query.config.receivers.otlp).toBeUndefined();
    expect(query.config.extensions.jaeger_query).toEqual({ storage: { traces: 'traces' }, http: { endpoint: '0.0.0.0:16686' }, grpc: { endpoint: '127.0.0.1:16685' } });
    expect(collector.config.exporters.jaeger_storage_exporter).toEqual({ trace_storage: 'traces' });
    const backend = {
      opensearch: {
        server_urls: ['https://os-0.search.svc:9200', 'https://os-1.search.svc:9200'],
        indices: { index_prefix: 'tr' },
        max_span_age: '336h',
        auth: { basic: { username: 'tracer', password_file: '/var/run/secrets/jaeger-storage/pw' } },
        tls: { ca_file: '/var/run/secrets/jaeger-storage-ca/root.pem' },
      },
    };
    expect(collector.config.extensions.jaeger_storage.backends).toEqual({ traces: backend });
    expect(query.config.extensions.jaeger_storage.backends).toEqual({ traces: backend });
    for (const r of [collector, query]) {
      expect([...r.config.service.extensions].sort()).toEqual(Object.keys(r.config.extensions).sort());
      const { receivers, processors, exporters } = r.config.service.pipelines.traces;
      expect([...receivers, ...(processors ?? []), ...exporters].every((c: string) => c in { ...r.config.receivers, ...r.config.processors, ...r.config.exporters })).toBe(true);
      expect(undocumentedKeys(r.config, DOCUMENTED, NAMED)).toEqual([]);
    }
  });

  test('both keep the health check and the metric names the alerts read, on the scraped port', () => {
    for (const r of [collector, query]) {
      expect(r.config.extensions.healthcheckv2).toEqual({ use_v2: true, http: { endpoint: '0.0.0.0:13133', status: { enabled: true, path: '/status' } } });
      expect(r.config.service.telemetry.metrics).toEqual({
        level: 'detailed',
        readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: 8888, without_type_suffix: false, without_units: false } } } }],
      });
      expect(r.container.readinessProbe.httpGet).toEqual({ path: '/status', port: 'health' });
      expect(r.container.livenessProbe.httpGet).toEqual({ path: '/status', port: 'health' });
    }
  });

  test('each declares and publishes only the ports it listens on', () => {
    const declared = (r: typeof collector) => Object.fromEntries(r.container.ports.map((p: any) => [p.containerPort, p.name]));
    expect(declared(collector)).toEqual({ 4317: 'otlp-grpc', 4318: 'otlp-http', 13133: 'health', 8888: 'metrics' });
    expect(declared(query)).toEqual({ 16686: 'query', 13133: 'health', 8888: 'metrics' });
    expect(collector.service.spec.ports.map((p: any) => `${p.name}:${p.port}`)).toEqual(['otlp-grpc:4317', 'otlp-http:4318', 'metrics:8888']);
    expect(query.service.spec.ports.map((p: any) => `${p.name}:${p.port}`)).toEqual(['query:16686', 'metrics:8888']);
  });

  test('the API sends to the collectors and Grafana reads the query service', () => {
    expect(construct.otlp).toEqual({ otlpEndpoint: 'http://jaeger-collector.monitoring.svc:4318', protocol: 'http/protobuf' });
    expect(construct.queryUrl).toBe('http://jaeger-query.monitoring.svc:16686');
    const { stack, objects: all } = synth('jaeger-scaled', SCALED);
    const api = find(all, 'Deployment', 'agent-platform-api', 'agent-platform');
    expect(api.spec.template.spec.containers[0].env).toContainEqual({ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: stack.jaeger.otlp.otlpEndpoint });
    expect(stack.grafana.datasources.datasources.find((d) => d.type === 'jaeger')!.url).toBe(stack.jaeger.queryUrl);
  });

  test('reads the password and the CA from the mounted Secrets and never writes the password', () => {
    for (const r of [collector, query]) {
      expect(r.workload.spec.template.spec.volumes).toEqual(
        expect.arrayContaining([
          { name: 'storage-credentials', secret: { secretName: 'os-auth', items: [{ key: 'pw', path: 'pw' }] } },
          { name: 'storage-ca', secret: { secretName: 'os-ca', items: [{ key: 'root.pem', path: 'root.pem' }] } },
        ]),
      );
      expect(r.container.volumeMounts).toEqual(
        expect.arrayContaining([
          { name: 'storage-credentials', mountPath: '/var/run/secrets/jaeger-storage', readOnly: true },
          { name: 'storage-ca', mountPath: '/var/run/secrets/jaeger-storage-ca', readOnly: true },
        ]),
      );
      expect(r.text).not.toMatch(/password:/);
    }
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('a daily CronJob deletes the indices older than the retention, with the same prefix, user, password and CA', () => {
    const cronJob = find(objects, 'CronJob', 'jaeger-es-index-cleaner', 'monitoring');
    expect(cronJob.spec).toMatchObject({ schedule: '15 0 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
    const pod = cronJob.spec.jobTemplate.spec.template;
    const [container] = pod.spec.containers;
    expect(container.image).toBe(`docker.io/jaegertracing/jaeger-es-index-cleaner:${IMAGES.jaegerIndexCleaner.tag}`);
    // Released with Jaeger itself.
    expect(IMAGES.jaegerIndexCleaner.tag).toBe(IMAGES.jaeger.tag);
    // jaeger-es-index-cleaner NUM_OF_DAYS URL, flags first.
    expect(container.args).toEqual([
      '--index-prefix=tr',
      '--es.username=tracer',
      '--es.tls.enabled=true',
      '--es.tls.ca=/var/run/secrets/jaeger-storage-ca/root.pem',
      '14',
      'https://os-0.search.svc:9200',
    ]);
    // Its flags fall back on the environment (es.password → ES_PASSWORD), from the Secret.
    expect(container.env).toEqual([{ name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'os-auth', key: 'pw' } } }]);
    expect(pod.spec.volumes).toEqual([{ name: 'storage-ca', secret: { secretName: 'os-ca', items: [{ key: 'root.pem', path: 'root.pem' }] } }]);
    expect(container.volumeMounts).toEqual([{ name: 'storage-ca', mountPath: '/var/run/secrets/jaeger-storage-ca', readOnly: true }]);
    expect(pod.spec.restartPolicy).toBe('OnFailure');
    expect(container.securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    // No selector of the Jaeger workloads or of the scrape job takes its pods in.
    for (const selector of [construct.scrapeTarget.podLabels, collector.workload.spec.selector.matchLabels, query.workload.spec.selector.matchLabels]) {
      expect(selects(selector, pod.metadata.labels)).toBe(false);
    }
  });

  test('no CronJob when an ILM or ISM policy deletes the indices, and none without a search backend', () => {
    const off = withJaeger({ topology: 'scaled', backend: { type: 'elasticsearch', serverUrls: ['http://es.search.svc:9200'], indexCleaner: false } });
    expect(synthAlone(Jaeger, { config: off }).objects.filter((o) => o.kind === 'CronJob')).toEqual([]);
    const plain = withJaeger({ backend: { type: 'elasticsearch', serverUrls: ['http://es.search.svc:9200'] } });
    const [cronJob] = synthAlone(Jaeger, { config: plain }).objects.filter((o) => o.kind === 'CronJob');
    // Plain http and no authentication: no TLS, no user, no password; 7 days by default.
    expect(cronJob.spec.jobTemplate.spec.template.spec.containers[0].args).toEqual(['--index-prefix=jaeger', '7', 'http://es.search.svc:9200']);
    expect(cronJob.spec.jobTemplate.spec.template.spec.containers[0].env).toBeUndefined();
    for (const env of ENVIRONMENT_NAMES.filter((e) => configFor(e).jaeger.backend.type === 'badger' || configFor(e).jaeger.backend.type === 'memory')) {
      expect(synth(env).objects.filter((o) => o.kind === 'CronJob')).toEqual([]);
    }
  });
});

describe('Jaeger in each environment', () => {
  test.each(ENVIRONMENT_NAMES)('%s: scaled out only on a shared search backend, each role with at least two replicas', (env) => {
    const config = configFor(env);
    const { objects } = synth(env);
    const workloads = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.labels?.['app.kubernetes.io/name'] === 'jaeger');
    if (config.jaeger.topology === 'all-in-one') {
      expect(workloads.map((w) => w.metadata.name)).toEqual(['jaeger']);
      return;
    }
    expect(['elasticsearch', 'opensearch']).toContain(config.jaeger.backend.type);
    expect(workloads.map((w) => [w.kind, w.metadata.name])).toEqual([
      ['Deployment', 'jaeger-collector'],
      ['Deployment', 'jaeger-query'],
    ]);
    for (const w of workloads) expect(w.spec.replicas).toBeGreaterThanOrEqual(2);
  });
});

describe('Jaeger config values', () => {
  test('durations are written in the units Go accepts', () => {
    expect(goDuration('14d', 'x')).toBe('336h');
    expect(goDuration('1h30m', 'x')).toBe('90m');
    expect(goDuration('45s', 'x')).toBe('45s');
    expect(goDuration('1500ms', 'x')).toBe('1500ms');
  });
});

describe('Jaeger validation', () => {
  const fails = (overrides: EnvironmentDefinition['overrides']['jaeger']) => () => withJaeger(overrides);

  test('fails when Badger is asked for more than one replica', () => {
    expect(fails({ replicas: 2, backend: { type: 'badger' } })).toThrow(
      'environment "dev": jaeger.replicas: badger storage lives inside one pod, so 2 replicas would each see only part of the traces. Set jaeger.replicas to 1, or use an elasticsearch or opensearch backend.',
    );
  });

  test('fails when memory storage is asked for more than one replica', () => {
    expect(fails({ replicas: 3 })).toThrow('environment "dev": jaeger.replicas: memory storage lives inside one pod, so 3 replicas');
  });

  test('fails when maxTraces is not a positive whole number', () => {
    expect(fails({ backend: { type: 'memory', maxTraces: 0 } })).toThrow('environment "dev": jaeger.backend.maxTraces: must be a whole number of at least 1, got 0.');
  });

  test('fails when the Badger retention is malformed', () => {
    expect(fails({ backend: { type: 'badger', retention: 'two weeks' } })).toThrow('environment "dev": jaeger.backend.retention: invalid duration "two weeks".');
  });

  test('fails when a search backend has no server URL', () => {
    expect(fails({ backend: { type: 'elasticsearch', serverUrls: [] } })).toThrow(
      'environment "dev": jaeger.backend.serverUrls: no server URL given for elasticsearch. List the cluster\'s URLs',
    );
  });

  test('fails when a server URL has no scheme', () => {
    expect(fails({ backend: { type: 'opensearch', serverUrls: ['opensearch:9200'] } })).toThrow(
      'environment "dev": jaeger.backend.serverUrls: "opensearch:9200" is not an http(s) URL.',
    );
  });

  test('fails when a user name comes without a password Secret', () => {
    expect(fails({ backend: { type: 'opensearch', serverUrls: ['https://os:9200'], username: 'jaeger' } })).toThrow(
      'environment "dev": jaeger.backend: username and passwordSecret go together, got only username. Set both for basic authentication, or neither.',
    );
  });

  test('fails when the password Secret key is invalid', () => {
    expect(fails({ backend: { type: 'opensearch', serverUrls: ['https://os:9200'], username: 'j', passwordSecret: { name: 'os', key: 'pass word' } } })).toThrow(
      'environment "dev": jaeger.backend.passwordSecret.key: "pass word" is not a Secret key.',
    );
  });

  test('fails when the scaled topology is asked of Badger, which lives inside one pod', () => {
    expect(fails({ topology: 'scaled', backend: { type: 'badger' } })).toThrow(
      'environment "dev": jaeger.topology: "scaled" runs the collectors and the query service as separate pods that must share one trace store, ' +
        'but badger storage lives inside one pod and cannot be shared. ' +
        "Use an elasticsearch or opensearch backend (jaeger.backend: { type: 'opensearch', serverUrls: [...] }), or set jaeger.topology to 'all-in-one'.",
    );
  });

  test('fails when the scaled topology is asked of memory storage', () => {
    expect(fails({ topology: 'scaled' })).toThrow('environment "dev": jaeger.topology: "scaled" runs the collectors and the query service as separate pods');
  });

  test('fails when the topology is unknown', () => {
    expect(fails({ topology: 'distributed' as 'scaled' })).toThrow(
      'environment "dev": jaeger.topology: "distributed" is not a topology. ' +
        "Use 'all-in-one' (one workload) or 'scaled' (collectors and query apart, on an elasticsearch or opensearch backend).",
    );
  });

  test('fails when a scaled role has no replica', () => {
    expect(fails({ query: { replicas: 0 } })).toThrow('environment "dev": jaeger.query.replicas: replicas must be a whole number of at least 1, got 0.');
  });

  test('fails when a CA certificate is given for plain http', () => {
    expect(fails({ backend: { type: 'elasticsearch', serverUrls: ['http://es:9200'], caSecret: { name: 'es-ca', key: 'ca.crt' } } })).toThrow(
      'environment "dev": jaeger.backend.caSecret: a CA certificate verifies https only, but "http://es:9200" is plain http. Use https URLs, or leave caSecret out.',
    );
  });

  test('fails when the search retention is not whole days', () => {
    expect(fails({ backend: { type: 'opensearch', serverUrls: ['https://os:9200'], retention: '36h' } })).toThrow(
      'environment "dev": jaeger.backend.retention: "36h" is not a whole number of days; the index cleaner deletes whole daily indices. Use a positive multiple of 24h, for example "168h" or "14d".',
    );
  });

  test('fails when indexCleaner is not a boolean', () => {
    expect(fails({ backend: { type: 'opensearch', serverUrls: ['https://os:9200'], indexCleaner: 'no' as unknown as boolean } })).toThrow(
      'environment "dev": jaeger.backend.indexCleaner: "no" is not true or false.',
    );
  });

  test('fails when the backend type is unknown', () => {
    expect(fails({ backend: { type: 'cassandra' as 'memory' } })).toThrow('environment "dev": jaeger.backend.type: "cassandra" is not a supported backend.');
  });
});
