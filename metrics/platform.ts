/**
 * The metrics contract of the platform API (app/core/metrics.py): names, types, labels and
 * histogram buckets, defined once. Rules and dashboards build their selectors from here, so a
 * renamed metric or label breaks the build instead of silently emptying a panel.
 */
import { COMPONENTS } from '../constructs/identity';

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
 * A bucket bound as the Python prometheus_client writes it in the `le` label (its `floatToGoString`):
 * Python's shortest `repr` of the float, so whole numbers keep `.0` (`1` → `1.0`, `10` → `10.0`),
 * `0.5` → `0.5`, `1e-05` below 1e-4, `+Inf` for infinity; above six integer digits it switches to
 * Go's exponent form (`1234567` → `1.234567e+06`). Prometheus keeps the label as written, so a
 * matcher must use exactly this text: `le="1"` matches no bucket of the client's histograms.
 */
export function bucketLabel(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  // toExponential() gives the shortest digits that read back as the same double, as Python's repr does.
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const sign = value < 0 ? '-' : '';
  let text: string;
  if (exponent < -4 || exponent >= 16) {
    // Python's scientific form: at least two exponent digits, always signed.
    const rest = digits.slice(1);
    const exp = `${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
    text = `${digits[0]}${rest ? `.${rest}` : ''}e${exp}`;
  } else if (exponent >= 0) {
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    text = `${whole}.${digits.slice(exponent + 1) || '0'}`;
  } else {
    text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  const dot = text.indexOf('.');
  if (value > 0 && dot > 6) {
    // The client's switch to Go's exponent form, digit for digit (its exponent is written "e+0" + digits).
    const shifted = `${text[0]}.${text.slice(1, dot)}${text.slice(dot + 1)}`.replace(/[0.]+$/, '');
    return `${shifted}e+0${dot - 1}`;
  }
  return `${sign}${text}`;
}

/** Matchers of a metric's selector; `le`, for a histogram's bucket series, is a bucket bound. */
export type SelectorMatchers<L extends string> = Matchers<L> & {
  /**
   * Upper bound of the bucket, one of the metric's `buckets` or `Infinity`; written as the client
   * writes it (see `bucketLabel`).
   * @default - every bucket
   */
  readonly le?: number;
};

/**
 * A selector of an API metric, always scoped to `job="api"`. For histograms pick the series
 * (`bucket`, `count` or `sum`); a bucket series may select one bucket with `le`.
 */
export function apiSelector<M extends MetricDefinition>(
  definition: M,
  matchers: SelectorMatchers<LabelOf<M>> = {},
  series?: HistogramSeries,
): string {
  if (definition.type === 'histogram' && !series) {
    throw new Error(
      `metric ${definition.name}: series is not set, but the metric is a histogram. ` +
        `Pass the series to select as apiSelector's third argument: 'bucket' (${definition.name}_bucket), 'count' or 'sum'.`,
    );
  }
  if (definition.type !== 'histogram' && series) {
    throw new Error(
      `metric ${definition.name}: series is ${JSON.stringify(series)}, but the metric is a ${definition.type} and has no ${definition.name}_${series} series. ` +
        `Leave the series argument out for a ${definition.type}; only histograms have bucket, count and sum series.`,
    );
  }
  const { le, ...labels } = matchers;
  const rendered = renderMatchers(labels as Record<string, string | undefined>);
  if (le !== undefined) {
    const bounds = [...(definition.buckets ?? []), Number.POSITIVE_INFINITY];
    if (series !== 'bucket') {
      throw new Error(
        `metric ${definition.name}: le ${le} is set on the ${series ?? definition.type} series, which has no le label. ` +
          `Select the bucket series (series 'bucket') or leave le out.`,
      );
    }
    if (!bounds.includes(le)) {
      throw new Error(
        `metric ${definition.name}: le ${le} is not a bucket bound (${bounds.map(bucketLabel).join(', ')}). ` +
          'Use one of those bounds, or add the bound to the histogram in the API and to its buckets in metrics/platform.ts.',
      );
    }
    rendered.push(`le=${JSON.stringify(bucketLabel(le))}`);
  }
  const name = series ? `${definition.name}_${series}` : definition.name;
  // Every API series carries the API's scrape job.
  return `${name}{${[`job="${COMPONENTS.api.scrape.job}"`, ...rendered].join(',')}}`;
}

/** `by (a, b)` over labels a metric actually has (`le` allowed for histogram buckets). */
export function by<M extends MetricDefinition>(_definition: M, ...labels: (LabelOf<M> | 'le' | 'job' | 'namespace' | 'pod' | 'instance')[]): string {
  return `by (${labels.join(', ')})`;
}
