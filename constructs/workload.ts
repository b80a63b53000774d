/**
 * What the objects of every component share: the name, namespace and labels it runs under, taken
 * from its identity, and the ServiceAccount, ClusterRole, Service and data volume built from them.
 */
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import * as k8s from '../imports/k8s';
import { COMPONENTS, namespaceOf, type Component, type Port, type ScrapeIdentity, type StackNamespaces } from './identity';
import { COMPONENT_LABEL, recommendedLabels, selectorLabels } from './labels';
import { imageName, resources, restrictedContainerSecurityContext, restrictedPodSecurityContext, servicePorts } from './pod';
import { priorityClassOf } from './priority-classes-props';
import type { ScrapeTarget } from './prometheus-props';
import type { ImageRef, ResourceRequirements, StorageConfig } from './workload-props';

/** The namespaces an environment gives each role. */
export function stackNamespaces(config: EnvironmentConfig): StackNamespaces {
  return { ...config.namespaces, nodeExporter: config.nodeExporter.namespace, alloy: config.alloy.namespace };
}

/** A component's name, namespace and labels in one environment. */
export interface ComponentMeta {
  /** Its Service name, which its workload, ServiceAccount and most of its objects share. */
  readonly name: string;
  /** The namespace of its Service, and so of its pods. */
  readonly namespace: string;
  /** Every recommended label, the version included: for its objects and pod templates. */
  readonly labels: Record<string, string>;
  /** The stable labels that select its pods. */
  readonly selector: Record<string, string>;
}

/** The selector labels of a component's pods in an environment. */
export function componentSelector(config: EnvironmentConfig, component: Component): Record<string, string> {
  return selectorLabels({ ...COMPONENTS[component].labels, environment: config.name });
}

/**
 * The pods of one role of a component that runs several kinds of pods (Loki's `write`, `read` and
 * `backend` targets): the component's selector plus `app.kubernetes.io/component` set to the role.
 */
export function componentRoleSelector(config: EnvironmentConfig, component: Component, role: string): Record<string, string> {
  return { ...componentSelector(config, component), [COMPONENT_LABEL]: role };
}

/** `<component name>-<role>`: the name of a role's workload, Service and pod set. */
export function componentRoleName(component: Component, role: string): string {
  return `${COMPONENTS[component].name}-${role}`;
}

/** The name, namespace and labels of one role of `component`: its own name, and its role as `app.kubernetes.io/component`. */
export function componentRoleMeta(config: EnvironmentConfig, component: Component, role: string, version: string): ComponentMeta {
  const meta = componentMeta(config, component, version);
  return {
    name: componentRoleName(component, role),
    namespace: meta.namespace,
    labels: { ...meta.labels, [COMPONENT_LABEL]: role },
    selector: componentRoleSelector(config, component, role),
  };
}

/** The name, namespace and labels of `component` in an environment, at `version` (the image tag). */
export function componentMeta(config: EnvironmentConfig, component: Component, version: string): ComponentMeta {
  return {
    name: COMPONENTS[component].name,
    namespace: namespaceOf(component, stackNamespaces(config)),
    labels: recommendedLabels({ ...COMPONENTS[component].labels, environment: config.name }, version),
    selector: componentSelector(config, component),
  };
}

/** How Prometheus scrapes a component's pods: the job, port and path of its identity, or of `scrape` (a sidecar's). */
export function componentScrapeTarget(component: Component, meta: ComponentMeta, scrape: ScrapeIdentity<string> = COMPONENTS[component].scrape): ScrapeTarget {
  const ports: Readonly<Record<string, Port>> = COMPONENTS[component].ports;
  return {
    job: scrape.job,
    namespace: meta.namespace,
    podLabels: meta.selector,
    port: ports[scrape.port],
    ...(scrape.path !== undefined ? { path: scrape.path } : {}),
    ...(scrape.honorLabels !== undefined ? { honorLabels: scrape.honorLabels } : {}),
  };
}

