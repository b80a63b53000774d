import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { durationToMs } from '../config/units';
import * as k8s from '../imports/k8s';
import type { PlatformApiTracing } from './api';
import { toYaml } from '../lib/yaml';
import { buildJaegerConfig, DEFAULT_INDEX_PREFIX, JAEGER_HEALTH_PATH, JAEGER_PATHS, type JaegerConfigFile, type JaegerProcess } from './jaeger-config';
import { DEFAULT_SEARCH_RETENTION, type JaegerSearchBackend } from './jaeger-props';
import { spreadReplicas } from './availability';
import { checksumAnnotation, containerPorts, httpProbe } from './pod';
import { COMPONENTS, httpUrl, JAEGER_ROLES, type Port, type PortKey } from './identity';
import { recommendedLabels } from './labels';
import { ComponentConstruct, componentRoleMeta, componentService, DATA_VOLUME, scratchVolume, volumeClaimTemplate, type ComponentMeta } from './workload';
import { requestsAndLimit, type WorkloadSettings } from './workload-props';

/** The uid the upstream images run as. */
const JAEGER_UID = 10001;

/** Name of the index cleaner's CronJob, and of its pods' `app.kubernetes.io/name`. */
export const JAEGER_INDEX_CLEANER = 'jaeger-es-index-cleaner';

/**
 * When the index cleaner runs (UTC): once a day, early, so the day's deletion never races the
 * creation of the new day's indices at midnight.
 */
export const JAEGER_INDEX_CLEANER_SCHEDULE = '15 0 * * *';

/** The environment variable the index cleaner reads its `--es.password` flag from (its flags fall back on the environment). */
const INDEX_CLEANER_PASSWORD_ENV = 'ES_PASSWORD';

/** Ports each process declares on its container, and which of those its Service publishes (not the health port). */
const PROCESS_PORTS: Record<JaegerProcess, readonly PortKey<'jaeger'>[]> = {
  'all-in-one': ['otlpGrpc', 'otlpHttp', 'query', 'health', 'metrics'],
  collector: JAEGER_ROLES.collector.ports,
  query: JAEGER_ROLES.query.ports,
};

export interface JaegerProps {
  readonly config: EnvironmentConfig;
}

/** One Jaeger workload: the all-in-one, or one role of the scaled topology. */
export interface JaegerWorkload {
  readonly process: JaegerProcess;
  readonly workload: k8s.KubeStatefulSet | k8s.KubeDeployment;
  readonly service: k8s.KubeService;
  readonly configMap: k8s.KubeConfigMap;
  /** With more than one replica. */
  readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  /** The configuration it runs with, as written into its ConfigMap. */
  readonly configFile: JaegerConfigFile;
}

/**
 * Jaeger v2: OTLP in on 4317 (gRPC) and 4318 (HTTP), the query UI on 16686, health on 13133 and
 * its own metrics on 8888. All-in-one (`jaeger.topology`), one workload does everything: with
 * Badger a one-replica StatefulSet with a volume, with memory or an external search cluster a
 * Deployment. Scaled, the collectors (OTLP) and the query service (UI and API) are Deployments and
 * Services of their own on the shared Elasticsearch or OpenSearch backend. With a search backend, a
 * daily CronJob deletes the indices past retention.
 */
export class Jaeger extends ComponentConstruct {
  /** All-in-one: its one workload; scaled: the collectors', then the query's. */
  public readonly workloads: readonly JaegerWorkload[];
  /** The workload that receives OTLP (the all-in-one, or the collectors). */
  public readonly collector: JaegerWorkload;
  /** The workload that serves the UI and API (the all-in-one, or the query service). */
  public readonly query: JaegerWorkload;
  /** Deletes indices past retention, with a search backend whose `indexCleaner` is on. */
  public readonly indexCleaner?: k8s.KubeCronJob;
  /** Query URL of the query Service (Grafana's datasource). */
  public readonly queryUrl: string;
  /**
   * Where applications send spans: OTLP over HTTP to the collecting Service. Python's HTTP exporter
   * needs no native gRPC library, and each export is its own request, so the Service spreads them
   * over replicas instead of pinning one long-lived gRPC connection to one pod.
   */
  public readonly otlp: PlatformApiTracing;

