/**
 * The Ingresses of Grafana and the API (`<component>.ingress`): built from the component's own
 * Service and port, TLS from a Secret or a cert-manager issuer, and Grafana's external URL following
 * the host. test/apiserver.test.ts applies every environment's Ingresses to a real API server, and
 * test/network-policies.test.ts proves who reaches a component behind one.
 */
import { App, Chart } from 'cdk8s';
import { compileEnvironment, type EnvironmentConfig } from '../config';
import { grafanaExternalUrl } from '../constructs/grafana-props';
import { COMPONENTS } from '../constructs/identity';
import { ComponentIngress } from '../constructs/ingress';
import type { IngressSettings } from '../constructs/ingress-props';
import * as k8s from '../imports/k8s';
import { DASHBOARD_URL_ANNOTATION } from '../rules';
import { configWith, ENVIRONMENT_NAMES, synth, type K8sObject } from './support/synth';

const USER_FACING = [
  { component: 'grafana', chart: 'grafana' },
  { component: 'api', chart: 'api' },
] as const;

const CONTROLLER = { namespace: 'ingress-nginx' };

/** A Service of the test's own, and an Ingress built from it alone in a chart. */
function ingressAlone(settings: IngressSettings, port = { name: 'web', port: 8080 }): { construct: ComponentIngress; ingress: K8sObject } {
  const chart = new Chart(new App(), 'test');
  const service = new k8s.KubeService(chart, 'Service', {
    metadata: { name: 'dashboards', namespace: 'ops', labels: { 'app.kubernetes.io/name': 'dashboards' } },
    spec: { selector: { app: 'dashboards' }, ports: [{ name: 'web', port: 8080, targetPort: k8s.IntOrString.fromString('web') }] },
  });
  const construct = new ComponentIngress(chart, 'Ingress', { settings, service, port });
  return { construct, ingress: (chart.toJson() as K8sObject[]).find((o) => o.kind === 'Ingress')! };
}

const dashboardUrls = (config: EnvironmentConfig): string[] =>
  compileEnvironment(config).ruleGroups.flatMap((g) => g.file.groups[0].rules.map((r) => r.annotations?.[DASHBOARD_URL_ANNOTATION] ?? '')).filter((url) => url !== '');

/** Grafana's workload: a StatefulSet on SQLite, a Deployment on PostgreSQL. */
const rootUrl = (objects: K8sObject[]): string | undefined =>
  objects
    .find((o) => (o.kind === 'StatefulSet' || o.kind === 'Deployment') && o.metadata.name === 'grafana')!
    .spec.template.spec.containers[0].env.find((e: any) => e.name === 'GF_SERVER_ROOT_URL')?.value;

describe.each(ENVIRONMENT_NAMES)('%s', (env) => {
  const { config, stack, charts } = synth(env);

  test.each(USER_FACING)('$component: an Ingress exactly when the environment gives one, routed to its own Service and port', ({ component, chart }) => {
    const settings = config[component].ingress;
    const ingresses = charts.find((c) => c.id === chart)!.objects.filter((o) => o.kind === 'Ingress');
    expect(ingresses).toHaveLength(settings === undefined ? 0 : 1);
    if (settings === undefined) return;
    const [ingress] = ingresses;
    const service = stack[component].service.toJson();
    expect(ingress.metadata).toMatchObject({ name: service.metadata.name, namespace: service.metadata.namespace, labels: service.metadata.labels });
    expect(ingress.spec.ingressClassName).toBe(settings.className);
    const [rule] = ingress.spec.rules;
    expect(rule.host).toBe(settings.host);
    expect(rule.http.paths).toEqual([{ path: settings.path ?? '/', pathType: 'Prefix', backend: { service: { name: service.metadata.name, port: { name: COMPONENTS[component].ports.http.name } } } }]);
    // The Service publishes that port and sends it to the component's http container port.
    expect(service.spec.ports).toContainEqual(expect.objectContaining({ name: rule.http.paths[0].backend.service.port.name, targetPort: COMPONENTS[component].ports.http.name }));
    expect(ingress.spec.tls).toEqual([{ hosts: [settings.host], secretName: settings.tls.secretName ?? `${service.metadata.name}-tls` }]);
  });

  test("Grafana's root_url and every alert's dashboard_url start with the one external URL", () => {
    const external = grafanaExternalUrl(config.grafana);
    expect(rootUrl(synth(env).objects)).toBe(external);
    if (config.grafana.ingress !== undefined && config.grafana.externalUrl === undefined) {
      const path = config.grafana.ingress.path ?? '/';
      expect(external).toBe(`https://${config.grafana.ingress.host}${path === '/' ? '' : path}`);
    }
    const urls = dashboardUrls(config);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url.startsWith(`${external ?? ''}/d/`)).toBe(true);
  });
});

