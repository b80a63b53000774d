/** Grafana's settings in an environment, their defaults and their checks. */
import type { DashboardFile } from '../dashboards/model';
import { ListOf, OpenMap, Tagged, type KeyRecord } from '../config/keys';
import { show } from '../config/units';
import { checkIngressSettings, INGRESS_KEYS, ingressUrl, type IngressSettings } from './ingress-props';
import {
  checkExternalUrl,
  checkSecretKey,
  checkSecretName,
  checkWorkload,
  requestsAndLimit,
  SECRET_KEY_REFERENCE_KEYS,
  STORAGE_OPTIONAL_KEYS,
  WORKLOAD_OPTIONAL_KEYS,
  type SecretKeyReference,
  type StorageConfig,
  type WorkloadSettings,
} from './workload-props';

/** Users, sessions and settings in SQLite on the StatefulSet's volume: one replica. */
export interface GrafanaSqliteDatabase {
  readonly type: 'sqlite';
}

/** How Grafana checks the PostgreSQL server's certificate (`[database] ssl_mode`). */
export type PostgresSslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';
export const POSTGRES_SSL_MODES: readonly PostgresSslMode[] = ['disable', 'require', 'verify-ca', 'verify-full'];

/**
 * Users, sessions, preferences and Grafana's own alerting state in a PostgreSQL database the
 * operator runs: Grafana becomes a Deployment without a volume and may run several replicas.
 */
export interface GrafanaPostgresDatabase {
  readonly type: 'postgres';
  /** Server host name or address, without scheme or port, e.g. `grafana-db.example.internal`. */
  readonly host: string;
  /** @default 5432 */
  readonly port?: number;
  /**
   * Database name.
   * @default 'grafana'
   */
  readonly name?: string;
  /** @default 'grafana' */
  readonly user?: string;
  /**
   * The Secret key holding the user's password, mounted as a file (`GF_DATABASE_PASSWORD__FILE`).
   * @default - key `password` of the Secret `grafana-database`
   */
  readonly passwordSecret?: SecretKeyReference;
  /**
   * `verify-full` checks the certificate and that it names `host`; `require` encrypts without
   * checking; `disable` sends everything in clear.
   * @default 'verify-full'
   */
  readonly sslMode?: PostgresSslMode;
  /**
   * A Secret key holding the CA certificate (PEM) that signed the server's certificate, mounted as a
   * file (`[database] ca_cert_path`).
   * @default - none: the CAs the Grafana image trusts
   */
  readonly caSecret?: SecretKeyReference;
}

export type GrafanaDatabase = GrafanaSqliteDatabase | GrafanaPostgresDatabase;

/** The Secret the operator creates for the PostgreSQL database (README, "Grafana and dashboards"). */
export const GRAFANA_DATABASE_SECRET = {
  name: 'grafana-database',
  passwordKey: 'password',
  /** The key environments use for the CA certificate when they give `caSecret`. */
  caKey: 'ca.crt',
} as const;

/** The Secret the operator creates with the OAuth client secret (README, "Grafana and dashboards"). */
export const GRAFANA_OAUTH_SECRET = { name: 'grafana-oauth', clientSecretKey: 'client-secret' } as const;

/** A Grafana organisation role, or `GrafanaAdmin` (server administrator and organisation Admin). */
export type GrafanaRole = 'Viewer' | 'Editor' | 'Admin' | 'GrafanaAdmin';
/** Strongest first: a person whose claim values map to several roles gets the first of them. */
export const GRAFANA_ROLES: readonly GrafanaRole[] = ['GrafanaAdmin', 'Admin', 'Editor', 'Viewer'];
/** The role of people none of whose claim values is mapped; `None` lets them in without a role. */
export type GrafanaDefaultRole = 'None' | 'Viewer' | 'Editor' | 'Admin';
const DEFAULT_ROLES: readonly GrafanaDefaultRole[] = ['None', 'Viewer', 'Editor', 'Admin'];

