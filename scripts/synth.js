#!/usr/bin/env node
// `npm run synth [env ...]`: writes dist/<env>/ for every (or every named) environment and prints what
// changed in each: the objects added, changed and removed, i.e. what the next `kubectl apply` does.
//
// dist/ is run before every apply, so no failure, kill or second synth may cost the user a manifest:
// - A lock (.dist-synth/lock, holding the pid) is held for the whole run. A second synth waits for it
//   (at most SYNTH_LOCK_WAIT seconds, default 60); a lock whose process is gone is taken over.
// - The app synthesises into .dist-synth/new/. Config errors (the app validates every environment
//   before it writes) and file system errors there end the run with dist/ untouched.
// - The swap is journalled: .dist-synth/journal.json lists the folders to replace, add and remove;
//   then each dist/<env> is renamed aside into .dist-synth/old/ and the new one renamed in; only then
//   are the old copies deleted. A run killed at any instant leaves each environment either in dist/
//   (wholly old or wholly new) or, between its two renames, in .dist-synth/old/; the next run, once it
//   holds the lock, finishes the journalled swap and deletes the leftovers. A file system error during
//   the swap puts the old folders back.
// - When every environment is synthesised, folders of environments no longer configured are removed,
//   but only those holding nothing but the app's output (*.k8s.yaml files and the Kustomization).
// - An environment is synthesised only when it must be: .dist-synth/state.json records, per
//   environment, the hash of the folder the last synth wrote and the bundle (scripts/build-app.js) it
//   came from. The same bundle on an unchanged folder gives the same bytes, so that folder is kept.
//
// - A StatefulSet whose volumeClaimTemplates changed since the previous output cannot simply be applied:
//   the summary ends with a warning and the procedure for each (scripts/volume-changes.js).
//
// - Synthesising every environment into the project's own dist/ also rewrites the generated docs that
//   depend on them (docs/alerts.md lists each environment's alert changes), so that a config change,
//   then `npm run synth`, leaves the docs as `npm test` expects them.
//
// Under `cdk8s synth` (cdk8s.yaml), the CLI's output folder (CDK8S_OUTDIR) is made a link to dist/,
// so the files it lists are the manifests, and the summary goes to stderr, which the CLI shows.
//
// Test seams, read nowhere else: SYNTH_DIST (the output folder), SYNTH_ENVIRONMENTS (a JSON file with
// a list of environment definitions used instead of ENVIRONMENTS), SYNTH_TRACE (a file each step's name
// is appended to), SYNTH_KILL_AT (the step at which the process kills itself with SIGKILL) and SYNTH_APP
// (a folder whose main.ts stands in for the project's: the lock and swap tests run a tiny app, since
// what they test does not depend on what the app writes).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { bundleApp, loadBundle } = require('./build-app');
const { volumeWarnings } = require('./volume-changes');

const root = path.resolve(__dirname, '..');
const dist = path.resolve(root, process.env.SYNTH_DIST ?? 'dist');
const work = path.join(path.dirname(dist), `.${path.basename(dist)}-synth`);
const lockFile = path.join(work, 'lock');
const breakFile = path.join(work, 'lock.break');
const journalFile = path.join(work, 'journal.json');
const stateFile = path.join(work, 'state.json');
const staged = path.join(work, 'new');
const aside = path.join(work, 'old');
const KUSTOMIZATION = 'Kustomization';
const underCli = process.env.CDK8S_OUTDIR !== undefined;

/** An error whose message says everything the user needs: printed without a stack. */
class SynthError extends Error {
  constructor(message, { distUnchanged = true } = {}) {
    super(message);
    this.distUnchanged = distUnchanged;
  }
}

/** How to name a file to the user: relative to where they ran the command, or absolute outside it. */
function shown(file) {
  const relative = path.relative(process.cwd(), file);
  const outside = relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return outside ? file : relative;
}

function step(name) {
  if (process.env.SYNTH_TRACE) fs.appendFileSync(process.env.SYNTH_TRACE, `${name}\n`);
  if (process.env.SYNTH_KILL_AT === name) process.kill(process.pid, 'SIGKILL');
}

