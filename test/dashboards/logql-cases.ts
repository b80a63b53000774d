/**
 * The LogQL panels' cases: synthetic log lines of the API, in its JSON format (docs/logging.md) and
 * with the stream labels Alloy attaches, decoys included, and per query of each panel what it
 * shows, worked out by hand from the lines below. Proven on Loki by logql-panels.test.ts.
 */
import { COMPONENTS } from '../../constructs/identity';
import type { StreamLabel } from '../../dashboards';
import { configFor } from '../support/synth';
import type { Servers } from '../support/servers';
import { runAsPanel, type LogqlCase, type LogqlQuery } from './logql-proof';

/** The dashboards are built for dev, so the lines are dev's. */
const PLATFORM_NAMESPACE = configFor('dev').namespaces.platform;
/** A namespace whose pods carry the same app name: the queries must not read it. */
const OTHER_NAMESPACE = 'agent-platform-sandbox';

/** One JSON line of the API (docs/logging.md), without `timestamp`, which is the push time. */
interface ApiLogFields {
  /** A string, not the contract's lower-case levels, so that a decoy can break the contract. */
  readonly level: string;
  readonly message: string;
  readonly component: string;
  readonly trace_id?: string;
  readonly span_id?: string;
  readonly request_id?: string;
  readonly method?: string;
  readonly endpoint?: string;
  readonly status?: number;
  /** A number; a string only in the decoy that breaks the contract. */
  readonly duration_ms?: number | string;
  readonly agent_id?: string;
}
export interface SyntheticLine {
  readonly stream: Readonly<Record<StreamLabel, string>>;
  readonly secondsAgo: number;
  /** A JSON line, or raw text for lines that are not JSON. */
  readonly line: ApiLogFields | string;
}

const apiPod = (pod: string, namespace = PLATFORM_NAMESPACE): Record<StreamLabel, string> => ({
  namespace,
  pod: `agent-platform-api-6f7c9d-${pod}`,
  container: 'api',
  app: COMPONENTS.api.labels.name,
});
const A = apiPod('x2k4p');
const B = apiPod('q8m3z');
const SANDBOX = apiPod('s7t1v', OTHER_NAMESPACE);

