/**
 * Kubernetes refuses any change to a StatefulSet's volumeClaimTemplates, and a claim never shrinks:
 * `npm run synth` still writes the new output, and ends its summary with a warning and the procedure
 * for each such change since the previous output. The app is a stand-in (statefulSetApp): what is
 * tested is the comparison of two outputs, not what the project's app writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSynth, sandbox, statefulSetApp, type Run } from './support';

describe('npm run synth on a changed StatefulSet volume', () => {
  const box = sandbox();
  const app = statefulSetApp(box.dir);
  let step = 0;
  /** Synthesises environment `db` with these overrides of the stand-in app. */
  const synthWith = (overrides: Record<string, unknown>): Run => {
    const run = runSynth(box.dist, [], { SYNTH_APP: app, SYNTH_ENVIRONMENTS: box.environments(`step-${step++}`, [{ name: 'db', overrides } as never]) });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    return run;
  };
  const written = () => fs.readFileSync(path.join(box.dist, 'db', '0001-db.k8s.yaml'), 'utf8');
  const warnings = (run: Run) => run.stdout.split('\n').filter((line) => line.startsWith('warning: ') || (line.startsWith('  ') && !/^ {2}[+~-] /.test(line)));
  afterAll(() => fs.rmSync(box.dir, { recursive: true, force: true }));

  test('a first synth, and a change that leaves the volumes alone, warn of nothing', () => {
    expect(warnings(synthWith({ size: '5Gi' }))).toEqual([]);
    const run = synthWith({ size: '5Gi', replicas: 3 });
    expect(run.stdout).toContain('  ~ StatefulSet db/db');
    expect(warnings(run)).toEqual([]);
  });

  test('a larger size: written, with the expansion procedure (patch each claim, orphan the StatefulSet, apply)', () => {
    const run = synthWith({ size: '20Gi', replicas: 3 });
    expect(written()).toContain('storage: 20Gi');
    expect(warnings(run)).toEqual([
      `warning: StatefulSet db/db: volume "data" grows from 5Gi to 20Gi, but Kubernetes refuses any change to a StatefulSet's volumeClaimTemplates, so kubectl apply fails on it. To grow the volumes in place (their StorageClass must have allowVolumeExpansion: true):`,
      `  1. kubectl -n db get pvc -l app=db -o name | xargs -I{} kubectl -n db patch {} -p '{"spec":{"resources":{"requests":{"storage":"20Gi"}}}}'`,
      '  2. kubectl -n db delete statefulset db --cascade=orphan    (the pods keep running)',
      `  3. kubectl apply -f ${box.dist}/db/`,
      `  Without volume expansion, keep 5Gi or move the data to new volumes: see README, "Growing a StatefulSet's volumes".`,
    ]);
  });

  test('a smaller size (in other units): written, with a warning that a claim cannot shrink', () => {
    const run = synthWith({ size: '10G', replicas: 3 });
    const lines = warnings(run);
    expect(lines[0]).toBe(
      `warning: StatefulSet db/db: volume "data" shrinks from 20Gi to 10G: a PersistentVolumeClaim can never shrink, and Kubernetes refuses any change to a StatefulSet's volumeClaimTemplates, so kubectl apply fails on it.`,
    );
    expect(lines[1]).toContain('Keep 20Gi in the environment');
    expect(lines).toHaveLength(2);
  });

  test('another StorageClass: written, with the orphan-and-apply procedure and what it leaves as it was', () => {
    const run = synthWith({ size: '10G', replicas: 3, storageClassName: 'fast' });
    expect(warnings(run)).toEqual([
      `warning: StatefulSet db/db: volume "data" changed, but Kubernetes refuses any change to a StatefulSet's volumeClaimTemplates, so kubectl apply fails on it.`,
      `  kubectl -n db delete statefulset db --cascade=orphan, then kubectl apply -f ${box.dist}/db/: the pods keep running and their existing claims keep their old spec; only claims created from now on follow the new template.`,
    ]);
  });
});
