/**
 * The Jaeger v2 configuration file as a typed object. Jaeger v2 is an OpenTelemetry Collector
 * build: OTLP receivers feed a traces pipeline whose exporter writes to the storage backend that the
 * `jaeger_storage` extension defines, and `jaeger_query` serves the UI and API from that backend.
 * Serialised by `toYaml` (lib/yaml.ts).
 */
import type { EnvironmentConfig } from '../config/types';
import { durationToMs } from '../config/units';
import { COMPONENTS } from './identity';
import type { JaegerStorageBackend } from './jaeger-props';

export interface JaegerEndpoint {
  /** `host:port`; OpenTelemetry components listen on localhost unless told otherwise. */
  readonly endpoint: string;
}

export interface JaegerSearchBackendConfig {
  readonly server_urls: readonly string[];
  readonly indices: { readonly index_prefix: string };
  readonly auth?: { readonly basic: { readonly username: string; readonly password_file: string } };
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

export interface JaegerConfigFile {
  readonly service: {
    readonly extensions: readonly JaegerExtensionName[];
    readonly pipelines: {
      readonly traces: {
        readonly receivers: readonly 'otlp'[];
        readonly processors: readonly JaegerProcessorName[];
        readonly exporters: readonly 'jaeger_storage_exporter'[];
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
    readonly jaeger_query: {
      readonly storage: { readonly traces: string };
      readonly http: JaegerEndpoint;
      readonly grpc: JaegerEndpoint;
    };
    readonly healthcheckv2: {
      readonly use_v2: true;
      readonly http: JaegerEndpoint & { readonly status: { readonly enabled: true; readonly path: string } };
    };
  };
  readonly receivers: { readonly otlp: { readonly protocols: { readonly grpc: JaegerEndpoint; readonly http: JaegerEndpoint } } };
  readonly processors: {
    readonly memory_limiter: { readonly check_interval: string; readonly limit_percentage: number; readonly spike_limit_percentage: number };
    readonly batch: Readonly<Record<string, never>>;
  };
  readonly exporters: { readonly jaeger_storage_exporter: { readonly trace_storage: string } };
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
} as const;

/** Path of the health check that the probes call. */
export const JAEGER_HEALTH_PATH = '/status';
/** Name of the one trace store, shared by the exporter and the query extension. */
const TRACE_STORE = 'traces';
const DEFAULT_MAX_TRACES = 10_000;
const DEFAULT_BADGER_RETENTION = '72h';

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
        indices: { index_prefix: backend.indexPrefix ?? 'jaeger' },
        ...(backend.username && backend.passwordSecret
          ? { auth: { basic: { username: backend.username, password_file: `${JAEGER_PATHS.secrets}/${backend.passwordSecret.key}` } } }
          : {}),
      };
      return backend.type === 'elasticsearch' ? { elasticsearch: search } : { opensearch: search };
    }
  }
}

/** The Jaeger configuration of an environment. */
export function buildJaegerConfig(config: EnvironmentConfig): JaegerConfigFile {
  const { otlpGrpc, otlpHttp, query, health, metrics } = COMPONENTS.jaeger.ports;
  return {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query', 'healthcheckv2'],
      pipelines: {
        // The memory limiter goes first so that it refuses data before anything else buffers it.
        traces: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['jaeger_storage_exporter'] },
      },
      telemetry: {
        resource: { 'service.name': 'jaeger' },
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
      jaeger_query: {
        storage: { traces: TRACE_STORE },
        http: onPod(query.port),
        // The gRPC query API is not part of the Service: keep it off the pod's address.
        grpc: { endpoint: '127.0.0.1:16685' },
      },
      healthcheckv2: { use_v2: true, http: { ...onPod(health.port), status: { enabled: true, path: JAEGER_HEALTH_PATH } } },
    },
    receivers: { otlp: { protocols: { grpc: onPod(otlpGrpc.port), http: onPod(otlpHttp.port) } } },
    processors: {
      // Percentages of the container's memory limit, which every workload here sets.
      memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 20 },
      batch: {},
    },
    exporters: { jaeger_storage_exporter: { trace_storage: TRACE_STORE } },
  };
}
