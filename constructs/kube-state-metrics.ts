import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import * as k8s from '../imports/k8s';
import { containerPorts, httpProbe } from './pod';
import { COMPONENTS } from './identity';
import { ComponentConstruct, componentClusterRole, componentService } from './workload';

const NOBODY = 65534;

/**
 * The objects kube-state-metrics describes, with their API group. Its `--resources` flag and its
 * ClusterRole are both built from this list, so it reads exactly what it exports.
 */
export const KUBE_STATE_METRICS_RESOURCES = [
  { resource: 'pods', apiGroup: '' },
  { resource: 'nodes', apiGroup: '' },
  { resource: 'namespaces', apiGroup: '' },
  { resource: 'persistentvolumeclaims', apiGroup: '' },
  // Cluster-scoped; KubePersistentVolumeErrors reads their phase and the claim they are bound to.
  { resource: 'persistentvolumes', apiGroup: '' },
  { resource: 'deployments', apiGroup: 'apps' },
  { resource: 'statefulsets', apiGroup: 'apps' },
  { resource: 'daemonsets', apiGroup: 'apps' },
  { resource: 'jobs', apiGroup: 'batch' },
  { resource: 'cronjobs', apiGroup: 'batch' },
] as const;

export interface KubeStateMetricsProps {
  readonly config: EnvironmentConfig;
}

/**
 * kube-state-metrics: series describing Kubernetes objects (pod restarts, replicas, phases) for
 * the infrastructure alerts and dashboards. A Deployment with read-only list/watch RBAC on the
 * resources it exports, and a Service.
 */
export class KubeStateMetrics extends ComponentConstruct {
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: KubeStateMetricsProps) {
    super(scope, id, { config: props.config, component: 'kubeStateMetrics', image: props.config.images.kubeStateMetrics, apiAccess: true });
    const { config, meta } = this;
    const { name, namespace, labels, selector } = meta;
    const { metrics, telemetry } = COMPONENTS.kubeStateMetrics.ports;

    const groups = [...new Set(KUBE_STATE_METRICS_RESOURCES.map((r) => r.apiGroup))];
    const rules = groups.map((group) => ({
      apiGroups: [group],
      resources: KUBE_STATE_METRICS_RESOURCES.filter((r) => r.apiGroup === group).map((r) => r.resource),
      verbs: ['list', 'watch'],
    }));
    componentClusterRole(this, meta, this.serviceAccount, rules);

    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name, namespace, labels },
      spec: {
        replicas: config.kubeStateMetrics.replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: this.podSpec(NOBODY, {
            automountServiceAccountToken: true,
            containers: [
              this.container(config.images.kubeStateMetrics, config.kubeStateMetrics.resources, {
                name: 'kube-state-metrics',
                args: [
                  `--port=${metrics.port}`,
                  `--telemetry-port=${telemetry.port}`,
                  `--resources=${KUBE_STATE_METRICS_RESOURCES.map((r) => r.resource).join(',')}`,
                ],
                ports: containerPorts(metrics, telemetry),
                livenessProbe: httpProbe('/livez', metrics, { initialDelaySeconds: 5, timeoutSeconds: 5 }),
                readinessProbe: httpProbe('/readyz', telemetry, { initialDelaySeconds: 5, timeoutSeconds: 5 }),
              }),
            ],
          }),
        },
      },
    });

    this.service = componentService(this, meta, [metrics, telemetry]);
  }
}