const exists = (file) => fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined;
const remove = (file) => fs.rmSync(file, { recursive: true, force: true });
const sha256 = (...parts) => parts.reduce((hash, part) => hash.update(part), crypto.createHash('sha256')).digest('hex');
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

// ---- the lock ----

function lockHolder(file) {
  try {
    return Number.parseInt(fs.readFileSync(file, 'utf8'), 10) || undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function isOld(file, ms) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat !== undefined && Date.now() - stat.mtimeMs > ms;
}

/**
 * Deletes the lock of a process that died holding it. Two synths may find the same dead holder;
 * lock.break lets only one of them look again and delete, so neither deletes a lock just taken anew.
 */
function breakStaleLock(holder) {
  try {
    fs.writeFileSync(breakFile, `${process.pid}\n`, { flag: 'wx' });
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    // Its owner holds it for a few system calls: one that old died holding it.
    if (isOld(breakFile, 2000)) remove(breakFile);
    return;
  }
  try {
    if (lockHolder(lockFile) === holder) fs.unlinkSync(lockFile);
  } finally {
    fs.unlinkSync(breakFile);
  }
}

/** Takes the lock, waiting a bounded time for a running synth; returns its release. */
function acquireLock() {
  const waitMs = Number(process.env.SYNTH_LOCK_WAIT ?? 60) * 1000;
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    // The lock appears with its pid already in it (a hard link of a written file fails if the lock
    // exists), so a waiting synth never reads a lock without its holder.
    const mine = `${lockFile}.${process.pid}`;
    fs.writeFileSync(mine, `${process.pid}\n`);
    try {
      fs.linkSync(mine, lockFile);
      return () => {
        if (lockHolder(lockFile) === process.pid) fs.unlinkSync(lockFile);
      };
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(mine, { force: true });
    }
    const holder = lockHolder(lockFile);
    // Released between our attempt and the read: try again at once.
    if (holder === undefined && !exists(lockFile)) continue;
    // An empty lock is one being written; empty for long, its writer died between creating and writing it.
    if (holder === undefined ? isOld(lockFile, 2000) : !isRunning(holder)) {
      breakStaleLock(holder);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new SynthError(
        `another synth (pid ${holder}) is writing ${shown(dist)}/; run again when it has finished, or delete ${shown(lockFile)} if no synth is running`,
      );
    }
    if (!announced) {
      process.stderr.write(`waiting for another synth (pid ${holder}) to finish writing ${shown(dist)}/\n`);
      announced = true;
    }
    sleep(50);
  }
}

// ---- swap and recovery ----

/**
 * Moves one planned folder into place. Idempotent, so recovery re-runs it after a kill:
 * the old folder is renamed aside before the new one is renamed in, and deleted only after the swap.
 */
function swapOne({ env, action }, trace = () => {}) {
  const target = path.join(dist, env);
  const incoming = path.join(staged, env);
  if (action === 'remove') {
    if (exists(target)) {
      fs.renameSync(target, path.join(aside, env));
      trace(`removed:${env}`);
    }
    return;
  }
  if (!exists(incoming)) return; // already moved in
  if (exists(target)) {
    fs.renameSync(target, path.join(aside, env));
    trace(`moved-aside:${env}`);
  }
  fs.renameSync(incoming, target);
  trace(`moved-in:${env}`);
}

/** Undoes a swap that failed part-way, putting every old folder back. */
function rollBack(plan) {
  for (const { env, action } of [...plan].reverse()) {
    const target = path.join(dist, env);
    const previous = path.join(aside, env);
    if (action !== 'remove' && !exists(path.join(staged, env)) && exists(target)) fs.renameSync(target, path.join(staged, env));
    if (exists(previous) && !exists(target)) fs.renameSync(previous, target);
  }
}

