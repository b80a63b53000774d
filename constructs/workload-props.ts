/**
 * The settings every workload shares (image, replicas, resources, storage, Secret references), their
 * checks, and the checks of values several components take (names, URLs). Each component's own
 * settings module builds on these; every message names the field, the value given and the fix.
 */
import { isBaseUrl, quantityValue, type Quantity } from '../config/units';

/** A container image pinned to a tag. `registry` is kept apart so a mirror can replace it in one place. */
export interface ImageRef {
  /** Registry host, e.g. `quay.io`. */
  readonly registry: string;
  /** Repository path inside the registry, e.g. `prometheus/prometheus`. */
  readonly repository: string;
  /** Version tag. `latest` and empty tags are rejected. */
  readonly tag: string;
}

export interface ResourceRequirements {
  readonly requests: { readonly cpu: Quantity; readonly memory: Quantity };
  readonly limits: { readonly memory: Quantity; readonly cpu?: Quantity };
}

/** Persistent storage for a workload. */
export interface StorageConfig {
  /** Volume size, e.g. `10Gi`. */
  readonly size: Quantity;
  /**
   * StorageClass name.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
}

/** A workload with one pod per node: only its resources are chosen. */
export interface DaemonSettings {
  readonly resources: ResourceRequirements;
}

export interface WorkloadSettings extends DaemonSettings {
  readonly replicas: number;
}

/** A password kept in a Secret the operator creates, mounted as a file. */
export interface SecretKeyReference {
  /** Secret name in the monitoring namespace. */
  readonly name: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** Requests of `cpu` and `memory`, and a memory limit (no CPU limit: throttling hurts more than it saves). */
export function requestsAndLimit(cpu: Quantity, memory: Quantity, memoryLimit: Quantity): ResourceRequirements {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const REGISTRY = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d+)?$/;
const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

export function checkDnsLabel(value: string, where: string): void {
  if (typeof value !== 'string' || !DNS_LABEL.test(value)) {
    throw new Error(
      `${where}: ${JSON.stringify(value)} is not a valid name. ` +
        'Use a DNS label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters.',
    );
  }
}

export function checkImage(image: ImageRef, where: string): void {
  if (!image || !REGISTRY.test(image.registry ?? '')) {
    throw new Error(`${where}.registry: ${JSON.stringify(image?.registry)} is not a registry host. Use a host such as "quay.io" or "registry.example.com:5000".`);
  }
  if (!REPOSITORY.test(image.repository ?? '')) {
    throw new Error(
      `${where}.repository: ${JSON.stringify(image.repository)} is not an image repository. ` +
        'Use lower-case path components separated by "/", for example "prometheus/prometheus", without the registry or tag.',
    );
  }
  if (!TAG.test(image.tag ?? '') || image.tag === 'latest') {
    throw new Error(
      `${where}.tag: ${JSON.stringify(image.tag)} is not a pinned version. ` +
        'Use an explicit version tag such as "v3.5.5"; "latest" and empty tags are not allowed.',
    );
  }
}

export function checkReplicas(value: number, where: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${where}: replicas must be a whole number of at least 1, got ${JSON.stringify(value)}. Set it to 1 or more.`);
  }
}

export function checkResources(resources: ResourceRequirements, where: string): void {
  const cpu = quantityValue(resources.requests.cpu, `${where}.requests.cpu`);
  const memory = quantityValue(resources.requests.memory, `${where}.requests.memory`);
  const memoryLimit = quantityValue(resources.limits.memory, `${where}.limits.memory`);
  if (memoryLimit < memory) {
    throw new Error(
      `${where}.limits.memory: ${resources.limits.memory} is below the request ${resources.requests.memory}. ` +
        'Raise the limit to at least the request.',
    );
  }
  if (resources.limits.cpu !== undefined && quantityValue(resources.limits.cpu, `${where}.limits.cpu`) < cpu) {
    throw new Error(`${where}.limits.cpu: ${resources.limits.cpu} is below the request ${resources.requests.cpu}. Raise the limit or remove it.`);
  }
}

export function checkStorage(storage: StorageConfig, where: string): void {
  if (quantityValue(storage.size, `${where}.size`) <= 0) {
    throw new Error(`${where}.size: ${storage.size} must be larger than zero.`);
  }
  if (storage.storageClassName !== undefined) checkDnsLabel(storage.storageClassName, `${where}.storageClassName`);
}

/**
 * Replicas and resources of a workload, and its volume when it has one. `where` names it in
 * messages, e.g. `environment "prod": loki`.
 */
export function checkWorkload(settings: WorkloadSettings & { readonly storage?: StorageConfig }, where: string): void {
  checkReplicas(settings.replicas, `${where}.replicas`);
  checkResources(settings.resources, `${where}.resources`);
  if (settings.storage !== undefined) checkStorage(settings.storage, `${where}.storage`);
}

export function checkSecretName(value: string, where: string): void {
  if (typeof value !== 'string' || !DNS_SUBDOMAIN.test(value)) {
    throw new Error(`${where}: ${JSON.stringify(value)} is not a Secret name. Use lower-case letters, digits, "-" and ".", for example "loki-s3-credentials".`);
  }
}

export function checkSecretKey(value: string, where: string, example: string): void {
  if (typeof value !== 'string' || !SECRET_KEY.test(value)) {
    throw new Error(`${where}: ${JSON.stringify(value)} is not a Secret key. Use letters, digits, "-", "_" and ".", for example "${example}".`);
  }
}

/** A component's external URL, when set: where people open it, so links in notifications work. */
export function checkExternalUrl(value: string | undefined, env: string, component: string): void {
  if (value === undefined || isBaseUrl(value)) return;
  throw new Error(
    `${env}: ${component}.externalUrl: ${JSON.stringify(value)} is not an absolute http(s) URL. ` +
      `Give the address people open ${component} at, e.g. "https://${component}.example.com" or "https://ops.example.com/${component}", ` +
      'without credentials, query or trailing "/"; or leave externalUrl out to keep pod-local links.',
  );
}
