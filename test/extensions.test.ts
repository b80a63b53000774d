/**
 * The environment config's extension points beyond rules: extra scrape targets, extra dashboards
 * and the image mirror. Their happy paths are the README recipes (test/recipes.test.ts); here, the
 * mistakes each one must refuse with a message that says what to fix.
 */
import type { EnvironmentConfig, EnvironmentDefinition } from '../config';
import { buildDashboard, DASHBOARD_UIDS, defaultDashboard, FOLDERS } from '../dashboards';
import { configWith, synth } from './support/synth';

function define(overrides: EnvironmentDefinition['overrides']): EnvironmentConfig {
  return configWith('prod', overrides);
}

const worker = { job: 'agent-worker', namespace: 'agent-platform', podLabels: { 'app.kubernetes.io/name': 'agent-worker' }, port: { name: 'metrics', port: 9400 } };

describe('prometheus.extraScrapeTargets', () => {
  test('fails when a target selects no labels', () => {
    expect(() => define({ prometheus: { extraScrapeTargets: [{ ...worker, podLabels: {} }] } })).toThrow(
      'environment "prod": prometheus.extraScrapeTargets[0] (job "agent-worker").podLabels: no labels given, which would scrape every pod of namespace agent-platform. ' +
        "Give the labels that select the exporter's pods.",
    );
  });

  test('fails when the port is not a named container port', () => {
    expect(() => define({ prometheus: { extraScrapeTargets: [{ ...worker, port: { name: 'Worker_Metrics', port: 9400 } }] } })).toThrow(
      'environment "prod": prometheus.extraScrapeTargets[0] (job "agent-worker").port: {"name":"Worker_Metrics","port":9400} is not a named container port.',
    );
    expect(() => define({ prometheus: { extraScrapeTargets: [{ ...worker, port: { name: 'metrics', port: 70000 } }] } })).toThrow(/\.port: .* is not a named container port/);
  });

  test('fails when the namespace is not a namespace name', () => {
    expect(() => define({ prometheus: { extraScrapeTargets: [{ ...worker, namespace: 'Agent Platform' }] } })).toThrow(
      'environment "prod": prometheus.extraScrapeTargets[0] (job "agent-worker").namespace: "Agent Platform" is not a valid name.',
    );
  });

  test('fails when the job is empty', () => {
    expect(() => define({ prometheus: { extraScrapeTargets: [{ ...worker, job: ' ' }] } })).toThrow(
      'environment "prod": prometheus.extraScrapeTargets[0] (job " ").job: " " is not a job name. Give the job label of its series, e.g. "worker".',
    );
  });

  test("fails when the job is one of the stack's", () => {
    expect(() => synth('prod', define({ prometheus: { extraScrapeTargets: [{ ...worker, job: 'api' }] } }))).toThrow(
      'prometheus scrape targets: job "api" is defined twice.',
    );
  });
});

describe('grafana.extraDashboards', () => {
  test("fails when a dashboard reuses a platform dashboard's uid", () => {
    const copy = buildDashboard(
      defaultDashboard('My Overview', { uid: DASHBOARD_UIDS.systemOverview, tags: [], from: 'now-1h', refresh: '1m', description: 'A copy.' }),
    );
    expect(() => synth('prod', define({ grafana: { extraDashboards: [{ folder: FOLDERS.platform, dashboard: copy }] } }))).toThrow(
      `dashboards "Agent Platform - System Overview" and "My Overview" both have uid "${DASHBOARD_UIDS.systemOverview}". Give each dashboard its own uid in DASHBOARD_UIDS.`,
    );
  });
});

describe('imageRegistry', () => {
  test('accepts a host with a path prefix', () => {
    const { objects } = synth('prod', define({ imageRegistry: 'harbor.example.com/upstream' }));
    const grafana = objects.find((o) => o.metadata.name === 'grafana' && ['Deployment', 'StatefulSet'].includes(o.kind))!;
    expect(grafana.spec.template.spec.containers[0].image).toMatch(/^harbor\.example\.com\/upstream\/grafana\/grafana:/);
  });

  test('fails when the mirror ends with a slash', () => {
    expect(() => define({ imageRegistry: 'harbor.example.com/upstream/' })).toThrow(
      'environment "prod": imageRegistry "harbor.example.com/upstream/" is not a registry host. ' +
        'Use a host such as "mirror.example.com:5000", optionally followed by a path prefix such as "harbor.example.com/upstream", without scheme or trailing "/".',
    );
  });
});
