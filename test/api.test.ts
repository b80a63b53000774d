import { PlatformApi } from '../constructs/api';
import { pinnedImage, RESTRICTED_CONTAINER_SECURITY_CONTEXT } from './support/objects';
import { configFor, ENVIRONMENT_NAMES, find, synth, synthAlone } from './support/synth';

// The probes of the design's kubernetes/deployment.yaml, written out here on purpose: the test
// states the contract independently of the constants the construct uses.
const SEED_PROBES = {
  livenessProbe: { httpGet: { path: '/live', port: 8000 }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 },
  readinessProbe: { httpGet: { path: '/ready', port: 8000 }, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 3 },
  startupProbe: { httpGet: { path: '/health', port: 8000 }, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 30 },
};

function apiContainer(env: string) {
  const deployment = find(synth(env).objects, 'Deployment', 'agent-platform-api', 'agent-platform');
  return { deployment, container: deployment.spec.template.spec.containers[0] };
}

describe('PlatformApi', () => {
  test.each(ENVIRONMENT_NAMES)('%s: the three probes match the design exactly', (env) => {
    const { container } = apiContainer(env);
    expect({
      livenessProbe: container.livenessProbe,
      readinessProbe: container.readinessProbe,
      startupProbe: container.startupProbe,
    }).toEqual(SEED_PROBES);
  });

  test.each(ENVIRONMENT_NAMES)('%s: exposes port 8000 and runs under the restricted profile', (env) => {
    const { deployment, container } = apiContainer(env);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    expect(container.securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(deployment.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('replicas and resources come from the environment config', () => {
    for (const env of ENVIRONMENT_NAMES) {
      const config = configFor(env);
      const { deployment, container } = apiContainer(env);
      expect(deployment.spec.replicas).toBe(config.api.replicas);
      expect(container.resources.requests).toEqual(config.api.resources.requests);
      expect(container.image).toBe(pinnedImage(config, config.api.image));
    }
  });

  test('a PodDisruptionBudget exists only with more than one replica', () => {
    const pdb = (env: string) => synth(env).objects.filter((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'agent-platform-api');
    expect(pdb('dev')).toHaveLength(0);
    expect(configFor('prod').api.replicas).toBeGreaterThan(1);
    expect(pdb('prod')).toHaveLength(1);
    expect(pdb('prod')[0].spec.selector.matchLabels).toEqual(apiContainer('prod').deployment.spec.selector.matchLabels);
  });

  test('the Service targets the http port of the API pods', () => {
    const service = find(synth('dev').objects, 'Service', 'agent-platform-api', 'agent-platform');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8000, targetPort: 'http', protocol: 'TCP' }]);
    expect(service.spec.selector).toEqual(apiContainer('dev').deployment.spec.selector.matchLabels);
  });

  test('tracing sets the OpenTelemetry environment', () => {
    const { objects } = synthAlone(PlatformApi, { config: configFor('staging'), tracing: { otlpEndpoint: 'http://collector:4318', protocol: 'http/protobuf' } });
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    const env = Object.fromEntries(deployment.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://collector:4318');
    expect(env.OTEL_SERVICE_NAME).toBe('agent-platform-api');
    // Traces carry the name of the Deployment and Service that produce them.
    expect(env.OTEL_SERVICE_NAME).toBe(deployment.metadata.name);
    expect(env.OTEL_RESOURCE_ATTRIBUTES).toContain('deployment.environment.name=staging');
  });

  test('pods carry the app label the log queries select on', () => {
    const { deployment } = apiContainer('dev');
    expect(deployment.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('agent-platform');
  });
});