describe('ComponentIngress', () => {
  const base: IngressSettings = { host: 'dashboards.example.com', className: 'traefik', tls: { secretName: 'dashboards-cert' }, controller: CONTROLLER };

  test('takes its name, namespace, labels and backend from the Service it is given', () => {
    const { ingress, construct } = ingressAlone(base);
    expect(ingress.metadata).toEqual({ name: 'dashboards', namespace: 'ops', labels: { 'app.kubernetes.io/name': 'dashboards' } });
    expect(ingress.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'dashboards', port: { name: 'web' } } });
    expect(construct.url).toBe('https://dashboards.example.com');
  });

  test('an existing Secret: named in tls, no cert-manager annotation', () => {
    const { ingress, construct } = ingressAlone(base);
    expect(ingress.spec.tls).toEqual([{ hosts: ['dashboards.example.com'], secretName: 'dashboards-cert' }]);
    expect(construct.tlsSecretName).toBe('dashboards-cert');
    expect(ingress.metadata.annotations).toBeUndefined();
  });

  test.each([
    ['a ClusterIssuer', { clusterIssuer: 'letsencrypt-prod' }, 'cert-manager.io/cluster-issuer', 'letsencrypt-prod'],
    ['an Issuer', { issuer: 'internal-ca' }, 'cert-manager.io/issuer', 'internal-ca'],
  ] as const)('%s: its annotation, and the Secret cert-manager creates named after the Service', (_, tls, annotation, issuer) => {
    const { ingress } = ingressAlone({ ...base, tls });
    expect(ingress.metadata.annotations).toEqual({ [annotation]: issuer });
    expect(ingress.spec.tls).toEqual([{ hosts: ['dashboards.example.com'], secretName: 'dashboards-tls' }]);
  });

  test('the class, a path and extra annotations beside the issuer', () => {
    const annotations = { 'traefik.ingress.kubernetes.io/router.middlewares': 'ops-strip-prefix@kubernetescrd', 'cert-manager.io/duration': '2160h' };
    const { ingress, construct } = ingressAlone({ ...base, path: '/dashboards', tls: { clusterIssuer: 'letsencrypt' }, annotations });
    expect(ingress.spec.ingressClassName).toBe('traefik');
    expect(ingress.spec.rules[0].http.paths[0]).toMatchObject({ path: '/dashboards', pathType: 'Prefix' });
    expect(ingress.metadata.annotations).toEqual({ ...annotations, 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(construct.url).toBe('https://dashboards.example.com/dashboards');
  });

  test('fails when the Service does not publish the port', () => {
    expect(() => ingressAlone(base, { name: 'http', port: 3000 })).toThrow(
      'Ingress test/Ingress: Service ops/dashboards publishes no port named "http" (it publishes "web"). Route to one of the component\'s own ports.',
    );
  });
});

describe("Grafana's external URL follows its Ingress", () => {
  const ingress = { host: 'ops.test.example', className: 'nginx', tls: { issuer: 'ca' }, controller: CONTROLLER, path: '/grafana' };

  test('without externalUrl: https://<host><path>, in root_url and in every dashboard_url', () => {
    const config = configWith('dev', { grafana: { ingress } });
    expect(rootUrl(synth('dev-grafana-ingress', config).objects)).toBe('https://ops.test.example/grafana');
    for (const url of dashboardUrls(config)) expect(url).toMatch(/^https:\/\/ops\.test\.example\/grafana\/d\/[\w-]+\?viewPanel=panel-\d+$/);
  });

  test('externalUrl wins over the Ingress in both', () => {
    const config = configWith('dev', { grafana: { ingress, externalUrl: 'https://grafana.corp.example' } });
    expect(rootUrl(synth('dev-grafana-external', config).objects)).toBe('https://grafana.corp.example');
    for (const url of dashboardUrls(config)) expect(url.startsWith('https://grafana.corp.example/d/')).toBe(true);
  });
});

