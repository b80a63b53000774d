/** Kubernetes recommended labels (app.kubernetes.io/*), built in one place. */

export const PART_OF = 'agent-platform';
export const MANAGED_BY = 'cdk8s';

export interface LabelIdentity {
  /** `app.kubernetes.io/name`: the application, e.g. `prometheus`. */
  readonly name: string;
  /** `app.kubernetes.io/component`: its role in the architecture, e.g. `monitoring`. */
  readonly component: string;
  /** Environment name; `app.kubernetes.io/instance` is `<name>-<environment>`. */
  readonly environment: string;
}

/** `app.kubernetes.io/component`: a component's role, or the role of one kind of its pods. */
export const COMPONENT_LABEL = 'app.kubernetes.io/component';

/** The labels that select a component's pods. Stable across versions, so usable in selectors. */
export function selectorLabels(id: LabelIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': id.name,
    'app.kubernetes.io/instance': `${id.name}-${id.environment}`,
  };
}

/** All recommended labels for a component's objects and pods. */
export function recommendedLabels(id: LabelIdentity, version?: string): Record<string, string> {
  return {
    ...selectorLabels(id),
    [COMPONENT_LABEL]: id.component,
    'app.kubernetes.io/part-of': PART_OF,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    ...(version ? { 'app.kubernetes.io/version': version } : {}),
  };
}

