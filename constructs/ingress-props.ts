/**
 * An Ingress in front of a user-facing component (Grafana, the API): its settings, their checks and
 * the URL it serves. `constructs/ingress.ts` builds it from the component's Service.
 */
import { isIP } from 'node:net';
import { OpenMap, type KeyRecord } from '../config/keys';
import { show } from '../config/units';
import { checkDnsLabel, checkDnsSubdomain, checkLabelSelector, checkSecretName, DNS_SUBDOMAIN, LABEL_KEY_NAME } from './workload-props';

/**
 * Where the certificate comes from: a TLS Secret the operator creates, or a cert-manager issuer that
 * creates one (cert-manager's ingress-shim reads the Ingress's annotation and `tls`).
 */
export type IngressTls =
  /** A Secret of type `kubernetes.io/tls` in the component's namespace (`tls.crt`, `tls.key`). */
  | { readonly secretName: string; readonly clusterIssuer?: never; readonly issuer?: never }
  /** A cert-manager ClusterIssuer: cert-manager keeps the certificate in the Secret `<service>-tls`. */
  | { readonly clusterIssuer: string; readonly secretName?: never; readonly issuer?: never }
  /** A cert-manager Issuer in the component's namespace: cert-manager keeps the certificate in `<service>-tls`. */
  | { readonly issuer: string; readonly secretName?: never; readonly clusterIssuer?: never };

