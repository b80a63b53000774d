/**
 * Building blocks shared by every workload: image names, resources, the restricted security
 * context, probes, ports, and the config checksum that restarts pods when their config changes.
 */
import { createHash } from 'node:crypto';
import type { EnvironmentConfig } from '../config/types';
import * as k8s from '../imports/k8s';
import type { Port } from './identity';
import type { ImageRef, ResourceRequirements as ResourceConfig } from './workload-props';

/** `registry/repository:tag`, or `registry/repository@digest` when pinned by digest; with the environment's mirror registry when one is set. */
export function imageName(config: EnvironmentConfig, image: ImageRef): string {
  return `${config.imageRegistry ?? image.registry}/${image.repository}${image.digest === undefined ? `:${image.tag}` : `@${image.digest}`}`;
}

export function resources(config: ResourceConfig): k8s.ResourceRequirements {
  const limits: Record<string, k8s.Quantity> = { memory: k8s.Quantity.fromString(config.limits.memory) };
  if (config.limits.cpu) limits.cpu = k8s.Quantity.fromString(config.limits.cpu);
  return {
    requests: {
      cpu: k8s.Quantity.fromString(config.requests.cpu),
      memory: k8s.Quantity.fromString(config.requests.memory),
    },
    limits,
  };
}

/** The container half of the Pod Security Standard `restricted` profile, plus a read-only root. */
export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The pod half of the `restricted` profile; `fsGroup` makes mounted volumes writable by `uid`. */
export function restrictedPodSecurityContext(uid: number, fsGroup = uid): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export interface ProbeTimings {
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
}

export function httpProbe(path: string, port: Port, timings: ProbeTimings = {}): k8s.Probe {
  return { httpGet: { path, port: k8s.IntOrString.fromString(port.name) }, ...timings };
}

export function containerPorts(...list: Port[]): k8s.ContainerPort[] {
  return list.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol ?? 'TCP' }));
}

export function servicePorts(...list: Port[]): k8s.ServicePort[] {
  return list.map((p) => ({
    name: p.name,
    port: p.port,
    targetPort: k8s.IntOrString.fromString(p.name),
    protocol: p.protocol ?? 'TCP',
  }));
}

/** Pod template annotation whose value changes whenever the given config content changes. */
export function checksumAnnotation(...contents: unknown[]): Record<string, string> {
  const hash = createHash('sha256');
  for (const content of contents) hash.update(typeof content === 'string' ? content : JSON.stringify(content));
  return { 'checksum/config': hash.digest('hex') };
}

/**
 * The flags of Prometheus and Alertmanager that make their links (an alert's generator URL, the
 * links in notifications) start with the address people open them at. The external URL's path
 * would otherwise become the route prefix too; keeping routes at `/` keeps the probes, the
 * reloader's `/-/reload` and the in-cluster clients (Grafana, Prometheus → Alertmanager) valid.
 */
export function externalUrlArgs(externalUrl: string | undefined): string[] {
  return externalUrl === undefined ? [] : [`--web.external-url=${externalUrl}`, '--web.route-prefix=/'];
}
