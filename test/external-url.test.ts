/**
 * `prometheus.externalUrl` and `alertmanager.externalUrl`: the address people open each at, which the
 * links in notifications start with. `test/integration/pipeline.test.ts` runs the real binaries with
 * these flags and checks the links they send.
 */
import { configWith, ENVIRONMENT_NAMES, find, synth } from './support/synth';

const COMPONENTS = [
  { component: 'prometheus', container: 'prometheus' },
  { component: 'alertmanager', container: 'alertmanager' },
] as const;

function containers(objects: ReturnType<typeof synth>['objects'], component: string): any[] {
  return find(objects, 'StatefulSet', component, 'monitoring').spec.template.spec.containers;
}

const webFlags = (args: string[]) => args.filter((a) => a.startsWith('--web.external-url') || a.startsWith('--web.route-prefix'));

describe.each(COMPONENTS)('$component', ({ component, container }) => {
  test.each(ENVIRONMENT_NAMES)('%s sets no external URL or route prefix: links stay as they were', (env) => {
    const main = containers(synth(env).objects, component).find((c) => c.name === container);
    expect(webFlags(main.args)).toEqual([]);
  });

  test('an external URL with a path is passed on, with routes kept at / so the probes stay valid', () => {
    const externalUrl = `https://ops.example.com/${component}`;
    const { objects } = synth(`${component}-external-url`, configWith('prod', { [component]: { externalUrl } }));
    const all = containers(objects, component);
    const main = all.find((c) => c.name === container);
    expect(webFlags(main.args)).toEqual([`--web.external-url=https://ops.example.com/${component}`, '--web.route-prefix=/']);
    expect(main.livenessProbe.httpGet.path).toBe('/-/healthy');
    expect(main.readinessProbe.httpGet.path).toBe('/-/ready');
    if (component === 'prometheus') {
      // The reloader calls the lifecycle endpoint at the root, as before.
      expect(all.find((c) => c.name === 'config-reloader').args).toContain('--reload-url=http://127.0.0.1:9090/-/reload');
    }
  });

  test.each([
    ['a host without a scheme', `${component}.example.com`],
    ['a relative path', `/${component}`],
    ['a scheme other than http(s)', `ftp://${component}.example.com`],
    ['credentials in the URL', `https://admin:secret@${component}.example.com`],
    ['a trailing slash', `https://${component}.example.com/`],
    ['a query', `https://${component}.example.com/?org=1`],
    ['an empty string', ''],
  ])('fails when the external URL is %s', (_, externalUrl) => {
    expect(() => configWith('staging', { [component]: { externalUrl } })).toThrow(
      `environment "staging": ${component}.externalUrl: ${JSON.stringify(externalUrl)} is not an absolute http(s) URL. ` +
        `Give the address people open ${component} at, e.g. "https://${component}.example.com" or "https://ops.example.com/${component}", ` +
        'without credentials, query or trailing "/"; or leave externalUrl out to keep pod-local links.',
    );
  });
});
