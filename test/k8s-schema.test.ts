import { k8sValidator } from './support/k8s-schema';

// The strict validator must itself reject what the API server would drop or refuse.
describe('strict Kubernetes schema validation', () => {
  const validator = k8sValidator('1.28.0');
  const deployment = (container: Record<string, unknown>) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'x' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i:1', ...container }] } } },
  });

  test('accepts a valid object', () => {
    expect(validator.validate(deployment({ ports: [{ containerPort: 80 }] }))).toEqual([]);
  });

  test('fails on a misspelt field', () => {
    expect(validator.validate(deployment({ livenesProbe: {} }))).toEqual([
      'Deployment/x.spec.template.spec.containers[0].livenesProbe: unknown field (not in the 1.28.0 schema)',
    ]);
  });

  test('fails on a wrong type and a missing required field', () => {
    const problems = validator.validate(deployment({ ports: [{ containerPort: '80' }], name: undefined }));
    expect(problems).toContain('Deployment/x.spec.template.spec.containers[0].ports[0].containerPort: expected integer, got "80"');
  });

  test('fails on a kind the API does not have', () => {
    expect(validator.validate({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'x' } })).toEqual([
      'monitoring.coreos.com/v1/PrometheusRule is not a kind of Kubernetes 1.28.0',
    ]);
  });
});
