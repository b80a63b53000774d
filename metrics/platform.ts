/**
 * The metrics contract of the platform API (app/core/metrics.py): names, types, labels and
 * histogram buckets, defined once. Rules and dashboards build their selectors from here, so a
 * renamed metric or label breaks the build instead of silently emptying a panel.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'info';

export interface MetricDefinition<L extends string = string> {
  /** The exposed series name (counters end in `_total`, the info metric in `_info`). */
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labels: readonly L[];
  /** Histogram bucket upper bounds in the metric's unit (`+Inf` is implicit). */
  readonly buckets?: readonly number[];
}

function metric<L extends string>(
  name: string,
  type: MetricType,
  help: string,
  labels: readonly L[],
  buckets?: readonly number[],
): MetricDefinition<L> {
  return { name, type, help, labels, ...(buckets ? { buckets } : {}) };
}

export const METRICS = {
  httpRequestsTotal: metric('http_requests_total', 'counter', 'Total HTTP requests', ['method', 'endpoint', 'status']),
  httpRequestDurationSeconds: metric('http_request_duration_seconds', 'histogram', 'HTTP request duration', ['method', 'endpoint'], [
    0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
  ]),
  agentExecutionsTotal: metric('agent_executions_total', 'counter', 'Total agent executions', ['agent_id', 'status']),
  agentExecutionDurationSeconds: metric('agent_execution_duration_seconds', 'histogram', 'Agent execution duration', ['agent_id'], [
    0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0,
  ]),
  agentTokensUsedTotal: metric('agent_tokens_used_total', 'counter', 'Total tokens used', ['agent_id', 'model']),
  activeUsers: metric('active_users', 'gauge', 'Currently active users', []),
  activeAgentsTotal: metric('active_agents_total', 'gauge', 'Total active agents', ['organization_id']),
  dbConnectionsActive: metric('db_connections_active', 'gauge', 'Active database connections', []),
  redisConnectionsActive: metric('redis_connections_active', 'gauge', 'Active Redis connections', []),
  appInfo: metric('app_info', 'info', 'Application information', ['version', 'environment']),
} as const;

export type PlatformMetric = keyof typeof METRICS;

/** The label names of a metric definition, as a type. */
export type LabelOf<M> = M extends MetricDefinition<infer L> ? L : never;

/** Scrape job of the platform API: every API series carries `job="api"`. */
export const API_JOB = 'api';

/**
 * A matcher value: a plain string means `=`; prefix with `=~`, `!=` or `!~` for the other operators,
 * e.g. `{ status: '=~5..' }`.
 */
export type Matchers<L extends string> = Partial<Record<L, string>>;

function renderMatchers(matchers: Record<string, string | undefined>): string[] {
  return Object.entries(matchers)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([label, value]) => {
      const op = /^(=~|!=|!~)/.exec(value)?.[1] ?? '=';
      const raw = op === '=' ? value : value.slice(op.length);
      return `${label}${op}${JSON.stringify(raw)}`;
    });
}

export type HistogramSeries = 'bucket' | 'count' | 'sum';

/**
 * A selector of an API metric, always scoped to `job="api"`. For histograms pick the series
 * (`bucket`, `count` or `sum`); the `le` label is then allowed in matchers too.
 */
export function apiSelector<M extends MetricDefinition>(
  definition: M,
  matchers: Matchers<LabelOf<M> | 'le'> = {},
  series?: HistogramSeries,
): string {
  if (definition.type === 'histogram' && !series) {
    throw new Error(`metric ${definition.name} is a histogram: choose its bucket, count or sum series`);
  }
  if (definition.type !== 'histogram' && series) {
    throw new Error(`metric ${definition.name} is a ${definition.type}, it has no ${series} series`);
  }
  const name = series ? `${definition.name}_${series}` : definition.name;
  return `${name}{${[`job="${API_JOB}"`, ...renderMatchers(matchers)].join(',')}}`;
}

/** `by (a, b)` over labels a metric actually has (`le` allowed for histogram buckets). */
export function by<M extends MetricDefinition>(_definition: M, ...labels: (LabelOf<M> | 'le' | 'job' | 'namespace' | 'pod' | 'instance')[]): string {
  return `by (${labels.join(', ')})`;
}
