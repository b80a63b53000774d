/** Loki's settings in an environment, their defaults and their checks. */
import { Tagged, type KeyRecord } from '../config/keys';
import { durationToMs, type Duration } from '../config/units';
import { show } from '../config/units';
import { checkSecretName, checkWorkload, requestsAndLimit, STORAGE_OPTIONAL_KEYS, WORKLOAD_OPTIONAL_KEYS, type StorageConfig, type WorkloadSettings } from './workload-props';

/** Loki keeps chunks and index on its own volume. Fits one node; the volume is the only copy. */
export interface LokiFilesystemStore {
  readonly type: 'filesystem';
}

/** Loki ships chunks and index to an S3-compatible bucket; its volume keeps only the WAL and caches. */
export interface LokiS3Store {
  readonly type: 's3';
  /** Bucket name, e.g. `agent-platform-logs-prod`. */
  readonly bucket: string;
  /** Endpoint host (and port), without scheme or path, e.g. `s3.us-east-1.amazonaws.com` or `minio.storage.svc:9000`. */
  readonly endpoint: string;
  /** Region of the bucket, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * Name of a Secret in the monitoring namespace holding the keys `AWS_ACCESS_KEY_ID` and
   * `AWS_SECRET_ACCESS_KEY`. The operator creates it; it is never part of the output.
   * @default - no static keys: the standard AWS credential chain (e.g. the node's instance role)
   */
  readonly credentialsSecret?: string;
  /**
   * Path-style addressing (`endpoint/bucket`), which MinIO and most S3-compatible stores need.
   * @default false
   */
  readonly forcePathStyle?: boolean;
  /**
   * Plain HTTP instead of HTTPS to the endpoint.
   * @default false
   */
  readonly insecure?: boolean;
}

export type LokiObjectStore = LokiFilesystemStore | LokiS3Store;

/** One Loki process runs every component (`-target=all`), its ring in memory: one replica, sized by `loki.replicas`, `resources` and `storage`. */
export interface LokiMonolithic {
  readonly mode: 'monolithic';
}

/** A target of the simple scalable deployment whose state lives on a volume (the write path's WAL, the backend's compactor and index). */
export interface LokiStatefulTarget extends WorkloadSettings {
  /** Each replica's volume. */
  readonly storage: StorageConfig;
}

/**
 * Loki's simple scalable deployment: the `write` target (distributor, ingester) as a StatefulSet
 * keeping its WAL on a volume, the `read` target (query frontend, querier) as a Deployment, the
 * `backend` target (compactor, index gateway, query scheduler, ruler) as a StatefulSet. Their rings
 * meet over memberlist; chunks and index live in the object store, which must be shared (not `filesystem`).
 * `loki.replicas`, `loki.resources` and `loki.storage` are not used.
 */
export interface LokiSimpleScalable {
  readonly mode: 'simple-scalable';
  /**
   * How many ingesters receive each stream; a push succeeds once a majority of them have it.
   * At most `write.replicas`.
   * @default 3
   */
  readonly replicationFactor?: number;
  readonly write: LokiStatefulTarget;
  readonly read: WorkloadSettings;
  readonly backend: LokiStatefulTarget;
}

export type LokiDeployment = LokiMonolithic | LokiSimpleScalable;

/** The targets of the simple scalable deployment, as `-target` names them. */
export const LOKI_TARGETS = ['write', 'read', 'backend'] as const;
export type LokiTarget = (typeof LOKI_TARGETS)[number];

/** Replication factor of the simple scalable write path when none is given. */
export const LOKI_REPLICATION_FACTOR = 3;

export interface LokiSettings extends WorkloadSettings {
  /** The monolithic StatefulSet's volume: chunks and index with `filesystem`, the WAL and caches with `s3`. */
  readonly storage: StorageConfig;
  /** How long log lines are kept before the compactor deletes them (at least `24h`). */
  readonly retention: Duration;
  /** Where chunks and index live. Monolithic Loki runs exactly one replica either way. */
  readonly objectStore: LokiObjectStore;
  /**
   * One monolithic process, or the simple scalable deployment's write, read and backend targets
   * (which need an object store other than `filesystem`).
   * @default { mode: 'monolithic' }
   */
  readonly deployment: LokiDeployment;
}

/**
 * The Secret holding Loki's S3 keys, which the operator creates (README, "Logs and traces"). An
 * environment with an S3 store names it in `loki.objectStore.credentialsSecret`.
 */
export const LOKI_S3_CREDENTIALS_SECRET = 'loki-s3-credentials';

export const LOKI_DEFAULTS: LokiSettings = {
  replicas: 1,
  resources: requestsAndLimit('100m', '256Mi', '512Mi'),
  storage: { size: '10Gi' },
  retention: '168h',
  objectStore: { type: 'filesystem' },
  deployment: { mode: 'monolithic' },
};

const TARGET_RESOURCES_KEYS: KeyRecord = { requests: { cpu: true, memory: true }, limits: { memory: true, cpu: true } };
const TARGET_STORAGE_KEYS: KeyRecord = { size: true, storageClassName: true };

