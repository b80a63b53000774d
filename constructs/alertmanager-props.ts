/** Alertmanager's settings in an environment, their defaults and their checks. */
import type { KeyRecord } from '../config/keys';
import { positiveDurationToMs, show, type Duration } from '../config/units';
import { checkExternalUrl, checkWorkload, requestsAndLimit, STORAGE_OPTIONAL_KEYS, WORKLOAD_OPTIONAL_KEYS, type StorageConfig, type WorkloadSettings } from './workload-props';

/** Where Alertmanager's receivers deliver. Credentials are never here: see README, "Alertmanager". */
export interface AlertmanagerNotifications {
  /** SMTP relay `host:port` of the default (email) receiver. */
  readonly smtpSmarthost: string;
  /** Sender address of alert emails. */
  readonly smtpFrom: string;
  /** Recipient of everything not routed to PagerDuty or Slack. */
  readonly emailTo: string;
  /** Slack channel of `warning` alerts, e.g. `#alerts`. */
  readonly slackChannel: string;
  /**
   * Authentication at the SMTP relay. The password is read from the key `smtp-password` of the
   * receivers' Secret (see README, "Alertmanager"), never written into the config.
   * @default - no authentication: a relay that accepts mail from the cluster without it
   */
  readonly smtpAuth?: SmtpAuth;
}

/** SMTP authentication of the email receiver: PLAIN or LOGIN, whichever the relay offers. */
export interface SmtpAuth {
  /** User name at the relay, e.g. `alerts@agentplatform.com` or a provider's `apikey`. */
  readonly username: string;
}

/**
 * The Watchdog's heartbeat to an outside dead man's switch service (healthchecks.io, Dead Man's
 * Snitch, Cronitor, an incident tool's heartbeat), which pages when the heartbeats stop: the one
 * failure (Prometheus, Alertmanager or the cluster down) that no alert from inside can report.
 * The URL is read from the key `heartbeat-url` of the receivers' Secret (see README, "Alertmanager").
 */
export interface DeadMansSwitch {
  /**
   * Send the heartbeat. Off, the Watchdog goes to a receiver that notifies no one.
   * @default false
   */
  readonly enabled: boolean;
  /**
   * How often the heartbeat is sent while the Watchdog fires. The outside service's period must be
   * this plus a grace period, e.g. 1m with a grace of 5m.
   * @default '1m'
   */
  readonly repeatInterval: Duration;
}

export interface AlertmanagerSettings extends WorkloadSettings {
  readonly storage: StorageConfig;
  readonly notifications: AlertmanagerNotifications;
  readonly deadMansSwitch: DeadMansSwitch;
  /**
   * The address people open Alertmanager at, through an ingress or a proxy, e.g.
   * `https://alertmanager.example.com`. The links in notifications start with it: PagerDuty's client
   * URL, the Slack message's title link, the email's "View in Alertmanager". Routes stay at `/`, so
   * the probes keep working when it has a path: a proxy serving Alertmanager under a path strips it.
   * @default - none: links point at the pod's own address, which opens only inside the cluster
   */
  readonly externalUrl?: string;
}

export const ALERTMANAGER_DEFAULTS: AlertmanagerSettings = {
  replicas: 1,
  resources: requestsAndLimit('25m', '64Mi', '128Mi'),
  storage: { size: '1Gi' },
  // The design's receivers; credentials come from the Secret described in the README.
  notifications: {
    smtpSmarthost: 'smtp.example.com:587',
    smtpFrom: 'alerts@agentplatform.com',
    emailTo: 'oncall@agentplatform.com',
    slackChannel: '#alerts',
  },
  // Off: the heartbeat URL belongs to an account the operator sets up per environment.
  deadMansSwitch: { enabled: false, repeatInterval: '1m' },
};

/** Keys without a default (see config/keys.ts). */
export const ALERTMANAGER_OPTIONAL_KEYS: KeyRecord = {
  ...WORKLOAD_OPTIONAL_KEYS,
  ...STORAGE_OPTIONAL_KEYS,
  externalUrl: true,
  notifications: { smtpAuth: { username: true } },
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SMARTHOST = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?:\d{1,5}$/;
const SLACK_CHANNEL = /^[#@][^\s]+$/;
const SMTP_USERNAME = /^\S+$/;


/** @param env names the environment in messages, e.g. `environment "prod"` */
export function checkAlertmanagerSettings(alertmanager: AlertmanagerSettings, env: string): void {
  checkWorkload(alertmanager, `${env}: alertmanager`);
  checkExternalUrl(alertmanager.externalUrl, env, 'alertmanager');
  const dms = alertmanager.deadMansSwitch;
  if (typeof dms.enabled !== 'boolean') {
    throw new Error(`${env}: alertmanager.deadMansSwitch.enabled: ${show(dms.enabled)} is not true or false. Use true to send the Watchdog's heartbeat, false to keep it silent.`);
  }
  positiveDurationToMs(dms.repeatInterval, `${env}: alertmanager.deadMansSwitch.repeatInterval`, '1m');
  const n = alertmanager.notifications;
  const where = `${env}: alertmanager.notifications`;
  if (typeof n.smtpSmarthost !== 'string' || !SMARTHOST.test(n.smtpSmarthost)) {
    throw new Error(`${where}.smtpSmarthost: ${JSON.stringify(n.smtpSmarthost)} is not host:port. Use the SMTP relay's host and port, for example "smtp.example.com:587".`);
  }
  for (const field of ['smtpFrom', 'emailTo'] as const) {
    if (typeof n[field] !== 'string' || !EMAIL.test(n[field])) {
      throw new Error(`${where}.${field}: ${JSON.stringify(n[field])} is not an email address. Use an address such as "oncall@example.com".`);
    }
  }
  if (typeof n.slackChannel !== 'string' || !SLACK_CHANNEL.test(n.slackChannel)) {
    throw new Error(`${where}.slackChannel: ${JSON.stringify(n.slackChannel)} is not a Slack channel. Use "#channel" (or "@user").`);
  }
  if (n.smtpAuth !== undefined && (typeof n.smtpAuth?.username !== 'string' || !SMTP_USERNAME.test(n.smtpAuth.username))) {
    throw new Error(
      `${where}.smtpAuth.username: ${JSON.stringify(n.smtpAuth?.username)} is not a user name. ` +
        'Give the SMTP relay\'s user, e.g. "alerts@agentplatform.com" (the password goes in the Secret, see README), or leave smtpAuth out when the relay needs no authentication.',
    );
  }
}
