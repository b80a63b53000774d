import { PlatformApi } from '../constructs/api';
import { apiReplicas } from '../constructs/api-props';
import { pinnedImage, RESTRICTED_CONTAINER_SECURITY_CONTEXT } from './support/objects';
import { configFor, configWith, ENVIRONMENT_NAMES, find, synth, synthAlone } from './support/synth';

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

  test('replicas and resources come from the environment config; under an autoscaler the Deployment holds no count', () => {
    for (const env of ENVIRONMENT_NAMES) {
      const config = configFor(env);
      const { deployment, container } = apiContainer(env);
      expect(deployment.spec.replicas).toBe(config.api.autoscaling.enabled ? undefined : config.api.replicas);
      expect(container.resources.requests).toEqual(config.api.resources.requests);
      expect(container.image).toBe(pinnedImage(config, config.api.image));
    }
  });

  test('a PodDisruptionBudget exists only with more than one replica', () => {
    const pdb = (env: string) => synth(env).objects.filter((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'agent-platform-api');
    expect(pdb('dev')).toHaveLength(0);
    expect(apiReplicas(configFor('prod').api)).toBeGreaterThan(1);
    expect(pdb('prod')).toHaveLength(1);
    expect(pdb('prod')[0].spec.selector.matchLabels).toEqual(apiContainer('prod').deployment.spec.selector.matchLabels);
  });

  test('autoscaling: a HorizontalPodAutoscaler on CPU owns the count, and the budget and spread follow its minimum', () => {
    const autoscaling = { enabled: true, minReplicas: 2, maxReplicas: 5, targetCpuUtilization: 60 };
    const { objects } = synth('autoscaled', configWith('dev', { api: { autoscaling } }));
    const deployment = find(objects, 'Deployment', 'agent-platform-api', 'agent-platform');
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'agent-platform-api', 'agent-platform');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: deployment.apiVersion, kind: deployment.kind, name: deployment.metadata.name },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    });
    // A count in the manifest would undo the autoscaler's at every apply.
    expect(deployment.spec.replicas).toBeUndefined();
    // Utilization is relative to the request: every container of the pods has one.
    for (const c of deployment.spec.template.spec.containers) expect(c.resources.requests.cpu).toBeDefined();
    const pdb = find(objects, 'PodDisruptionBudget', 'agent-platform-api', 'agent-platform');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: deployment.spec.selector });
    expect(deployment.spec.template.spec.topologySpreadConstraints).toHaveLength(1);
  });

  test.each(ENVIRONMENT_NAMES)('%s: an autoscaler exactly when the environment enables one, targeting the API Deployment', (env) => {
    const { objects, config } = synth(env);
    const autoscalers = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(autoscalers.map((o) => o.spec.scaleTargetRef)).toEqual(
      config.api.autoscaling.enabled ? [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'agent-platform-api' }] : [],
    );
  });

  test('fails when autoscaling keeps fewer than two replicas, or replicas is set beside it', () => {
    expect(() => configWith('prod', { api: { autoscaling: { minReplicas: 1 } } })).toThrow(
      'environment "prod": api.autoscaling.minReplicas: 1 is not a whole number of at least 2.',
    );
    expect(() => configWith('prod', { api: { replicas: 4 } })).toThrow(
      'environment "prod": api.replicas: 4 is not used while api.autoscaling is enabled: the autoscaler sets the count between minReplicas and maxReplicas. ' +
        'Remove api.replicas, and set api.autoscaling.minReplicas (now 3) to the fewest replicas you want.',
    );
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
