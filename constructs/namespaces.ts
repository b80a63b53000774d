import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import * as k8s from '../imports/k8s';
import { recommendedLabels } from './labels';

/** Pod Security Standard levels (pod-security.kubernetes.io/enforce). */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

export interface NamespaceSpec {
  readonly name: string;
  /** The Pod Security Standard level enforced, warned and audited in this namespace. */
  readonly podSecurity: PodSecurityLevel;
}

export interface NamespacesProps {
  readonly config: EnvironmentConfig;
  /**
   * Namespaces beyond the platform's and the stack's (for example one whose pods need host access).
   * @default - none
   */
  readonly additional?: readonly NamespaceSpec[];
}

/**
 * The platform's and the stack's namespaces, each labelled with the Pod Security Standard level it
 * enforces. Kept in their own chart so that they are applied before anything inside them.
 */
export class Namespaces extends Construct {
  /** The namespace objects, by namespace name. */
  public readonly namespaces: Readonly<Record<string, k8s.KubeNamespace>>;

  constructor(scope: Construct, id: string, props: NamespacesProps) {
    super(scope, id);
    const { config } = props;
    const specs: NamespaceSpec[] = [
      { name: config.namespaces.platform, podSecurity: 'restricted' },
      { name: config.namespaces.monitoring, podSecurity: 'restricted' },
      ...(props.additional ?? []),
    ];
    const namespaces: Record<string, k8s.KubeNamespace> = {};
    for (const { name, podSecurity: level } of specs) {
      if (namespaces[name]) {
        throw new Error(`namespace ${JSON.stringify(name)} is defined twice. Give each namespace a distinct name in the environment config.`);
      }
      namespaces[name] = new k8s.KubeNamespace(this, name, {
        metadata: {
          name,
          labels: {
            ...recommendedLabels({ name, component: 'namespace', environment: config.name }),
            'pod-security.kubernetes.io/enforce': level,
            'pod-security.kubernetes.io/enforce-version': 'latest',
            'pod-security.kubernetes.io/warn': level,
            'pod-security.kubernetes.io/audit': level,
          },
        },
      });
    }
    this.namespaces = namespaces;
  }
}
