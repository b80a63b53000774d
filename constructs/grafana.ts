import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { DASHBOARD_UIDS } from '../dashboards/common';
import { dashboardFileName, dashboardJson, type DashboardFile, type Folder } from '../dashboards/model';
import * as k8s from '../imports/k8s';
import { toYaml } from '../lib/yaml';
import { KUBECTL_APPLY_LIMIT_BYTES, packConfigMapData } from './config-maps';
import { spreadReplicas } from './availability';
import { checksumAnnotation, containerPorts, httpProbe } from './pod';
import { datasourcesFile, type DatasourcesFile, type GrafanaDatasources } from './grafana-datasources';
import {
  FILE_SUFFIX,
  GRAFANA_DATABASE_SECRET,
  GRAFANA_MANAGED_SETTINGS,
  GRAFANA_OAUTH_SECRET,
  GRAFANA_POD_IP_ENV,
  grafanaExternalUrl,
  grafanaEnvName,
  roleAttributePath,
  type GrafanaSettings,
} from './grafana-props';
import { COMPONENTS, HEADLESS_SERVICES, serviceHost } from './identity';
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
  /** The PostgreSQL password (`password`) and CA certificate (`ca.crt`). */
  databaseSecrets: '/etc/grafana/database',
  /** The OAuth client secret (`client-secret`). */
  oauthSecrets: '/etc/grafana/oauth',
} as const;

/** Per pod with PostgreSQL: plugins, rendered images and CSV exports, nothing another replica needs. */
const SCRATCH_DATA_LIMIT = '1Gi';

/**
 * An environment variable of a Grafana setting the stack manages (GRAFANA_MANAGED_SETTINGS), so that
 * `grafana.settings` and `grafana.extraEnv` are refused exactly the variables the stack sets.
 * Every "$" is doubled: Kubernetes would otherwise expand `$(NAME)` inside the value.
 */
function managedSetting(section: string, key: string, value: string | boolean, options: { file?: boolean } = {}): k8s.EnvVar {
  if (GRAFANA_MANAGED_SETTINGS[section]?.[key] === undefined) {
    throw new Error(`Grafana: [${section}] ${key} is set by the stack but missing from GRAFANA_MANAGED_SETTINGS. Add it there with the field that owns it.`);
  }
  return { name: `${grafanaEnvName(section, key)}${options.file ? FILE_SUFFIX : ''}`, value: literalEnvValue(String(value)) };
}

/** A value Kubernetes passes through unchanged: `$$` is its escape for `$`. */
export function literalEnvValue(value: string): string {
  return value.replace(/\$/g, '$$$$');
}

