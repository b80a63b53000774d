/**
 * The Loki 3 configuration file as a typed object. Only the blocks this stack sets are modelled, and
 * each is closed: keys Loki 3 removed (boltdb-shipper's `shared_store`, `enforce_metric_name`,
 * `max_look_back_period`, …) have no place in these types, and the index store can only be `tsdb`
 * with schema `v13`. Serialised by `toYaml` (lib/yaml.ts).
 */
import type { EnvironmentConfig } from '../config/types';
import { durationToMs, type Duration } from '../config/units';
import { COMPONENTS, HEADLESS_SERVICES, namespaceOf, serviceHost } from './identity';
import { LOKI_REPLICATION_FACTOR, type LokiObjectStore } from './loki-props';
import { componentRoleName, stackNamespaces } from './workload';

/** Where the object store of each schema period and of delete requests lives. */
export type LokiObjectStoreName = LokiObjectStore['type'];

export interface LokiServerBlock {
  readonly http_listen_port: number;
  readonly grpc_listen_port: number;
  readonly log_level: 'debug' | 'info' | 'warn' | 'error';
}

export interface LokiFilesystemStorage {
  readonly filesystem: { readonly chunks_directory: string; readonly rules_directory: string };
}

/** No credentials here: Loki's S3 client takes them from the standard AWS environment variables. */
export interface LokiS3Storage {
  readonly s3: {
    readonly bucketnames: string;
    readonly endpoint: string;
    readonly region: string;
    readonly s3forcepathstyle: boolean;
    readonly insecure: boolean;
  };
}

export interface LokiCommonBlock {
  /** Root of the WAL, TSDB index, caches and compactor files on the volume. */
  readonly path_prefix: string;
  /** How many ingesters receive each stream: 1 for the single binary. */
  readonly replication_factor: number;
  /**
   * The address every ring registers: loopback for the single binary, whose rings are its own.
   * Without it (simple scalable), each pod registers its pod IP.
   */
  readonly instance_addr?: string;
  /** In memory for the single binary; memberlist gossip between the pods of the simple scalable deployment. */
  readonly ring: { readonly kvstore: { readonly store: 'inmemory' | 'memberlist' } };
  readonly storage: LokiFilesystemStorage | LokiS3Storage;
  /** The backend target's compactor (host:port of its gRPC), which the read path asks for delete requests. */
  readonly compactor_grpc_address?: string;
}

/** Gossip between the simple scalable deployment's pods, which carries every ring. */
export interface LokiMemberlistBlock {
  /** `dns+<headless Service>:<port>`: every Loki pod's address, resolved again as pods come and go. */
  readonly join_members: readonly string[];
  readonly bind_port: number;
}

export interface LokiPeriodConfig {
  /** First day (YYYY-MM-DD) this period applies to. */
  readonly from: string;
  readonly store: 'tsdb';
  readonly object_store: LokiObjectStoreName;
  readonly schema: 'v13';
  /** Retention works only with a 24h index period. */
  readonly index: { readonly prefix: string; readonly period: '24h' };
}

export interface LokiLimitsBlock {
  readonly reject_old_samples: true;
  readonly reject_old_samples_max_age: Duration;
  readonly retention_period: Duration;
}

/** All three of `retention_period`, `retention_enabled` and `delete_request_store` are needed for retention to apply. */
export interface LokiCompactorBlock {
  readonly working_directory: string;
  readonly compaction_interval: Duration;
  readonly retention_enabled: true;
  readonly retention_delete_delay: Duration;
  readonly delete_request_store: LokiObjectStoreName;
}

export interface LokiConfigFile {
  /** Single tenant: Alloy pushes and Grafana queries without an X-Scope-OrgID header. */
  readonly auth_enabled: false;
  readonly server: LokiServerBlock;
  readonly common: LokiCommonBlock;
  readonly memberlist?: LokiMemberlistBlock;
  readonly schema_config: { readonly configs: readonly LokiPeriodConfig[] };
  readonly limits_config: LokiLimitsBlock;
  readonly compactor: LokiCompactorBlock;
  readonly analytics: { readonly reporting_enabled: boolean };
}