  constructor(scope: Construct, id: string, props: JaegerProps) {
    super(scope, id, { config: props.config, component: 'jaeger', image: props.config.images.jaeger });
    const { config, meta } = this;
    const { namespace } = meta;

    if (config.jaeger.topology === 'scaled') {
      const role = (r: keyof typeof JAEGER_ROLES, id: string) =>
        this.addWorkload(new Construct(this, id), r, componentRoleMeta(config, 'jaeger', r, config.images.jaeger.tag), config.jaeger[r]);
      this.workloads = [role('collector', 'Collector'), role('query', 'Query')];
    } else {
      this.workloads = [this.addWorkload(this, 'all-in-one', meta, config.jaeger)];
    }
    this.collector = this.workloads.find((w) => w.process !== 'query')!;
    this.query = this.workloads.find((w) => w.process !== 'collector')!;

    const { otlpHttp, query } = COMPONENTS.jaeger.ports;
    this.queryUrl = httpUrl(this.query.service.name, namespace, query);
    this.otlp = { otlpEndpoint: httpUrl(this.collector.service.name, namespace, otlpHttp), protocol: 'http/protobuf' };

    const backend = config.jaeger.backend;
    if ((backend.type === 'elasticsearch' || backend.type === 'opensearch') && backend.indexCleaner !== false) {
      this.indexCleaner = this.addIndexCleaner(backend);
    }
  }

  /** A Jaeger workload in `scope`, named and labelled by `meta`, sized by `settings`. */
  private addWorkload(scope: Construct, process: JaegerProcess, meta: ComponentMeta, settings: WorkloadSettings): JaegerWorkload {
    const { config } = this;
    const { name, namespace, labels, selector } = meta;
    const backend = config.jaeger.backend;
    const scratch = scratchVolume();
    const health = COMPONENTS.jaeger.ports.health;
    const ports = PROCESS_PORTS[process].map((key): Port => COMPONENTS.jaeger.ports[key]);

    const configFile = buildJaegerConfig(config, process);
    const configText = toYaml(configFile);
    const configMap = new k8s.KubeConfigMap(scope, 'Config', {
      metadata: { name, namespace, labels },
      data: { [JAEGER_PATHS.configFile]: configText },
    });

    const volumeMounts: k8s.VolumeMount[] = [
      { name: 'config', mountPath: JAEGER_PATHS.configDir, readOnly: true },
      scratch.mount,
    ];
    const volumes: k8s.Volume[] = [{ name: 'config', configMap: { name: configMap.name } }, scratch.volume];
    if (backend.type === 'badger') volumeMounts.push({ name: DATA_VOLUME, mountPath: JAEGER_PATHS.data });
    if (backend.type === 'elasticsearch' || backend.type === 'opensearch') {
      for (const secret of [passwordVolume(backend), caVolume(backend)]) {
        if (!secret) continue;
        volumes.push(secret.volume);
        volumeMounts.push(secret.mount);
      }
    }

    // Only an external backend allows several replicas (validated with the config).
    const spread = spreadReplicas(scope, { ...meta, replicas: settings.replicas });

    const template: k8s.PodTemplateSpec = {
      metadata: { labels, annotations: checksumAnnotation(configText) },
      spec: this.podSpec(JAEGER_UID, {
        ...spread.placement,
        containers: [
          this.container(config.images.jaeger, settings.resources, {
            name: 'jaeger',
            args: [`--config=${JAEGER_PATHS.configDir}/${JAEGER_PATHS.configFile}`],
            ports: containerPorts(...ports),
            readinessProbe: httpProbe(JAEGER_HEALTH_PATH, health, { initialDelaySeconds: 5, periodSeconds: 10 }),
            livenessProbe: httpProbe(JAEGER_HEALTH_PATH, health, { initialDelaySeconds: 10, periodSeconds: 15, failureThreshold: 4 }),
            volumeMounts,
          }),
        ],
        volumes,
      }),
    };

    const metadata = { name, namespace, labels };
    const workload =
      backend.type === 'badger'
        ? new k8s.KubeStatefulSet(scope, 'Resource', {
            metadata,
            spec: {
              replicas: settings.replicas,
              serviceName: name,
              selector: { matchLabels: selector },
              template,
              volumeClaimTemplates: [volumeClaimTemplate(config.jaeger.storage, selector)],
            },
          })
        : new k8s.KubeDeployment(scope, 'Resource', {
            metadata,
            spec: { replicas: settings.replicas, selector: { matchLabels: selector }, template },
          });

    const service = componentService(scope, meta, ports.filter((p) => p !== health));
    return { process, workload, service, configMap, podDisruptionBudget: spread.podDisruptionBudget, configFile };
  }

