import { createHash } from 'node:crypto';
import * as yaml from 'js-yaml';
import { IMAGES, resolveEnvironment, type EnvironmentConfig, type EnvironmentDefinition } from '../config';
import { LOKI_S3_CREDENTIALS_SECRET } from '../constructs/loki-props';
import { Loki } from '../constructs/loki';
import type { LokiConfigFile, LokiLimitsBlock, LokiPeriodConfig } from '../constructs/loki-config';
import { keyPaths, undocumentedKeys } from './support/config-keys';
import { COMPONENTS } from '../constructs/identity';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT, selects } from './support/objects';
import { configFor, configWith, find, synth, synthAlone, type K8sObject } from './support/synth';

// Fixture environments of this test's own (the shipped ones are the user's to change), each with what
// it must run, written out here rather than read from the config.
const FIXTURES = {
  'filesystem-store': {
    overrides: { loki: { retention: '72h', storage: { size: '5Gi' } } },
    expected: { objectStore: 'filesystem', retention: '72h', volume: '5Gi', secret: undefined, bucket: undefined },
  },
  's3-store': {
    overrides: {
      loki: {
        retention: '720h',
        storage: { size: '50Gi' },
        objectStore: { type: 's3', bucket: 'fixture-logs', endpoint: 's3.us-east-1.amazonaws.com', region: 'us-east-1', credentialsSecret: LOKI_S3_CREDENTIALS_SECRET },
      },
    },
    expected: { objectStore: 's3', retention: '720h', volume: '50Gi', secret: 'loki-s3-credentials', bucket: 'fixture-logs' },
  },
} satisfies Record<string, { overrides: EnvironmentDefinition['overrides']; expected: object }>;

const FIXTURE_S3 = { type: 's3', bucket: 'fixture-logs', endpoint: 'minio.storage.svc:9000', region: 'local', forcePathStyle: true, insecure: true } as const;
const resources = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { memory } });

/** A simple scalable fixture with a replication factor below its ingesters, and what it must run. */
const SIMPLE_SCALABLE = {
  overrides: {
    loki: {
      objectStore: FIXTURE_S3,
      deployment: {
        mode: 'simple-scalable',
        replicationFactor: 2,
        write: { replicas: 4, resources: resources('300m', '700Mi'), storage: { size: '7Gi', storageClassName: 'fast' } },
        read: { replicas: 3, resources: resources('200m', '600Mi') },
        backend: { replicas: 1, resources: resources('100m', '500Mi'), storage: { size: '3Gi' } },
      },
    },
  },
  expected: {
    write: { kind: 'StatefulSet', replicas: 4, memory: '700Mi', volume: '7Gi', budget: true },
    read: { kind: 'Deployment', replicas: 3, memory: '600Mi', volume: undefined, budget: true },
    backend: { kind: 'StatefulSet', replicas: 1, memory: '500Mi', volume: '3Gi', budget: false },
  },
} satisfies { overrides: EnvironmentDefinition['overrides']; expected: object };

/** Keys Loki 3 removed (3.0 upgrade notes); a config holding any of them fails to start. */
const REMOVED_IN_LOKI_3 = [
  'shared_store',
  'shared_store_key_prefix',
  'enforce_metric_name',
  'max_transfer_retries',
  'max_look_back_period',
  'use_boltdb_shipper_as_backup',
  'async_cache_write_back_concurrency',
  'async_cache_write_back_buffer_size',
  'evaluation_delay_duration',
  'sse_encryption',
];

/**
 * The keys of Loki 3.7's configuration reference for the blocks this stack writes. A key outside
 * this list is a typo or something Loki does not know.
 */