/** Keys without a default (see config/keys.ts). */
export const LOKI_OPTIONAL_KEYS: KeyRecord = {
  ...WORKLOAD_OPTIONAL_KEYS,
  ...STORAGE_OPTIONAL_KEYS,
  objectStore: new Tagged('type', {
    filesystem: { type: true },
    s3: { type: true, bucket: true, endpoint: true, region: true, credentialsSecret: true, forcePathStyle: true, insecure: true },
  }),
  deployment: new Tagged('mode', {
    monolithic: { mode: true },
    'simple-scalable': {
      mode: true,
      replicationFactor: true,
      write: { replicas: true, resources: TARGET_RESOURCES_KEYS, storage: TARGET_STORAGE_KEYS },
      read: { replicas: true, resources: TARGET_RESOURCES_KEYS },
      backend: { replicas: true, resources: TARGET_RESOURCES_KEYS, storage: TARGET_STORAGE_KEYS },
    },
  }),
};

const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const HOST_AND_PORT = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?$/;
const REGION = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DAY_MS = 86_400_000;

/** @param env names the environment in messages, e.g. `environment "prod"` */
export function checkLokiSettings(loki: LokiSettings, env: string): void {
  checkWorkload(loki, `${env}: loki`);
  if (loki.replicas !== 1) {
    throw new Error(
      `${env}: loki.replicas: monolithic Loki keeps its ring in memory and runs exactly one replica, got ${loki.replicas}. ` +
        "Set loki.replicas to 1; to run several Loki pods, use loki.deployment: { mode: 'simple-scalable', write, read, backend } with an S3 store.",
    );
  }
  if (durationToMs(loki.retention, `${env}: loki.retention`) < DAY_MS) {
    throw new Error(`${env}: loki.retention: ${JSON.stringify(loki.retention)} is shorter than 24h, the shortest retention Loki applies. Use 24h or more, for example "168h".`);
  }
  checkLokiStore(loki.objectStore, env);
  checkLokiDeployment(loki, env);
}

function checkLokiDeployment(loki: LokiSettings, env: string): void {
  const deployment = loki.deployment;
  const where = `${env}: loki.deployment`;
  if (deployment?.mode === 'monolithic') return;
  if (deployment?.mode !== 'simple-scalable') {
    throw new Error(
      `${where}.mode: ${show((deployment as { mode?: unknown } | undefined)?.mode)} is not a Loki deployment mode. ` +
        "Use { mode: 'monolithic' } or { mode: 'simple-scalable', write, read, backend }.",
    );
  }
  if (loki.objectStore.type === 'filesystem') {
    throw new Error(
      `${where}.mode: "simple-scalable" needs an object store that every target shares, but loki.objectStore.type is "filesystem", which lives on one pod's volume. ` +
        "Set loki.objectStore to { type: 's3', bucket, endpoint, region }, or keep loki.deployment at { mode: 'monolithic' }.",
    );
  }
  for (const target of LOKI_TARGETS) {
    const settings = deployment[target] as (WorkloadSettings & { storage?: StorageConfig }) | undefined;
    if (settings === undefined || typeof settings !== 'object') {
      throw new Error(`${where}.${target}: missing. Give the ${target} target's replicas and resources${target === 'read' ? '' : ' and storage'}, for example ${target === 'read' ? "{ replicas: 2, resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } } }" : "{ replicas: 3, resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } }, storage: { size: '10Gi' } }"}.`);
    }
    if (target !== 'read' && settings.storage === undefined) {
      throw new Error(`${where}.${target}.storage: missing. The ${target} target keeps its ${target === 'write' ? 'WAL' : 'compactor and index'} on a volume: give its size, for example { size: '10Gi' }.`);
    }
    checkWorkload(settings, `${where}.${target}`);
  }
  const factor = deployment.replicationFactor ?? LOKI_REPLICATION_FACTOR;
  if (!Number.isInteger(factor) || factor < 1 || factor > deployment.write.replicas) {
    throw new Error(
      `${where}.replicationFactor: ${show(factor)} is not a whole number from 1 to write.replicas (${deployment.write.replicas}): each stream goes to that many ingesters, and a push needs a majority of them. ` +
        `Raise write.replicas to at least ${Number.isInteger(factor) && factor > 0 ? factor : LOKI_REPLICATION_FACTOR}, or lower replicationFactor (3 keeps every stream when one ingester is lost).`,
    );
  }
}

function checkLokiStore(store: LokiObjectStore, env: string): void {
  const where = `${env}: loki.objectStore`;
  if (store?.type === 'filesystem') return;
  if (store?.type !== 's3') {
    throw new Error(`${where}.type: ${JSON.stringify((store as { type?: unknown } | undefined)?.type)} is not a supported store. Use { type: 'filesystem' } or { type: 's3', bucket, endpoint, region }.`);
  }
  if (typeof store.bucket !== 'string' || !S3_BUCKET.test(store.bucket)) {
    throw new Error(
      `${where}.bucket: ${JSON.stringify(store.bucket)} is not an S3 bucket name. ` +
        'Set the bucket Loki writes to: 3 to 63 lower-case letters, digits, "." and "-", for example "agent-platform-logs-prod".',
    );
  }
  if (typeof store.endpoint !== 'string' || !HOST_AND_PORT.test(store.endpoint)) {
    throw new Error(
      `${where}.endpoint: ${JSON.stringify(store.endpoint)} is not a host. ` +
        'Give the host and optional port without scheme or path, for example "s3.us-east-1.amazonaws.com" or "minio.storage.svc:9000"; set insecure: true for plain HTTP.',
    );
  }
  if (typeof store.region !== 'string' || !REGION.test(store.region)) {
    throw new Error(`${where}.region: ${JSON.stringify(store.region)} is not a region. Set the bucket's region, for example "us-east-1".`);
  }
  if (store.credentialsSecret !== undefined) checkSecretName(store.credentialsSecret, `${where}.credentialsSecret`);
}
