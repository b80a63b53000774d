/**
 * The Jaeger v2 configuration file as a typed object. Jaeger v2 is an OpenTelemetry Collector
 * build: OTLP receivers feed a traces pipeline whose exporter writes to the storage backend that the
 * `jaeger_storage` extension defines, and `jaeger_query` serves the UI and API from that backend.
 * All-in-one, one file does both; scaled out, the collectors' file has only the pipeline and the
 * query's only `jaeger_query`, both on the same backend. Serialised by `toYaml` (lib/yaml.ts).
 */
import type { EnvironmentConfig } from '../config/types';
import { durationToMs } from '../config/units';
import { COMPONENTS, type JaegerRole } from './identity';
import { DEFAULT_SEARCH_RETENTION, type JaegerStorageBackend } from './jaeger-props';

/** What one Jaeger process does: everything (all-in-one), or one role of the scaled topology. */
export type JaegerProcess = 'all-in-one' | JaegerRole;

export interface JaegerEndpoint {
  /** `host:port`; OpenTelemetry components listen on localhost unless told otherwise. */
  readonly endpoint: string;
}

export interface JaegerSearchBackendConfig {
  readonly server_urls: readonly string[];
  readonly indices: { readonly index_prefix: string };
  /** How far back searches look (a Go duration); Jaeger's default is 72h. */
  readonly max_span_age: string;
  readonly auth?: { readonly basic: { readonly username: string; readonly password_file: string } };
  /** The Collector's TLS client settings: `ca_file` verifies the cluster's certificate. */
  readonly tls?: { readonly ca_file: string };
}

export type JaegerBackendConfig =
  | { readonly memory: { readonly max_traces: number } }
  | {
      readonly badger: {
        readonly directories: { readonly keys: string; readonly values: string };
        readonly ephemeral: false;
        /** Go durations (`h`, `m`, `s`): days are not accepted here. */
        readonly ttl: { readonly spans: string };
      };
    }
  | { readonly elasticsearch: JaegerSearchBackendConfig }
  | { readonly opensearch: JaegerSearchBackendConfig };

/**
 * The Prometheus endpoint of the collector's own metrics. Both suffix switches are written out: when
 * a reader is configured, the collector (v0.155, which Jaeger 2.20 builds on) defaults both to
 * `true`, which exposes counters without `_total` (`otelcol_receiver_refused_spans`). With both
 * `false` the names follow the Prometheus conventions that the alerts and dashboards query, and that
 * Jaeger's own mixin dashboard uses: `otelcol_receiver_accepted_spans_total`,
 * `otelcol_exporter_send_failed_spans_total`, `otelcol_process_memory_rss_bytes`.
 */
export interface JaegerPrometheusReader {
  readonly host: string;
  readonly port: number;
  readonly without_type_suffix: false;
  readonly without_units: false;
}

export type JaegerExtensionName = 'jaeger_storage' | 'jaeger_query' | 'healthcheckv2';
export type JaegerProcessorName = 'memory_limiter' | 'batch';
/** `nop` is the Collector's receiver and exporter that do nothing: a collector needs one pipeline, which the query process has no use for. */
export type JaegerReceiverName = 'otlp' | 'nop';
export type JaegerExporterName = 'jaeger_storage_exporter' | 'nop';

type Empty = Readonly<Record<string, never>>;

export interface JaegerConfigFile {
  readonly service: {
    readonly extensions: readonly JaegerExtensionName[];
    readonly pipelines: {
      readonly traces: {
        readonly receivers: readonly JaegerReceiverName[];
        readonly processors?: readonly JaegerProcessorName[];
        readonly exporters: readonly JaegerExporterName[];
      };
    };
    readonly telemetry: {
      readonly resource: { readonly 'service.name': string };
      readonly metrics: {
        readonly level: 'none' | 'basic' | 'normal' | 'detailed';
        readonly readers: readonly { readonly pull: { readonly exporter: { readonly prometheus: JaegerPrometheusReader } } }[];
      };
      readonly logs: { readonly level: 'debug' | 'info' | 'warn' | 'error' };
    };
  };
  readonly extensions: {
    readonly jaeger_storage: { readonly backends: Readonly<Record<string, JaegerBackendConfig>> };
    readonly jaeger_query?: {
      readonly storage: { readonly traces: string };
      readonly http: JaegerEndpoint;
      readonly grpc: JaegerEndpoint;
    };
    readonly healthcheckv2: {
      readonly use_v2: true;
      readonly http: JaegerEndpoint & { readonly status: { readonly enabled: true; readonly path: string } };
    };
  };
  readonly receivers: {
    readonly otlp?: { readonly protocols: { readonly grpc: JaegerEndpoint; readonly http: JaegerEndpoint } };
    readonly nop?: Empty;
  };
  readonly processors?: {
    readonly memory_limiter: { readonly check_interval: string; readonly limit_percentage: number; readonly spike_limit_percentage: number };
    readonly batch: Empty;
  };
  readonly exporters: { readonly jaeger_storage_exporter?: { readonly trace_storage: string }; readonly nop?: Empty };
}