export interface ServiceAccountOptions {
  /**
   * The pods read the Kubernetes API (discovery, RBAC-guarded reads), so the account leaves token
   * mounting on.
   * @default false - no pod of this account gets an API token
   */
  readonly apiAccess?: boolean;
}

/** The component's ServiceAccount, named like the component. */
export function componentServiceAccount(scope: Construct, meta: ComponentMeta, options: ServiceAccountOptions = {}): k8s.KubeServiceAccount {
  return new k8s.KubeServiceAccount(scope, 'ServiceAccount', {
    metadata: { name: meta.name, namespace: meta.namespace, labels: meta.labels },
    automountServiceAccountToken: options.apiAccess ? undefined : false,
  });
}

export interface ComponentServiceOptions {
  /** @default Service */
  readonly id?: string;
  /** @default - the component's name */
  readonly name?: string;
  /**
   * Spec fields beside the selector and the ports (`clusterIp: 'None'`, session affinity, ...).
   * @default - none
   */
  readonly spec?: Omit<k8s.ServiceSpec, 'selector' | 'ports'>;
}

/** A Service selecting the component's pods and publishing `ports` under their own names. */
export function componentService(scope: Construct, meta: ComponentMeta, ports: readonly Port[], options: ComponentServiceOptions = {}): k8s.KubeService {
  return new k8s.KubeService(scope, options.id ?? 'Service', {
    metadata: { name: options.name ?? meta.name, namespace: meta.namespace, labels: meta.labels },
    spec: { ...options.spec, selector: meta.selector, ports: servicePorts(...ports) },
  });
}

export interface ComponentClusterRole {
  readonly clusterRole: k8s.KubeClusterRole;
  readonly clusterRoleBinding: k8s.KubeClusterRoleBinding;
}

/**
 * A ClusterRole of `rules` bound to the component's ServiceAccount. Both are cluster-scoped, so
 * their name carries the namespace: two stacks can share a cluster.
 */
export function componentClusterRole(
  scope: Construct,
  meta: ComponentMeta,
  serviceAccount: k8s.KubeServiceAccount,
  rules: k8s.PolicyRule[],
): ComponentClusterRole {
  const name = `${meta.namespace}-${meta.name}`;
  const clusterRole = new k8s.KubeClusterRole(scope, 'ClusterRole', { metadata: { name, labels: meta.labels }, rules });
  const clusterRoleBinding = new k8s.KubeClusterRoleBinding(scope, 'ClusterRoleBinding', {
    metadata: { name, labels: meta.labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole.name },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: meta.namespace }],
  });
  return { clusterRole, clusterRoleBinding };
}

/** The volume a StatefulSet keeps its data on: its claim template and the container's mount. */
export const DATA_VOLUME = 'data';

/**
 * The claim template of a StatefulSet's data volume. Immutable once created: only the stable
 * selector labels, never the version.
 */
export function volumeClaimTemplate(storage: StorageConfig, selector: Record<string, string>): k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: { name: DATA_VOLUME, labels: selector },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: storage.storageClassName,
      resources: { requests: { storage: k8s.Quantity.fromString(storage.size) } },
    },
  };
}

const SCRATCH_VOLUME = 'tmp';

/**
 * A small writable `/tmp` for a container whose root filesystem is read-only: the volume for the
 * pod and the mount for the container, under one name.
 */