/** Grafana roles from a claim of the identity provider's ID token or user info, e.g. its groups. */
export interface GrafanaRoleMapping {
  /**
   * The claim holding the groups or roles: a top-level claim name (`groups`,
   * `https://example.com/roles`), or the path to a nested one (`['realm_access', 'roles']`). A list
   * or a single string.
   */
  readonly claim: string | readonly string[];
  /** Claim value → role, e.g. `{ 'grafana-admins': 'Admin', sre: 'Editor' }`. */
  readonly roles: Readonly<Record<string, GrafanaRole>>;
  /**
   * The role of people with none of the values.
   * @default - none: their login is refused
   */
  readonly defaultRole?: GrafanaDefaultRole;
}

/** Single sign-on with an OAuth 2.0 / OpenID Connect identity provider (`[auth.generic_oauth]`). */
export interface GrafanaSso {
  /** The provider's name on the login button, e.g. `Keycloak`. */
  readonly name: string;
  /** The client (application) id registered at the provider. */
  readonly clientId: string;
  /**
   * The Secret key holding the client secret, mounted as a file.
   * @default - key `client-secret` of the Secret `grafana-oauth`
   */
  readonly clientSecret?: SecretKeyReference;
  /** The provider's authorization endpoint (https). */
  readonly authUrl: string;
  /** The provider's token endpoint (https). */
  readonly tokenUrl: string;
  /** The provider's user info endpoint (https). */
  readonly apiUrl: string;
  /** @default ['openid', 'email', 'profile'] */
  readonly scopes?: readonly string[];
  /**
   * Grafana roles from a claim.
   * @default - none: every signed-in person gets Grafana's default role, Viewer
   */
  readonly roleMapping?: GrafanaRoleMapping;
  /**
   * Keep the user-and-password form next to the provider's button (the `admin` account's way in
   * when the provider is down).
   * @default true
   */
  readonly loginForm?: boolean;
  /**
   * Send people straight to the provider instead of showing the login page.
   * @default false
   */
  readonly autoLogin?: boolean;
}

export type GrafanaSettingValue = string | number | boolean;

/** An extra environment variable of the Grafana container: a plain value, or one from a Secret. */
export type GrafanaExtraEnv =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly secret: SecretKeyReference };

export interface GrafanaSettings extends WorkloadSettings {
  /** The StatefulSet's volume with SQLite; unused with PostgreSQL. */
  readonly storage: StorageConfig;
  /**
   * Where Grafana keeps users, sessions and settings. Several replicas need PostgreSQL.
   * @default { type: 'sqlite' }
   */
  readonly database: GrafanaDatabase;
  /**
   * Dashboards provisioned besides the platform's, each in its `folder`; validated with them.
   * @default - none
   */
  readonly extraDashboards?: readonly DashboardFile[];
  /**
   * The URL people open Grafana at, e.g. `https://grafana.example.com`: Grafana's `root_url`, and
   * the base of every alert's `dashboard_url`.
   * @default - the Ingress's `https://<host><path>` when `ingress` is set; otherwise none, and
   * `dashboard_url` is a path from Grafana's root (`/d/<uid>?viewPanel=...`)
   */
  readonly externalUrl?: string;
  /**
   * Single sign-on through an OAuth 2.0 / OpenID Connect provider; needs `externalUrl`.
   * @default - none: the login form only
   */
  readonly sso?: GrafanaSso;
  /**
   * Any other Grafana setting, by `grafana.ini` section and key: `{ smtp: { enabled: true } }`
   * becomes `GF_SMTP_ENABLED=true`. Settings the stack manages and credentials are refused.
   * @default - none
   */
  readonly settings?: Readonly<Record<string, Readonly<Record<string, GrafanaSettingValue>>>>;
  /**
   * Extra environment variables of the Grafana container; a credential only from a Secret.
   * @default - none
   */
  readonly extraEnv?: readonly GrafanaExtraEnv[];
  /**
   * An Ingress serving Grafana over HTTPS (see README, "Ingress").
   * @default - none: Grafana is reached with `kubectl port-forward`
   */
  readonly ingress?: IngressSettings;
}

export const GRAFANA_DEFAULTS: GrafanaSettings = {
  replicas: 1,
  resources: requestsAndLimit('50m', '128Mi', '256Mi'),
  storage: { size: '1Gi' },
  database: { type: 'sqlite' },
};

