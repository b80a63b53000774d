import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import type { Duration } from '../config/units';
import * as k8s from '../imports/k8s';
import { toYaml } from '../lib/yaml';
import { buildLokiConfig, LOKI_PATHS, type LokiConfigFile } from './loki-config';
import { checksumAnnotation, containerPorts, httpProbe } from './pod';
import { COMPONENTS, httpUrl } from './identity';
import { ComponentConstruct, componentService, DATA_VOLUME, scratchVolume } from './workload';

/**
 * Keys of the operator-created Secret named by `loki.objectStore.credentialsSecret`. They are the
 * standard AWS variable names, which Loki's S3 client reads when its config holds no keys.
 */
export const LOKI_S3_SECRET_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

/** The uid of the `loki` user in the upstream image, which owns its data directory. */
const LOKI_UID = 10001;

export interface LokiProps {
  readonly config: EnvironmentConfig;
  /**
   * Oldest log line accepted on push.
   * @default 168h - the design's seven-day window
   */
  readonly rejectOldSamplesMaxAge?: Duration;
  /**
   * First day of the tsdb/v13 schema period. Never change it once Loki holds data: a later schema
   * needs a new period starting after today.
   * @default 2026-01-01
   */
  readonly schemaFrom?: string;
}

/**
 * Loki 3 in monolithic mode: one StatefulSet replica with its volume, its config in a ConfigMap,
 * a Service named and ported per its identity, and a ServiceAccount without an API token.
 */
export class Loki extends ComponentConstruct {
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly service: k8s.KubeService;
  public readonly configMap: k8s.KubeConfigMap;
  /** The configuration Loki runs with, as written into the ConfigMap. */
  public readonly configFile: LokiConfigFile;
  /** Query URL of the Service (Grafana's datasource). */
  public readonly url: string;
  /** Where log shippers push. */
  public readonly pushUrl: string;

  constructor(scope: Construct, id: string, props: LokiProps) {
    super(scope, id, { config: props.config, component: 'loki', image: props.config.images.loki });
    const { config, meta } = this;
    const { name, namespace } = meta;
    const scratch = scratchVolume();
    const { http, grpc } = COMPONENTS.loki.ports;

    this.configFile = buildLokiConfig(config, {
      rejectOldSamplesMaxAge: props.rejectOldSamplesMaxAge ?? '168h',
      schemaFrom: props.schemaFrom ?? '2026-01-01',
    });
    const configText = toYaml(this.configFile);
    this.url = httpUrl(name, namespace, http);
    this.pushUrl = httpUrl(name, namespace, http, '/loki/api/v1/push');

    this.configMap = this.createConfigMap({ [LOKI_PATHS.configFile]: configText });

    const store = config.loki.objectStore;
    const env: k8s.EnvVar[] =
      store.type === 's3' && store.credentialsSecret
        ? LOKI_S3_SECRET_KEYS.map((key) => ({
            name: key,
            valueFrom: { secretKeyRef: { name: store.credentialsSecret!, key } },
          }))
        : [];

    this.statefulSet = this.createStatefulSet({
      replicas: config.loki.replicas,
      serviceName: name,
      podAnnotations: checksumAnnotation(configText),
      podSpec: this.podSpec(LOKI_UID, {
        containers: [
          this.container(config.images.loki, config.loki.resources, {
            name: 'loki',
            args: [`-config.file=${LOKI_PATHS.configDir}/${LOKI_PATHS.configFile}`, '-target=all'],
            ports: containerPorts(http, grpc),
            env: env.length > 0 ? env : undefined,
            // The image has no shell, so only HTTP probes. No liveness probe: a restart would
            // only repeat a slow WAL replay that /ready is already waiting for.
            readinessProbe: httpProbe('/ready', http, { initialDelaySeconds: 15, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 }),
            volumeMounts: [
              { name: 'config', mountPath: LOKI_PATHS.configDir, readOnly: true },
              { name: DATA_VOLUME, mountPath: LOKI_PATHS.data },
              scratch.mount,
            ],
          }),
        ],
        volumes: [
          { name: 'config', configMap: { name: this.configMap.name } },
          scratch.volume,
        ],
      }),
      storage: config.loki.storage,
    });

    this.service = componentService(this, meta, [http, grpc]);
  }
}
