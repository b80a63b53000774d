import * as fs from 'node:fs';
import * as path from 'node:path';
import { AFTER, BEFORE, contents, folders, runSynth, runSynthAsync, sandbox, tinyApp } from './support';

describe('three synths at once', () => {
  const box = sandbox();
  // The lock, swap and recovery are the same whatever the app writes: a tiny app keeps the many runs cheap.
  const SYNTH_APP = tinyApp(box.dir);
  afterAll(() => fs.rmSync(box.dir, { recursive: true, force: true }));

  test('ten rounds: each run succeeds or waits its turn, and every folder is whole afterwards', async () => {
    // Rounds alternate between two versions of one environment, so each round has a folder to replace
    // (adding and removing folders is exercised in kill.test.ts).
    const sets = [BEFORE.slice(0, 1), AFTER.slice(0, 1)].map((definitions, i) => box.environments(`set-${i}`, definitions));
    const expected = sets.map((file) => {
      const dist = path.join(box.dir, `expected-${path.basename(file)}`, 'dist');
      expect(runSynth(dist, [], { SYNTH_APP, SYNTH_ENVIRONMENTS: file }).status).toBe(0);
      return Object.fromEntries(folders(dist).map((env) => [env, contents(path.join(dist, env))]));
    });
    for (let round = 0; round < 10; round++) {
      const set = round % 2;
      const runs = await Promise.all([0, 1, 2].map(() => runSynthAsync(box.dist, [], { SYNTH_APP, SYNTH_ENVIRONMENTS: sets[set] })));
      for (const run of runs) {
        expect({ round, status: run.status, stderr: run.stderr.replace(/^waiting for another synth \(pid \d+\) to finish writing .*\n/, '') }).toEqual({ round, status: 0, stderr: '' });
      }
      // Exactly one run of the round found work to do; the others waited and found it done.
      expect({ round, unchanged: runs.filter((run) => run.stdout.trimEnd().split('\n').every((line) => line.endsWith(', unchanged'))).length }).toEqual({ round, unchanged: 2 });
      expect({ round, folders: folders(box.dist) }).toEqual({ round, folders: Object.keys(expected[set]).sort() });
      for (const env of Object.keys(expected[set])) {
        expect({ round, env, whole: JSON.stringify(contents(path.join(box.dist, env))) === JSON.stringify(expected[set][env]) }).toEqual({ round, env, whole: true });
      }
      expect(fs.readdirSync(box.work)).toEqual(['state.json']);
    }
    // Thirty synth processes on a 2-core machine shared with the other suites: allow for a busy one.
  }, 180_000);

  test('a run that cannot wait long enough says another synth is running, in one line', () => {
    fs.writeFileSync(path.join(box.work, 'lock'), `${process.pid}\n`);
    try {
      const before = contents(box.dist);
      const result = runSynth(box.dist, [], { SYNTH_APP, SYNTH_LOCK_WAIT: '0' });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        `synth failed: another synth (pid ${process.pid}) is writing ${box.dist}/; run again when it has finished, or delete ${box.work}/lock if no synth is running. ${box.dist}/ was left unchanged.\n`,
      );
      expect(contents(box.dist)).toEqual(before);
    } finally {
      fs.unlinkSync(path.join(box.work, 'lock'));
    }
  });

  test('the lock of a process that is gone is taken over', () => {
    // A pid no process has: beyond the kernel's pid_max.
    fs.writeFileSync(path.join(box.work, 'lock'), '4194305\n');
    const result = runSynth(box.dist, [], { SYNTH_APP, SYNTH_LOCK_WAIT: '0' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(fs.readdirSync(box.work)).toEqual(['state.json']);
  });
});
