/**
 * Every environment's Loki configuration, as its ConfigMap ships it, checked by the real Loki
 * (`loki -verify-config -target=<t>`) for every target its pods run (`all`, or `write`, `read` and
 * `backend`), and two broken configs proving the check rejects what it must.
 * The LogQL panels are proven on a running Loki in test/dashboards/logql-panels.test.ts.
 */
import { toYaml } from '../lib/yaml';
import { lokiTargets, shippedLokiConfig, verifyLokiConfig } from './support/loki';
import { ENVIRONMENT_NAMES } from './support/synth';
import { describeWithEngines } from './support/toolchain';

describeWithEngines('loki -verify-config', ['loki'], () => {
  const runs = ENVIRONMENT_NAMES.flatMap((env) => lokiTargets(env).map((target) => [env, target] as const));

  test('checks every target of every environment, the simple scalable ones included', () => {
    expect(new Set(runs.map(([, target]) => target))).toEqual(new Set(['all', 'write', 'read', 'backend']));
  });

  test.each(runs)('the %s config is valid for -target=%s', (env, target) => {
    const result = verifyLokiConfig(shippedLokiConfig(env).text, target);
    expect(result.output).toContain('config is valid');
    expect(result.status).toBe(0);
  });

  test('fails on a key Loki 3 does not know (the design’s enforce_metric_name)', () => {
    const { file } = shippedLokiConfig('dev');
    const result = verifyLokiConfig(toYaml({ ...file, limits_config: { ...file.limits_config, enforce_metric_name: false } }));
    expect(result.output).toContain('field enforce_metric_name not found');
    expect(result.status).not.toBe(0);
  });

  test('fails on retention without a delete request store', () => {
    const { file } = shippedLokiConfig('dev');
    const { delete_request_store: _dropped, ...compactor } = file.compactor;
    const result = verifyLokiConfig(toYaml({ ...file, compactor }));
    expect(result.output).toContain('delete-request-store should be configured when retention is enabled');
    expect(result.status).not.toBe(0);
  });
});
