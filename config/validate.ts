/**
 * Checks a resolved environment before any manifest is built. Every message names the environment,
 * the field, the value given and what would be accepted.
 */
import type { EnvironmentConfig, ImageRef, ResourceRequirements, StorageConfig } from './types';
import { durationToMs, quantityValue } from './units';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const REGISTRY = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d+)?$/;
const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

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
        'Use an explicit version tag such as "v3.14.0"; "latest" and empty tags are not allowed.',
    );
  }
}

export function checkReplicas(value: number, where: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${where}: replicas must be a whole number of at least 1, got ${JSON.stringify(value)}. Set it to 1 or more.`);
  }
}

function checkResources(resources: ResourceRequirements, where: string): void {
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

function checkStorage(storage: StorageConfig, where: string): void {
  if (quantityValue(storage.size, `${where}.size`) <= 0) {
    throw new Error(`${where}.size: ${storage.size} must be larger than zero.`);
  }
  if (storage.storageClassName !== undefined) checkDnsLabel(storage.storageClassName, `${where}.storageClassName`);
}

export function validateEnvironment(config: EnvironmentConfig): void {
  const env = `environment ${JSON.stringify(config.name)}`;
  checkDnsLabel(config.name, `${env}: name`);
  checkDnsLabel(config.cluster, `${env}: cluster`);
  checkDnsLabel(config.namespaces.platform, `${env}: namespaces.platform`);
  checkDnsLabel(config.namespaces.monitoring, `${env}: namespaces.monitoring`);
  if (config.namespaces.platform === config.namespaces.monitoring) {
    throw new Error(`${env}: namespaces.platform and namespaces.monitoring are both ${JSON.stringify(config.namespaces.platform)}. Give them different names.`);
  }
  if (config.imageRegistry !== undefined && !REGISTRY.test(config.imageRegistry)) {
    throw new Error(`${env}: imageRegistry ${JSON.stringify(config.imageRegistry)} is not a registry host. Use a host such as "mirror.example.com:5000".`);
  }
  for (const [name, image] of Object.entries(config.images)) checkImage(image, `${env}: images.${name}`);
  checkImage(config.api.image, `${env}: api.image`);

  const workloads = {
    api: config.api,
    prometheus: config.prometheus,
    alertmanager: config.alertmanager,
    grafana: config.grafana,
    loki: config.loki,
    jaeger: config.jaeger,
    kubeStateMetrics: config.kubeStateMetrics,
  };
  for (const [name, workload] of Object.entries(workloads)) {
    checkReplicas(workload.replicas, `${env}: ${name}.replicas`);
    checkResources(workload.resources, `${env}: ${name}.resources`);
  }
  for (const name of ['alloy', 'nodeExporter'] as const) checkResources(config[name].resources, `${env}: ${name}.resources`);
  for (const name of ['prometheus', 'alertmanager', 'grafana', 'loki', 'jaeger'] as const) {
    checkStorage(config[name].storage, `${env}: ${name}.storage`);
  }
  durationToMs(config.prometheus.retention, `${env}: prometheus.retention`);
  durationToMs(config.prometheus.scrapeInterval, `${env}: prometheus.scrapeInterval`);
  durationToMs(config.prometheus.evaluationInterval, `${env}: prometheus.evaluationInterval`);
  durationToMs(config.loki.retention, `${env}: loki.retention`);
}
