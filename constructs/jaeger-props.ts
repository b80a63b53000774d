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

/** Traces in an external Elasticsearch or OpenSearch cluster. Allows several Jaeger replicas. */
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
}

export type JaegerStorageBackend = JaegerMemoryBackend | JaegerBadgerBackend | JaegerSearchBackend;

export interface JaegerSettings extends WorkloadSettings {
  /** The Badger volume; unused by the other backends. */
  readonly storage: StorageConfig;
  /** Where traces are stored. `memory` and `badger` allow one replica only. */
  readonly backend: JaegerStorageBackend;
}

export const JAEGER_DEFAULTS: JaegerSettings = {
  replicas: 1,
  resources: requestsAndLimit('50m', '128Mi', '256Mi'),
  storage: { size: '5Gi' },
  backend: { type: 'memory' },
};

const SEARCH_KEYS: KeyRecord = { type: true, serverUrls: true, indexPrefix: true, username: true, passwordSecret: SECRET_KEY_REFERENCE_KEYS };

/** Keys without a default (see config/keys.ts). */
export const JAEGER_OPTIONAL_KEYS: KeyRecord = {
  ...WORKLOAD_OPTIONAL_KEYS,
  ...STORAGE_OPTIONAL_KEYS,
  backend: new Tagged('type', { memory: { type: true, maxTraces: true }, badger: { type: true, retention: true }, elasticsearch: SEARCH_KEYS, opensearch: SEARCH_KEYS }),
};

const INDEX_PREFIX = /^[a-z0-9][a-z0-9_-]*$/;

/** @param env names the environment in messages, e.g. `environment "prod"` */
export function checkJaegerSettings(jaeger: JaegerSettings, env: string): void {
  checkWorkload(jaeger, `${env}: jaeger`);
  const backend = jaeger.backend;
  const where = `${env}: jaeger.backend`;
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
      return;
    }
    default:
      throw new Error(
        `${where}.type: ${JSON.stringify((backend as { type?: unknown } | undefined)?.type)} is not a supported backend. ` +
          "Use { type: 'memory' }, { type: 'badger' }, or { type: 'elasticsearch' | 'opensearch', serverUrls }.",
      );
  }
}