/** Keys without a default (see config/keys.ts); dashboards are checked by their own model. */
export const GRAFANA_OPTIONAL_KEYS: KeyRecord = {
  ...WORKLOAD_OPTIONAL_KEYS,
  ...STORAGE_OPTIONAL_KEYS,
  extraDashboards: true,
  externalUrl: true,
  database: new Tagged('type', {
    sqlite: { type: true },
    postgres: { type: true, host: true, port: true, name: true, user: true, passwordSecret: SECRET_KEY_REFERENCE_KEYS, sslMode: true, caSecret: SECRET_KEY_REFERENCE_KEYS },
  }),
  sso: {
    name: true,
    clientId: true,
    clientSecret: SECRET_KEY_REFERENCE_KEYS,
    authUrl: true,
    tokenUrl: true,
    apiUrl: true,
    scopes: true,
    roleMapping: { claim: true, roles: new OpenMap(), defaultRole: true },
    loginForm: true,
    autoLogin: true,
  },
  settings: new OpenMap(new OpenMap()),
  extraEnv: new ListOf({ name: true, value: true, secret: SECRET_KEY_REFERENCE_KEYS }),
  ingress: INGRESS_KEYS,
};

/** The environment variable that overrides `[section] key`, as Grafana derives it (`setting.EnvKey`). */
export function grafanaEnvName(section: string, key: string): string {
  return `GF_${section.replace(/[.-]/g, '_').toUpperCase()}_${key.replace(/\./g, '_').toUpperCase()}`;
}

/** The suffix with which the Grafana image reads a variable's value from the file it names. */
export const FILE_SUFFIX = '__FILE';

/** The pod's IP, which each replica advertises to its alerting peers. */
export const GRAFANA_POD_IP_ENV = 'POD_IP';

const SSO_FIX = 'Set it through grafana.sso';
const DATABASE_FIX = 'Set it through grafana.database';
const HA_FIX = 'Several replicas (grafana.replicas with a PostgreSQL grafana.database) set it to gossip with each other';

/**
 * Every Grafana setting the stack sets itself, by section and key, with how to change it instead
 * (or why it is fixed). `grafana.settings` and `grafana.extraEnv` may not set these.
 */
export const GRAFANA_MANAGED_SETTINGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  security: {
    admin_user: 'The administrator is "admin"; give people their own accounts through grafana.sso',
    admin_password: 'The administrator\'s password comes from the Secret "grafana-admin" (README, "Grafana and dashboards")',
  },
  'auth.anonymous': { enabled: 'Anonymous access stays off' },
  users: { allow_sign_up: 'Sign-up stays off; people sign in through grafana.sso' },
  paths: { data: 'The data directory is where the stack mounts it', provisioning: 'Provisioning is where the stack mounts it' },
  log: { mode: 'Grafana logs to the console, which Alloy ships to Loki' },
  analytics: {
    reporting_enabled: 'No calls home from the cluster',
    check_for_updates: 'No calls home from the cluster',
    check_for_plugin_updates: 'No calls home from the cluster',
  },
  metrics: { enabled: 'Prometheus scrapes Grafana\'s /metrics' },
  server: { root_url: 'Set it through grafana.externalUrl' },
  dashboards: { default_home_dashboard_path: 'The System Overview is the home dashboard' },
  database: Object.fromEntries(['type', 'host', 'name', 'user', 'password', 'ssl_mode', 'ca_cert_path'].map((key) => [key, DATABASE_FIX])),
  remote_cache: { type: 'Sessions and the cache stay in the database that grafana.database names, which every replica shares' },
  unified_alerting: Object.fromEntries(['ha_peers', 'ha_listen_address', 'ha_advertise_address'].map((key) => [key, HA_FIX])),
  auth: { disable_login_form: 'Set it through grafana.sso.loginForm' },
  'auth.generic_oauth': {
    ...Object.fromEntries(
      ['enabled', 'name', 'client_id', 'scopes', 'auth_url', 'token_url', 'api_url', 'use_pkce'].map((key) => [key, SSO_FIX]),
    ),
    client_secret: 'Set it through grafana.sso.clientSecret (a Secret)',
    role_attribute_path: 'Set it through grafana.sso.roleMapping',
    role_attribute_strict: 'Set it through grafana.sso.roleMapping.defaultRole',
    allow_assign_grafana_admin: 'Set it through grafana.sso.roleMapping (a GrafanaAdmin role)',
    auto_login: 'Set it through grafana.sso.autoLogin',
  },
};

