// Bundles main.ts and everything it imports into one CommonJS file without type-checking.
// Type-checking the 1.2 MB imports/k8s.ts on every synth is what makes the stock template slow;
// `npm test` and `npm run build` type-check instead.
//
// Bundling still takes about half a second, so the bundle is reused while none of its inputs changed.
// `.build/app.json` records every input esbuild read (its metafile) with size, mtime and SHA-1, plus the
// bundle's own SHA-256. An input whose size or mtime moved is hashed again, and so is one modified
// within two seconds of the build (its mtime cannot tell an edit in the same tick apart), so a touched
// but unchanged file costs a hash, never a rebuild, and an edit is never missed. The bundle is checked
// against its hash on every load and compiled from those same bytes, so a truncated or replaced bundle
// is rebuilt, and the hash names exactly the code that runs.
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const projectRoot = path.resolve(__dirname, '..');
// Read by esbuild (tsconfig.json) or rewritten by every npm install (the hidden lockfile), yet not in the metafile.
const EXTRA_INPUTS = ['tsconfig.json', 'package.json', 'node_modules/.package-lock.json'];
const RACY_MS = 2000;

const sha = (algorithm, bytes) => crypto.createHash(algorithm).update(bytes).digest('hex');

/** Where the bundle of the project at `root` and its record live. */
function files(root) {
  const buildDir = path.join(root, '.build');
  return { root, buildDir, bundleFile: path.join(buildDir, 'app.js'), stampFile: path.join(buildDir, 'app.json') };
}

function buildOptions({ root, bundleFile }) {
  return {
    entryPoints: [path.join(root, 'main.ts')],
    absWorkingDir: root,
    outfile: bundleFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    write: false,
    metafile: true,
  };
}

/** What else decides the bundle's bytes: the esbuild version and this file (its options). */
function toolKey() {
  return sha('sha1', `${require('esbuild/package.json').version}\n${fs.readFileSync(__filename)}`);
}

function readIfExists(file) {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes a file whole or not at all, so that a concurrent reader or a kill never sees half of it. */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

/** The reusable bundle's text and hash, or undefined when an input changed or the bundle is missing or corrupt. */
function reusable({ root, bundleFile, stampFile }) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return undefined;
  }
  if (stamp.tool !== toolKey()) return undefined;
  let touched = false;
  for (const [input, [size, mtimeMs, hash]] of Object.entries(stamp.inputs)) {
    const stat = fs.statSync(path.resolve(root, input), { throwIfNoEntry: false });
    if (hash === null) {
      if (stat) return undefined; // an optional input appeared
      continue;
    }
    if (!stat) return undefined;
    if (stat.size === size && stat.mtimeMs === mtimeMs && mtimeMs < stamp.builtAt - RACY_MS) continue;
    if (sha('sha1', fs.readFileSync(path.resolve(root, input))) !== hash) return undefined;
    if (stat.mtimeMs !== mtimeMs) {
      stamp.inputs[input] = [stat.size, stat.mtimeMs, hash];
      touched = true;
    }
  }
  const source = readIfExists(bundleFile);
  if (!source || sha('sha256', source) !== stamp.bundle) return undefined;
  // Record the new mtimes of touched-but-unchanged inputs so the next run need not hash them again.
  if (touched) writeAtomically(stampFile, JSON.stringify(stamp));
  return { source: source.toString('utf8'), hash: stamp.bundle };
}

function build(where) {
  const { root, buildDir, bundleFile, stampFile } = where;
  const esbuild = require('esbuild');
  const builtAt = Date.now();
  const result = esbuild.buildSync(buildOptions(where));
  const source = result.outputFiles[0].contents;
  const hash = sha('sha256', source);
  const inputs = {};
  for (const input of [...Object.keys(result.metafile.inputs), ...EXTRA_INPUTS]) {
    const file = path.resolve(root, input);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    inputs[input] = stat ? [stat.size, stat.mtimeMs, sha('sha1', fs.readFileSync(file))] : [0, 0, null];
  }
  fs.mkdirSync(buildDir, { recursive: true });
  writeAtomically(bundleFile, source);
  writeAtomically(stampFile, JSON.stringify({ tool: toolKey(), builtAt, bundle: hash, inputs }));
  return { source: Buffer.from(source).toString('utf8'), hash };
}

/**
 * The bundle of `<root>/main.ts`, rebuilt only when needed: its text, its SHA-256 and whether it was rebuilt.
 * Concurrent synths may both rebuild; each writes whole files, and the stamp's hash catches a mix.
 * @param root the project; tests pass a small one of their own
 */
function bundleApp(root = projectRoot) {
  const where = files(root);
  const cached = reusable(where);
  return { file: where.bundleFile, ...(cached ?? build(where)), rebuilt: cached === undefined };
}

/**
 * Runs a bundle from its text (not from disk, where a concurrent build may have replaced it) and returns
 * its exports. V8's compiled code for the bundle is kept beside it, keyed by the bundle's hash: compiling
 * the 2 MB bundle is most of a synth whose output is reused.
 */
function loadBundle({ file, source, hash }) {
  const cacheFile = hash ? `${file}.${hash.slice(0, 16)}.v8cache` : undefined;
  const cachedData = cacheFile ? readIfExists(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file));
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    try {
      for (const old of fs.readdirSync(path.dirname(file))) if (old.startsWith(`${path.basename(file)}.`) && old.endsWith('.v8cache')) fs.rmSync(path.join(path.dirname(file), old), { force: true });
      writeAtomically(cacheFile, script.createCachedData());
    } catch {
      // Only a cache: a read-only or full disk costs the next run its compile time, nothing else.
    }
  }
  return module.exports;
}

/**
 * Bundles one of the project's TypeScript scripts (docs, resources, benches) into `.build/` without
 * type-checking, as the synth is, and loads it. `outfile` is relative to `.build/`.
 */
function requireScript(entry, outfile = `${path.basename(entry, '.ts')}.js`) {
  const file = path.join(projectRoot, '.build', outfile);
  require('esbuild').buildSync({ entryPoints: [path.resolve(projectRoot, entry)], outfile: file, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' });
  return require(file);
}

module.exports = { bundleApp, loadBundle, requireScript };
