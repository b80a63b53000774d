/**
 * Every command-line flag the manifests give Prometheus and Alertmanager is one the toolchain's
 * engine (the version the image runs) knows. A flag removed or renamed upstream would otherwise
 * show only as a crash-looping pod: both servers refuse to start on an unknown flag.
 */
import { spawnSync } from 'node:child_process';
import { containersOf } from './support/objects';
import { ENVIRONMENT_NAMES, synth } from './support/synth';
import { describeWithEngines, enginePath, type Engine } from './support/toolchain';

/** The long flags an engine lists in its help, `--[no-]x` counted as both `--x` and `--no-x`. */
function knownFlags(engine: Engine): Set<string> {
  const help = spawnSync(enginePath(engine), ['--help-long'], { encoding: 'utf8' });
  const flags = new Set<string>();
  for (const [, negatable, name] of `${help.stdout}${help.stderr}`.matchAll(/^\s+(?:-\w, )?--(\[no-\])?([\w.-]+)/gm)) {
    flags.add(`--${name}`);
    if (negatable) flags.add(`--no-${name}`);
  }
  return flags;
}

const flagsOf = (args: readonly string[]) => args.filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]);

const SERVERS: { engine: Engine; workload: string; container: string }[] = [
  { engine: 'prometheus', workload: 'prometheus', container: 'prometheus' },
  { engine: 'alertmanager', workload: 'alertmanager', container: 'alertmanager' },
];

describeWithEngines('engine flags', ['prometheus', 'alertmanager'], () => {
  test.each(SERVERS.map((s) => [s.engine, s] as const))('%s knows every flag the manifests pass it, in every environment', (engine, server) => {
    const known = knownFlags(engine);
    expect(known.has('--config.file')).toBe(true);
    const unknown = ENVIRONMENT_NAMES.flatMap((env) => {
      const workload = synth(env).objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === server.workload)!;
      const container = containersOf(workload.spec.template.spec).find((c: any) => c.name === server.container);
      expect(container.args.length).toBeGreaterThan(0);
      return flagsOf(container.args)
        .filter((flag) => !known.has(flag))
        .map((flag) => `${env}: ${flag}`);
    });
    expect(unknown).toEqual([]);
  });

  test('the check bites: a flag the engine does not have is reported', () => {
    const known = knownFlags('prometheus');
    expect(flagsOf(['--storage.tsdb.retention=15d', '--web.enable-lifecycle']).filter((f) => !known.has(f))).toEqual(['--storage.tsdb.retention']);
  });
});