/** Run holding the lock, before anything else: finishes a journalled swap and deletes what a killed run left. */
function recover() {
  if (exists(journalFile)) {
    const { plan } = JSON.parse(fs.readFileSync(journalFile, 'utf8'));
    fs.mkdirSync(aside, { recursive: true });
    for (const entry of plan) swapOne(entry);
    fs.unlinkSync(journalFile);
  }
  for (const entry of fs.readdirSync(work)) {
    if (entry === 'new' || entry === 'old' || entry.endsWith('.tmp')) remove(path.join(work, entry));
    // The pid file of a synth killed while taking the lock.
    const taker = /^lock\.(\d+)$/.exec(entry);
    if (taker && !isRunning(Number(taker[1]))) remove(path.join(work, entry));
  }
  // What earlier versions of this script left when killed: dist/.previous-<env> and .dist-staging/.
  for (const entry of fs.readdirSync(dist, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith('.previous-')) continue;
    const target = path.join(dist, entry.name.slice('.previous-'.length));
    if (exists(target)) remove(path.join(dist, entry.name));
    else fs.renameSync(path.join(dist, entry.name), target);
  }
  remove(path.join(path.dirname(dist), `.${path.basename(dist)}-staging`));
}

// ---- reading output ----

/** The files of a folder of synthesised output, and whether it holds anything else. */
function readOutput(dir) {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const files = new Map();
  let foreign = false;
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.isFile()) files.set(entry.name, fs.readFileSync(path.join(dir, entry.name)));
    else foreign = true;
    if (entry.name !== KUSTOMIZATION && !entry.name.endsWith('.k8s.yaml')) foreign = true;
  }
  const hash = sha256(...[...files].flatMap(([name, bytes]) => [`${name}\0${bytes.length}\0`, bytes]));
  return { files, hash, foreign };
}

function readOutputIfExists(dir) {
  return fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? readOutput(dir) : undefined;
}

function unquote(value) {
  const text = value.trim();
  if (text.startsWith('"')) return JSON.parse(text);
  if (text.startsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  return text;
}

/**
 * "Kind namespace/name" of a YAML document as cdk8s writes it (block style, keys two spaces in), read
 * without parsing the whole document; `where` names one written some other way, e.g. by hand.
 */
function identity(doc, where) {
  const kind = /^kind:(.+)$/m.exec(doc)?.[1];
  const metadata = /^metadata:\n((?: .*(?:\n|$))*)/m.exec(doc)?.[1] ?? '';
  const name = /^ {2}name:(.+)$/m.exec(metadata)?.[1];
  const namespace = /^ {2}namespace:(.+)$/m.exec(metadata)?.[1];
  if (kind === undefined || name === undefined) return `(a document in ${where})`;
  return `${unquote(kind)} ${namespace === undefined ? '' : `${unquote(namespace)}/`}${unquote(name)}`;
}

/** The objects of an environment's output: identity → document text. */
function objectsOf(output) {
  const objects = new Map();
  for (const [name, bytes] of output?.files ?? []) {
    if (!name.endsWith('.yaml')) continue;
    for (const doc of bytes.toString('utf8').split(/^---[ \t]*$/m)) {
      const text = doc.trim();
      if (text === '') continue;
      let id = identity(text, name);
      for (let n = 2; objects.has(id); n++) id = `${identity(text, name)} (${n})`;
      objects.set(id, text);
    }
  }
  return objects;
}

function compare(before, after) {
  const added = [...after.keys()].filter((id) => !before.has(id));
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const changed = [...after.keys()].filter((id) => before.has(id) && before.get(id) !== after.get(id));
  return { added, changed, removed };
}

// ---- the run ----

function readState() {
  try {
    return JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  } catch {
    return { outputs: {} };
  }
}

/** What, besides the bundle, decides the bytes of the output: the runtime and the cdk8s switches. */
function outputKey(bundle, fixture) {
  const switches = Object.entries(process.env)
    .filter(([name]) => name.startsWith('CDK8S_') && name !== 'CDK8S_OUTDIR')
    .sort();
  return sha256(JSON.stringify([bundle.hash, fixture ?? null, process.version, switches]));
}

/** Gives the cdk8s CLI's output folder the manifests, so that what it lists is what was written. */
function showToCli(envs) {
  const outdir = path.resolve(process.env.CDK8S_OUTDIR);
  const stat = fs.lstatSync(outdir, { throwIfNoEntry: false });
  if (stat?.isDirectory()) {
    // `cdk8s synth --stdout` hands over a folder of its own and prints the manifests in it.
    for (const env of envs) fs.cpSync(path.join(dist, env), path.join(outdir, env), { recursive: true });
    return;
  }
  if (stat) fs.unlinkSync(outdir);
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(outdir), dist), outdir, 'dir');
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Only a synth of every configured environment into the project's own dist/ speaks for the docs. */
function writesDocs(names, fixture) {
  return process.env.SYNTH_DIST === undefined && fixture === undefined && names.length === 0;
}