const DOCUMENTED: Record<string, string[]> = {
  '': ['auth_enabled', 'server', 'common', 'memberlist', 'schema_config', 'limits_config', 'compactor', 'analytics'],
  server: ['http_listen_port', 'grpc_listen_port', 'log_level'],
  common: ['path_prefix', 'storage', 'replication_factor', 'instance_addr', 'ring', 'compactor_grpc_address'],
  memberlist: ['join_members', 'bind_port'],
  'common.ring': ['kvstore'],
  'common.ring.kvstore': ['store'],
  'common.storage': ['filesystem', 's3'],
  'common.storage.filesystem': ['chunks_directory', 'rules_directory'],
  'common.storage.s3': ['bucketnames', 'endpoint', 'region', 's3forcepathstyle', 'insecure'],
  schema_config: ['configs'],
  'schema_config.configs[]': ['from', 'store', 'object_store', 'schema', 'index'],
  'schema_config.configs[].index': ['prefix', 'period'],
  limits_config: ['reject_old_samples', 'reject_old_samples_max_age', 'retention_period'],
  compactor: ['working_directory', 'compaction_interval', 'retention_enabled', 'retention_delete_delay', 'delete_request_store'],
  analytics: ['reporting_enabled'],
};

function removedKeys(document: unknown): string[] {
  return keyPaths(document)
    .filter(({ key }) => REMOVED_IN_LOKI_3.includes(key))
    .map(({ path, key }) => (path ? `${path}.${key}` : key));
}

function lokiObjects(objects: K8sObject[]) {
  const configMap = find(objects, 'ConfigMap', 'loki', 'monitoring');
  const statefulSet = find(objects, 'StatefulSet', 'loki', 'monitoring');
  const service = find(objects, 'Service', 'loki', 'monitoring');
  const container = statefulSet.spec.template.spec.containers[0];
  return { configMap, statefulSet, service, container, text: configMap.data['loki.yaml'] as string, config: yaml.load(configMap.data['loki.yaml']) as any };
}

function withLoki(overrides: EnvironmentDefinition['overrides']['loki'], base = 'staging'): EnvironmentConfig {
  return configWith(base, { loki: overrides });
}

function synthLoki(config: EnvironmentConfig, props: Partial<ConstructorParameters<typeof Loki>[2]> = {}) {
  return lokiObjects(synthAlone(Loki, { config, ...props }).objects);
}