/** Paths inside the Loki container. */
export const LOKI_PATHS = {
  /** The ConfigMap is mounted here as a directory, so updates reach the pod. */
  configDir: '/etc/loki/config',
  configFile: 'loki.yaml',
  /** The StatefulSet's volume. */
  data: '/loki',
} as const;

export interface LokiConfigOptions {
  /** Oldest sample accepted on push. */
  readonly rejectOldSamplesMaxAge: Duration;
  /** First day of the tsdb/v13 schema period (YYYY-MM-DD). */
  readonly schemaFrom: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks a YYYY-MM-DD date that exists in the calendar. */
export function checkSchemaDate(value: string, where: string): void {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!match || !date || date.toISOString().slice(0, 10) !== value) {
    throw new Error(
      `${where}: ${JSON.stringify(value)} is not a date. Use YYYY-MM-DD, for example "2026-01-01", ` +
        'and never change it once Loki has written data: a new schema needs a new period with a later date.',
    );
  }
}

function storageBlock(store: LokiObjectStore): LokiFilesystemStorage | LokiS3Storage {
  if (store.type === 'filesystem') {
    return { filesystem: { chunks_directory: `${LOKI_PATHS.data}/chunks`, rules_directory: `${LOKI_PATHS.data}/rules` } };
  }
  return {
    s3: {
      bucketnames: store.bucket,
      endpoint: store.endpoint,
      region: store.region,
      s3forcepathstyle: store.forcePathStyle ?? false,
      insecure: store.insecure ?? false,
    },
  };
}

/** The Loki configuration of an environment. */
export function buildLokiConfig(config: EnvironmentConfig, options: LokiConfigOptions): LokiConfigFile {
  const where = `environment ${JSON.stringify(config.name)}: Loki`;
  durationToMs(options.rejectOldSamplesMaxAge, `${where} rejectOldSamplesMaxAge`);
  checkSchemaDate(options.schemaFrom, `${where} schemaFrom`);
  const store = config.loki.objectStore;
  const { deployment } = config.loki;
  const { http, grpc, memberlist } = COMPONENTS.loki.ports;
  const namespace = namespaceOf('loki', stackNamespaces(config));
  const common: LokiCommonBlock =
    deployment.mode === 'monolithic'
      ? { path_prefix: LOKI_PATHS.data, replication_factor: 1, instance_addr: '127.0.0.1', ring: { kvstore: { store: 'inmemory' } }, storage: storageBlock(store) }
      : {
          path_prefix: LOKI_PATHS.data,
          replication_factor: deployment.replicationFactor ?? LOKI_REPLICATION_FACTOR,
          ring: { kvstore: { store: 'memberlist' } },
          storage: storageBlock(store),
          compactor_grpc_address: `${serviceHost(componentRoleName('loki', 'backend'), namespace)}:${grpc.port}`,
        };
  return {
    auth_enabled: false,
    server: { http_listen_port: http.port, grpc_listen_port: grpc.port, log_level: 'info' },
    common,
    ...(deployment.mode === 'simple-scalable'
      ? { memberlist: { join_members: [`dns+${serviceHost(HEADLESS_SERVICES.lokiMemberlist, namespace)}:${memberlist.port}`], bind_port: memberlist.port } }
      : {}),
    schema_config: {
      configs: [{ from: options.schemaFrom, store: 'tsdb', object_store: store.type, schema: 'v13', index: { prefix: 'index_', period: '24h' } }],
    },
    limits_config: {
      reject_old_samples: true,
      reject_old_samples_max_age: options.rejectOldSamplesMaxAge,
      retention_period: config.loki.retention,
    },
    compactor: {
      // On the volume, so chunks marked for deletion survive a restart.
      working_directory: `${LOKI_PATHS.data}/compactor`,
      compaction_interval: '10m',
      retention_enabled: true,
      retention_delete_delay: '2h',
      delete_request_store: store.type,
    },
    // No usage reports sent to Grafana Labs from inside the cluster.
    analytics: { reporting_enabled: false },
  };
}
