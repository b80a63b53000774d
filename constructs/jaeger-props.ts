/** Jaeger's settings in an environment, their defaults and their checks. */
import { Tagged, type KeyRecord } from '../config/keys';
import { durationToMs, show, type Duration } from '../config/units';
import { checkSecretKey, checkSecretName, checkWorkload, requestsAndLimit, SECRET_KEY_REFERENCE_KEYS, STORAGE_OPTIONAL_KEYS, WORKLOAD_OPTIONAL_KEYS, type SecretKeyReference, type StorageConfig, type WorkloadSettings } from './workload-props';

/** Traces in memory: lost on restart. For development only. */
export interface JaegerMemoryBackend {
  readonly type: 'memory';
  /**
   * Traces kept before the oldest are dropped; bounds the memory the store uses.
   * @default 10000
   */
  readonly maxTraces?: number;
}

/** Traces in an embedded Badger database on the Jaeger volume (`storage`). One replica only. */
export interface JaegerBadgerBackend {
  readonly type: 'badger';
  /**
   * How long spans are kept.
   * @default 72h
   */
  readonly retention?: Duration;
}

/**
 * Traces in an external Elasticsearch or OpenSearch cluster, in one index per day and kind
 * (`<indexPrefix>-jaeger-span-2026-08-01`, `...-jaeger-service-...`). Allows several Jaeger replicas and the
 * scaled topology.
 */
export interface JaegerSearchBackend {
  readonly type: 'elasticsearch' | 'opensearch';
  /** Cluster URLs, e.g. `https://opensearch.logging.svc:9200`. */
  readonly serverUrls: readonly string[];
  /**
   * Prefix of Jaeger's indices.
   * @default jaeger
   */
  readonly indexPrefix?: string;
  /**
   * Basic-auth user name; requires `passwordSecret`.
   * @default - no authentication
   */
  readonly username?: string;
  /**
   * Where the basic-auth password is kept.
   * @default - no authentication
   */
  readonly passwordSecret?: SecretKeyReference;
  /**
   * The CA certificate (PEM) that signed the cluster's certificate, for https URLs whose certificate
   * no public CA signed (an in-cluster OpenSearch or Elasticsearch operator's own CA, for example).
   * @default - the image's system roots
   */
  readonly caSecret?: SecretKeyReference;
  /**
   * How long spans are kept, in whole days: searches look back this far, and the index cleaner
   * deletes the daily indices older than this.
   * @default 168h
   */
  readonly retention?: Duration;
  /**
   * A daily CronJob runs Jaeger's `jaeger-es-index-cleaner`, which deletes the indices older than
   * `retention`. Set false when an ILM (Elasticsearch) or ISM (OpenSearch) policy deletes them.
   * @default true
   */
  readonly indexCleaner?: boolean;
}

export type JaegerStorageBackend = JaegerMemoryBackend | JaegerBadgerBackend | JaegerSearchBackend;

/**
 * How Jaeger runs. `all-in-one`: one workload receives, stores and serves traces, sized by
 * `replicas`, `resources` and (Badger) `storage`. `scaled`: the collectors and the query service run
 * as separate Deployments, sized by `collector` and `query`, on one Elasticsearch or OpenSearch backend.
 */
export type JaegerTopology = 'all-in-one' | 'scaled';

export const JAEGER_TOPOLOGIES: readonly JaegerTopology[] = ['all-in-one', 'scaled'];

export interface JaegerSettings extends WorkloadSettings {
  /** The Badger volume; unused by the other backends. */
  readonly storage: StorageConfig;
  /** Where traces are stored. `memory` and `badger` allow one replica only. */
  readonly backend: JaegerStorageBackend;
  /**
   * One all-in-one workload, or collectors and query scaled out on a shared search backend.
   * `replicas`, `resources` and `storage` size the all-in-one; `collector` and `query` the scaled roles.
   * @default 'all-in-one'
   */
  readonly topology: JaegerTopology;
  /**
   * The collectors of the scaled topology (OTLP in, spans out to the backend).
   * @default - 2 replicas, 100m CPU and 256Mi requested, 512Mi limit
   */
  readonly collector: WorkloadSettings;
  /**
   * The query service of the scaled topology (UI and API).
   * @default - 2 replicas, 50m CPU and 128Mi requested, 256Mi limit
   */
  readonly query: WorkloadSettings;
}

