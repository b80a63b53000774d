import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import * as k8s from '../imports/k8s';
import { WATCHDOG_ALERT } from '../rules/watchdog';
import { spreadReplicas } from './availability';
import { checksumAnnotation, containerPorts, externalUrlArgs, httpProbe } from './pod';
import { toYaml } from '../lib/yaml';
import { durationToMs, formatDuration } from '../config/units';
import { COMPONENTS, HEADLESS_SERVICES, httpUrl, serviceHost } from './identity';
import type { AlertReceiver } from './prometheus-config';
import { ComponentConstruct, componentService, DATA_VOLUME } from './workload';

/**
 * The Secret the operator creates with the receivers' credentials (see README, "Alertmanager").
 * It is mounted as files; its values never appear in the output.
 */
export const ALERTMANAGER_SECRET = {
  name: 'alertmanager-receivers',
  keys: {
    /** PagerDuty Events API v2 integration (routing) key. */
    pagerdutyRoutingKey: 'pagerduty-routing-key',
    /** Slack incoming-webhook URL. */
    slackWebhookUrl: 'slack-webhook-url',
    /** Password at the SMTP relay; read only when `alertmanager.notifications.smtpAuth` is set. */
    smtpPassword: 'smtp-password',
    /** The dead man's switch service's heartbeat URL; read only when `alertmanager.deadMansSwitch` is enabled. */
    heartbeatUrl: 'heartbeat-url',
  },
} as const;

export const ALERTMANAGER_PATHS = {
  configDir: '/etc/alertmanager/config',
  configFile: 'alertmanager.yml',
  secretsDir: '/etc/alertmanager/secrets',
  data: '/alertmanager',
} as const;

/** Receiver names; routes refer to these. */
export const RECEIVERS = {
  default: 'default',
  pagerduty: 'pagerduty-critical',
  slack: 'slack-warnings',
  /** Takes the Watchdog and notifies no one, without `alertmanager.deadMansSwitch`. */
  watchdog: 'watchdog',
  /** Takes the Watchdog and sends it to the dead man's switch service, with `alertmanager.deadMansSwitch`. */
  heartbeat: 'heartbeat',
} as const;

/** `label="value"`, the `matchers` syntax. */
export function matcher(label: string, value: string): string {
  return `${label}=${JSON.stringify(value)}`;
}

export interface AlertmanagerRoute {
  readonly receiver: string;
  readonly matchers?: readonly string[];
  readonly continue?: boolean;
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly routes?: readonly AlertmanagerRoute[];
}

export interface AlertmanagerReceiver {
  readonly name: string;
  readonly email_configs?: readonly { readonly to: string }[];
  readonly pagerduty_configs?: readonly { readonly routing_key_file: string; readonly severity?: string; readonly url?: string }[];
  readonly slack_configs?: readonly { readonly api_url_file: string; readonly channel: string; readonly title?: string; readonly text?: string }[];
  readonly webhook_configs?: readonly { readonly url_file: string; readonly send_resolved: boolean }[];
}

export interface AlertmanagerConfigFile {
  readonly global: {
    readonly smtp_smarthost: string;
    readonly smtp_from: string;
    readonly smtp_auth_username?: string;
    /** A file's path: the password itself is never in the config (Alertmanager 0.33 reads it from the file). */
    readonly smtp_auth_password_file?: string;
  };
  readonly route: AlertmanagerRoute;
  readonly receivers: readonly AlertmanagerReceiver[];
  readonly inhibit_rules: readonly {
    readonly source_matchers: readonly string[];
    readonly target_matchers: readonly string[];
    readonly equal: readonly string[];
  }[];
}

/**
 * The design's routing tree: critical pages through PagerDuty (and `continue`s), warning goes to
 * Slack, everything else to email; the Watchdog goes first to the dead man's switch service's
 * heartbeat, or to a receiver that notifies no one.
 */
