import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import * as k8s from '../imports/k8s';
import { apiReplicas } from './api-props';
import { spreadReplicas } from './availability';
import { COMPONENTS } from './identity';
import { containerPorts } from './pod';
import { ComponentConstruct, componentService, scratchVolume } from './workload';

/** Probe timings of the platform API, from the design's kubernetes/deployment.yaml. */
export const API_PROBES = {
  liveness: { path: '/live', initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 },
  readiness: { path: '/ready', initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 3 },
  startup: { path: '/health', initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 30 },
} as const;

export interface PlatformApiTracing {
  /** OTLP endpoint of the trace collector, e.g. `http://jaeger.monitoring.svc:4318`. */
  readonly otlpEndpoint: string;
  /** `http/protobuf` for port 4318, `grpc` for 4317. */
  readonly protocol: 'http/protobuf' | 'grpc';
}

export interface PlatformApiProps {
  readonly config: EnvironmentConfig;
  /**
   * Where the API sends its traces. Sets the OpenTelemetry SDK's standard environment variables.
   * @default - no OpenTelemetry environment
   */
  readonly tracing?: PlatformApiTracing;
  /**
   * Extra environment variables for the API container.
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The AI Agent Platform API: Deployment with liveness, readiness and startup probes, its Service,
 * ServiceAccount, optionally a HorizontalPodAutoscaler and, with more than one replica, a
 * PodDisruptionBudget and a spread over nodes and zones.
 */
export class PlatformApi extends ComponentConstruct {
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  /** Present when `api.autoscaling.enabled`. */
  public readonly horizontalPodAutoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** Labels on the API's pods; scrape configs and network policies select on these. */
  public readonly podLabels: Readonly<Record<string, string>>;
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: PlatformApiProps) {
    super(scope, id, { config: props.config, component: 'api', image: props.config.api.image });
    const { config, meta } = this;
    const { name, namespace, labels, selector } = meta;
    const scratch = scratchVolume();
    const http = COMPONENTS.api.ports.http;
    this.namespace = namespace;
    this.podLabels = labels;

    const probe = (p: { path: string; initialDelaySeconds: number; periodSeconds: number; failureThreshold: number }): k8s.Probe => ({
      httpGet: { path: p.path, port: k8s.IntOrString.fromNumber(http.port) },
      initialDelaySeconds: p.initialDelaySeconds,
      periodSeconds: p.periodSeconds,
      failureThreshold: p.failureThreshold,
    });

    const env: k8s.EnvVar[] = Object.entries(props.env ?? {}).map(([key, value]) => ({ name: key, value }));
    if (props.tracing) {
      env.push(
        // The service name of its traces is its workload's name: a trace, a pod and a scrape target carry one name.
        { name: 'OTEL_SERVICE_NAME', value: name },
        { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: props.tracing.otlpEndpoint },
        { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: props.tracing.protocol },
        { name: 'OTEL_TRACES_EXPORTER', value: 'otlp' },
        {
          name: 'OTEL_RESOURCE_ATTRIBUTES',
          value: `deployment.environment.name=${config.name},service.namespace=${namespace},k8s.cluster.name=${config.cluster}`,
        },
      );
    }

    const autoscaling = config.api.autoscaling;
    const spread = spreadReplicas(this, { ...meta, replicas: apiReplicas(config.api) });
    this.podDisruptionBudget = spread.podDisruptionBudget;

    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name, namespace, labels },
      spec: {
        // Under an autoscaler the manifest holds no count: each `kubectl apply` would reset the
        // autoscaler's count to it (see README, "Autoscaling").
        replicas: autoscaling.enabled ? undefined : config.api.replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: this.podSpec(10001, {
            ...spread.placement,
            containers: [
              this.container(config.api.image, config.api.resources, {
                name: 'api',
                ports: containerPorts(http),
                env: env.length > 0 ? env : undefined,
                livenessProbe: probe(API_PROBES.liveness),
                readinessProbe: probe(API_PROBES.readiness),
                startupProbe: probe(API_PROBES.startup),
                volumeMounts: [scratch.mount],
              }),
            ],
            // The root filesystem is read-only; Python and its libraries still need a scratch /tmp.
            volumes: [scratch.volume],
          }),
        },
      },
    });

    this.service = componentService(this, meta, [http]);

    if (autoscaling.enabled) {
      this.horizontalPodAutoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'HorizontalPodAutoscaler', {
        metadata: { name, namespace, labels },
        spec: {
          scaleTargetRef: { apiVersion: k8s.KubeDeployment.GVK.apiVersion, kind: k8s.KubeDeployment.GVK.kind, name: this.deployment.name },
          minReplicas: autoscaling.minReplicas,
          maxReplicas: autoscaling.maxReplicas,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: autoscaling.targetCpuUtilization } } }],
        },
      });
    }
  }
}