describe.each(Object.keys(FIXTURES) as (keyof typeof FIXTURES)[])('Loki with a %s', (env) => {
  const { expected, overrides } = FIXTURES[env];
  const synthesised = synth(env, resolveEnvironment({ name: env, overrides }));
  const { objects } = synthesised;
  const { statefulSet, service, container, config, text, configMap } = lokiObjects(objects);

  test('runs the pinned Loki 3 image as one monolithic StatefulSet replica in monitoring', () => {
    expect(container.image).toBe(`docker.io/grafana/loki:${IMAGES.loki.tag}`);
    expect(IMAGES.loki.tag).toMatch(/^3\./);
    expect(statefulSet.spec.replicas).toBe(1);
    expect(container.args).toEqual(['-config.file=/etc/loki/config/loki.yaml', '-target=all']);
    expect(config.common.ring.kvstore.store).toBe('inmemory');
    expect(config.common.replication_factor).toBe(1);
    expect(config.auth_enabled).toBe(false);
  });

  test('indexes with tsdb and schema v13 on the expected object store', () => {
    expect(config.schema_config.configs).toEqual([
      { from: '2026-01-01', store: 'tsdb', object_store: expected.objectStore, schema: 'v13', index: { prefix: 'index_', period: '24h' } },
    ]);
    expect(Object.keys(config.common.storage)).toEqual([expected.objectStore]);
  });

  test('rejects lines older than seven days and applies retention through the compactor', () => {
    expect(config.limits_config).toEqual({ reject_old_samples: true, reject_old_samples_max_age: '168h', retention_period: expected.retention });
    expect(config.compactor.retention_enabled).toBe(true);
    expect(config.compactor.delete_request_store).toBe(expected.objectStore);
    // The compactor's marker files must be on the volume to survive a restart.
    expect(config.compactor.working_directory.startsWith('/loki/')).toBe(true);
  });

  test('uses no key that Loki 3 removed and only keys its reference documents', () => {
    expect(removedKeys(config)).toEqual([]);
    expect(text).not.toMatch(/boltdb/);
    expect(undocumentedKeys(config, DOCUMENTED)).toEqual([]);
  });

  test('listens on the ports its Service, container and readiness probe use', () => {
    expect(config.server.http_listen_port).toBe(3100);
    expect(config.server.grpc_listen_port).toBe(9095);
    expect(container.ports).toEqual([
      { name: 'http', containerPort: 3100, protocol: 'TCP' },
      { name: 'grpc', containerPort: 9095, protocol: 'TCP' },
    ]);
    expect(service.spec.ports).toEqual([
      { name: 'http', port: 3100, targetPort: 'http', protocol: 'TCP' },
      { name: 'grpc', port: 9095, targetPort: 'grpc', protocol: 'TCP' },
    ]);
    // HTTP only: images from 3.5.8 on have no shell for exec probes.
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container.livenessProbe).toBeUndefined();
  });

  test("is the Service Grafana's datasource URL points at", () => {
    expect(synthesised.stack.loki.url).toBe('http://loki.monitoring.svc:3100');
    expect(service.metadata).toMatchObject({ name: 'loki', namespace: 'monitoring' });
    expect(service.spec.ports.map((p: any) => p.port)).toContain(3100);
  });

  test('mounts its config as a directory and restarts when it changes', () => {
    const mount = container.volumeMounts.find((m: any) => m.name === 'config');
    expect(mount).toEqual({ name: 'config', mountPath: '/etc/loki/config', readOnly: true });
    expect(statefulSet.spec.template.spec.volumes).toContainEqual({ name: 'config', configMap: { name: configMap.metadata.name } });
    const sha = createHash('sha256').update(text).digest('hex');
    expect(statefulSet.spec.template.metadata.annotations['checksum/config']).toBe(sha);
  });

  test('keeps its data on a volume of the configured size', () => {
    const [claim] = statefulSet.spec.volumeClaimTemplates;
    expect(claim.spec.resources.requests.storage).toBe(expected.volume);
    expect(claim.metadata.labels).not.toHaveProperty('app.kubernetes.io/version');
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/loki' });
    expect(config.common.path_prefix).toBe('/loki');
  });

  test('runs under the restricted profile', () => {
    expect(container.securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
    expect(statefulSet.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001 });
    expect(statefulSet.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('takes object-store credentials only from the operator-created Secret', () => {
    expect(text).not.toMatch(/access_key|secret_access/i);
    if (expected.secret === undefined) {
      expect(container.env).toBeUndefined();
      return;
    }
    expect(container.env).toEqual([
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: expected.secret, key: 'AWS_ACCESS_KEY_ID' } } },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: expected.secret, key: 'AWS_SECRET_ACCESS_KEY' } } },
    ]);
    expect(config.common.storage.s3).toMatchObject({ bucketnames: expected.bucket, region: 'us-east-1', endpoint: 's3.us-east-1.amazonaws.com' });
  });
});