export function scratchVolume(): { volume: k8s.Volume; mount: k8s.VolumeMount } {
  return {
    volume: { name: SCRATCH_VOLUME, emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
    mount: { name: SCRATCH_VOLUME, mountPath: '/tmp' },
  };
}

export interface ComponentConstructOptions extends ServiceAccountOptions {
  readonly config: EnvironmentConfig;
  readonly component: Component;
  /** The image of its main container; its tag is the `app.kubernetes.io/version` label. */
  readonly image: ImageRef;
}

/**
 * What every component's construct starts from: its name, namespace and labels (`meta`), its
 * ServiceAccount, how Prometheus scrapes it, and the builders of its ConfigMap, pod spec and
 * containers, so that each construct states only what is its own.
 */
export interface StatefulSetOptions {
  readonly replicas: number;
  readonly podSpec: k8s.PodSpec;
  /** Each replica's volume. */
  readonly storage: StorageConfig;
  /**
   * The Service that governs the pods' DNS names.
   * @default - the component's Service
   */
  readonly serviceName?: string;
  /**
   * Start and stop replicas all at once rather than one by one.
   * @default false
   */
  readonly parallel?: boolean;
  /**
   * Annotations of the pod template (the config checksum that rolls the pods).
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
}

export abstract class ComponentConstruct extends Construct {
  /** Named like the component; its pods run as it. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** How Prometheus scrapes the component: its job, port and path from its identity. */
  public readonly scrapeTarget: ScrapeTarget;
  protected readonly config: EnvironmentConfig;
  protected readonly meta: ComponentMeta;
  /**
   * The PriorityClass of the component's pods, from its identity's `priority` and the environment's
   * `priorityClasses`; every pod spec of `podSpec()` takes it.
   */
  public readonly priorityClassName?: string;
  private readonly apiAccess: boolean;

  protected constructor(scope: Construct, id: string, options: ComponentConstructOptions) {
    super(scope, id);
    this.config = options.config;
    this.apiAccess = options.apiAccess ?? false;
    this.meta = componentMeta(options.config, options.component, options.image.tag);
    const role = COMPONENTS[options.component].priority;
    this.priorityClassName = role && priorityClassOf(options.config.priorityClasses, role, options.config.namespaces.monitoring)?.name;
    this.scrapeTarget = componentScrapeTarget(options.component, this.meta);
    this.serviceAccount = componentServiceAccount(this, this.meta, options);
  }

  /** The ConfigMap of the component's config files (id `Config`). */
  protected createConfigMap(data: Record<string, string>, name: string = this.meta.name): k8s.KubeConfigMap {
    return new k8s.KubeConfigMap(this, 'Config', { metadata: { name, namespace: this.meta.namespace, labels: this.meta.labels }, data });
  }

  /**
   * A pod spec running as the component's ServiceAccount under the `restricted` profile as `uid`,
   * without an API token unless the component reads the Kubernetes API, at the component's
   * PriorityClass if it has one.
   */
  protected podSpec(uid: number, spec: Omit<k8s.PodSpec, 'serviceAccountName' | 'securityContext'>): k8s.PodSpec {
    return {
      serviceAccountName: this.serviceAccount.name,
      ...(this.apiAccess ? {} : { automountServiceAccountToken: false }),
      ...(this.priorityClassName !== undefined ? { priorityClassName: this.priorityClassName } : {}),
      securityContext: restrictedPodSecurityContext(uid),
      ...spec,
    };
  }

  /**
   * The component's StatefulSet (id `Resource`): its pods carry the component's labels, each replica
   * with a volume claimed from `storage`.
   */
  protected createStatefulSet(options: StatefulSetOptions): k8s.KubeStatefulSet {
    const { name, namespace, labels, selector } = this.meta;
    return new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: { name, namespace, labels },
      spec: {
        replicas: options.replicas,
        serviceName: options.serviceName ?? name,
        // Parallel: replicas that form no quorum start and stop all at once, not one by one.
        podManagementPolicy: options.parallel ? 'Parallel' : undefined,
        selector: { matchLabels: selector },
        template: { metadata: { labels, annotations: options.podAnnotations }, spec: options.podSpec },
        volumeClaimTemplates: [volumeClaimTemplate(options.storage, selector)],
      },
    });
  }

  /** A container of `image` (from the environment's mirror, if any) with `requests`, under the restricted profile. */
  protected container(image: ImageRef, requests: ResourceRequirements, container: Omit<k8s.Container, 'image' | 'resources' | 'securityContext'>): k8s.Container {
    return { ...container, image: imageName(this.config, image), resources: resources(requests), securityContext: restrictedContainerSecurityContext() };
  }
}
