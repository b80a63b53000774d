/** Loki's settings in an environment, their defaults and their checks. */
import { Tagged, type KeyRecord } from '../config/keys';
import { durationToMs, type Duration } from '../config/units';
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

export interface LokiSettings extends WorkloadSettings {
  /** The StatefulSet's volume: chunks and index with `filesystem`, the WAL and caches with `s3`. */
  readonly storage: StorageConfig;
  /** How long log lines are kept before the compactor deletes them (at least `24h`). */
  readonly retention: Duration;
  /** Where chunks and index live. Monolithic Loki runs exactly one replica either way. */
  readonly objectStore: LokiObjectStore;
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
};

/** Keys without a default (see config/keys.ts). */
export const LOKI_OPTIONAL_KEYS: KeyRecord = {
  ...WORKLOAD_OPTIONAL_KEYS,
  ...STORAGE_OPTIONAL_KEYS,
  objectStore: new Tagged('type', {
    filesystem: { type: true },
    s3: { type: true, bucket: true, endpoint: true, region: true, credentialsSecret: true, forcePathStyle: true, insecure: true },
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
        'Set loki.replicas to 1; more capacity means more resources, not replicas.',
    );
  }
  if (durationToMs(loki.retention, `${env}: loki.retention`) < DAY_MS) {
    throw new Error(`${env}: loki.retention: ${JSON.stringify(loki.retention)} is shorter than 24h, the shortest retention Loki applies. Use 24h or more, for example "168h".`);
  }
  const store = loki.objectStore;
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