/** The variables of the escape hatches: `grafana.settings`, then `grafana.extraEnv` (checked with the config). */
export function extraGrafanaEnv(settings: GrafanaSettings): k8s.EnvVar[] {
  const fromSettings = Object.entries(settings.settings ?? {}).flatMap(([section, keys]) =>
    Object.entries(keys).map(([key, value]) => ({ name: grafanaEnvName(section, key), value: literalEnvValue(String(value)) })),
  );
  const extra = (settings.extraEnv ?? []).map((entry): k8s.EnvVar =>
    'secret' in entry
      ? { name: entry.name, valueFrom: { secretKeyRef: { name: entry.secret.name, key: entry.secret.key } } }
      : { name: entry.name, value: literalEnvValue(entry.value) },
  );
  return [...fromSettings, ...extra];
}

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
 * Grafana: with SQLite, a one-replica StatefulSet with its data on a volume; with PostgreSQL, a
 * Deployment of `grafana.replicas` without a volume, whose replicas share users and sessions through
 * the database and alerting notifications and silences through gossip. Datasources and dashboard
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

  /**
   * With SQLite, a one-replica StatefulSet whose volume comes from a claim template, so deleting the
   * manifests keeps the data; with PostgreSQL, a Deployment: no pod owns anything the others need.
   */
  public readonly workload: k8s.KubeStatefulSet | k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  /** With more than one replica: the headless Service through which replicas find their alerting peers. */
  public readonly clusterService?: k8s.KubeService;
  /** With more than one replica. */
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
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
    const { name, namespace, labels, selector } = meta;
    const scratch = scratchVolume();
    const { http, gossip, gossipUdp } = COMPONENTS.grafana.ports;
    const { database, sso, replicas } = config.grafana;
    const clustered = replicas > 1;
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
    const externalUrl = grafanaExternalUrl(config.grafana);
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
      ...(externalUrl ? [{ name: 'GF_SERVER_ROOT_URL', value: externalUrl }] : []),
    ];
    if (home) {
      env.push({
        name: 'GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH',
        value: `${GRAFANA_PATHS.dashboards}/${home.folder.name}/${dashboardFileName(home.dashboard)}`,
      });
    }

    const secretMounts: k8s.VolumeMount[] = [];
    const secretVolumes: k8s.Volume[] = [];
    if (database.type === 'postgres') {
      const password = database.passwordSecret ?? { name: GRAFANA_DATABASE_SECRET.name, key: GRAFANA_DATABASE_SECRET.passwordKey };
      const file = (item: string) => `${GRAFANA_PATHS.databaseSecrets}/${item}`;
      env.push(
        managedSetting('database', 'type', 'postgres'),
        managedSetting('database', 'host', `${database.host}:${database.port ?? 5432}`),
        managedSetting('database', 'name', database.name ?? 'grafana'),
        managedSetting('database', 'user', database.user ?? 'grafana'),
        managedSetting('database', 'password', file(GRAFANA_DATABASE_SECRET.passwordKey), { file: true }),
        managedSetting('database', 'ssl_mode', database.sslMode ?? 'verify-full'),
        ...(database.caSecret ? [managedSetting('database', 'ca_cert_path', file(GRAFANA_DATABASE_SECRET.caKey))] : []),
        // Grafana's default, stated: logins and the cache live where every replica finds them.
        managedSetting('remote_cache', 'type', 'database'),
      );
      secretMounts.push({ name: 'database', mountPath: GRAFANA_PATHS.databaseSecrets, readOnly: true });
      secretVolumes.push({
        name: 'database',
        // Not optional: without the operator's Secret the pod waits instead of failing to connect.
        projected: {
          defaultMode: 0o440,
          sources: [
            { secret: { name: password.name, items: [{ key: password.key, path: GRAFANA_DATABASE_SECRET.passwordKey }] } },
            ...(database.caSecret ? [{ secret: { name: database.caSecret.name, items: [{ key: database.caSecret.key, path: GRAFANA_DATABASE_SECRET.caKey }] } }] : []),
          ],
        },
      });
    }
    if (clustered) {
      const peers = `${serviceHost(HEADLESS_SERVICES.grafana, namespace)}:${gossip.port}`;
      env.push(
        { name: GRAFANA_POD_IP_ENV, valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        // The headless Service's name resolves to every pod; each replica joins the ones it finds.
        managedSetting('unified_alerting', 'ha_peers', peers),
        managedSetting('unified_alerting', 'ha_listen_address', `0.0.0.0:${gossip.port}`),
        // Unescaped: Kubernetes puts the pod's IP in. The gossip library advertises only private addresses by itself.
        { name: grafanaEnvName('unified_alerting', 'ha_advertise_address'), value: `$(${GRAFANA_POD_IP_ENV}):${gossip.port}` },
      );
    }
    if (sso) {
      const secret = sso.clientSecret ?? { name: GRAFANA_OAUTH_SECRET.name, key: GRAFANA_OAUTH_SECRET.clientSecretKey };
      const oauth = (key: string, value: string | boolean, options?: { file?: boolean }) => managedSetting('auth.generic_oauth', key, value, options);
      env.push(
        oauth('enabled', true),
        oauth('name', sso.name),
        oauth('client_id', sso.clientId),
        oauth('client_secret', `${GRAFANA_PATHS.oauthSecrets}/${GRAFANA_OAUTH_SECRET.clientSecretKey}`, { file: true }),
        oauth('scopes', (sso.scopes ?? ['openid', 'email', 'profile']).join(' ')),
        oauth('auth_url', sso.authUrl),
        oauth('token_url', sso.tokenUrl),
        oauth('api_url', sso.apiUrl),
        oauth('use_pkce', true),
        oauth('auto_login', sso.autoLogin ?? false),
        managedSetting('auth', 'disable_login_form', !(sso.loginForm ?? true)),
      );
      if (sso.roleMapping) {
        env.push(
          oauth('role_attribute_path', roleAttributePath(sso.roleMapping)),
          // Without a default role, someone whose claim matches no role is refused rather than let in as Viewer.
          oauth('role_attribute_strict', sso.roleMapping.defaultRole === undefined),
          oauth('allow_assign_grafana_admin', Object.values(sso.roleMapping.roles).includes('GrafanaAdmin')),
        );
      }
      secretMounts.push({ name: 'oauth', mountPath: GRAFANA_PATHS.oauthSecrets, readOnly: true });
      secretVolumes.push({
        name: 'oauth',
        secret: { secretName: secret.name, items: [{ key: secret.key, path: GRAFANA_OAUTH_SECRET.clientSecretKey }], defaultMode: 0o440 },
      });
    }
    env.push(...extraGrafanaEnv(config.grafana));

    const spread = spreadReplicas(this, { ...meta, replicas });
    this.podDisruptionBudget = spread.podDisruptionBudget;

    const podAnnotations = Lazy.any({ produce: () => checksumAnnotation(toYaml(this.datasources), providersText) });
    const podSpec = this.podSpec(GRAFANA_UID, {
      ...spread.placement,
      containers: [
        this.container(config.images.grafana, config.grafana.resources, {
          name: 'grafana',
          ports: clustered ? containerPorts(http, gossip, gossipUdp) : containerPorts(http),
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
            ...secretMounts,
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
        ...secretVolumes,
        ...(database.type === 'postgres' ? [{ name: DATA_VOLUME, emptyDir: { sizeLimit: k8s.Quantity.fromString(SCRATCH_DATA_LIMIT) } }] : []),
        scratch.volume,
        ...dashboardVolumes,
      ],
    });

    if (database.type === 'sqlite') {
      // A StatefulSet replaces its pod only after the old one is gone: it never holds the
      // ReadWriteOnce volume twice.
      this.workload = this.createStatefulSet({ replicas, serviceName: name, podAnnotations, podSpec, storage: config.grafana.storage });
    } else {
      this.workload = new k8s.KubeDeployment(this, 'Resource', {
        metadata: { name, namespace, labels },
        spec: {
          replicas,
          selector: { matchLabels: selector },
          // A new pod is ready before an old one goes; schema migrations take a lock in the database.
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
          template: { metadata: { labels, annotations: podAnnotations }, spec: podSpec },
        },
      });
    }

    this.service = componentService(this, meta, [http]);
    if (clustered) {
      this.clusterService = componentService(this, meta, [gossip, gossipUdp], {
        id: 'ClusterService',
        name: HEADLESS_SERVICES.grafana,
        // Replicas must find each other before they are ready.
        spec: { clusterIp: 'None', publishNotReadyAddresses: true },
      });
    }
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
