/**
 * The settings every workload shares (image, replicas, resources, storage, Secret references), their
 * checks, and the checks of values several components take (names, URLs). Each component's own
 * settings module builds on these; every message names the field, the value given and the fix.
 */
import type { KeyRecord } from '../config/keys';
import { byteQuantity, cpuQuantity, isBaseUrl, show, type Quantity } from '../config/units';

/** A container image pinned to a tag. `registry` is kept apart so a mirror can replace it in one place. */
export interface ImageRef {
  /** Registry host, e.g. `quay.io`. */
  readonly registry: string;
  /** Repository path inside the registry, e.g. `prometheus/prometheus`. */
  readonly repository: string;
  /** Version tag, also the `app.kubernetes.io/version` label. `latest` and empty tags are rejected. */
  readonly tag: string;
  /**
   * Content digest, `sha256:` and 64 hex digits: the image is then pulled as `repository@digest`,
   * the exact bytes reviewed, whatever the tag points at later.
   * @default - pulled by tag
   */
  readonly digest?: string;
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

/**
 * Keys of a workload's settings that have no default (config/keys.ts adds them to the keys of the
 * defaults): a CPU limit and a StorageClass.
 */
export const WORKLOAD_OPTIONAL_KEYS = { resources: { limits: { cpu: true } } } as const satisfies KeyRecord;
export const STORAGE_OPTIONAL_KEYS = { storage: { storageClassName: true } } as const satisfies KeyRecord;
export const IMAGE_OPTIONAL_KEYS = { digest: true } as const satisfies KeyRecord;
export const SECRET_KEY_REFERENCE_KEYS = { name: true, key: true } as const satisfies KeyRecord;

/** Requests of `cpu` and `memory`, and a memory limit (no CPU limit: throttling hurts more than it saves). */
export function requestsAndLimit(cpu: Quantity, memory: Quantity, memoryLimit: Quantity): ResourceRequirements {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** A label value: at most 63 characters, alphanumeric at both ends, `-`, `_` and `.` inside; or empty. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** A label key's name part; the key may have a DNS-subdomain prefix and "/". */
export const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Namespaces Kubernetes itself owns: the stack must not label them or deny traffic in them. */
export const RESERVED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;
const REGISTRY = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d+)?$/;
const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

export function checkDnsLabel(value: string, where: string): void {
  if (typeof value !== 'string' || !DNS_LABEL.test(value)) {
    throw new Error(
      `${where}: ${show(value)} is not a valid name. ` +
        'Use a DNS label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters.',
    );
  }
}

/** A name of a kind Kubernetes names by DNS subdomain (StorageClass, Secret): labels joined by ".". */
export function checkDnsSubdomain(value: string, where: string, example: string): void {
  if (typeof value !== 'string' || !DNS_SUBDOMAIN.test(value)) {
    throw new Error(
      `${where}: ${show(value)} is not a valid name. ` +
        `Use a DNS subdomain: lower-case letters, digits, "-" and ".", each "."-separated part starting and ending with a letter or digit, at most 253 characters, e.g. ${show(example)}.`,
    );
  }
}

/** A namespace the stack creates and labels: a DNS label that Kubernetes does not own. */
export function checkOwnNamespace(value: string, where: string): void {
  checkDnsLabel(value, where);
  if ((RESERVED_NAMESPACES as readonly string[]).includes(value)) {
    throw new Error(
      `${where}: ${show(value)} is a namespace of Kubernetes itself; the stack would set its Pod Security level and deny its traffic by default. ` +
        `Give a namespace of the stack's own (not ${RESERVED_NAMESPACES.join(', ')}), e.g. "monitoring".`,
    );
  }
}

/** Labels that select pods: keys and values as Kubernetes accepts them. */
export function checkLabelSelector(labels: Readonly<Record<string, string>> | undefined, where: string): void {
  if (labels === undefined) return;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    throw new Error(`${where}: expected labels as { name: value }, got ${show(labels)}. Give e.g. { "app.kubernetes.io/name": "worker" }.`);
  }
  for (const [key, value] of Object.entries(labels)) {
    const slash = key.lastIndexOf('/');
    const prefix = slash < 0 ? undefined : key.slice(0, slash);
    const name = key.slice(slash + 1);
    if ((prefix !== undefined && !DNS_SUBDOMAIN.test(prefix)) || name.length > 63 || !LABEL_KEY_NAME.test(name)) {
      throw new Error(
        `${where}: ${show(key)} is not a label key. ` +
          'Use an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, "-", "_" and ".", alphanumeric at both ends, e.g. "app.kubernetes.io/name".',
      );
    }
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      throw new Error(
        `${where}.${key}: ${show(value)} is not a label value. ` +
          'Use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (no spaces), e.g. "worker".',
      );
    }
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
  if (image.digest !== undefined && (typeof image.digest !== 'string' || !DIGEST.test(image.digest))) {
    throw new Error(
      `${where}.digest: ${show(image.digest)} is not an image digest. ` +
        'Give "sha256:" followed by the 64 lower-case hex digits of the image manifest (docker buildx imagetools inspect shows it), or leave digest out to pull by tag.',
    );
  }
}

export function checkReplicas(value: number, where: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${where}: replicas must be a whole number of at least 1, got ${show(value)}. Set it to 1 or more.`);
  }
}

export function checkResources(resources: ResourceRequirements, where: string): void {
  const cpu = cpuQuantity(resources.requests.cpu, `${where}.requests.cpu`);
  const memory = byteQuantity(resources.requests.memory, `${where}.requests.memory`);
  const memoryLimit = byteQuantity(resources.limits.memory, `${where}.limits.memory`);
  if (memoryLimit < memory) {
    throw new Error(
      `${where}.limits.memory: ${resources.limits.memory} is below the request ${resources.requests.memory}. ` +
        'Raise the limit to at least the request.',
    );
  }
  if (resources.limits.cpu !== undefined && cpuQuantity(resources.limits.cpu, `${where}.limits.cpu`) < cpu) {
    throw new Error(`${where}.limits.cpu: ${resources.limits.cpu} is below the request ${resources.requests.cpu}. Raise the limit or remove it.`);
  }
}

export function checkStorage(storage: StorageConfig, where: string): void {
  byteQuantity(storage.size, `${where}.size`);
  if (storage.storageClassName !== undefined) checkDnsSubdomain(storage.storageClassName, `${where}.storageClassName`, 'ebs.gp3');
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
    throw new Error(`${where}: ${show(value)} is not a Secret name. Use lower-case letters, digits, "-" and ".", for example "loki-s3-credentials".`);
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
