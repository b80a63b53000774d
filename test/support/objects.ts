/** Helpers to walk synthesised objects: pod templates, containers, references. */
import type { K8sObject } from './synth';

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'];

export interface PodTemplateRef {
  owner: K8sObject;
  labels: Record<string, string>;
  spec: any;
}

export function podTemplates(objects: K8sObject[]): PodTemplateRef[] {
  const out: PodTemplateRef[] = [];
  for (const o of objects) {
    if (WORKLOAD_KINDS.includes(o.kind)) out.push({ owner: o, labels: o.spec.template.metadata?.labels ?? {}, spec: o.spec.template.spec });
    if (o.kind === 'CronJob') {
      const t = o.spec.jobTemplate.spec.template;
      out.push({ owner: o, labels: t.metadata?.labels ?? {}, spec: t.spec });
    }
  }
  return out;
}

export function containersOf(spec: any): any[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

export function describe(o: K8sObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * The container half of the Pod Security Standard `restricted` profile with a read-only root,
 * written out here so that the tests state it independently of the constructs.
 */
export const RESTRICTED_CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/**
 * The image reference an environment must run for a pinned image: its repository and tag as
 * `config/versions.ts` pins them, from the environment's mirror registry when it sets one.
 */
export function pinnedImage(config: { readonly imageRegistry?: string }, image: { readonly registry: string; readonly repository: string; readonly tag: string }): string {
  return `${config.imageRegistry ?? image.registry}/${image.repository}:${image.tag}`;
}