const TRACE = { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' };
const EXECUTE = { method: 'POST', endpoint: '/api/v1/agents/{agent_id}/execute' };

/**
 * The lines, oldest 90 minutes ago and all others in the last five minutes (Loki takes lines up
 * to `reject_old_samples_max_age`, 168h, old).
 */
export const LINES = {
  'db-error': { stream: A, secondsAgo: 290, line: { level: 'error', message: 'database error: connection pool exhausted', component: 'agent_service', ...TRACE } },
  'exec-failed': {
    stream: B,
    secondsAgo: 270,
    line: { level: 'error', message: 'execution failed', component: 'agent_service', agent_id: 'agent-42', duration_ms: 5300, ...TRACE },
  },
  critical: { stream: A, secondsAgo: 250, line: { level: 'critical', message: 'worker out of memory', component: 'http' } },
  'upper-level': { stream: B, secondsAgo: 230, line: { level: 'ERROR', message: 'payment error from upstream', component: 'http' } },
  'info-error': { stream: A, secondsAgo: 210, line: { level: 'info', message: 'retrying after a transient error', component: 'scheduler' } },
  'plain-text': { stream: B, secondsAgo: 190, line: 'panic: runtime error: invalid memory address or nil pointer dereference' },
  'retry-failed': { stream: A, secondsAgo: 170, line: { level: 'warn', message: 'execution failed, retrying', component: 'scheduler', agent_id: 'agent-7' } },
  'slow-request': {
    stream: B,
    secondsAgo: 150,
    line: { level: 'info', message: 'request completed', component: 'http', request_id: 'r-81f2', ...EXECUTE, status: 200, duration_ms: 1840, ...TRACE },
  },
  'exactly-1000': { stream: A, secondsAgo: 130, line: { level: 'info', message: 'request completed', component: 'http', request_id: 'r-81f3', ...EXECUTE, status: 200, duration_ms: 1000 } },
  'not-a-number': { stream: B, secondsAgo: 110, line: { level: 'info', message: 'request completed', component: 'http', request_id: 'r-81f4', ...EXECUTE, status: 200, duration_ms: '1840ms' } },
  'login-failed-1': { stream: A, secondsAgo: 100, line: { level: 'warn', message: 'Login failed', component: 'auth', request_id: 'r-9a01' } },
  'login-failed-2': { stream: B, secondsAgo: 80, line: { level: 'warn', message: 'Login failed', component: 'auth', request_id: 'r-9a02' } },
  'login-failed-3': { stream: A, secondsAgo: 60, line: { level: 'warn', message: 'Login failed', component: 'auth', request_id: 'r-9a03' } },
  'login-ok': { stream: B, secondsAgo: 55, line: { level: 'info', message: 'Login succeeded', component: 'auth', request_id: 'r-9a04' } },
  'login-old': { stream: A, secondsAgo: 90 * 60, line: { level: 'warn', message: 'Login failed', component: 'auth', request_id: 'r-9a00' } },
  'sandbox-failed': {
    stream: SANDBOX,
    secondsAgo: 240,
    line: { level: 'error', message: 'execution failed', component: 'agent_service', agent_id: 'agent-9', duration_ms: 9000 },
  },
  'sandbox-login': { stream: SANDBOX, secondsAgo: 70, line: { level: 'warn', message: 'Login failed', component: 'auth', request_id: 'r-5b01' } },
} as const satisfies Record<string, SyntheticLine>;

export type LineId = keyof typeof LINES;

/** The text of a line pushed at `nowMs`: JSON with its `timestamp` first, as the API writes it. */
export const LINE_IDS = Object.keys(LINES) as LineId[];

export function lineText(id: LineId, nowMs: number): string {
  const { line, secondsAgo } = LINES[id] as SyntheticLine;
  return typeof line === 'string' ? line : JSON.stringify({ timestamp: new Date(nowMs - secondsAgo * 1000).toISOString(), ...line });
}

/** The body of `POST /loki/api/v1/push`: one stream per label set, each stream's lines oldest first. */
export function pushBody(nowMs: number): { streams: { stream: Record<string, string>; values: [string, string][] }[] } {
  const byStream = new Map<string, { stream: Record<string, string>; values: [number, string][] }>();
  for (const id of Object.keys(LINES) as LineId[]) {
    const { stream, secondsAgo } = LINES[id] as SyntheticLine;
    const key = JSON.stringify(stream);
    const entry = byStream.get(key) ?? { stream: { ...stream }, values: [] };
    entry.values.push([nowMs - secondsAgo * 1000, lineText(id, nowMs)]);
    byStream.set(key, entry);
  }
  return {
    streams: [...byStream.values()].map(({ stream, values }) => ({
      stream,
      values: values.sort((a, b) => a[0] - b[0]).map(([ms, text]) => [`${BigInt(ms) * 1_000_000n}`, text]),
    })),
  };
}

const OTHER_NAMESPACE_WHY = `namespace ${OTHER_NAMESPACE}: the selector names the platform's namespace, not only the app`;

/**
 * By `<dashboard uid>/<panel title>/<refId>`. Log panels: the lines shown (and decoys that must not
 * be). Metric panels: each series and its value; a range query's value is its points added up.
 */
export const LOGQL_CASES: Record<string, LogqlCase<LineId>> = {
  'agent-platform-logs-traces/All Errors/A': {
    story: 'level error or critical in the API’s namespace: db-error and exec-failed (error), critical (critical)',
    shows: ['db-error', 'exec-failed', 'critical'],
    hides: {
      'upper-level': 'level "ERROR": the level match is case-sensitive and the log contract writes levels in lower case',
      'info-error': 'level info; only its message says "error"',
      'plain-text': 'not JSON: `| json` finds no level, although the line filter lets "runtime error" through',
      'sandbox-failed': OTHER_NAMESPACE_WHY,
    },
  },
  'agent-platform-logs-traces/Errors by Service/A': {
    story:
      '$__auto = 1m is also the step, so each point is the rate over its own 60 s window and the points of a series add up to ' +
      'its error lines / 60. agent_service: db-error + exec-failed = 2 → 2/60; http: critical = 1 → 1/60. ' +
      'No scheduler series (info-error is info, retry-failed warn) and no auth series (failed logins are warn).',
    shows: [
      { labels: { component: 'agent_service' }, value: 2 / 60 },
      { labels: { component: 'http' }, value: 1 / 60 },
    ],
    hides: {
      'upper-level': 'level "ERROR" is not error: http stays at 1 line, not 2',
      'info-error': 'level info: no scheduler series',
      'plain-text': 'not JSON: no component, no level',
      'sandbox-failed': `${OTHER_NAMESPACE_WHY}; agent_service stays at 2 lines, not 3`,
    },
  },
  'agent-platform-logs-traces/Authentication Failures (1h)/A': {
    story: '"Login failed" within the last hour in the API’s namespace, summed over both pods: login-failed-1 and -3 (pod x2k4p) + login-failed-2 (pod q8m3z) = 3',
    shows: [{ labels: {}, value: 3 }],
    hides: {
      'login-old': '90 minutes old, outside [1h]: 3, not 4',
      'sandbox-login': `${OTHER_NAMESPACE_WHY}: 3, not 4`,
      'login-ok': 'says "Login succeeded"',
    },
  },
  'agent-platform-logs-traces/Slow Requests (> 1 s)/A': {
    story:
      'duration_ms above 1000: slow-request (1840) and exec-failed (5300) — the query takes every line with a duration, ' +
      'agent executions as well as HTTP requests',
    shows: ['slow-request', 'exec-failed'],
    hides: {
      'exactly-1000': '1000 is not above 1000',
      'not-a-number': '"1840ms" is a string: the comparison sets __error__, and __error__="" drops the line',
      'sandbox-failed': `${OTHER_NAMESPACE_WHY} (9000 ms)`,
    },
  },
  'agent-platform-logs-traces/Failed Agent Executions/A': {
    story: '"execution failed" written by component agent_service in the API’s namespace: exec-failed',
    shows: ['exec-failed'],
    hides: {
      'retry-failed': 'says "execution failed" but component is scheduler',
      'sandbox-failed': OTHER_NAMESPACE_WHY,
    },
  },
};

/** The synthetic lines in a running Loki, and how to read them back. */
export interface PushedLines {
  /** When the panels are read: once every line was queryable. */
  readonly readAt: number;
  /** The id of a line Loki returns, by its text. */
  readonly idOf: (line: string) => LineId | undefined;
  /** Every line Loki holds, as a logs panel over the last two hours sees it. */
  stored(): Promise<LineId[]>;
}

/**
 * Pushes every synthetic line through `urls.push` and waits until `urls.read` returns them all.
 * @param maxLines the Loki datasource's line limit, as the panels read
 */
export async function pushLines(urls: { push: string; read: string }, maxLines: number, servers: Servers, timeoutMs: number): Promise<PushedLines> {
  // Half a second off the whole second: no line sits on a step boundary, where one rate window ends and the next begins.
  const pushedAt = Math.floor(Date.now() / 1000) * 1000 - 500;
  const texts = new Map(LINE_IDS.map((id) => [lineText(id, pushedAt), id]));
  const idOf = (line: string) => texts.get(line);
  const all: LogqlQuery = { key: 'all lines', dashboard: '', panel: '', refId: 'A', expr: '', evaluated: '{namespace=~".+"}', instant: false, rangeMs: 2 * 3_600_000 };
  const stored = async (): Promise<LineId[]> => {
    const result = await runAsPanel(urls.read, all, Date.now(), maxLines);
    if (result.kind !== 'lines') throw new Error(`a log query returned ${result.kind}`);
    return result.lines.map((line) => idOf(line) ?? (`unknown line ${line}` as LineId)).sort();
  };
  const response = await fetch(`${urls.push}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(pushBody(pushedAt)) });
  if (response.status !== 204) throw new Error(`push: HTTP ${response.status}: ${await response.text()}\n${servers.logTails()}`);
  await servers.waitFor(`every pushed line to be queryable at ${urls.read}`, async () => ((await stored()).length >= LINE_IDS.length ? true : undefined), timeoutMs);
  return { readAt: Date.now(), idOf, stored };
}
