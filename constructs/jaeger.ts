import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import * as k8s from '../imports/k8s';
import type { PlatformApiTracing } from './api';
import { toYaml } from '../lib/yaml';
import { buildJaegerConfig, JAEGER_HEALTH_PATH, JAEGER_PATHS, type JaegerConfigFile } from './jaeger-config';
import { spreadReplicas } from './availability';
import { checksumAnnotation, containerPorts, httpProbe } from './pod';
import { COMPONENTS, httpUrl } from './identity';
import { ComponentConstruct, componentService, DATA_VOLUME, scratchVolume, volumeClaimTemplate } from './workload';

/** The uid the upstream image runs as. */
const JAEGER_UID = 10001;

export interface JaegerProps {
  readonly config: EnvironmentConfig;
}

/**
 * Jaeger v2: OTLP in on 4317 (gRPC) and 4318 (HTTP), the query UI on 16686, health on 13133 and
 * its own metrics on 8888. With Badger storage it is a one-replica StatefulSet with a volume;
 * with memory or an external search cluster, a Deployment.
 */
export class Jaeger extends ComponentConstruct {
  public readonly workload: k8s.KubeStatefulSet | k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  public readonly configMap: k8s.KubeConfigMap;
  /** With more than one replica (an Elasticsearch or OpenSearch backend). */
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  /** The configuration Jaeger runs with, as written into the ConfigMap. */
  public readonly configFile: JaegerConfigFile;
  /** Query URL of the Service (Grafana's datasource). */
  public readonly queryUrl: string;
  /**
   * Where applications send spans: OTLP over HTTP. Python's HTTP exporter needs no native gRPC
   * library, and each export is its own request, so the Service spreads them over replicas instead
   * of pinning one long-lived gRPC connection to one pod.
   */
  public readonly otlp: PlatformApiTracing;

  constructor(scope: Construct, id: string, props: JaegerProps) {
    super(scope, id, { config: props.config, component: 'jaeger', image: props.config.images.jaeger });
    const { config, meta } = this;
    const { name, namespace, labels, selector } = meta;
    const scratch = scratchVolume();
    const { otlpGrpc, otlpHttp, query, health, metrics } = COMPONENTS.jaeger.ports;
    const backend = config.jaeger.backend;

    this.configFile = buildJaegerConfig(config);
    const configText = toYaml(this.configFile);
    this.queryUrl = httpUrl(name, namespace, query);
    this.otlp = { otlpEndpoint: httpUrl(name, namespace, otlpHttp), protocol: 'http/protobuf' };

    this.configMap = this.createConfigMap({ [JAEGER_PATHS.configFile]: configText });

    const volumeMounts: k8s.VolumeMount[] = [
      { name: 'config', mountPath: JAEGER_PATHS.configDir, readOnly: true },
      scratch.mount,
    ];
    const volumes: k8s.Volume[] = [
      { name: 'config', configMap: { name: this.configMap.name } },
      scratch.volume,
    ];
    if (backend.type === 'badger') volumeMounts.push({ name: DATA_VOLUME, mountPath: JAEGER_PATHS.data });
    if ((backend.type === 'elasticsearch' || backend.type === 'opensearch') && backend.passwordSecret) {
      volumeMounts.push({ name: 'storage-credentials', mountPath: JAEGER_PATHS.secrets, readOnly: true });
      volumes.push({
        name: 'storage-credentials',
        secret: { secretName: backend.passwordSecret.name, items: [{ key: backend.passwordSecret.key, path: backend.passwordSecret.key }] },
      });
    }

    // Only an external backend allows several replicas (validated with the config).
    const spread = spreadReplicas(this, { ...meta, replicas: config.jaeger.replicas });
    this.podDisruptionBudget = spread.podDisruptionBudget;

    const template: k8s.PodTemplateSpec = {
      metadata: { labels, annotations: checksumAnnotation(configText) },
      spec: this.podSpec(JAEGER_UID, {
        affinity: spread.affinity,
        topologySpreadConstraints: spread.topologySpreadConstraints,
        containers: [
          this.container(config.images.jaeger, config.jaeger.resources, {
            name: 'jaeger',
            args: [`--config=${JAEGER_PATHS.configDir}/${JAEGER_PATHS.configFile}`],
            ports: containerPorts(otlpGrpc, otlpHttp, query, health, metrics),
            readinessProbe: httpProbe(JAEGER_HEALTH_PATH, health, { initialDelaySeconds: 5, periodSeconds: 10 }),
            livenessProbe: httpProbe(JAEGER_HEALTH_PATH, health, { initialDelaySeconds: 10, periodSeconds: 15, failureThreshold: 4 }),
            volumeMounts,
          }),
        ],
        volumes,
      }),
    };

    const metadata = { name, namespace, labels };
    if (backend.type === 'badger') {
      this.workload = new k8s.KubeStatefulSet(this, 'Resource', {
        metadata,
        spec: {
          replicas: config.jaeger.replicas,
          serviceName: name,
          selector: { matchLabels: selector },
          template,
          volumeClaimTemplates: [volumeClaimTemplate(config.jaeger.storage, selector)],
        },
      });
    } else {
      this.workload = new k8s.KubeDeployment(this, 'Resource', {
        metadata,
        spec: { replicas: config.jaeger.replicas, selector: { matchLabels: selector }, template },
      });
    }

    this.service = componentService(this, meta, [otlpGrpc, otlpHttp, query, metrics]);
  }
}