describe('Loki as its simple scalable deployment', () => {
  const config = resolveEnvironment({ name: 'loki-ssd', overrides: SIMPLE_SCALABLE.overrides });
  const { objects, stack } = synth('loki-ssd', config);
  const configMap = find(objects, 'ConfigMap', 'loki', 'monitoring');
  const text = configMap.data['loki.yaml'] as string;
  const file = yaml.load(text) as any;
  const targets = Object.entries(SIMPLE_SCALABLE.expected);
  const workloadOf = (target: string) => objects.find((o) => (o.kind === 'StatefulSet' || o.kind === 'Deployment') && o.metadata.name === `loki-${target}`)!;

  test('runs each target as its own workload of the configured size, all from one config file', () => {
    expect(objects.filter((o) => (o.kind === 'StatefulSet' || o.kind === 'Deployment') && o.metadata.name.startsWith('loki')).map((o) => o.metadata.name)).toEqual([
      'loki-write',
      'loki-read',
      'loki-backend',
    ]);
    for (const [target, want] of targets) {
      const workload = workloadOf(target);
      const container = workload.spec.template.spec.containers[0];
      expect([target, workload.kind, workload.spec.replicas]).toEqual([target, want.kind, want.replicas]);
      expect(container.args).toEqual(['-config.file=/etc/loki/config/loki.yaml', `-target=${target}`]);
      expect(container.resources.requests.memory).toBe(want.memory);
      expect(workload.spec.template.spec.volumes).toContainEqual({ name: 'config', configMap: { name: 'loki' } });
      expect(workload.spec.template.metadata.annotations['checksum/config']).toBe(createHash('sha256').update(text).digest('hex'));
      expect(workload.spec.template.metadata.labels['app.kubernetes.io/component']).toBe(target);
      expect(container.securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
      expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    }
  });

  test('keeps the WAL and the backend state on volumes; the read path only caches', () => {
    for (const [target, want] of targets) {
      const workload = workloadOf(target);
      const container = workload.spec.template.spec.containers[0];
      expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/loki' });
      if (want.volume === undefined) {
        expect(workload.spec.volumeClaimTemplates).toBeUndefined();
        expect(workload.spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: {} });
      } else {
        expect(workload.spec.volumeClaimTemplates.map((c: any) => c.spec.resources.requests.storage)).toEqual([want.volume]);
        expect(workload.spec.serviceName).toBe('loki-memberlist');
        expect(workload.spec.podManagementPolicy).toBe('Parallel');
      }
    }
    expect(workloadOf('write').spec.volumeClaimTemplates[0].spec.storageClassName).toBe('fast');
  });

  test('replicates each stream to replicationFactor ingesters over a memberlist ring', () => {
    expect(file.common.replication_factor).toBe(2);
    expect(file.common.ring).toEqual({ kvstore: { store: 'memberlist' } });
    // Each pod registers its own address, not loopback.
    expect(file.common.instance_addr).toBeUndefined();
    expect(file.schema_config.configs[0].object_store).toBe('s3');
    expect(file.common.storage.s3).toMatchObject({ bucketnames: 'fixture-logs', endpoint: 'minio.storage.svc:9000' });
  });

  test('every Loki pod joins memberlist through the headless Service, not-ready pods included', () => {
    const memberlist = find(objects, 'Service', 'loki-memberlist', 'monitoring');
    expect(memberlist.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(memberlist.spec.ports).toEqual([{ name: 'memberlist', port: 7946, targetPort: 'memberlist', protocol: 'TCP' }]);
    expect(file.memberlist).toEqual({ join_members: [`dns+loki-memberlist.monitoring.svc:${memberlist.spec.ports[0].port}`], bind_port: 7946 });
    for (const [target] of targets) {
      const pod = workloadOf(target).spec.template;
      expect(selects(memberlist.spec.selector, pod.metadata.labels)).toBe(true);
      expect(pod.spec.containers[0].ports).toContainEqual({ name: 'memberlist', containerPort: 7946, protocol: 'TCP' });
    }
  });

  test('each target has a Service selecting exactly its pods; the read path finds the compactor through the backend one', () => {
    for (const [target] of targets) {
      const service = find(objects, 'Service', `loki-${target}`, 'monitoring');
      const matching = objects.filter((o) => (o.kind === 'StatefulSet' || o.kind === 'Deployment') && selects(service.spec.selector, o.spec.template.metadata.labels));
      expect(matching.map((o) => o.metadata.name)).toEqual([`loki-${target}`]);
      expect(service.spec.ports.map((p: any) => p.name)).toEqual(['http', 'grpc']);
    }
    expect(file.common.compactor_grpc_address).toBe('loki-backend.monitoring.svc:9095');
  });

  test("Grafana queries the read path and Alloy pushes to the write path", () => {
    expect(stack.loki.url).toBe('http://loki-read.monitoring.svc:3100');
    expect(stack.loki.pushUrl).toBe('http://loki-write.monitoring.svc:3100/loki/api/v1/push');
    expect(stack.grafana.datasources.datasources.find((d) => d.type === 'loki')?.url).toBe(stack.loki.url);
    expect(stack.alloy.configText).toContain(`url = "${stack.loki.pushUrl}"`);
    expect(objects.filter((o) => o.kind === 'Service' && o.metadata.name === 'loki')).toEqual([]);
  });

  test('Prometheus scrapes every target under the one job the Loki alerts and dashboards select', () => {
    const target = stack.prometheus.scrapeTargets.filter((t) => t.job === COMPONENTS.loki.scrape.job);
    expect(target).toHaveLength(1);
    expect(target[0].port.name).toBe('http');
    for (const [name] of targets) expect(selects(target[0].podLabels, workloadOf(name).spec.template.metadata.labels)).toBe(true);
  });

  test('spreads and budgets every target with more than one replica', () => {
    for (const [target, want] of targets) {
      const budget = objects.find((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === `loki-${target}`);
      const affinity = workloadOf(target).spec.template.spec.affinity;
      expect([target, budget !== undefined, affinity !== undefined]).toEqual([target, want.budget, want.budget]);
    }
  });

  test('uses only keys Loki 3.7 documents', () => {
    expect(removedKeys(file)).toEqual([]);
    expect(undocumentedKeys(file, DOCUMENTED)).toEqual([]);
  });
});

describe('Loki config checks', () => {
  test("the removed-key check finds the design's Loki 2 settings", () => {
    // The design's loki/config.yaml, abridged: what the check must catch.
    const loki2 = {
      storage_config: { boltdb_shipper: { active_index_directory: '/loki/index', shared_store: 'filesystem' } },
      limits_config: { enforce_metric_name: false, reject_old_samples: true },
    };
    expect(removedKeys(loki2)).toEqual(['storage_config.boltdb_shipper.shared_store', 'limits_config.enforce_metric_name']);
  });

  test('the typed model cannot express Loki 2 settings', () => {
    // Each line below must stay a type error; `npm test` type-checks this file.
    // @ts-expect-error enforce_metric_name was removed in Loki 3
    const limits: LokiLimitsBlock = { reject_old_samples: true, reject_old_samples_max_age: '168h', retention_period: '168h', enforce_metric_name: false };
    // @ts-expect-error boltdb-shipper is not a Loki 3 index store here
    const period: LokiPeriodConfig = { from: '2026-01-01', store: 'boltdb-shipper', object_store: 'filesystem', schema: 'v13', index: { prefix: 'i_', period: '24h' } };
    // @ts-expect-error schema v11 is not v13
    const v11: LokiPeriodConfig = { from: '2026-01-01', store: 'tsdb', object_store: 'filesystem', schema: 'v11', index: { prefix: 'i_', period: '24h' } };
    // @ts-expect-error storage_config.boltdb_shipper has no place in the file
    const file: Partial<LokiConfigFile> = { auth_enabled: false, storage_config: { boltdb_shipper: { shared_store: 's3' } } };
    expect([limits, period, v11, file]).toHaveLength(4);
  });

  test('exposes its scrape target on the http port', () => {
    const { stack, objects } = synth('dev');
    const statefulSet = find(objects, 'StatefulSet', 'loki', 'monitoring');
    expect(stack.loki.scrapeTarget).toMatchObject({ job: 'loki', namespace: 'monitoring', path: '/metrics', port: { name: 'http', port: 3100 } });
    for (const [key, value] of Object.entries(stack.loki.scrapeTarget.podLabels)) {
      expect(statefulSet.spec.template.metadata.labels[key]).toBe(value);
    }
  });

  test('an S3-compatible store can use path-style addressing over plain HTTP', () => {
    const config = withLoki({ objectStore: { type: 's3', bucket: 'logs', endpoint: 'minio.storage.svc:9000', region: 'local', forcePathStyle: true, insecure: true } }, 'dev');
    const { config: file } = synthLoki(config);
    expect(file.common.storage.s3).toMatchObject({ endpoint: 'minio.storage.svc:9000', s3forcepathstyle: true, insecure: true });
  });

  test('without a credentials Secret no key reaches the pod', () => {
    const config = withLoki({ objectStore: { type: 's3', bucket: 'logs-bucket', endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1' } }, 'dev');
    const { container, config: file } = synthLoki(config);
    expect(file.common.storage.s3.bucketnames).toBe('logs-bucket');
    expect(container.env).toBeUndefined();
  });
});

describe('Loki validation', () => {
  const fails = (overrides: EnvironmentDefinition['overrides']['loki']) => () => withLoki(overrides);

  test('fails when s3 storage has no bucket', () => {
    expect(() => withLoki({ objectStore: { type: 's3', endpoint: 's3.us-east-1.amazonaws.com', region: 'us-east-1' } }, 'dev')).toThrow(
      'environment "dev": loki.objectStore.bucket: undefined is not an S3 bucket name. Set the bucket Loki writes to',
    );
  });

  test('fails when the endpoint carries a scheme', () => {
    expect(fails({ objectStore: { endpoint: 'https://s3.us-east-1.amazonaws.com' } })).toThrow(
      'environment "staging": loki.objectStore.endpoint: "https://s3.us-east-1.amazonaws.com" is not a host. Give the host and optional port without scheme or path',
    );
  });

  test('fails when the region is empty', () => {
    expect(fails({ objectStore: { region: '' } })).toThrow('environment "staging": loki.objectStore.region: "" is not a region.');
  });

  test('fails when the credentials Secret name is invalid', () => {
    expect(fails({ objectStore: { credentialsSecret: 'Loki S3' } })).toThrow('environment "staging": loki.objectStore.credentialsSecret: "Loki S3" is not a Secret name.');
  });

  test('fails when the store type is unknown', () => {
    expect(fails({ objectStore: { type: 'gcs' as 's3' } })).toThrow('environment "staging": loki.objectStore.type: "gcs" is not a supported store.');
  });

  test('fails when retention is malformed', () => {
    expect(fails({ retention: '7 days' })).toThrow('environment "staging": loki.retention: invalid duration "7 days".');
  });

  test('fails when retention is shorter than a day', () => {
    expect(fails({ retention: '12h' })).toThrow('environment "staging": loki.retention: "12h" is shorter than 24h, the shortest retention Loki applies. Use 24h or more');
  });

  test('fails when more than one replica is asked for', () => {
    expect(fails({ replicas: 2 })).toThrow(
      'environment "staging": loki.replicas: monolithic Loki keeps its ring in memory and runs exactly one replica, got 2. Set loki.replicas to 1',
    );
  });

  test('fails when simple scalable Loki is given a filesystem store', () => {
    expect(() => configWith('dev', { loki: { deployment: SIMPLE_SCALABLE.overrides.loki.deployment } })).toThrow(
      'environment "dev": loki.deployment.mode: "simple-scalable" needs an object store that every target shares, but loki.objectStore.type is "filesystem"',
    );
  });

  test('fails when the replication factor exceeds the write replicas', () => {
    const { deployment } = SIMPLE_SCALABLE.overrides.loki;
    expect(() => configWith('dev', { loki: { objectStore: FIXTURE_S3, deployment: { ...deployment, replicationFactor: 5 } } })).toThrow(
      'environment "dev": loki.deployment.replicationFactor: 5 is not a whole number from 1 to write.replicas (4)',
    );
  });

  test('fails when a stateful target has no volume', () => {
    const { deployment } = SIMPLE_SCALABLE.overrides.loki;
    const resolve = () => resolveEnvironment({ name: 'no-volume', overrides: { loki: { objectStore: FIXTURE_S3, deployment: { ...deployment, backend: { replicas: 2, resources: resources('1', '1Gi') } } } } });
    expect(resolve).toThrow('environment "no-volume": loki.deployment.backend.storage: missing.');
  });

  test('fails when the deployment mode is unknown', () => {
    expect(() => configWith('dev', { loki: { deployment: { mode: 'microservices' as 'monolithic' } } })).toThrow(
      'environment "dev": loki.deployment.mode: "microservices" is not a Loki deployment mode.',
    );
  });

  test('fails when the schema start is not a date', () => {
    expect(() => synthLoki(configFor('dev'), { schemaFrom: '2026-02-30' })).toThrow(
      'environment "dev": Loki schemaFrom: "2026-02-30" is not a date. Use YYYY-MM-DD',
    );
  });

  test('fails when the reject-old-samples window is malformed', () => {
    expect(() => synthLoki(configFor('dev'), { rejectOldSamplesMaxAge: 'a week' })).toThrow(
      'environment "dev": Loki rejectOldSamplesMaxAge: invalid duration "a week".',
    );
  });
});
