import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import * as k8s from '../imports/k8s';
import { containerPorts, httpProbe, imageName, resources, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './pod';
import { COMPONENTS } from './identity';
import type { ScrapeTarget } from './prometheus-props';
import { componentClusterRole, componentMeta, componentScrapeTarget, componentService, componentServiceAccount } from './workload';

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
export class KubeStateMetrics extends Construct {
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Its series carry the namespace and pod they describe, so its own target labels must not win. */
  public readonly scrapeTarget: ScrapeTarget;

  constructor(scope: Construct, id: string, props: KubeStateMetricsProps) {
    super(scope, id);
    const { config } = props;
    const meta = componentMeta(config, 'kubeStateMetrics', config.images.kubeStateMetrics.tag);
    const { name, namespace, labels, selector } = meta;
    const { metrics, telemetry } = COMPONENTS.kubeStateMetrics.ports;
    this.scrapeTarget = componentScrapeTarget('kubeStateMetrics', meta);

    this.serviceAccount = componentServiceAccount(this, meta, { apiAccess: true });

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
          spec: {
            serviceAccountName: this.serviceAccount.name,
            automountServiceAccountToken: true,
            securityContext: restrictedPodSecurityContext(NOBODY),
            containers: [
              {
                name: 'kube-state-metrics',
                image: imageName(config, config.images.kubeStateMetrics),
                args: [
                  `--port=${metrics.port}`,
                  `--telemetry-port=${telemetry.port}`,
                  `--resources=${KUBE_STATE_METRICS_RESOURCES.map((r) => r.resource).join(',')}`,
                ],
                ports: containerPorts(metrics, telemetry),
                resources: resources(config.kubeStateMetrics.resources),
                securityContext: restrictedContainerSecurityContext(),
                livenessProbe: httpProbe('/livez', metrics, { initialDelaySeconds: 5, timeoutSeconds: 5 }),
                readinessProbe: httpProbe('/readyz', telemetry, { initialDelaySeconds: 5, timeoutSeconds: 5 }),
              },
            ],
          },
        },
      },
    });

    this.service = componentService(this, meta, [metrics, telemetry]);
  }
}
