import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { DASHBOARD_UIDS } from '../dashboards/common';
import { dashboardFileName, dashboardJson, type DashboardFile, type Folder } from '../dashboards/model';
import * as k8s from '../imports/k8s';
import { toYaml } from '../lib/yaml';
import { KUBECTL_APPLY_LIMIT_BYTES, packConfigMapData } from './config-maps';
import { checksumAnnotation, containerPorts, httpProbe } from './pod';
import { datasourcesFile, type DatasourcesFile, type GrafanaDatasources } from './grafana-datasources';
import { grafanaExternalUrl } from './grafana-props';
import { COMPONENTS } from './identity';
import { ComponentConstruct, componentService, DATA_VOLUME, scratchVolume } from './workload';

/** The uid and gid the upstream image runs as. */
const GRAFANA_UID = 472;

/** The operator-created Secret holding the admin password (see README, "Grafana"). */
export const GRAFANA_ADMIN_SECRET = {
  name: 'grafana-admin',
  /** Key of the admin password inside the Secret. */
  passwordKey: 'admin-password',
} as const;

/** Where things live inside the Grafana container. */
export const GRAFANA_PATHS = {
  data: '/var/lib/grafana',
  provisioning: '/etc/grafana/provisioning',
  datasourcesFile: 'datasources.yaml',
  providersFile: 'dashboards.yaml',
  /** One directory per folder below this, each a mounted ConfigMap. */
  dashboards: '/etc/grafana/dashboards',
  secrets: '/etc/grafana/secrets',
} as const;

export const GRAFANA_HEALTH_PATH = '/api/health';

/**
 * Client-side `kubectl apply` stores the whole object in an annotation limited to 256 KiB; the
 * margin leaves room for the object's metadata next to the data.
 */
export const CONFIGMAP_APPLY_LIMIT_BYTES = KUBECTL_APPLY_LIMIT_BYTES - 8 * 1024;

/** A `file` dashboard provider (provisioning/dashboards/*.yaml). */
export interface DashboardProvider {
  readonly name: string;
  readonly orgId: 1;
  /** Folder title. */
  readonly folder: string;
  readonly folderUid: string;
  readonly type: 'file';
  /** Provisioned from code: deleting in the UI would only last until the next scan. */
  readonly disableDeletion: true;
  readonly allowUiUpdates: false;
  /** How often Grafana rescans the folder; mounted ConfigMap updates show up within this. */
  readonly updateIntervalSeconds: number;
  readonly options: { readonly path: string; readonly foldersFromFilesStructure: false };
}

export interface DashboardProvidersFile {
  readonly apiVersion: 1;
  readonly providers: readonly DashboardProvider[];
}

export interface GrafanaProps {
  readonly config: EnvironmentConfig;
  /**
   * The dashboards to provision, grouped into folders by their `folder`: compiled and validated
   * with the environment (`compileEnvironment(config).dashboards`).
   * @default - none
   */
  readonly dashboards?: readonly DashboardFile[];
  /**
   * Seconds between two scans of the dashboard folders.
   * @default 30
   */
  readonly dashboardScanIntervalSeconds?: number;
}

/**
 * Grafana: a one-replica StatefulSet with its data on a volume, datasources and dashboard
 * providers provisioned from files, and the dashboards of each folder in as few ConfigMaps as fit.
 *
 * Dashboards update without a restart: each folder's ConfigMaps are mounted as a directory (never
 * with subPath, which would freeze it), the kubelet refreshes the files after `kubectl apply`, and
 * the file provider rescans every `dashboardScanIntervalSeconds`. Datasources are read only at
 * start, so the pod template carries a checksum of the provisioning files and restarts when they
 * change; dashboards are left out of that checksum so that editing one restarts nothing.
 *
 * Its datasources are the components it reads, given with `addDatasources` once they exist: the
 * provisioning file is written at synth, so Grafana can be built before the Prometheus that scrapes it.
 */
export class Grafana extends ComponentConstruct {

