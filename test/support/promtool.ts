/**
 * Runs the toolchain's promtool and amtool (test/support/toolchain.ts) on generated files written to
 * a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { enginePath } from './toolchain';

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Folder the files were written to (removed after the run unless `keep` was set). */
  dir: string;
}

/** Writes `files` (relative path → text or object serialised as YAML) into a temp folder. */
export function writeFiles(files: Record<string, string | object>, prefix = 'promtool-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : yaml.dump(content, { noRefs: true, lineWidth: -1 }));
  }
  return dir;
}

/**
 * The Go garbage collector's target for the tools. At Go's default (100) promtool spends about a fifth
 * of a large `test rules` batch collecting; 200 saves most of that for ~100 MB more at peak, while 400
 * grows the heap so much that page faults cost more than it saves. It only decides when memory is
 * reclaimed, never what is computed.
 */
const TOOL_GOGC = '200';

/**
 * Runs `tool args...` in a folder holding `files`. Paths in `args` are relative to that folder.
 */
export function runTool(tool: 'promtool' | 'amtool', args: string[], files: Record<string, string | object> = {}, keep = false): ToolResult {
  const dir = writeFiles(files, `${tool}-`);
  const result = spawnSync(enginePath(tool), args, { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, GOGC: process.env.GOGC ?? TOOL_GOGC } });
  if (result.error) throw new Error(`${tool} could not run (${result.error.message}); see test/support/toolchain.ts`);
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, dir };
}

/** A `promtool test rules` test file: rule files (name → rule-file object) and its tests. */
export interface RuleTestFile {
  ruleFiles: Record<string, object>;
  evaluationInterval?: string;
  /** Rule groups in the order promtool evaluates them at each step (otherwise no fixed order). */
  groupEvalOrder?: string[];
  tests: object[];
}

/** Runs `promtool test rules` and returns its result; status 0 means every test passed. */
export function promtoolTestRules(input: RuleTestFile): ToolResult {
  const files: Record<string, object> = {};
  for (const [name, content] of Object.entries(input.ruleFiles)) files[`rules/${name}`] = content;
  files['test.yml'] = {
    rule_files: Object.keys(input.ruleFiles).map((name) => `rules/${name}`),
    evaluation_interval: input.evaluationInterval ?? '1m',
    tests: input.tests,
  };
  return runTool('promtool', ['test', 'rules', 'test.yml'], files);
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string) =>
  text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, code: string) =>
    code.startsWith('#x') ? String.fromCodePoint(parseInt(code.slice(2), 16)) : code.startsWith('#') ? String.fromCodePoint(Number(code.slice(1))) : (XML_ENTITIES[code] ?? whole),
  );

/**
 * Runs `promtool test rules` on several test files in one process and returns each file's outcome:
 * `SUCCESS`, or promtool's failure text for that file. promtool 3 prints failures without naming the
 * file, so outcomes are read from its JUnit report, which has one test suite per file.
 */
export function promtoolTestFiles(files: Record<string, string | object>, testFiles: readonly string[]): { result: ToolResult; outcomes: Record<string, string> } {
  const result = runTool('promtool', ['test', 'rules', '--junit=report.xml', ...testFiles], files, true);
  try {
    const report = fs.readFileSync(path.join(result.dir, 'report.xml'), 'utf8');
    const outcomes: Record<string, string> = {};
    for (const [, name, body] of report.matchAll(/<testsuite name="([^"]*)"[^>]*>([\s\S]*?)<\/testsuite>/g)) {
      const failures = [...body.matchAll(/<(failure|error)>([\s\S]*?)<\/\1>/g)].map(([, , text]) => unescapeXml(text));
      outcomes[unescapeXml(name)] = failures.length === 0 ? 'SUCCESS' : failures.join('\n');
    }
    return { result, outcomes };
  } finally {
    fs.rmSync(result.dir, { recursive: true, force: true });
  }
}

/**
 * Runs many `promtool test rules` test files, each with its own rule files, in one promtool process
 * (starting one per test costs more than the tests). Returns each key's outcome: `SUCCESS` or the
 * failures promtool reported for that file.
 */
export function promtoolTestBatch(inputs: Readonly<Record<string, RuleTestFile>>): Record<string, string> {
  return promtoolTestBatchRun(inputs).outcomes;
}

/** `promtoolTestBatch` with promtool's own result (status and output) as well as each key's outcome. */
export function promtoolTestBatchRun(inputs: Readonly<Record<string, RuleTestFile>>): { result: ToolResult; outcomes: Record<string, string> } {
  const files: Record<string, object> = {};
  const testFiles = Object.values(inputs).map((input, i) => {
    for (const [name, content] of Object.entries(input.ruleFiles)) files[`${i}/rules/${name}`] = content;
    files[`${i}/test.yml`] = {
      rule_files: Object.keys(input.ruleFiles).map((name) => `rules/${name}`),
      evaluation_interval: input.evaluationInterval ?? '1m',
      ...(input.groupEvalOrder ? { group_eval_order: input.groupEvalOrder } : {}),
      tests: input.tests,
    };
    return `${i}/test.yml`;
  });
  const { result, outcomes } = promtoolTestFiles(files, testFiles);
  return { result, outcomes: Object.fromEntries(Object.keys(inputs).map((key, i) => [key, outcomes[testFiles[i]] ?? 'not run'])) };
}
