import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import type { Duration } from '../config/units';
import * as k8s from '../imports/k8s';
import { toYaml } from '../lib/yaml';
import { spreadReplicas } from './availability';
import { buildLokiConfig, LOKI_PATHS, type LokiConfigFile } from './loki-config';
import { LOKI_TARGETS, type LokiSimpleScalable, type LokiTarget } from './loki-props';
import { checksumAnnotation, containerPorts, httpProbe } from './pod';
import { COMPONENTS, HEADLESS_SERVICES, httpUrl, type Port } from './identity';
import type { ResourceRequirements } from './workload-props';
import { ComponentConstruct, componentRoleMeta, componentRoleName, componentService, DATA_VOLUME, scratchVolume, volumeClaimTemplate } from './workload';

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

/** The objects of one target of the simple scalable deployment. */
export interface LokiTargetObjects {
  /** A StatefulSet where the target keeps state on disk (write, backend); a Deployment for read. */
  readonly workload: k8s.KubeStatefulSet | k8s.KubeDeployment;
  /** `loki-<target>`: its http and grpc ports. */
  readonly service: k8s.KubeService;
  /** With more than one replica. */
  readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
}

/**
 * Loki 3, its config in a ConfigMap and a ServiceAccount without an API token, in one of two modes
 * (`loki.deployment`). Monolithic: one StatefulSet replica with its volume and a Service named and
 * ported per its identity. Simple scalable: the write, read and backend targets, each with its
 * workload, Service `loki-<target>`, budget and spreading, all running the same config file and
 * gossiping their rings over the headless Service `loki-memberlist`. Grafana queries the read
 * Service, Alloy pushes to the write Service; Prometheus scrapes every pod under one job.
 */
export class Loki extends ComponentConstruct {
  /** Monolithic mode: the single StatefulSet. */
  public readonly statefulSet?: k8s.KubeStatefulSet;
  /** Monolithic mode: the `loki` Service. */
  public readonly service?: k8s.KubeService;
  /** Simple scalable mode: each target's objects. */
  public readonly targets?: Readonly<Record<LokiTarget, LokiTargetObjects>>;
  /** Simple scalable mode: the headless Service every Loki pod joins memberlist through. */
  public readonly memberlistService?: k8s.KubeService;
  public readonly configMap: k8s.KubeConfigMap;
  /** The configuration every Loki pod runs with (whatever its target), as written into the ConfigMap. */
  public readonly configFile: LokiConfigFile;
  /** Query URL (Grafana's datasource): the read path's Service in simple scalable mode. */
  public readonly url: string;
  /** Where log shippers push: the write path's Service in simple scalable mode. */
  public readonly pushUrl: string;

  constructor(scope: Construct, id: string, props: LokiProps) {
    super(scope, id, { config: props.config, component: 'loki', image: props.config.images.loki });
    const { config, meta } = this;
    const { name, namespace } = meta;
    const { http, grpc, memberlist } = COMPONENTS.loki.ports;
    const { deployment } = config.loki;

    this.configFile = buildLokiConfig(config, {
      rejectOldSamplesMaxAge: props.rejectOldSamplesMaxAge ?? '168h',
      schemaFrom: props.schemaFrom ?? '2026-01-01',
    });
    const configText = toYaml(this.configFile);
    const queryService = deployment.mode === 'monolithic' ? name : componentRoleName('loki', 'read');
    const pushService = deployment.mode === 'monolithic' ? name : componentRoleName('loki', 'write');
    this.url = httpUrl(queryService, namespace, http);
    this.pushUrl = httpUrl(pushService, namespace, http, '/loki/api/v1/push');

    this.configMap = this.createConfigMap({ [LOKI_PATHS.configFile]: configText });

    if (deployment.mode === 'simple-scalable') {
      this.targets = Object.fromEntries(LOKI_TARGETS.map((target) => [target, this.target(target, deployment, configText)])) as Record<LokiTarget, LokiTargetObjects>;
      // Not-ready pods too: an ingester turns ready only after it has joined the ring through this Service.
      this.memberlistService = componentService(this, meta, [memberlist], {
        id: 'Memberlist',
        name: HEADLESS_SERVICES.lokiMemberlist,
        spec: { clusterIp: 'None', publishNotReadyAddresses: true },
      });
      return;
    }

    const scratch = scratchVolume();
    this.statefulSet = this.createStatefulSet({
      replicas: config.loki.replicas,
      serviceName: name,
      podAnnotations: checksumAnnotation(configText),
      podSpec: this.podSpec(LOKI_UID, {
        containers: [
          this.lokiContainer(config.loki.resources, 'all', [http, grpc], { name: DATA_VOLUME, mountPath: LOKI_PATHS.data }, scratch.mount),
        ],
        volumes: [{ name: 'config', configMap: { name: this.configMap.name } }, scratch.volume],
      }),
      storage: config.loki.storage,
    });
    this.service = componentService(this, meta, [http, grpc]);
  }