/** Paths inside the Jaeger container. */
export const JAEGER_PATHS = {
  /** The ConfigMap, mounted as a directory. */
  configDir: '/etc/jaeger',
  configFile: 'config.yaml',
  /** The Badger volume. */
  data: '/badger',
  /** The search backend's password Secret, mounted as files. */
  secrets: '/var/run/secrets/jaeger-storage',
  /** The search backend's CA certificate Secret, mounted as files. */
  ca: '/var/run/secrets/jaeger-storage-ca',
} as const;

/** Path of the health check that the probes call. */
export const JAEGER_HEALTH_PATH = '/status';
/** Name of the one trace store, shared by the exporter and the query extension. */
const TRACE_STORE = 'traces';
const DEFAULT_MAX_TRACES = 10_000;
const DEFAULT_BADGER_RETENTION = '72h';
/** Prefix of a search backend's indices unless `indexPrefix` says otherwise. */
export const DEFAULT_INDEX_PREFIX = 'jaeger';

/** Listen on every interface of the pod: the collector's default is localhost, which nothing outside the pod reaches. */
function onPod(port: number): JaegerEndpoint {
  return { endpoint: `0.0.0.0:${port}` };
}

/** A Prometheus-style duration written as a Go duration, which has no `d`, `w` or `y`. */
export function goDuration(value: string, where: string): string {
  const ms = durationToMs(value, where);
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

function backendConfig(backend: JaegerStorageBackend, where: string): JaegerBackendConfig {
  switch (backend.type) {
    case 'memory':
      return { memory: { max_traces: backend.maxTraces ?? DEFAULT_MAX_TRACES } };
    case 'badger':
      return {
        badger: {
          directories: { keys: `${JAEGER_PATHS.data}/keys`, values: `${JAEGER_PATHS.data}/values` },
          ephemeral: false,
          ttl: { spans: goDuration(backend.retention ?? DEFAULT_BADGER_RETENTION, `${where}.retention`) },
        },
      };
    case 'elasticsearch':
    case 'opensearch': {
      const search: JaegerSearchBackendConfig = {
        server_urls: backend.serverUrls,
        indices: { index_prefix: backend.indexPrefix ?? DEFAULT_INDEX_PREFIX },
        // Searches reach as far back as the indices are kept.
        max_span_age: goDuration(backend.retention ?? DEFAULT_SEARCH_RETENTION, `${where}.retention`),
        ...(backend.username && backend.passwordSecret
          ? { auth: { basic: { username: backend.username, password_file: `${JAEGER_PATHS.secrets}/${backend.passwordSecret.key}` } } }
          : {}),
        ...(backend.caSecret ? { tls: { ca_file: `${JAEGER_PATHS.ca}/${backend.caSecret.key}` } } : {}),
      };
      return backend.type === 'elasticsearch' ? { elasticsearch: search } : { opensearch: search };
    }
  }
}

/** The `service.name` of each process's own telemetry. */
const SERVICE_NAMES: Record<JaegerProcess, string> = { 'all-in-one': 'jaeger', collector: 'jaeger-collector', query: 'jaeger-query' };

/**
 * The Jaeger configuration of one process of an environment: all-in-one by default, or one role of
 * the scaled topology. Every process has the storage extension, the health check and the same
 * telemetry; the collector and the all-in-one receive OTLP, the query and the all-in-one serve queries.
 */
export function buildJaegerConfig(config: EnvironmentConfig, process: JaegerProcess = 'all-in-one'): JaegerConfigFile {
  const { otlpGrpc, otlpHttp, query, health, metrics } = COMPONENTS.jaeger.ports;
  const receives = process !== 'query';
  const serves = process !== 'collector';
  return {
    service: {
      extensions: ['jaeger_storage', ...(serves ? (['jaeger_query'] as const) : []), 'healthcheckv2'],
      pipelines: {
        traces: receives
          ? // The memory limiter goes first so that it refuses data before anything else buffers it.
            { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['jaeger_storage_exporter'] }
          : { receivers: ['nop'], exporters: ['nop'] },
      },
      telemetry: {
        resource: { 'service.name': SERVICE_NAMES[process] },
        // `detailed` records every receiver and exporter counter the jaeger-alerts read, with its labels.
        metrics: {
          level: 'detailed',
          readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: metrics.port, without_type_suffix: false, without_units: false } } } }],
        },
        logs: { level: 'info' },
      },
    },
    extensions: {
      jaeger_storage: { backends: { [TRACE_STORE]: backendConfig(config.jaeger.backend, `environment ${JSON.stringify(config.name)}: jaeger.backend`) } },
      ...(serves
        ? {
            jaeger_query: {
              storage: { traces: TRACE_STORE },
              http: onPod(query.port),
              // The gRPC query API is not part of the Service: keep it off the pod's address.
              grpc: { endpoint: '127.0.0.1:16685' },
            },
          }
        : {}),
      healthcheckv2: { use_v2: true, http: { ...onPod(health.port), status: { enabled: true, path: JAEGER_HEALTH_PATH } } },
    },
    ...(receives
      ? {
          receivers: { otlp: { protocols: { grpc: onPod(otlpGrpc.port), http: onPod(otlpHttp.port) } } },
          processors: {
            // Percentages of the container's memory limit, which every workload here sets.
            memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 20 },
            batch: {},
          },
          exporters: { jaeger_storage_exporter: { trace_storage: TRACE_STORE } },
        }
      : { receivers: { nop: {} }, exporters: { nop: {} } }),
  };
}