/** Environment variables the stack sets that are not settings. */
const MANAGED_VARIABLES: Readonly<Record<string, string>> = {
  [GRAFANA_POD_IP_ENV]: HA_FIX,
};

/** The environment variable names the stack manages, each with its fix. */
export function managedGrafanaVariables(): ReadonlyMap<string, string> {
  const names = new Map<string, string>(Object.entries(MANAGED_VARIABLES));
  for (const [section, keys] of Object.entries(GRAFANA_MANAGED_SETTINGS)) {
    for (const [key, fix] of Object.entries(keys)) names.set(grafanaEnvName(section, key), fix);
  }
  return names;
}

/** Words that make a setting or variable look like a credential. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'secret', 'secrets', 'token', 'tokens', 'key', 'apikey', 'credential', 'credentials', 'passphrase']);

/**
 * A plain string that looks like a credential by its name: a word of the name is one of
 * `SECRET_WORDS`, and the value is not a file path (`key_file`, `client_key_path`, or a value
 * starting with "/").
 */
export function looksLikeCredential(name: string, value: GrafanaSettingValue): boolean {
  if (typeof value !== 'string' || value.startsWith('/')) return false;
  const words = name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (['path', 'file', 'dir'].includes(words[words.length - 1])) return false;
  return words.some((word) => SECRET_WORDS.has(word));
}

/** The JMESPath identifier of a claim name: quoted, so any name (dots, slashes, colons) stays one. */
function jmesIdentifier(name: string): string {
  return JSON.stringify(name);
}

/** A JMESPath raw string literal. Grafana's JMESPath library unescapes only `\'` in them. */
function jmesLiteral(value: string): string {
  return `'${value.replace(/'/g, "\\'")}'`;
}

/**
 * The `role_attribute_path` of a role mapping: per role, strongest first, whether the claim (a list,
 * or one string wrapped into a list by `to_array`) contains one of its values; then the default role.
 * `{ claim: 'groups', roles: { ops: 'Admin', dev: 'Editor' }, defaultRole: 'Viewer' }` gives
 * `contains(to_array("groups"), 'ops') && 'Admin' || contains(to_array("groups"), 'dev') && 'Editor' || 'Viewer'`.
 */
export function roleAttributePath(mapping: GrafanaRoleMapping): string {
  const claim = (typeof mapping.claim === 'string' ? [mapping.claim] : mapping.claim).map(jmesIdentifier).join('.');
  const terms = GRAFANA_ROLES.flatMap((role) => {
    const values = Object.entries(mapping.roles)
      .filter(([, mapped]) => mapped === role)
      .map(([value]) => `contains(to_array(${claim}), ${jmesLiteral(value)})`);
    if (values.length === 0) return [];
    return [`${values.length === 1 ? values[0] : `(${values.join(' || ')})`} && ${jmesLiteral(role)}`];
  });
  return [...terms, ...(mapping.defaultRole !== undefined ? [jmesLiteral(mapping.defaultRole)] : [])].join(' || ');
}

