import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { quantityValue, type Duration } from '../config/units';
import * as k8s from '../imports/k8s';
import type { CompiledRuleGroup } from '../rules/compile';
import type { Alertmanager } from './alertmanager';
import { containerPorts, externalUrlArgs, httpProbe, imageName, resources, restrictedContainerSecurityContext } from './pod';
import { packConfigMapData } from './config-maps';
import { spreadReplicas } from './availability';
import { toYaml } from '../lib/yaml';
import { COMPONENTS, HEADLESS_SERVICES, httpUrl, PROMETHEUS_RELOADER_SCRAPE } from './identity';
import { buildPrometheusConfig, POD_NAME_ENV, remoteWriteSecretDir, type PrometheusConfigFile } from './prometheus-config';
import { podDiscoveryOf, type ScrapeTarget } from './prometheus-props';
import type { ResourceRequirements } from './workload-props';
import { ComponentConstruct, componentClusterRole, componentScrapeTarget, componentService, DATA_VOLUME, type ComponentMeta } from './workload';

/** Where the pod mounts its config, its rules and its volume. */
export const PROMETHEUS_PATHS = {
  configDir: '/etc/prometheus/config',
  configFile: 'prometheus.yml',
  rulesDir: '/etc/prometheus/rules',
  /** One directory per Secret of remote-write credentials. */
  secretsDir: '/etc/prometheus/secrets',
  data: '/prometheus',
} as const;

/**
 * Largest rule ConfigMap, as JSON. Client-side `kubectl apply` copies the whole object into a
 * 256 KiB annotation, so the data stays well below that.
 */
export const RULE_CONFIGMAP_BUDGET_BYTES = 200 * 1024;

/** The uid of `nobody`, which the upstream images run as. */
const NOBODY = 65534;

export interface PrometheusProps {
  readonly config: EnvironmentConfig;
  /**
   * The pods to scrape, one job each: the `scrapeTarget` of each construct it scrapes, and the
   * environment's extra ones. Prometheus adds its own job, its config-reloader's and the
   * kubelet/cAdvisor jobs.
   * @default - none
   */
  readonly scrapeTargets?: readonly ScrapeTarget[];
  /**
   * The rule files to load, compiled (tuned and validated) with the environment
   * (`compileEnvironment(config).ruleGroups`).
   * @default - none
   */
  readonly ruleGroups?: readonly CompiledRuleGroup[];
  /**
   * The Alertmanager alerts are sent to, every replica of it.
   * @default - none: rules are evaluated, alerts are not sent
   */
  readonly alertmanager?: Alertmanager;
  /**
   * Resources of the config-reloader sidecar.
   * @default - 10m CPU and 32Mi memory requested, 64Mi memory limit
   */
  readonly reloaderResources?: ResourceRequirements;
}

/**
 * Prometheus as a StatefulSet with its volume, a config-reloader sidecar that calls `/-/reload`
 * when the config or rule ConfigMaps change, a Service, and read-only discovery RBAC: pods in the
 * namespaces it scrapes, nodes and their metrics for the kubelet jobs.
 */
export class Prometheus extends ComponentConstruct {
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly service: k8s.KubeService;
  /** Governs the StatefulSet: `prometheus-<n>.prometheus-headless.<namespace>.svc` per replica. */
  public readonly headlessService: k8s.KubeService;
  /** With more than one replica. */
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  public readonly configMap: k8s.KubeConfigMap;
  /** The rule ConfigMaps, each below `RULE_CONFIGMAP_BUDGET_BYTES`. */
  public readonly ruleConfigMaps: readonly k8s.KubeConfigMap[];
  /** The configuration Prometheus runs with, as written into the ConfigMap. */
  public readonly configFile: PrometheusConfigFile;
  /** The rule files it loads. */
  public readonly ruleGroups: readonly CompiledRuleGroup[];
  /** Its config-reloader sidecar, on the sidecar's port of the same pods. */
  public readonly reloaderScrapeTarget: ScrapeTarget;
  /** Every pod set it scrapes: its own and its sidecar's first. */
  public readonly scrapeTargets: readonly ScrapeTarget[];
  /** Query URL of the Service (Grafana's datasource). */
  public readonly url: string;
  /** How often it scrapes: the shortest range a rate over its series may take is four of these. */
  public readonly scrapeInterval: Duration;