/** The pods of the ingress controller that serves the Ingress. */
export interface IngressController {
  /** Their namespace, e.g. `ingress-nginx`. */
  readonly namespace: string;
  /**
   * Labels that select them.
   * @default - every pod of the namespace
   */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/** An Ingress (networking.k8s.io/v1) that serves a component at `https://<host><path>`. */
export interface IngressSettings {
  /** The host name people open, e.g. `grafana.example.com`; its DNS record points at the ingress controller. */
  readonly host: string;
  /** The IngressClass of the controller that serves it (`kubectl get ingressclass`), e.g. `nginx`. */
  readonly className: string;
  readonly tls: IngressTls;
  /**
   * The controller's pods. With NetworkPolicies on, they (and not `networkPolicies.userSources`) are
   * admitted to the component's port.
   */
  readonly controller: IngressController;
  /**
   * The path prefix it is served under. The Ingress does not strip it: a prefix other than `/` needs
   * the controller to (see README, "Ingress").
   * @default /
   */
  readonly path?: string;
  /**
   * Further annotations for the controller or cert-manager; none may set what a field above sets.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

export const INGRESS_DEFAULT_PATH = '/';

/** The annotations cert-manager's ingress-shim reads to pick the issuer, by the `tls` field that sets them. */
export const CERT_MANAGER_ANNOTATIONS = {
  clusterIssuer: 'cert-manager.io/cluster-issuer',
  issuer: 'cert-manager.io/issuer',
} as const;

/** Annotations that carry what a typed field sets, and that field. */
const TYPED_ANNOTATIONS: Readonly<Record<string, string>> = {
  // The pre-1.18 way of naming the class; controllers honour it over ingressClassName.
  'kubernetes.io/ingress.class': 'className',
  [CERT_MANAGER_ANNOTATIONS.clusterIssuer]: 'tls.clusterIssuer',
  [CERT_MANAGER_ANNOTATIONS.issuer]: 'tls.issuer',
};

/** The keys of an Ingress's settings (it has no default, so all are listed; see config/keys.ts). */
export const INGRESS_KEYS: KeyRecord = {
  host: true,
  className: true,
  tls: { secretName: true, clusterIssuer: true, issuer: true },
  controller: { namespace: true, podLabels: new OpenMap() },
  path: true,
  annotations: new OpenMap(),
};

/** `https://<host><path>`, without a trailing `/`. */
export function ingressUrl(ingress: IngressSettings): string {
  const path = ingress.path ?? INGRESS_DEFAULT_PATH;
  return `https://${ingress.host}${path === '/' ? '' : path}`;
}

const PATH = /^\/([A-Za-z0-9._~!$&'()*+,;=:@%-]+(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*)?$/;
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An Ingress's settings, when given.
 * @param env names the environment in messages, e.g. `environment "prod"`
 * @param field the settings' path, e.g. `grafana.ingress`
 */
export function checkIngressSettings(ingress: IngressSettings | undefined, env: string, field: string): void {
  if (ingress === undefined) return;
  const where = `${env}: ${field}`;
  const example = '{ host: "grafana.example.com", className: "nginx", tls: { clusterIssuer: "letsencrypt" }, controller: { namespace: "ingress-nginx" } }';
  if (!isPlainObject(ingress)) throw new Error(`${where}: expected an Ingress such as ${example}, got ${show(ingress)}.`);
  const missing = (['host', 'className', 'tls', 'controller'] as const).find((field) => ingress[field] === undefined);
  if (missing !== undefined) {
    throw new Error(`${where}.${missing}: missing; an Ingress needs host, className, tls and controller. Give e.g. ${example}, or leave the Ingress out.`);
  }

  const host = ingress.host;
  if (typeof host !== 'string' || !DNS_SUBDOMAIN.test(host) || isIP(host) !== 0) {
    throw new Error(
      `${where}.host: ${show(host)} is not a host name. ` +
        'Give the DNS name people open, in lower case, without scheme, port, path or wildcard, e.g. "grafana.example.com".',
    );
  }
  checkDnsSubdomain(ingress.className, `${where}.className`, 'nginx');

  const path = ingress.path ?? INGRESS_DEFAULT_PATH;
  if (typeof path !== 'string' || !PATH.test(path)) {
    throw new Error(`${where}.path: ${show(path)} is not a path prefix. Give "/" or a path starting with "/", without a trailing "/", query or fragment, e.g. "/grafana".`);
  }

  const tls = ingress.tls as Record<string, unknown>;
  const forms = isPlainObject(tls) ? (['secretName', 'clusterIssuer', 'issuer'] as const).filter((form) => tls[form] !== undefined) : [];
  if (forms.length !== 1) {
    throw new Error(
      `${where}.tls: ${show(tls)} ${forms.length === 0 ? 'names no certificate' : `sets ${forms.join(' and ')}`}. Give exactly one of ` +
        '{ secretName: "grafana-tls" } (a TLS Secret you create), { clusterIssuer: "letsencrypt" } or { issuer: "letsencrypt" } (cert-manager creates the Secret).',
    );
  }
  const form = forms[0];
  if (form === 'secretName') checkSecretName(tls.secretName as string, `${where}.tls.secretName`);
  else checkDnsSubdomain(tls[form] as string, `${where}.tls.${form}`, 'letsencrypt-prod');

  const controller = ingress.controller;
  if (!isPlainObject(controller)) {
    throw new Error(`${where}.controller: expected the ingress controller's pods as { namespace, podLabels }, got ${show(controller)}. Give e.g. { namespace: "ingress-nginx" }.`);
  }
  checkDnsLabel(controller.namespace, `${where}.controller.namespace`);
  checkLabelSelector(controller.podLabels, `${where}.controller.podLabels`);

  checkAnnotations(ingress.annotations, where, field);
}

function checkAnnotations(annotations: IngressSettings['annotations'], where: string, field: string): void {
  if (annotations === undefined) return;
  if (!isPlainObject(annotations)) {
    throw new Error(`${where}.annotations: expected annotations as { name: value }, got ${show(annotations)}. Give e.g. { "nginx.ingress.kubernetes.io/proxy-body-size": "10m" }.`);
  }
  for (const [key, value] of Object.entries(annotations)) {
    const slash = key.lastIndexOf('/');
    const name = key.slice(slash + 1);
    if ((slash >= 0 && !DNS_SUBDOMAIN.test(key.slice(0, slash))) || name.length > 63 || !LABEL_KEY_NAME.test(name)) {
      throw new Error(
        `${where}.annotations: ${show(key)} is not an annotation name. ` +
          'Use an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, "-", "_" and ".", alphanumeric at both ends, e.g. "nginx.ingress.kubernetes.io/proxy-body-size".',
      );
    }
    if (key in TYPED_ANNOTATIONS) {
      throw new Error(
        `${where}.annotations: ${show(key)} (set to ${show(value)}) is what ${field}.${TYPED_ANNOTATIONS[key]} sets. ` +
          `Remove the annotation and set ${field}.${TYPED_ANNOTATIONS[key]} instead.`,
      );
    }
    if (typeof value !== 'string') {
      throw new Error(`${where}.annotations.${key}: ${show(value)} is not a string. Annotation values are strings: quote it, e.g. "${String(value)}".`);
    }
  }
}

/**
 * Two Ingresses of one environment must not claim the same host and path: the controller would serve
 * only one of them.
 * @param ingresses by the field that sets each, e.g. `grafana.ingress`
 */
export function checkIngressRoutes(ingresses: Readonly<Record<string, IngressSettings | undefined>>, env: string): void {
  const seen = new Map<string, string>();
  for (const [field, ingress] of Object.entries(ingresses)) {
    if (ingress === undefined) continue;
    const url = ingressUrl(ingress);
    const other = seen.get(url);
    if (other !== undefined) {
      throw new Error(`${env}: ${field}: ${other} already serves ${url}. Give ${field} a host (or path) of its own.`);
    }
    seen.set(url, field);
  }
}
