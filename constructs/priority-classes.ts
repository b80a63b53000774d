import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import * as k8s from '../imports/k8s';
import { COMPONENTS, type PriorityRole } from './identity';
import { recommendedLabels } from './labels';
import { PRIORITY_CLASSES_DEFAULTS, priorityClassOf } from './priority-classes-props';

export interface PriorityClassesProps {
  readonly config: EnvironmentConfig;
}

/**
 * The PriorityClasses the stack's pods run at, for each role the environment does not turn off or
 * point at an existing class. Cluster-scoped, and named after the monitoring namespace by default,
 * so each environment sharing a cluster has its own. Built in the namespaces' chart: a pod naming a
 * class that does not exist yet is refused.
 */
export class PriorityClasses extends Construct {
  /** The classes created, by role. */
  public readonly classes: Readonly<Partial<Record<PriorityRole, k8s.KubePriorityClass>>>;

  constructor(scope: Construct, id: string, props: PriorityClassesProps) {
    super(scope, id);
    const { config } = props;
    const classes: Partial<Record<PriorityRole, k8s.KubePriorityClass>> = {};
    for (const role of Object.keys(PRIORITY_CLASSES_DEFAULTS) as PriorityRole[]) {
      const resolved = priorityClassOf(config.priorityClasses, role, config.namespaces.monitoring);
      if (!resolved?.create) continue;
      const settings = config.priorityClasses[role];
      const members = Object.values(COMPONENTS)
        .filter((c) => c.priority === role)
        .map((c) => c.name);
      classes[role] = new k8s.KubePriorityClass(this, role, {
        metadata: { name: resolved.name, labels: recommendedLabels({ name: 'priority-class', component: role === 'nodeAgent' ? 'node-agent' : role, environment: config.name }) },
        value: settings.value,
        preemptionPolicy: settings.preemptionPolicy,
        globalDefault: false,
        description: `Observability stack of environment ${config.name} (namespace ${config.namespaces.monitoring}): ${members.join(', ')}.`,
      });
    }
    this.classes = classes;
  }
}