/**
 * The Secret an environment's search backend reads its password and CA certificate from, which the
 * operator creates (README, "Logs and traces"): key `password` for `passwordSecret`, key `ca.crt`
 * for `caSecret`.
 */
export const JAEGER_STORAGE_SECRET = { name: 'jaeger-storage', passwordKey: 'password', caKey: 'ca.crt' } as const;

/** Days of spans a search backend keeps unless its `retention` says otherwise. */
export const DEFAULT_SEARCH_RETENTION = '168h';

export const JAEGER_DEFAULTS: JaegerSettings = {
  replicas: 1,
  resources: requestsAndLimit('50m', '128Mi', '256Mi'),
  storage: { size: '5Gi' },
  backend: { type: 'memory' },
  topology: 'all-in-one',
  collector: { replicas: 2, resources: requestsAndLimit('100m', '256Mi', '512Mi') },
  query: { replicas: 2, resources: requestsAndLimit('50m', '128Mi', '256Mi') },
};

const SEARCH_KEYS: KeyRecord = {
  type: true,
  serverUrls: true,
  indexPrefix: true,
  username: true,
  passwordSecret: SECRET_KEY_REFERENCE_KEYS,
  caSecret: SECRET_KEY_REFERENCE_KEYS,
  retention: true,
  indexCleaner: true,
};

/** Keys without a default (see config/keys.ts). */
export const JAEGER_OPTIONAL_KEYS: KeyRecord = {
  ...WORKLOAD_OPTIONAL_KEYS,
  ...STORAGE_OPTIONAL_KEYS,
  collector: WORKLOAD_OPTIONAL_KEYS,
  query: WORKLOAD_OPTIONAL_KEYS,
  backend: new Tagged('type', { memory: { type: true, maxTraces: true }, badger: { type: true, retention: true }, elasticsearch: SEARCH_KEYS, opensearch: SEARCH_KEYS }),
};

const INDEX_PREFIX = /^[a-z0-9][a-z0-9_-]*$/;
const DAY_MS = 86_400_000;