export function buildAlertmanagerConfig(config: EnvironmentConfig): AlertmanagerConfigFile {
  const n = config.alertmanager.notifications;
  const dms = config.alertmanager.deadMansSwitch;
  const secret = (key: string) => `${ALERTMANAGER_PATHS.secretsDir}/${key}`;
  const watchdogRoute: AlertmanagerRoute = { matchers: [matcher('alertname', WATCHDOG_ALERT)], receiver: RECEIVERS.watchdog };
  const watchdogReceiver: AlertmanagerReceiver = { name: RECEIVERS.watchdog };
  const heartbeatRoute: AlertmanagerRoute = {
    matchers: watchdogRoute.matchers,
    receiver: RECEIVERS.heartbeat,
    // Alertmanager resends only at a group_interval tick, and only when the last send (logged just
    // after the previous tick) is older than repeat_interval: equal values would send every other
    // tick, so repeat_interval is half and each tick sends.
    group_wait: '0s',
    group_interval: dms.repeatInterval,
    repeat_interval: formatDuration(Math.ceil(durationToMs(dms.repeatInterval, 'alertmanager.deadMansSwitch.repeatInterval') / 2)),
  };
  const heartbeatReceiver: AlertmanagerReceiver = {
    name: RECEIVERS.heartbeat,
    // A resolved Watchdog means the pipeline stopped: the service notices the missing heartbeats.
    webhook_configs: [{ url_file: secret(ALERTMANAGER_SECRET.keys.heartbeatUrl), send_resolved: false }],
  };
  return {
    global: {
      smtp_smarthost: n.smtpSmarthost,
      smtp_from: n.smtpFrom,
      ...(n.smtpAuth ? { smtp_auth_username: n.smtpAuth.username, smtp_auth_password_file: secret(ALERTMANAGER_SECRET.keys.smtpPassword) } : {}),
    },
    route: {
      receiver: RECEIVERS.default,
      group_by: ['alertname', 'severity'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        dms.enabled ? heartbeatRoute : watchdogRoute,
        { matchers: [matcher('severity', 'critical')], receiver: RECEIVERS.pagerduty, continue: true },
        { matchers: [matcher('severity', 'warning')], receiver: RECEIVERS.slack },
      ],
    },
    receivers: [
      { name: RECEIVERS.default, email_configs: [{ to: n.emailTo }] },
      {
        name: RECEIVERS.pagerduty,
        pagerduty_configs: [{ routing_key_file: secret(ALERTMANAGER_SECRET.keys.pagerdutyRoutingKey), severity: 'critical' }],
      },
      {
        name: RECEIVERS.slack,
        slack_configs: [
          {
            api_url_file: secret(ALERTMANAGER_SECRET.keys.slackWebhookUrl),
            channel: n.slackChannel,
            title: '{{ .GroupLabels.alertname }}',
            text: '{{ .CommonAnnotations.description }}',
          },
        ],
      },
      dms.enabled ? heartbeatReceiver : watchdogReceiver,
    ],
    inhibit_rules: [
      // `slo` too: a page of one SLO's ErrorBudgetBurn mutes that SLO's ticket, not the tickets of the others.
      { source_matchers: [matcher('severity', 'critical')], target_matchers: [matcher('severity', 'warning')], equal: ['alertname', 'slo'] },
    ],
  };
}

const NOBODY = 65534;

/** The environment variable holding the pod's IP, which a clustered replica advertises to its peers. */
const POD_IP_ENV = 'POD_IP';

export interface AlertmanagerProps {
  readonly config: EnvironmentConfig;
}

/**
 * Alertmanager as a StatefulSet with its volume (silences, notification log), a Service for people
 * and Grafana, and a headless Service through which replicas find each other and Prometheus
 * reaches every replica. The config's checksum on the pod template rolls the pods when it changes.
 */
export class Alertmanager extends ComponentConstruct {
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly service: k8s.KubeService;
  public readonly clusterService: k8s.KubeService;
  /** With more than one replica. */
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  public readonly configMap: k8s.KubeConfigMap;
  /** The configuration Alertmanager runs with, as written into the ConfigMap. */
  public readonly configFile: AlertmanagerConfigFile;
  /** URL of the Service (Grafana's Alertmanager datasource). */
  public readonly url: string;
  /** Where Prometheus sends alerts: every replica, through the headless Service. */
  public readonly alertReceiver: AlertReceiver;