  /**
   * A daily CronJob of Jaeger's `jaeger-es-index-cleaner`, which deletes the daily indices under the
   * backend's prefix created more than `retention` ago. Its pods carry a name of their own, so that no
   * selector of the Jaeger workloads (Services, budgets, the scrape job) takes them in.
   */
  private addIndexCleaner(backend: JaegerSearchBackend): k8s.KubeCronJob {
    const { config, meta } = this;
    const image = config.images.jaegerIndexCleaner;
    const identity = { name: JAEGER_INDEX_CLEANER, component: 'index-cleaner', environment: config.name };
    const labels = recommendedLabels(identity, image.tag);
    const where = `environment ${JSON.stringify(config.name)}: jaeger.backend.retention`;
    const days = durationToMs(backend.retention ?? DEFAULT_SEARCH_RETENTION, where) / 86_400_000;
    // The cleaner talks to one URL; TLS is off unless enabled, whatever the scheme.
    const [url] = backend.serverUrls;
    const ca = caVolume(backend);
    const args = [
      `--index-prefix=${backend.indexPrefix ?? DEFAULT_INDEX_PREFIX}`,
      ...(backend.username ? [`--es.username=${backend.username}`] : []),
      ...(url.startsWith('https://') ? ['--es.tls.enabled=true'] : []),
      ...(backend.caSecret ? [`--es.tls.ca=${JAEGER_PATHS.ca}/${backend.caSecret.key}`] : []),
      String(days),
      url,
    ];
    // The cleaner takes a password only as a flag or its variable, not from a file: the variable
    // comes from the same Secret, never from the manifests.
    const env: k8s.EnvVar[] = backend.passwordSecret
      ? [{ name: INDEX_CLEANER_PASSWORD_ENV, valueFrom: { secretKeyRef: { name: backend.passwordSecret.name, key: backend.passwordSecret.key } } }]
      : [];

    return new k8s.KubeCronJob(this, 'IndexCleaner', {
      metadata: { name: JAEGER_INDEX_CLEANER, namespace: meta.namespace, labels },
      spec: {
        schedule: JAEGER_INDEX_CLEANER_SCHEDULE,
        timeZone: 'Etc/UTC',
        // A run that overlaps the next one would only delete the same indices twice.
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 3,
            template: {
              metadata: { labels },
              spec: this.podSpec(JAEGER_UID, {
                restartPolicy: 'OnFailure',
                containers: [
                  this.container(image, INDEX_CLEANER_RESOURCES, {
                    name: 'index-cleaner',
                    args,
                    env: env.length > 0 ? env : undefined,
                    volumeMounts: ca ? [ca.mount] : undefined,
                  }),
                ],
                volumes: ca ? [ca.volume] : undefined,
              }),
            },
          },
        },
      },
    });
  }
}

/** What one run of the index cleaner asks for: it lists and deletes indices, nothing more. */
const INDEX_CLEANER_RESOURCES = requestsAndLimit('10m', '32Mi', '128Mi');

/** A Secret's one key, mounted read-only as a file in a directory of its own. */
function secretVolume(volume: string, mountPath: string, ref: { readonly name: string; readonly key: string }): { volume: k8s.Volume; mount: k8s.VolumeMount } {
  return {
    volume: { name: volume, secret: { secretName: ref.name, items: [{ key: ref.key, path: ref.key }] } },
    mount: { name: volume, mountPath, readOnly: true },
  };
}

/** The search backend's password file, when it authenticates. */
function passwordVolume(backend: JaegerSearchBackend) {
  return backend.passwordSecret && secretVolume('storage-credentials', JAEGER_PATHS.secrets, backend.passwordSecret);
}

/** The search backend's CA certificate file, when it has one. */
function caVolume(backend: JaegerSearchBackend) {
  return backend.caSecret && secretVolume('storage-ca', JAEGER_PATHS.ca, backend.caSecret);
}