const HOST = /^(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$/;
const POSTGRES_NAME = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;
/** A section or key of grafana.ini. */
const SETTING_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** An environment variable name Kubernetes 1.28 accepts. */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const SCOPE = /^[\x21-\x7e]+$/;

function isHttpsUrl(value: unknown): boolean {
  if (typeof value !== 'string' || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '' && url.hash === '';
  } catch {
    return false;
  }
}

function checkSecretReference(ref: SecretKeyReference | undefined, where: string, example: string): void {
  if (ref === undefined) return;
  if (typeof ref !== 'object' || ref === null) {
    throw new Error(`${where}: ${show(ref)} is not a Secret key. Give { name: "<secret>", key: "${example}" }.`);
  }
  checkSecretName(ref.name, `${where}.name`);
  checkSecretKey(ref.key, `${where}.key`, example);
}

function checkBoolean(value: unknown, where: string, meaning: string): void {
  if (value !== undefined && typeof value !== 'boolean') throw new Error(`${where}: ${show(value)} is not true or false. ${meaning}`);
}

function checkDatabase(settings: GrafanaSettings, env: string): void {
  const db = settings.database;
  const where = `${env}: grafana.database`;
  if (db?.type === 'sqlite') {
    if (settings.replicas !== 1) {
      throw new Error(
        `${env}: grafana.replicas: with grafana.database { type: 'sqlite' } Grafana keeps users, sessions and settings in SQLite on one ReadWriteOnce volume, so it runs exactly one replica, got ${settings.replicas}. ` +
          "Set grafana.replicas to 1, or give grafana.database a PostgreSQL database ({ type: 'postgres', host: ... }) to run several.",
      );
    }
    return;
  }
  if (db?.type !== 'postgres') {
    throw new Error(`${where}.type: ${show((db as { type?: unknown } | undefined)?.type)} is not a supported database. Use { type: 'sqlite' } or { type: 'postgres', host: ... }.`);
  }
  if (typeof db.host !== 'string' || !HOST.test(db.host)) {
    throw new Error(`${where}.host: ${show(db.host)} is not a host name. Give the PostgreSQL server's host without scheme or port, e.g. "grafana-db.example.internal"; the port goes in port.`);
  }
  if (db.port !== undefined && (!Number.isInteger(db.port) || db.port < 1 || db.port > 65535)) {
    throw new Error(`${where}.port: ${show(db.port)} is not a TCP port. Give a whole number from 1 to 65535, e.g. 5432.`);
  }
  for (const field of ['name', 'user'] as const) {
    if (db[field] !== undefined && (typeof db[field] !== 'string' || !POSTGRES_NAME.test(db[field]))) {
      throw new Error(`${where}.${field}: ${show(db[field])} is not a PostgreSQL name. Use up to 63 letters, digits, "_", "$" and "-", starting with a letter or "_", e.g. "grafana".`);
    }
  }
  if (db.sslMode !== undefined && !POSTGRES_SSL_MODES.includes(db.sslMode)) {
    throw new Error(`${where}.sslMode: ${show(db.sslMode)} is not an SSL mode. Use one of ${POSTGRES_SSL_MODES.map((m) => `"${m}"`).join(', ')}; "verify-full" checks the server's certificate and name.`);
  }
  checkSecretReference(db.passwordSecret, `${where}.passwordSecret`, GRAFANA_DATABASE_SECRET.passwordKey);
  checkSecretReference(db.caSecret, `${where}.caSecret`, GRAFANA_DATABASE_SECRET.caKey);
  if (db.caSecret !== undefined && db.sslMode === 'disable') {
    throw new Error(`${where}.caSecret: a CA certificate is given, but sslMode "disable" uses no TLS. Set sslMode to "verify-full", or remove caSecret.`);
  }
}

function checkSso(settings: GrafanaSettings, env: string): void {
  const sso = settings.sso;
  if (sso === undefined) return;
  const where = `${env}: grafana.sso`;
  if (typeof sso !== 'object' || sso === null) {
    throw new Error(`${where}: ${show(sso)} is not an SSO provider. Give { name, clientId, authUrl, tokenUrl, apiUrl } (README, "Grafana and dashboards").`);
  }
  if (typeof sso.name !== 'string' || sso.name.trim() === '') {
    throw new Error(`${where}.name: ${show(sso.name)} is not a name. Give the provider's name for the login button, e.g. "Keycloak".`);
  }
  if (typeof sso.clientId !== 'string' || !/^\S+$/.test(sso.clientId)) {
    throw new Error(`${where}.clientId: ${show(sso.clientId)} is not a client id. Give the id the provider registered for Grafana, e.g. "grafana".`);
  }
  checkSecretReference(sso.clientSecret, `${where}.clientSecret`, GRAFANA_OAUTH_SECRET.clientSecretKey);
  for (const field of ['authUrl', 'tokenUrl', 'apiUrl'] as const) {
    if (!isHttpsUrl(sso[field])) {
      throw new Error(
        `${where}.${field}: ${show(sso[field])} is not an https URL. ` +
          'Give the provider\'s endpoint as its discovery document (/.well-known/openid-configuration) lists it, e.g. "https://sso.example.com/realms/ops/protocol/openid-connect/auth", without credentials or fragment.',
      );
    }
  }
  if (sso.scopes !== undefined && (!Array.isArray(sso.scopes) || sso.scopes.length === 0 || !sso.scopes.every((s) => typeof s === 'string' && SCOPE.test(s)))) {
    throw new Error(`${where}.scopes: ${show(sso.scopes)} is not a list of scopes. Give one scope per entry, without spaces, e.g. ["openid", "email", "profile", "groups"].`);
  }
  checkBoolean(sso.loginForm, `${where}.loginForm`, 'Use true to keep the login form next to the provider\'s button, false to hide it.');
  checkBoolean(sso.autoLogin, `${where}.autoLogin`, 'Use true to send people straight to the provider, false to show the login page.');
  if (grafanaExternalUrl(settings) === undefined) {
    throw new Error(
      `${where}: the provider sends people back to Grafana's own address (<externalUrl>/login/generic_oauth), but grafana.externalUrl is not set. ` +
        'Set grafana.externalUrl to the address people open Grafana at, e.g. "https://grafana.example.com", and register <externalUrl>/login/generic_oauth at the provider.',
    );
  }
  const mapping = sso.roleMapping;
  if (mapping === undefined) return;
  const path = typeof mapping.claim === 'string' ? [mapping.claim] : mapping.claim;
  if (!Array.isArray(path) || path.length === 0 || !path.every((segment) => typeof segment === 'string' && segment !== '')) {
    throw new Error(`${where}.roleMapping.claim: ${show(mapping.claim)} is not a claim. Give a claim name, e.g. "groups", or the path to a nested one, e.g. ["realm_access", "roles"].`);
  }
  if (typeof mapping.roles !== 'object' || mapping.roles === null || Object.keys(mapping.roles).length === 0) {
    throw new Error(`${where}.roleMapping.roles: ${show(mapping.roles)} maps no value to a role. Give claim values and their roles, e.g. { "grafana-admins": "Admin", "sre": "Editor" }.`);
  }
  for (const [value, role] of Object.entries(mapping.roles)) {
    if (value === '' || value.includes('\\')) {
      throw new Error(`${where}.roleMapping.roles: ${show(value)} is not a claim value Grafana can match. Give the value as the provider sends it, non-empty and without "\\".`);
    }
    if (!GRAFANA_ROLES.includes(role)) {
      throw new Error(`${where}.roleMapping.roles.${value}: ${show(role)} is not a Grafana role. Use one of ${GRAFANA_ROLES.map((r) => `"${r}"`).join(', ')}.`);
    }
  }
  if (mapping.defaultRole !== undefined && !DEFAULT_ROLES.includes(mapping.defaultRole)) {
    throw new Error(
      `${where}.roleMapping.defaultRole: ${show(mapping.defaultRole)} is not a role for people without a mapped value. ` +
        `Use one of ${DEFAULT_ROLES.map((r) => `"${r}"`).join(', ')}, or leave it out to refuse their login.`,
    );
  }
}

/** The message of a setting or variable that collides with one the stack manages. */
function managedMessage(where: string, value: unknown, variable: string, fix: string): string {
  return `${where}: ${show(value)} would set ${variable}, which the stack manages. ${fix}; remove it here.`;
}

function credentialMessage(where: string, variable: string): string {
  return (
    `${where}: looks like a credential, given as a plain value that would be written into the manifests. ` +
    `Put it in a Secret and add it to grafana.extraEnv as { name: "${variable}", secret: { name: "<secret>", key: "<key>" } }.`
  );
}

function checkEscapeHatches(settings: GrafanaSettings, env: string): void {
  const managed = managedGrafanaVariables();
  const managedFix = (variable: string) => managed.get(variable.endsWith(FILE_SUFFIX) ? variable.slice(0, -FILE_SUFFIX.length) : variable);
  /** Each variable set so far, with the field that sets it. */
  const seen = new Map<string, string>();
  const claim = (variable: string, field: string) => {
    const base = variable.endsWith(FILE_SUFFIX) ? variable.slice(0, -FILE_SUFFIX.length) : variable;
    const other = seen.get(base);
    if (other !== undefined) {
      throw new Error(`${env}: ${field}: sets ${variable}, which ${other} sets too. Keep one of them.`);
    }
    seen.set(base, field);
  };

  const sections = settings.settings ?? {};
  if (typeof sections !== 'object' || sections === null || Array.isArray(sections)) {
    throw new Error(`${env}: grafana.settings: ${show(sections)} is not a map of sections. Give { section: { key: value } }, e.g. { smtp: { enabled: true } }.`);
  }
  for (const [section, keys] of Object.entries(sections)) {
    const at = `${env}: grafana.settings.${section}`;
    if (!SETTING_NAME.test(section)) {
      throw new Error(`${at}: ${show(section)} is not a grafana.ini section. Give the name between the brackets, e.g. "smtp" or "auth.generic_oauth".`);
    }
    for (const [key, value] of Object.entries(keys)) {
      const field = `grafana.settings.${section}.${key}`;
      if (!SETTING_NAME.test(key)) {
        throw new Error(`${env}: ${field}: ${show(key)} is not a grafana.ini key. Give the key as grafana.ini spells it, e.g. "from_address".`);
      }
      if (!(typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) {
        throw new Error(`${env}: ${field}: ${show(value)} is not a setting value. Give a string, a finite number or true/false.`);
      }
      const variable = grafanaEnvName(section, key);
      const fix = managedFix(variable);
      if (fix !== undefined) throw new Error(managedMessage(`${env}: ${field}`, value, variable, fix));
      if (looksLikeCredential(key, value)) throw new Error(credentialMessage(`${env}: ${field}`, variable));
      claim(variable, field);
    }
  }

  const extra = settings.extraEnv ?? [];
  if (!Array.isArray(extra)) {
    throw new Error(`${env}: grafana.extraEnv: ${show(extra)} is not a list. Give [{ name, value }] or [{ name, secret: { name, key } }].`);
  }
  extra.forEach((entry, i) => {
    const field = `grafana.extraEnv[${i}]`;
    const at = `${env}: ${field}`;
    if (typeof entry !== 'object' || entry === null || ('value' in entry) === ('secret' in entry)) {
      throw new Error(`${at}: ${show(entry)} is not one variable. Give { name, value } for a plain value or { name, secret: { name, key } } for one from a Secret, not both.`);
    }
    if (typeof entry.name !== 'string' || !ENV_NAME.test(entry.name)) {
      throw new Error(`${at}.name: ${show(entry.name)} is not an environment variable name. Use letters, digits, "_", "-" and ".", not starting with a digit, e.g. "GF_SMTP_HOST".`);
    }
    const fix = managedFix(entry.name);
    if (fix !== undefined) throw new Error(managedMessage(`${at}.name`, entry.name, entry.name, fix));
    if ('secret' in entry) {
      checkSecretReference(entry.secret, `${at}.secret`, 'value');
    } else {
      if (typeof entry.value !== 'string') {
        throw new Error(`${at}.value: ${show(entry.value)} is not a string. Kubernetes takes environment values as strings: write it in quotes.`);
      }
      if (looksLikeCredential(entry.name, entry.value)) throw new Error(credentialMessage(`${at} (${entry.name})`, entry.name));
    }
    claim(entry.name, field);
  });
}

/** @param env names the environment in messages, e.g. `environment "prod"` */
export function checkGrafanaSettings(settings: GrafanaSettings, env: string): void {
  checkWorkload(settings, `${env}: grafana`);
  checkExternalUrl(settings.externalUrl, env, 'grafana');
  checkDatabase(settings, env);
  checkSso(settings, env);
  checkEscapeHatches(settings, env);
  checkIngressSettings(settings.ingress, env, 'grafana.ingress');
}

/**
 * The address people open Grafana at: `externalUrl`, else its Ingress's URL. Grafana's `root_url`
 * and the base of alerts' `dashboard_url` both read it.
 * @returns undefined when neither is set
 */
export function grafanaExternalUrl(grafana: GrafanaSettings): string | undefined {
  return grafana.externalUrl ?? (grafana.ingress !== undefined ? ingressUrl(grafana.ingress) : undefined);
}
