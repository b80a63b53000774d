import { podDiscoveryOf } from '../constructs/prometheus-props';
import { KubeApiServer } from './support/kube-apiserver';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT } from './support/objects';
import { Servers } from './support/servers';
import { configWith, ENVIRONMENT_NAMES, synth, type K8sObject } from './support/synth';
import { describeWithEngines } from './support/toolchain';

const isNamespace = (o: K8sObject) => o.kind === 'Namespace';

/**
 * The namespaces an environment ships, which are created for real, and everything else, which is only
 * dry-run. Teams' namespaces whose pods opt in to scraping are theirs and exist before the stack is
 * applied (README, "Scrape your pods without changing this repository"): they are created as they
 * would be, plain.
 */
function split(env: string): { namespaces: K8sObject[]; rest: K8sObject[] } {
  const { objects, config } = synth(env);
  const shipped = objects.filter(isNamespace);
  const teams = (podDiscoveryOf(config.prometheus)?.namespaces ?? [])
    .filter((name) => !shipped.some((ns) => ns.metadata.name === name))
    .map((name): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  return { namespaces: [...shipped, ...teams], rest: objects.filter((o) => !isNamespace(o)) };
}

describeWithEngines('every manifest on a real Kubernetes API server', ['kube-apiserver', 'etcd'], () => {
  const servers = new Servers();
  let apiServer: KubeApiServer | undefined;

  beforeAll(async () => {
    apiServer = await KubeApiServer.start(servers);
  }, 90_000);

  afterAll(async () => {
    await servers.stopAll();
    apiServer?.remove();
  });

  // Environments may share namespace names with other labels, so each creates its own just before its check.
  test.each(ENVIRONMENT_NAMES.map((env) => [env, split(env).rest.length, split(env).namespaces.length]))(
    '%s: the API server accepts all %i objects in its %i namespaces with no rejection and no warning',
    async (env) => {
      const { namespaces, rest } = split(env);
      await apiServer!.applyNamespaces(namespaces);
      expect(await apiServer!.dryRunProblems(rest)).toEqual([]);
    },
  );

  // The environments' Ingresses use a ClusterIssuer at the root path; the other forms the settings allow, here.
  test('Ingresses with a TLS Secret, an Issuer, a path and extra annotations are accepted too', async () => {
    const controller = { namespace: 'ingress-nginx' };
    const config = configWith('dev', {
      grafana: { ingress: { host: 'ops.example.com', path: '/grafana', className: 'nginx', tls: { secretName: 'ops-cert' }, controller, annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '10m' } } },
      api: { ingress: { host: 'api.example.com', className: 'nginx', tls: { issuer: 'internal-ca' }, controller, annotations: { 'cert-manager.io/duration': '2160h' } } },
    });
    const { objects } = synth('dev-ingress-forms', config);
    const ingresses = objects.filter((o) => o.kind === 'Ingress');
    expect(ingresses).toHaveLength(2);
    await apiServer!.applyNamespaces(objects.filter(isNamespace));
    expect(await apiServer!.dryRunProblems(ingresses)).toEqual([]);
  });

  describe('the same check fails on a deliberately bad object', () => {
    // A restricted namespace the stack ships, so that its own Pod Security labels are what warns.
    const env = ENVIRONMENT_NAMES[0];
    const restricted = split(env).namespaces.find((ns) => ns.metadata.labels?.['pod-security.kubernetes.io/warn'] === 'restricted');
    /** A Deployment that meets `restricted` until `pod` or `container` fields are merged in. */
    const deployment = (name: string, pod: Record<string, unknown> = {}, container: Record<string, unknown> = {}) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: restricted?.metadata.name },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9', securityContext: { ...RESTRICTED_CONTAINER_SECURITY_CONTEXT, ...container } }],
            ...pod,
          },
        },
      },
    });

    // All four in one dry-run (one kubectl start-up): between them, the two tests below account for
    // every line kubectl printed, so the good Deployment drew nothing and each bad one only its own.
    let problems: string[] = [];
    beforeAll(async () => {
      if (!restricted) throw new Error(`${env} ships no namespace with pod-security.kubernetes.io/warn=restricted`);
      await apiServer!.applyNamespaces([restricted]);
      problems = await apiServer!.dryRunProblems([
        deployment('good'),
        deployment('misspelt', { restartPolicyy: 'Always' }),
        deployment('host-network', { hostNetwork: true }),
        // Validation refuses privileged without privilege escalation, so both go together.
        deployment('privileged', {}, { privileged: true, allowPrivilegeEscalation: true }),
      ]);
    });
    const isWarning = (line: string) => line.startsWith('Warning: ');

    test('an unknown field, refused by strict field validation (and only that object: the same Deployment, not made bad, passes)', () => {
      expect(problems.filter((line) => !isWarning(line))).toEqual([expect.stringMatching(/^Error from server \(BadRequest\).*unknown field "spec\.template\.spec\.restartPolicyy"/)]);
    });

    test('hostNetwork, and a privileged container, in a restricted namespace: admitted, but each with its Pod Security warning', () => {
      expect(problems.filter(isWarning).sort()).toEqual(
        [
          'host namespaces (hostNetwork=true)',
          'privileged (container "c" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false)',
        ].map((violation) => `Warning: would violate PodSecurity "restricted:latest": ${violation}`).sort(),
      );
    });
  });
});
