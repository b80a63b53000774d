import { logqlError, promqlError } from '../lib/query-syntax';
import { apiSelector, bucketLabel, by, METRICS } from '../metrics';

describe('PromQL and LogQL syntax checks', () => {
  test('accept valid expressions', () => {
    expect(promqlError('sum by (le) (rate(http_request_duration_seconds_bucket{job="api"}[5m]))')).toBeUndefined();
    expect(logqlError('sum by (namespace) (rate({app="agent-platform"} | json | level="error" [5m]))')).toBeUndefined();
  });

  test('report the position of an error', () => {
    expect(promqlError('sum(rate(x[5m])')).toMatch(/^PromQL syntax error at character \d+/);
    expect(promqlError('rate(x[5m]) >')).toMatch(/^PromQL syntax error/);
    // The design's authentication query applies a range aggregation to a log pipeline: not LogQL.
    expect(logqlError('{app="agent-platform"} |= "Login failed" | json | count_over_time([1h])')).toMatch(/^LogQL syntax error/);
  });

  test('reject empty expressions', () => {
    expect(promqlError('  ')).toBe('PromQL expression is empty');
  });
});

describe('metrics contract selectors', () => {
  test('scope every API series to job="api" and render matcher operators', () => {
    expect(apiSelector(METRICS.httpRequestsTotal, { status: '=~5..' })).toBe('http_requests_total{job="api",status=~"5.."}');
    expect(apiSelector(METRICS.httpRequestDurationSeconds, {}, 'bucket')).toBe('http_request_duration_seconds_bucket{job="api"}');
    expect(by(METRICS.httpRequestDurationSeconds, 'le')).toBe('by (le)');
  });

  test('fails when a histogram has no series, or a counter is given one, naming the metric, the value and the fix', () => {
    expect(() => apiSelector(METRICS.agentExecutionDurationSeconds)).toThrow(
      "metric agent_execution_duration_seconds: series is not set, but the metric is a histogram. " +
        "Pass the series to select as apiSelector's third argument: 'bucket' (agent_execution_duration_seconds_bucket), 'count' or 'sum'.",
    );
    expect(() => apiSelector(METRICS.agentExecutionsTotal, {}, 'bucket')).toThrow(
      'metric agent_executions_total: series is "bucket", but the metric is a counter and has no agent_executions_total_bucket series. ' +
        'Leave the series argument out for a counter; only histograms have bucket, count and sum series.',
    );
  });

  test('select one bucket by its bound, written as the Python client writes le', () => {
    // The exposition of app/core/metrics.py's histogram (prometheus_client): le="0.5", le="1.0", le="10.0", le="+Inf".
    const duration = METRICS.httpRequestDurationSeconds;
    expect(apiSelector(duration, { le: 0.5 }, 'bucket')).toBe('http_request_duration_seconds_bucket{job="api",le="0.5"}');
    expect(apiSelector(duration, { le: 1 }, 'bucket')).toBe('http_request_duration_seconds_bucket{job="api",le="1.0"}');
    expect(apiSelector(duration, { method: 'GET', le: 10 }, 'bucket')).toBe('http_request_duration_seconds_bucket{job="api",method="GET",le="10.0"}');
    expect(apiSelector(duration, { le: Infinity }, 'bucket')).toBe('http_request_duration_seconds_bucket{job="api",le="+Inf"}');
  });

  test('fails when le is not a bucket bound or is set on a series without buckets', () => {
    expect(() => apiSelector(METRICS.httpRequestDurationSeconds, { le: 0.75 }, 'bucket')).toThrow(
      'metric http_request_duration_seconds: le 0.75 is not a bucket bound (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, +Inf). ' +
        'Use one of those bounds, or add the bound to the histogram in the API and to its buckets in metrics/platform.ts.',
    );
    expect(() => apiSelector(METRICS.httpRequestDurationSeconds, { le: 1 }, 'count')).toThrow(
      "metric http_request_duration_seconds: le 1 is set on the count series, which has no le label. Select the bucket series (series 'bucket') or leave le out.",
    );
  });
});

describe('bucketLabel', () => {
  // What prometheus_client 0.16 (floatToGoString) writes for each bound, read from its output.
  test.each([
    [0.005, '0.005'],
    [0.5, '0.5'],
    [1, '1.0'],
    [2.5, '2.5'],
    [10, '10.0'],
    [120, '120.0'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [0.000015, '1.5e-05'],
    [123456.7, '123456.7'],
    [1234567, '1.234567e+06'],
    [10000000, '1e+07'],
    [1e16, '1e+16'],
    [0.1 + 0.2, '0.30000000000000004'],
    [Infinity, '+Inf'],
  ])('%p is written le="%s"', (value, label) => {
    expect(bucketLabel(value)).toBe(label);
  });
});