  constructor(scope: Construct, id: string, props: AlertmanagerProps) {
    super(scope, id, { config: props.config, component: 'alertmanager', image: props.config.images.alertmanager });
    const { config, meta } = this;
    const { name, namespace } = meta;
    const { web, mesh, meshUdp } = COMPONENTS.alertmanager.ports;
    const replicas = config.alertmanager.replicas;
    const peers = { service: HEADLESS_SERVICES.alertmanager, host: serviceHost(HEADLESS_SERVICES.alertmanager, namespace) };
    this.url = httpUrl(name, namespace, web);
    this.alertReceiver = { host: peers.host, port: web.port };

    this.configFile = buildAlertmanagerConfig(config);
    const configText = toYaml(this.configFile);

    this.configMap = this.createConfigMap({ [ALERTMANAGER_PATHS.configFile]: configText }, `${name}-config`);

    // One replica gossips with no one: an empty listen address turns clustering off.
    const clusterArgs =
      replicas > 1
        ? [
            `--cluster.listen-address=0.0.0.0:${mesh.port}`,
            // Alertmanager advertises a private (RFC 1918) address only; pod networks may use others.
            `--cluster.advertise-address=$(${POD_IP_ENV}):${mesh.port}`,
            // One peer per replica: the stable name the headless Service gives each StatefulSet pod.
            ...Array.from({ length: replicas }, (_, i) => `--cluster.peer=${name}-${i}.${peers.host}:${mesh.port}`),
          ]
        : ['--cluster.listen-address='];
    const spread = spreadReplicas(this, { ...meta, replicas });

    this.statefulSet = this.createStatefulSet({
      replicas,
      serviceName: peers.service,
      parallel: true,
      podAnnotations: checksumAnnotation(configText),
      podSpec: this.podSpec(NOBODY, {
        ...spread.placement,
        containers: [
          this.container(config.images.alertmanager, config.alertmanager.resources, {
            name: 'alertmanager',
            args: [
              `--config.file=${ALERTMANAGER_PATHS.configDir}/${ALERTMANAGER_PATHS.configFile}`,
              `--storage.path=${ALERTMANAGER_PATHS.data}`,
              `--web.listen-address=:${web.port}`,
              ...externalUrlArgs(config.alertmanager.externalUrl),
              ...clusterArgs,
            ],
            env: replicas > 1 ? [{ name: POD_IP_ENV, valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] : undefined,
            ports: containerPorts(web, mesh, meshUdp),
            livenessProbe: httpProbe('/-/healthy', web, { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 6 }),
            readinessProbe: httpProbe('/-/ready', web, { initialDelaySeconds: 3, periodSeconds: 5, timeoutSeconds: 3 }),
            volumeMounts: [
              { name: 'config', mountPath: ALERTMANAGER_PATHS.configDir, readOnly: true },
              { name: 'receivers', mountPath: ALERTMANAGER_PATHS.secretsDir, readOnly: true },
              { name: DATA_VOLUME, mountPath: ALERTMANAGER_PATHS.data },
            ],
          }),
        ],
        volumes: [
          { name: 'config', configMap: { name: this.configMap.name } },
          // Created by the operator; the pod waits for it rather than start without its receivers.
          { name: 'receivers', secret: { secretName: ALERTMANAGER_SECRET.name } },
        ],
      }),
      storage: config.alertmanager.storage,
    });

    this.service = componentService(this, meta, [web]);
    this.clusterService = componentService(this, meta, [web, mesh, meshUdp], {
      id: 'ClusterService',
      name: peers.service,
      // Peers must find each other before they are ready: readiness waits for the cluster to settle.
      spec: { clusterIp: 'None', publishNotReadyAddresses: true },
    });
    this.podDisruptionBudget = spread.podDisruptionBudget;
  }
}