/**
 * Rewrites the generated docs when the app changed or a doc no longer holds what the last synth wrote;
 * returns the hash of each doc and the docs whose text changed.
 */
function updateDocs(state, sameBundle, loadApp) {
  const current = (file) => (exists(path.join(root, file)) ? sha256(fs.readFileSync(path.join(root, file))) : undefined);
  const recorded = state.docs ?? {};
  if (sameBundle && Object.keys(recorded).length > 0 && Object.entries(recorded).every(([file, hash]) => current(file) === hash)) {
    return { hashes: recorded, changed: [] };
  }
  const hashes = {};
  const changed = [];
  for (const [file, text] of Object.entries(loadApp().renderDocs(root))) {
    hashes[file] = sha256(text);
    if (current(file) === hashes[file]) continue;
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeAtomically(path.join(root, file), text);
    changed.push(file);
  }
  return { hashes, changed };
}

function synth(names) {
  const bundle = bundleApp(process.env.SYNTH_APP ? path.resolve(process.env.SYNTH_APP) : undefined);
  const fixture = process.env.SYNTH_ENVIRONMENTS ? fs.readFileSync(path.resolve(process.env.SYNTH_ENVIRONMENTS), 'utf8') : undefined;
  const key = outputKey(bundle, fixture);
  fs.mkdirSync(work, { recursive: true });
  fs.mkdirSync(dist, { recursive: true });
  const release = acquireLock();
  try {
    recover();
    step('locked');

    const state = readState();
    const sameBundle = state.key === key;
    let app;
    let known;
    const loadApp = () => {
      app ??= loadBundle(bundle);
      known ??= fixture === undefined ? app.ENVIRONMENTS : JSON.parse(fixture);
    };
    // The environments' names come from the last run of the same bundle, or from the bundle itself.
    let environments = sameBundle ? state.environments : undefined;
    if (environments === undefined || names.some((name) => !environments.includes(name))) {
      loadApp();
      environments = known.map((env) => env.name);
    }
    const selected = names.length > 0 ? names : environments;
    const before = new Map(selected.map((env) => [env, readOutputIfExists(path.join(dist, env))]));
    const reused = selected.filter((env) => sameBundle && state.outputs[env] !== undefined && before.get(env)?.hash === state.outputs[env].hash);
    const todo = selected.filter((env) => !reused.includes(env));

    const after = new Map();
    if (todo.length > 0) {
      loadApp();
      remove(staged);
      fs.mkdirSync(staged, { recursive: true });
      // Validates every environment it is given before writing any.
      const written = app.synthesize(staged, todo, known);
      for (const env of written) after.set(env, readOutput(path.join(staged, env)));
    }

    const plan = [];
    for (const [env, output] of after) {
      if (output.hash !== before.get(env)?.hash) plan.push({ env, action: before.get(env) ? 'replace' : 'add' });
    }
    const gone = [];
    if (names.length === 0) {
      for (const entry of fs.readdirSync(dist, { withFileTypes: true })) {
        if (!entry.isDirectory() || entry.name.startsWith('.') || environments.includes(entry.name)) continue;
        const output = readOutput(path.join(dist, entry.name));
        if (!output.files.has(KUSTOMIZATION)) continue; // not written by a synth
        gone.push({ env: entry.name, kept: output.foreign });
        if (!output.foreign) plan.push({ env: entry.name, action: 'remove' });
      }
    }
    step('staged');

    if (plan.length > 0) {
      fs.mkdirSync(aside, { recursive: true });
      writeAtomically(journalFile, JSON.stringify({ plan }));
      step('journal');
      let done = 0;
      try {
        for (const entry of plan) {
          done++;
          swapOne(entry, step);
        }
      } catch (error) {
        try {
          rollBack(plan.slice(0, done));
          fs.unlinkSync(journalFile);
        } catch {
          throw new SynthError(`${describe(error)}; some folders of ${shown(dist)}/ are in ${shown(work)}/, and the next synth puts them in place`, {
            distUnchanged: false,
          });
        }
        throw error;
      }
      fs.unlinkSync(journalFile);
      step('swapped');
    }
    remove(aside);
    remove(staged);

    const docs = writesDocs(names, fixture) ? updateDocs(state, sameBundle, () => (loadApp(), app)) : undefined;

    const outputs = {};
    for (const env of environments) {
      const output = after.get(env);
      if (output) outputs[env] = { hash: output.hash, objects: objectsOf(output).size };
      else if (sameBundle && state.outputs[env]) outputs[env] = state.outputs[env];
    }
    writeAtomically(stateFile, JSON.stringify({ key, environments, outputs, docs: docs?.hashes ?? state.docs }));
    step('cleaned');

    const lines = [];
    const warnings = [];
    const width = Math.max(...[...selected, ...gone.map((g) => g.env)].map((env) => shown(path.join(dist, env)).length)) + 3;
    for (const env of selected) {
      const label = `${shown(path.join(dist, env))}/`.padEnd(width);
      const output = after.get(env);
      if (!output || output.hash === before.get(env)?.hash) {
        lines.push(`${label}${plural(outputs[env].objects, 'object')}, unchanged`);
        continue;
      }
      const objects = objectsOf(output);
      if (!before.get(env)) {
        lines.push(`${label}${plural(objects.size, 'object')}, new`);
        continue;
      }
      const previous = objectsOf(before.get(env));
      const { added, changed, removed } = compare(previous, objects);
      for (const id of changed) warnings.push(...volumeWarnings(previous.get(id), objects.get(id), shown(path.join(dist, env))).flat());
      const counts = [
        [added.length, 'added'],
        [changed.length, 'changed'],
        [removed.length, 'removed'],
      ].filter(([n]) => n > 0);
      const what = counts.length > 0 ? counts.map(([n, word]) => `${n} ${word}`).join(', ') : 'objects unchanged, files rewritten';
      lines.push(`${label}${plural(objects.size, 'object')}: ${what}`);
      for (const [sign, ids] of [
        ['+', added],
        ['~', changed],
        ['-', removed],
      ]) {
        for (const id of ids) lines.push(`  ${sign} ${id}`);
      }
    }
    for (const { env, kept } of gone) {
      const label = `${shown(path.join(dist, env))}/`.padEnd(width);
      lines.push(kept ? `${label}kept: not an environment, but it holds files the synth did not write` : `${label}removed: no longer an environment`);
    }
    for (const file of docs?.changed ?? []) lines.push(`${file} updated`);
    if (lines.some((line) => line.startsWith('  - ') || line.endsWith('removed: no longer an environment'))) {
      lines.push('kubectl apply does not delete removed objects: delete them from the cluster, or apply with --prune.');
    }
    lines.push(...warnings);
    (underCli ? process.stderr : process.stdout).write(`${lines.join('\n')}\n`);
    if (underCli) showToCli(selected);
    return 0;
  } finally {
    // A failed run's staging goes, unless a journal still needs it for the next run to finish a swap.
    if (!exists(journalFile)) {
      remove(staged);
      remove(aside);
    }
    release();
  }
}

const REASONS = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EXDEV: `${shown(dist)}/ is on another file system than its parent folder`,
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a file is in the way of a folder',
  EMFILE: 'too many open files',
};

/** One sentence for the user: a file system error names the file and the reason, any other error its message. */
function describe(error) {
  if (error instanceof SynthError) return error.message;
  if (error && typeof error.code === 'string' && typeof error.syscall === 'string') {
    const file = error.path ? ` ${shown(error.path)}` : '';
    return `cannot ${error.syscall}${file}: ${REASONS[error.code] ?? error.code} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

function main(names) {
  try {
    return synth(names);
  } catch (error) {
    const reason = describe(error).replace(/\.$/, '');
    const untouched = error instanceof SynthError && !error.distUnchanged ? '' : ` ${shown(dist)}/ was left unchanged.`;
    console.error(`synth failed: ${reason}.${untouched}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
