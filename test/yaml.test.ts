import * as fs from 'node:fs';
import * as path from 'node:path';
import { toYaml } from '../lib/yaml';

const root = path.join(__dirname, '..');

describe('toYaml', () => {
  test('keeps the declared key order, writes shared objects out in full and never folds a line', () => {
    const shared = { source_labels: ['__meta_kubernetes_namespace'], action: 'keep' };
    const expr = `sum by (le) (rate(http_request_duration_seconds_bucket{job="api",namespace="agent-platform"}[5m])) > ${'0'.repeat(120)}`;
    expect(toYaml({ zeta: 1, alpha: { expr }, first: shared, second: shared })).toBe(
      [
        'zeta: 1',
        'alpha:',
        `  expr: ${expr}`,
        'first:',
        '  source_labels:',
        '    - __meta_kubernetes_namespace',
        '  action: keep',
        'second:',
        '  source_labels:',
        '    - __meta_kubernetes_namespace',
        '  action: keep',
        '',
      ].join('\n'),
    );
  });

  test('is the only YAML serialisation outside the tests', () => {
    const sources = ['main.ts', ...['config', 'constructs', 'dashboards', 'lib', 'metrics', 'rules', 'scripts', 'slos'].flatMap((dir) => filesUnder(dir))];
    // Reading YAML (the synth's volume check reads the previous output) is not serialising it.
    const dumps = /\byaml\.dump\(|\bdump\b[^;]*(from 'js-yaml'|require\('js-yaml'\))/;
    const serialising = sources.filter((file) => dumps.test(fs.readFileSync(path.join(root, file), 'utf8')));
    expect(serialising).toEqual(['lib/yaml.ts']);
  });
});

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true })
    .map(String)
    .filter((file) => /\.(ts|js)$/.test(file))
    .map((file) => path.join(dir, file));
}