  constructor(scope: Construct, id: string, props: PrometheusProps) {
    super(scope, id, { config: props.config, component: 'prometheus', image: props.config.images.prometheus, apiAccess: true });
    const { config, meta } = this;
    const { name, namespace, labels } = meta;
    const { web, reloader } = COMPONENTS.prometheus.ports;
    this.url = httpUrl(name, namespace, web);
    this.scrapeInterval = config.prometheus.scrapeInterval;
    this.ruleGroups = props.ruleGroups ?? [];

    this.reloaderScrapeTarget = componentScrapeTarget('prometheus', meta, PROMETHEUS_RELOADER_SCRAPE);
    const scrapeTargets = [this.scrapeTarget, this.reloaderScrapeTarget, ...(props.scrapeTargets ?? [])];
    this.scrapeTargets = scrapeTargets;
    this.configFile = buildPrometheusConfig({
      config,
      scrapeTargets,
      ruleFiles: `${PROMETHEUS_PATHS.rulesDir}/*.yml`,
      secretsDir: PROMETHEUS_PATHS.secretsDir,
      alertmanager: props.alertmanager?.alertReceiver,
    });

    this.discoveryRbac(meta, [...scrapeTargets.map((t) => t.namespace), ...(podDiscoveryOf(config.prometheus)?.namespaces ?? [])]);

    this.configMap = this.createConfigMap({ [PROMETHEUS_PATHS.configFile]: toYaml(this.configFile) }, `${name}-config`);

    this.ruleConfigMaps = packRuleFiles(this.ruleGroups).map(
      (data, i) => new k8s.KubeConfigMap(this, `Rules${i + 1}`, { metadata: { name: `${name}-rules-${i + 1}`, namespace, labels }, data }),
    );

    const mounts: k8s.VolumeMount[] = [
      { name: 'config', mountPath: PROMETHEUS_PATHS.configDir, readOnly: true },
      { name: 'rules', mountPath: PROMETHEUS_PATHS.rulesDir, readOnly: true },
    ];
    const secrets = remoteWriteSecretVolumes(config);
    const storage = config.prometheus.storage;
    // Size-based retention keeps the TSDB off a full volume when ingest outgrows time-based retention
    // (Prometheus's "MB" are MiB).
    const retentionSizeMiB = Math.floor((quantityValue(storage.size, 'prometheus.storage.size') * 0.85) / 2 ** 20);
    const headless = HEADLESS_SERVICES.prometheus;
    const spread = spreadReplicas(this, { ...meta, replicas: config.prometheus.replicas });

    this.statefulSet = this.createStatefulSet({
      replicas: config.prometheus.replicas,
      serviceName: headless,
      parallel: true,
      podSpec: this.podSpec(NOBODY, {
        // Kubernetes discovery and the kubelet jobs authenticate with the pod's token.
        automountServiceAccountToken: true,
        terminationGracePeriodSeconds: 300,
        ...spread.placement,
        containers: [
          this.container(config.images.prometheus, config.prometheus.resources, {
            name: 'prometheus',
            args: [
              `--config.file=${PROMETHEUS_PATHS.configDir}/${PROMETHEUS_PATHS.configFile}`,
              `--storage.tsdb.path=${PROMETHEUS_PATHS.data}`,
              `--storage.tsdb.retention.time=${config.prometheus.retention}`,
              `--storage.tsdb.retention.size=${retentionSizeMiB}MB`,
              `--web.listen-address=:${web.port}`,
              ...externalUrlArgs(config.prometheus.externalUrl),
              // /-/reload, called by the sidecar below.
              '--web.enable-lifecycle',
              // Exemplars carry the trace id of a sample: Grafana links latency panels to Jaeger with them.
              '--enable-feature=exemplar-storage',
            ],
            // Prometheus 3 expands it in the external labels: each replica's own `replica` label.
            env: [{ name: POD_NAME_ENV, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
            ports: containerPorts(web),
            // WAL replay after a restart can take minutes: the startup probe allows ten.
            startupProbe: httpProbe('/-/ready', web, { periodSeconds: 10, failureThreshold: 60 }),
            livenessProbe: httpProbe('/-/healthy', web, { periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4 }),
            readinessProbe: httpProbe('/-/ready', web, { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 }),
            volumeMounts: [...mounts, ...secrets.mounts, { name: DATA_VOLUME, mountPath: PROMETHEUS_PATHS.data }],
          }),
          {
            name: 'config-reloader',
            image: imageName(config, config.images.configReloader),
            args: [
              `--reload-url=http://127.0.0.1:${web.port}/-/reload`,
              `--watched-dir=${PROMETHEUS_PATHS.configDir}`,
              `--watched-dir=${PROMETHEUS_PATHS.rulesDir}`,
              `--listen-address=:${reloader.port}`,
            ],
            ports: containerPorts(reloader),
            // A reloader that stops answering would leave Prometheus on a stale config: restart it. Its
            // /healthz answers while its process serves (its watch loop reports through its metrics).
            // No readiness probe: the sidecar must not take Prometheus out of its Service.
            livenessProbe: httpProbe('/healthz', reloader, { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 6 }),
            resources: resources(
              props.reloaderResources ?? { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
            ),
            securityContext: restrictedContainerSecurityContext(),
            volumeMounts: mounts,
          },
        ],
        // Whole-directory mounts: the kubelet swaps the files in place on change, which a subPath mount never sees.
        volumes: [
          { name: 'config', configMap: { name: this.configMap.name } },
          { name: 'rules', projected: { sources: this.ruleConfigMaps.map((cm) => ({ configMap: { name: cm.name } })) } },
          ...secrets.volumes,
        ],
      }),
      storage: storage,
    });

    this.service = componentService(this, meta, [web], {
      // Replicas scrape at slightly different moments: keeping each client (Grafana) on one replica
      // keeps its graphs from changing between refreshes.
      spec: { sessionAffinity: 'ClientIP' },
    });
    this.headlessService = componentService(this, meta, [web], { id: 'HeadlessService', name: headless, spec: { clusterIp: 'None' } });
    this.podDisruptionBudget = spread.podDisruptionBudget;
  }

  /**
   * Read-only discovery: pods in each scraped namespace, those whose pods may opt in included
   * (Roles), nodes and their metrics (cluster-wide).
   */
  private discoveryRbac(meta: ComponentMeta, scrapedNamespaces: readonly string[]): void {
    const { name, namespace, labels } = meta;
    componentClusterRole(this, meta, this.serviceAccount, [
      { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
    ]);
    const subjects = [{ kind: 'ServiceAccount', name: this.serviceAccount.name, namespace }];
    const namespaces = [...new Set(scrapedNamespaces)].sort();
    for (const ns of namespaces) {
      const roleName = `${name}-discovery`;
      new k8s.KubeRole(this, `DiscoveryRole-${ns}`, {
        metadata: { name: roleName, namespace: ns, labels },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] }],
      });
      new k8s.KubeRoleBinding(this, `DiscoveryRoleBinding-${ns}`, {
        metadata: { name: roleName, namespace: ns, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
        subjects,
      });
    }
  }
}

/**
 * One read-only volume per Secret that remote writes read credentials from, holding just the keys
 * they use, mounted at `<secretsDir>/<secret name>/`. The operator creates the Secrets; the pod
 * waits for them rather than start sending without credentials.
 */
function remoteWriteSecretVolumes(config: EnvironmentConfig): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
  const keys = new Map<string, Set<string>>();
  for (const target of config.prometheus.remoteWrite ?? []) {
    const ref = target.auth?.type === 'bearer' ? target.auth.tokenSecret : target.auth?.passwordSecret;
    if (ref) keys.set(ref.name, (keys.get(ref.name) ?? new Set()).add(ref.key));
  }
  const volumes: k8s.Volume[] = [];
  const mounts: k8s.VolumeMount[] = [];
  [...keys.entries()].forEach(([secretName, secretKeys], i) => {
    const volume = `remote-write-${i + 1}`;
    volumes.push({ name: volume, secret: { secretName, items: [...secretKeys].sort().map((key) => ({ key, path: key })), defaultMode: 0o440 } });
    mounts.push({ name: volume, mountPath: remoteWriteSecretDir(PROMETHEUS_PATHS.secretsDir, secretName), readOnly: true });
  });
  return { volumes, mounts };
}

/**
 * Packs rule files into ConfigMap data maps in order, starting a new one when the next file would
 * take the JSON size past the budget.
 */
export function packRuleFiles(groups: readonly CompiledRuleGroup[], budget = RULE_CONFIGMAP_BUDGET_BYTES): Record<string, string>[] {
  const names = new Map(groups.map((group) => [group.fileName, group.name]));
  return packConfigMapData(
    groups.map((group) => ({ name: group.fileName, text: toYaml(group.file) })),
    budget,
    (file, bytes) =>
      new Error(
        `rule group ${JSON.stringify(names.get(file.name))}: its rule file is ${Math.ceil(bytes / 1024)} KiB, more than the ${budget / 1024} KiB a rule ConfigMap may hold ` +
          '(client-side kubectl apply copies the object into a 256 KiB annotation). Split its rules into several smaller groups.',
      ),
  );
}