  /** One replica; its volume comes from a claim template, so deleting the manifests keeps the data. */
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly service: k8s.KubeService;
  public readonly provisioning: k8s.KubeConfigMap;
  /**
   * Dashboard ConfigMaps by folder name: `grafana-dashboards-<folder>`, then `-2`, `-3`, ... for a
   * folder whose dashboards do not fit one, all projected into the folder's directory.
   */
  public readonly dashboardConfigMaps: Readonly<Record<string, readonly k8s.KubeConfigMap[]>>;
  public readonly providers: DashboardProvidersFile;
  public readonly dashboards: readonly DashboardFile[];
  private datasourcesFile?: DatasourcesFile;

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id, { config: props.config, component: 'grafana', image: props.config.images.grafana });
    const { config, meta } = this;
    const { name, namespace, labels } = meta;
    const scratch = scratchVolume();
    const http = COMPONENTS.grafana.ports.http;
    const scanInterval = props.dashboardScanIntervalSeconds ?? 30;
    if (!Number.isInteger(scanInterval) || scanInterval < 1) {
      throw new Error(`Grafana dashboardScanIntervalSeconds: ${JSON.stringify(scanInterval)} is not a whole number of seconds of at least 1. Use e.g. 30.`);
    }

    this.dashboards = props.dashboards ?? [];

    const folders = new Map<string, { folder: Folder; files: DashboardFile[] }>();
    for (const file of this.dashboards) {
      const entry = folders.get(file.folder.name) ?? { folder: file.folder, files: [] };
      if (entry.folder.uid !== file.folder.uid || entry.folder.title !== file.folder.title) {
        throw new Error(
          `Grafana dashboards: folder name ${JSON.stringify(file.folder.name)} is used with two different titles or uids ` +
            `(${JSON.stringify(entry.folder.title)}/${entry.folder.uid} and ${JSON.stringify(file.folder.title)}/${file.folder.uid}). Use one folder object from FOLDERS.`,
        );
      }
      entry.files.push(file);
      folders.set(file.folder.name, entry);
    }

    this.providers = {
      apiVersion: 1,
      providers: [...folders.values()].map(({ folder }) => ({
        name: folder.name,
        orgId: 1,
        folder: folder.title,
        folderUid: folder.uid,
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: scanInterval,
        options: { path: `${GRAFANA_PATHS.dashboards}/${folder.name}`, foldersFromFilesStructure: false },
      })),
    };
    const datasourcesText = Lazy.any({ produce: () => toYaml(this.datasources) });
    const providersText = toYaml(this.providers);

    this.provisioning = new k8s.KubeConfigMap(this, 'Provisioning', {
      metadata: { name: `${name}-provisioning`, namespace, labels },
      data: { [GRAFANA_PATHS.datasourcesFile]: datasourcesText, [GRAFANA_PATHS.providersFile]: providersText },
    });

    const dashboardConfigMaps: Record<string, k8s.KubeConfigMap[]> = {};
    const dashboardVolumes: k8s.Volume[] = [];
    const dashboardMounts: k8s.VolumeMount[] = [];
    for (const { folder, files } of folders.values()) {
      const titles = new Map(files.map((file) => [dashboardFileName(file.dashboard), file.dashboard.title]));
      const packs = packConfigMapData(
        files.map((file) => ({ name: dashboardFileName(file.dashboard), text: dashboardJson(file.dashboard) })),
        CONFIGMAP_APPLY_LIMIT_BYTES,
        (file, bytes) =>
          new Error(
            `Grafana dashboards: dashboard ${JSON.stringify(titles.get(file.name))} (${file.name}) in folder ${JSON.stringify(folder.name)} is ${bytes} bytes of JSON, ` +
              `over the ${CONFIGMAP_APPLY_LIMIT_BYTES} bytes that client-side kubectl apply can store in one ConfigMap. Split it into several dashboards.`,
          ),
      );
      dashboardConfigMaps[folder.name] = packs.map((data, i) => {
        const suffix = i === 0 ? '' : `-${i + 1}`;
        return new k8s.KubeConfigMap(this, `Dashboards-${folder.name}${suffix}`, {
          metadata: { name: `${name}-dashboards-${folder.name}${suffix}`, namespace, labels },
          data,
        });
      });
      const volume = `dashboards-${folder.name}`;
      dashboardVolumes.push({ name: volume, projected: { sources: dashboardConfigMaps[folder.name].map((cm) => ({ configMap: { name: cm.name } })) } });
      dashboardMounts.push({ name: volume, mountPath: `${GRAFANA_PATHS.dashboards}/${folder.name}`, readOnly: true });
    }
    this.dashboardConfigMaps = dashboardConfigMaps;

    const home = this.dashboards.find((file) => file.dashboard.uid === DASHBOARD_UIDS.systemOverview);
    const env: k8s.EnvVar[] = [
      { name: 'GF_SECURITY_ADMIN_USER', value: 'admin' },
      { name: 'GF_SECURITY_ADMIN_PASSWORD__FILE', value: `${GRAFANA_PATHS.secrets}/${GRAFANA_ADMIN_SECRET.passwordKey}` },
      { name: 'GF_AUTH_ANONYMOUS_ENABLED', value: 'false' },
      { name: 'GF_USERS_ALLOW_SIGN_UP', value: 'false' },
      { name: 'GF_PATHS_DATA', value: GRAFANA_PATHS.data },
      { name: 'GF_PATHS_PROVISIONING', value: GRAFANA_PATHS.provisioning },
      { name: 'GF_LOG_MODE', value: 'console' },
      // No calls home from inside the cluster.
      { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
      { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
      { name: 'GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES', value: 'false' },
      { name: 'GF_METRICS_ENABLED', value: 'true' },
      // Links Grafana builds (and alerts' dashboard_url) use the address people reach it at.
      ...(grafanaExternalUrl(config.grafana) ? [{ name: 'GF_SERVER_ROOT_URL', value: grafanaExternalUrl(config.grafana) }] : []),
    ];
    if (home) {
      env.push({
        name: 'GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH',
        value: `${GRAFANA_PATHS.dashboards}/${home.folder.name}/${dashboardFileName(home.dashboard)}`,
      });
    }

    this.statefulSet = this.createStatefulSet({
      replicas: config.grafana.replicas,
      serviceName: name,
      // A StatefulSet replaces its pod only after the old one is gone: it never holds the
      // ReadWriteOnce volume twice.
      podAnnotations: Lazy.any({ produce: () => checksumAnnotation(toYaml(this.datasources), providersText) }),
      podSpec: this.podSpec(GRAFANA_UID, {
        containers: [
          this.container(config.images.grafana, config.grafana.resources, {
            name: 'grafana',
            ports: containerPorts(http),
            env,
            // Database migrations after an upgrade can take minutes; liveness waits for them.
            startupProbe: httpProbe(GRAFANA_HEALTH_PATH, http, { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 }),
            readinessProbe: httpProbe(GRAFANA_HEALTH_PATH, http, { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }),
            livenessProbe: httpProbe(GRAFANA_HEALTH_PATH, http, { periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 }),
            volumeMounts: [
              { name: DATA_VOLUME, mountPath: GRAFANA_PATHS.data },
              { name: 'provisioning', mountPath: `${GRAFANA_PATHS.provisioning}/datasources`, readOnly: true },
              { name: 'providers', mountPath: `${GRAFANA_PATHS.provisioning}/dashboards`, readOnly: true },
              { name: 'admin', mountPath: GRAFANA_PATHS.secrets, readOnly: true },
              scratch.mount,
              ...dashboardMounts,
            ],
          }),
        ],
        volumes: [
          {
            name: 'provisioning',
            configMap: { name: this.provisioning.name, items: [{ key: GRAFANA_PATHS.datasourcesFile, path: GRAFANA_PATHS.datasourcesFile }] },
          },
          {
            name: 'providers',
            configMap: { name: this.provisioning.name, items: [{ key: GRAFANA_PATHS.providersFile, path: GRAFANA_PATHS.providersFile }] },
          },
          {
            name: 'admin',
            // Not optional: without the operator's Secret the pod waits instead of starting with a default password.
            secret: {
              secretName: GRAFANA_ADMIN_SECRET.name,
              items: [{ key: GRAFANA_ADMIN_SECRET.passwordKey, path: GRAFANA_ADMIN_SECRET.passwordKey }],
              defaultMode: 0o440,
            },
          },
          scratch.volume,
          ...dashboardVolumes,
        ],
      }),
      storage: config.grafana.storage,
    });

    this.service = componentService(this, meta, [http]);
  }

  /**
   * Provisions the components Grafana reads as its datasources, each at the URL it publishes.
   * @returns the provisioning file
   * @throws when the datasources were already given
   */
  public addDatasources(sources: GrafanaDatasources): DatasourcesFile {
    if (this.datasourcesFile) {
      throw new Error('Grafana datasources: already added. Call addDatasources once, with Prometheus, Loki, Jaeger and Alertmanager.');
    }
    this.datasourcesFile = datasourcesFile(this.config, sources);
    return this.datasourcesFile;
  }

  /** The datasources provisioning file, once `addDatasources` was called. */
  public get datasources(): DatasourcesFile {
    if (!this.datasourcesFile) {
      throw new Error(`Grafana ${this.node.path}: no datasources. Call addDatasources with the Prometheus, Loki, Jaeger and Alertmanager it reads before synthesising.`);
    }
    return this.datasourcesFile;
  }
}
