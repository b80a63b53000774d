import * as fs from 'node:fs';
import * as path from 'node:path';
import { AFTER, BEFORE, contents, runSynth, sandbox, tinyApp } from './support';

/**
 * Kills a synth (SIGKILL, at a step the script names in SYNTH_TRACE) at every step it takes while
 * replacing one set of environments with another, and checks that each environment is then wholly
 * old or wholly new, and that the next run finishes or undoes the swap and leaves nothing behind.
 */
describe('a synth killed at any step', () => {
  const box = sandbox();
  // The lock, swap and recovery are the same whatever the app writes: a tiny app keeps the many runs cheap.
  const SYNTH_APP = tinyApp(box.dir);
  const before = box.environments('before', BEFORE);
  const after = box.environments('after', AFTER);
  const reference = { old: {} as Record<string, Record<string, string>>, new: {} as Record<string, Record<string, string>> };
  const initial = path.join(box.dir, 'initial');
  let steps: string[] = [];

  beforeAll(() => {
    // The old and new output of every environment, and the steps of the swap from one to the other.
    expect(runSynth(box.dist, [], { SYNTH_APP, SYNTH_ENVIRONMENTS: before }).status).toBe(0);
    for (const name of ['dist', '.dist-synth']) fs.cpSync(path.join(box.dir, name), path.join(initial, name), { recursive: true });
    for (const env of ['alpha', 'beta']) reference.old[env] = contents(path.join(box.dist, env));
    const trace = path.join(box.dir, 'trace');
    expect(runSynth(box.dist, [], { SYNTH_APP, SYNTH_ENVIRONMENTS: after, SYNTH_TRACE: trace }).status).toBe(0);
    for (const env of ['alpha', 'gamma']) reference.new[env] = contents(path.join(box.dist, env));
    steps = fs.readFileSync(trace, 'utf8').trim().split('\n');
  });
  afterAll(() => fs.rmSync(box.dir, { recursive: true, force: true }));

  function restoreInitial() {
    for (const name of ['dist', '.dist-synth']) {
      fs.rmSync(path.join(box.dir, name), { recursive: true, force: true });
      fs.cpSync(path.join(initial, name), path.join(box.dir, name), { recursive: true });
    }
  }

  /** 'old' or 'new' for each environment folder in dist/, or 'missing' / 'mixed'. */
  function versions(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const env of ['alpha', 'beta', 'gamma']) {
      const found = contents(path.join(box.dist, env));
      if (Object.keys(found).length === 0) result[env] = 'missing';
      else if (JSON.stringify(found) === JSON.stringify(reference.old[env])) result[env] = 'old';
      else if (JSON.stringify(found) === JSON.stringify(reference.new[env])) result[env] = 'new';
      else result[env] = 'mixed';
    }
    return result;
  }

  test('the swap has the steps the checks below kill at', () => {
    expect(steps).toEqual(expect.arrayContaining(['locked', 'staged', 'journal', 'moved-aside:alpha', 'moved-in:alpha', 'moved-in:gamma', 'removed:beta', 'swapped', 'cleaned']));
  });

  test('at every step each environment is wholly old or new, or aside to be put back; the next run completes it', () => {
    for (const step of steps) {
      restoreInitial();
      const killed = runSynth(box.dist, [], { SYNTH_APP, SYNTH_ENVIRONMENTS: after, SYNTH_KILL_AT: step });
      expect({ step, signal: killed.signal }).toEqual({ step, signal: 'SIGKILL' });
      const atKill = versions();
      for (const [env, version] of Object.entries(atKill)) {
        expect({ step, env, version }).not.toEqual({ step, env, version: 'mixed' });
        // Between its two renames an environment is in .dist-synth/old/, whole.
        if (version === 'missing' && reference.old[env] && !(env === 'beta' && steps.indexOf(step) >= steps.indexOf('removed:beta'))) {
          expect({ step, env, aside: contents(path.join(box.work, 'old', env)) }).toEqual({ step, env, aside: reference.old[env] });
        }
      }
      // The next run recovers first; an unknown environment then stops it before it writes anything of its own.
      const next = runSynth(box.dist, ['qa'], { SYNTH_APP, SYNTH_ENVIRONMENTS: after });
      expect({ step, status: next.status }).toEqual({ step, status: 1 });
      expect(next.stderr).not.toMatch(/\n\s+at /);
      const journalled = steps.indexOf(step) >= steps.indexOf('journal');
      expect({ step, versions: versions() }).toEqual({
        step,
        versions: journalled ? { alpha: 'new', beta: 'missing', gamma: 'new' } : { alpha: 'old', beta: 'old', gamma: 'missing' },
      });
      expect({ step, left: fs.readdirSync(box.work).filter((f) => f !== 'state.json') }).toEqual({ step, left: [] });
    }
  });
});