  /** One target of the simple scalable deployment: its workload, Service, budget and spreading. */
  private target(target: LokiTarget, deployment: LokiSimpleScalable, configText: string): LokiTargetObjects {
    const { config } = this;
    const { http, grpc, memberlist } = COMPONENTS.loki.ports;
    const settings = deployment[target];
    const meta = componentRoleMeta(config, 'loki', target, config.images.loki.tag);
    const scope = new Construct(this, target[0].toUpperCase() + target.slice(1));
    const spread = spreadReplicas(scope, { ...meta, replicas: settings.replicas });
    const scratch = scratchVolume();
    const storage = 'storage' in settings ? settings.storage : undefined;
    const podSpec = this.podSpec(LOKI_UID, {
      ...spread.placement,
      // An ingester flushes its streams to the object store when it stops: give it the time.
      ...(target === 'write' ? { terminationGracePeriodSeconds: 300 } : {}),
      containers: [this.lokiContainer(settings.resources, target, [http, grpc, memberlist], { name: DATA_VOLUME, mountPath: LOKI_PATHS.data }, scratch.mount)],
      volumes: [
        { name: 'config', configMap: { name: this.configMap.name } },
        // The read path keeps only caches: a volume that goes with the pod.
        ...(storage ? [] : [{ name: DATA_VOLUME, emptyDir: {} }]),
        scratch.volume,
      ],
    });
    const template = { metadata: { labels: meta.labels, annotations: checksumAnnotation(configText) }, spec: podSpec };
    const workload = storage
      ? new k8s.KubeStatefulSet(scope, 'Resource', {
          metadata: { name: meta.name, namespace: meta.namespace, labels: meta.labels },
          spec: {
            replicas: settings.replicas,
            serviceName: HEADLESS_SERVICES.lokiMemberlist,
            // Ingesters and backends join the ring each on its own: no reason to start them one by one.
            podManagementPolicy: 'Parallel',
            selector: { matchLabels: meta.selector },
            template,
            volumeClaimTemplates: [volumeClaimTemplate(storage, meta.selector)],
          },
        })
      : new k8s.KubeDeployment(scope, 'Resource', {
          metadata: { name: meta.name, namespace: meta.namespace, labels: meta.labels },
          spec: { replicas: settings.replicas, selector: { matchLabels: meta.selector }, template },
        });
    const service = componentService(scope, meta, [http, grpc]);
    return { workload, service, podDisruptionBudget: spread.podDisruptionBudget };
  }

  /** The Loki container running `target` with the shared config file, credentials from the operator's Secret. */
  private lokiContainer(requests: ResourceRequirements, target: LokiTarget | 'all', ports: Port[], ...volumeMounts: k8s.VolumeMount[]): k8s.Container {
    const { config } = this;
    const store = config.loki.objectStore;
    const env: k8s.EnvVar[] =
      store.type === 's3' && store.credentialsSecret
        ? LOKI_S3_SECRET_KEYS.map((key) => ({
            name: key,
            valueFrom: { secretKeyRef: { name: store.credentialsSecret!, key } },
          }))
        : [];
    return this.container(config.images.loki, requests, {
      name: 'loki',
      args: [`-config.file=${LOKI_PATHS.configDir}/${LOKI_PATHS.configFile}`, `-target=${target}`],
      ports: containerPorts(...ports),
      env: env.length > 0 ? env : undefined,
      // The image has no shell, so only HTTP probes. No liveness probe: a restart would
      // only repeat a slow WAL replay that /ready is already waiting for.
      readinessProbe: httpProbe('/ready', COMPONENTS.loki.ports.http, { initialDelaySeconds: 15, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 }),
      volumeMounts: [{ name: 'config', mountPath: LOKI_PATHS.configDir, readOnly: true }, ...volumeMounts],
    });
  }
}