/** @param env names the environment in messages, e.g. `environment "prod"` */
export function checkJaegerSettings(jaeger: JaegerSettings, env: string): void {
  checkWorkload(jaeger, `${env}: jaeger`);
  if (!JAEGER_TOPOLOGIES.includes(jaeger.topology)) {
    throw new Error(
      `${env}: jaeger.topology: ${show(jaeger.topology)} is not a topology. ` +
        "Use 'all-in-one' (one workload) or 'scaled' (collectors and query apart, on an elasticsearch or opensearch backend).",
    );
  }
  checkWorkload(jaeger.collector, `${env}: jaeger.collector`);
  checkWorkload(jaeger.query, `${env}: jaeger.query`);
  const backend = jaeger.backend;
  const where = `${env}: jaeger.backend`;
  if (jaeger.topology === 'scaled' && (backend?.type === 'memory' || backend?.type === 'badger')) {
    throw new Error(
      `${env}: jaeger.topology: "scaled" runs the collectors and the query service as separate pods that must share one trace store, ` +
        `but ${backend.type} storage lives inside one pod and cannot be shared. ` +
        "Use an elasticsearch or opensearch backend (jaeger.backend: { type: 'opensearch', serverUrls: [...] }), or set jaeger.topology to 'all-in-one'.",
    );
  }
  switch (backend?.type) {
    case 'memory':
    case 'badger':
      if (jaeger.replicas !== 1) {
        throw new Error(
          `${env}: jaeger.replicas: ${backend.type} storage lives inside one pod, so ${jaeger.replicas} replicas would each see only part of the traces. ` +
            'Set jaeger.replicas to 1, or use an elasticsearch or opensearch backend.',
        );
      }
      if (backend.type === 'memory' && backend.maxTraces !== undefined && (!Number.isInteger(backend.maxTraces) || backend.maxTraces < 1)) {
        throw new Error(`${where}.maxTraces: must be a whole number of at least 1, got ${show(backend.maxTraces)}. Set it to bound the memory the store uses, e.g. 10000.`);
      }
      if (backend.type === 'badger' && backend.retention !== undefined && durationToMs(backend.retention, `${where}.retention`) <= 0) {
        throw new Error(`${where}.retention: ${JSON.stringify(backend.retention)} keeps nothing. Use a positive duration, for example "168h".`);
      }
      return;
    case 'elasticsearch':
    case 'opensearch': {
      const urls = backend.serverUrls;
      if (!Array.isArray(urls) || urls.length === 0) {
        throw new Error(`${where}.serverUrls: no server URL given for ${backend.type}. List the cluster's URLs, for example ["https://${backend.type}.logging.svc:9200"].`);
      }
      for (const url of urls) {
        if (typeof url !== 'string' || !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(url)) {
          throw new Error(`${where}.serverUrls: ${JSON.stringify(url)} is not an http(s) URL. Use a URL such as "https://${backend.type}.logging.svc:9200".`);
        }
      }
      if (backend.indexPrefix !== undefined && !INDEX_PREFIX.test(backend.indexPrefix)) {
        throw new Error(`${where}.indexPrefix: ${JSON.stringify(backend.indexPrefix)} is not a valid index prefix. Use lower-case letters, digits, "-" and "_", for example "jaeger".`);
      }
      if ((backend.username === undefined) !== (backend.passwordSecret === undefined)) {
        throw new Error(
          `${where}: username and passwordSecret go together, got ${backend.username === undefined ? 'only passwordSecret' : 'only username'}. ` +
            'Set both for basic authentication, or neither.',
        );
      }
      if (backend.passwordSecret) {
        checkSecretName(backend.passwordSecret.name, `${where}.passwordSecret.name`);
        checkSecretKey(backend.passwordSecret.key, `${where}.passwordSecret.key`, 'password');
      }
      if (backend.caSecret) {
        checkSecretName(backend.caSecret.name, `${where}.caSecret.name`);
        checkSecretKey(backend.caSecret.key, `${where}.caSecret.key`, 'ca.crt');
        const plain = urls.find((url) => url.startsWith('http://'));
        if (plain !== undefined) {
          throw new Error(`${where}.caSecret: a CA certificate verifies https only, but ${JSON.stringify(plain)} is plain http. Use https URLs, or leave caSecret out.`);
        }
      }
      if (backend.retention !== undefined) {
        const ms = durationToMs(backend.retention, `${where}.retention`);
        if (ms <= 0 || ms % DAY_MS !== 0) {
          throw new Error(
            `${where}.retention: ${JSON.stringify(backend.retention)} is not a whole number of days; the index cleaner deletes whole daily indices. ` +
              'Use a positive multiple of 24h, for example "168h" or "14d".',
          );
        }
      }
      if (backend.indexCleaner !== undefined && typeof backend.indexCleaner !== 'boolean') {
        throw new Error(
          `${where}.indexCleaner: ${show(backend.indexCleaner)} is not true or false. ` +
            'Set true to delete indices past retention with a daily CronJob, or false when an ILM/ISM policy deletes them.',
        );
      }
      return;
    }
    default:
      throw new Error(
        `${where}.type: ${JSON.stringify((backend as { type?: unknown } | undefined)?.type)} is not a supported backend. ` +
          "Use { type: 'memory' }, { type: 'badger' }, or { type: 'elasticsearch' | 'opensearch', serverUrls }.",
      );
  }
}
