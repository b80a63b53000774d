import { DEFAULTS, ENVIRONMENTS, mergeOverrides, resolveEnvironment, selectEnvironments, type EnvironmentDefinition } from '../config';
import { durationToMs, quantityValue } from '../config/units';

// A fixture environment of this test's own: the shipped ones are the user's to change.
const fixture: EnvironmentDefinition = { name: 'fixture', overrides: { cluster: 'fixture' } };

function withOverrides(overrides: EnvironmentDefinition['overrides'], name = fixture.name): EnvironmentDefinition {
  return { name, overrides: mergeOverrides(fixture.overrides, overrides) };
}
const NAMES = ENVIRONMENTS.map((env) => env.name);

describe('environment config', () => {
  test('every configured environment has a name of its own and resolves', () => {
    expect(new Set(NAMES).size).toBe(NAMES.length);
    for (const env of ENVIRONMENTS) expect(resolveEnvironment(env).name).toBe(env.name);
  });

  test('an environment keeps every default it does not override', () => {
    const config = resolveEnvironment(withOverrides({ prometheus: { retention: '9d' } }));
    expect(config.prometheus.retention).toBe('9d');
    expect(config.prometheus.scrapeInterval).toBe(DEFAULTS.prometheus.scrapeInterval);
    expect(config.namespaces).toEqual({ platform: 'agent-platform', monitoring: 'monitoring' });
  });

  test('an override changes only its own field', () => {
    const scaled = resolveEnvironment(withOverrides({ api: { replicas: 3 } }));
    expect(scaled.api.replicas).toBe(3);
    expect(scaled.api.resources).toEqual(resolveEnvironment(fixture).api.resources);
    expect(resolveEnvironment(fixture).api.replicas).toBe(DEFAULTS.api.replicas);
  });

  test('fails when replicas < 1', () => {
    expect(() => resolveEnvironment(withOverrides({ api: { replicas: 0 } }))).toThrow(
      'environment "fixture": api.replicas: replicas must be a whole number of at least 1, got 0. Set it to 1 or more.',
    );
  });

  test('fails when replicas is not a whole number', () => {
    expect(() => resolveEnvironment(withOverrides({ prometheus: { replicas: 1.5 } }))).toThrow(/prometheus\.replicas: .* got 1\.5/);
  });

  test('fails when an image repository is malformed', () => {
    expect(() => resolveEnvironment(withOverrides({ api: { image: { repository: 'Agent Platform/API' } } }))).toThrow(
      'environment "fixture": api.image.repository: "Agent Platform/API" is not an image repository.',
    );
  });

  test('fails when an image is not pinned', () => {
    expect(() => resolveEnvironment(withOverrides({ images: { grafana: { tag: 'latest' } } }))).toThrow(
      'environment "fixture": images.grafana.tag: "latest" is not a pinned version.',
    );
  });

  test('fails when the mirror registry is not a host', () => {
    expect(() => resolveEnvironment(withOverrides({ imageRegistry: 'https://mirror' }))).toThrow(/imageRegistry "https:\/\/mirror" is not a registry host/);
  });

  test('fails when an environment name is unknown', () => {
    expect(() => selectEnvironments(['no-such-env'])).toThrow(
      `unknown environment "no-such-env"; known environments: ${NAMES.join(', ')}. To add one, create config/environments/no-such-env.ts and list it in ENVIRONMENTS in config/index.ts.`,
    );
  });

  test('fails when an environment name is not a DNS label', () => {
    expect(() => resolveEnvironment(withOverrides({}, 'Prod_EU'))).toThrow('environment "Prod_EU": name: "Prod_EU" is not a valid name.');
  });

  test('fails when a duration is malformed', () => {
    expect(() => resolveEnvironment(withOverrides({ prometheus: { retention: '15 days' } }))).toThrow(
      'environment "fixture": prometheus.retention: invalid duration "15 days".',
    );
  });

  test('fails when a memory limit is below its request', () => {
    expect(() =>
      resolveEnvironment(withOverrides({ loki: { resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '1Gi' } } } })),
    ).toThrow('environment "fixture": loki.resources.limits.memory: 1Gi is below the request 2Gi. Raise the limit to at least the request.');
  });

  test('fails when a quantity is malformed', () => {
    expect(() => resolveEnvironment(withOverrides({ grafana: { storage: { size: '10 GB' } } }))).toThrow(
      'environment "fixture": grafana.storage.size: invalid quantity "10 GB".',
    );
  });

  test('fails when both namespaces have the same name', () => {
    expect(() => resolveEnvironment(withOverrides({ namespaces: { monitoring: 'agent-platform' } }))).toThrow(/Give them different names/);
  });
});

describe('units', () => {
  test.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['30d', 2_592_000_000],
    ['250ms', 250],
  ])('duration %s is %d ms', (value, ms) => {
    expect(durationToMs(value, 'test')).toBe(ms);
  });

  test.each([
    ['250m', 0.25],
    ['2', 2],
    ['256Mi', 268_435_456],
    ['1G', 1e9],
  ])('quantity %s is %d', (value, expected) => {
    expect(quantityValue(value, 'test')).toBeCloseTo(expected);
  });
});