describe('fails when', () => {
  const valid = { host: 'grafana.test.example', className: 'nginx', tls: { clusterIssuer: 'letsencrypt' }, controller: CONTROLLER };
  const attempt = (component: 'grafana' | 'api', ingress: Record<string, unknown>) => () => configWith('dev', { [component]: { ingress } });

  test.each([
    ['a scheme', 'https://grafana.example.com'],
    ['upper case', 'Grafana.example.com'],
    ['a port', 'grafana.example.com:443'],
    ['a wildcard', '*.example.com'],
    ['an IP address', '203.0.113.10'],
  ])('the host has %s', (_, host) => {
    expect(attempt('grafana', { ...valid, host })).toThrow(
      `environment "dev": grafana.ingress.host: ${JSON.stringify(host)} is not a host name. ` +
        'Give the DNS name people open, in lower case, without scheme, port, path or wildcard, e.g. "grafana.example.com".',
    );
  });

  test('the TLS names both a Secret and an issuer', () => {
    expect(attempt('api', { ...valid, tls: { secretName: 'api-cert', clusterIssuer: 'letsencrypt' } })).toThrow(
      'environment "dev": api.ingress.tls: {"secretName":"api-cert","clusterIssuer":"letsencrypt"} sets secretName and clusterIssuer. Give exactly one of ' +
        '{ secretName: "grafana-tls" } (a TLS Secret you create), { clusterIssuer: "letsencrypt" } or { issuer: "letsencrypt" } (cert-manager creates the Secret).',
    );
  });

  test('the TLS names no certificate', () => {
    expect(attempt('api', { ...valid, tls: {} })).toThrow('environment "dev": api.ingress.tls: {} names no certificate. Give exactly one of');
  });

  test.each(['className', 'host', 'tls', 'controller'])('%s is missing', (field) => {
    const { [field as keyof typeof valid]: _, ...rest } = valid;
    expect(attempt('grafana', rest)).toThrow(
      `environment "dev": grafana.ingress.${field}: missing; an Ingress needs host, className, tls and controller. Give e.g. { host: "grafana.example.com", className: "nginx"`,
    );
  });

  test.each([
    ['kubernetes.io/ingress.class', 'className'],
    ['cert-manager.io/cluster-issuer', 'tls.clusterIssuer'],
    ['cert-manager.io/issuer', 'tls.issuer'],
  ])('an annotation %s carries what %s sets', (annotation, field) => {
    expect(attempt('api', { ...valid, annotations: { [annotation]: 'other' } })).toThrow(
      `environment "dev": api.ingress.annotations: "${annotation}" (set to "other") is what api.ingress.${field} sets. Remove the annotation and set api.ingress.${field} instead.`,
    );
  });

  test('an annotation name is not one Kubernetes accepts, or its value is not a string', () => {
    expect(attempt('api', { ...valid, annotations: { 'proxy body size': '10m' } })).toThrow('environment "dev": api.ingress.annotations: "proxy body size" is not an annotation name.');
    expect(attempt('api', { ...valid, annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': 10 } })).toThrow(
      'environment "dev": api.ingress.annotations.nginx.ingress.kubernetes.io/proxy-body-size: 10 is not a string.',
    );
  });

  test.each(['grafana', '/grafana/', '/grafana?x=1'])('the path %s is not a path prefix', (path) => {
    expect(attempt('grafana', { ...valid, path })).toThrow(`environment "dev": grafana.ingress.path: ${JSON.stringify(path)} is not a path prefix.`);
  });

  test('the class, the Secret or the controller namespace is not a Kubernetes name', () => {
    expect(attempt('grafana', { ...valid, className: 'NGINX' })).toThrow('environment "dev": grafana.ingress.className: "NGINX" is not a valid name.');
    expect(attempt('grafana', { ...valid, tls: { secretName: 'Grafana_TLS' } })).toThrow('environment "dev": grafana.ingress.tls.secretName: "Grafana_TLS" is not a Secret name.');
    expect(attempt('grafana', { ...valid, controller: { namespace: 'Ingress NGINX' } })).toThrow('environment "dev": grafana.ingress.controller.namespace: "Ingress NGINX" is not a valid name.');
  });

  test('Grafana and the API claim the same host and path', () => {
    expect(() => configWith('dev', { grafana: { ingress: valid }, api: { ingress: valid } })).toThrow(
      'environment "dev": api.ingress: grafana.ingress already serves https://grafana.test.example. Give api.ingress a host (or path) of its own.',
    );
    expect(() => configWith('dev', { grafana: { ingress: valid }, api: { ingress: { ...valid, path: '/api' } } })).not.toThrow();
  });

  test('a key is misspelt', () => {
    expect(attempt('grafana', { ...valid, tls: { clusterIsuer: 'letsencrypt' } })).toThrow(
      'environment "dev": grafana.ingress.tls.clusterIsuer: unknown key "clusterIsuer" (set to "letsencrypt"). Did you mean "clusterIssuer"?',
    );
  });
});
