import { logqlError, promqlError } from '../lib/query-syntax';
import { apiSelector, by, METRICS } from '../metrics';

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

  test('refuse a histogram without its series, and a series on a counter', () => {
    expect(() => apiSelector(METRICS.agentExecutionDurationSeconds)).toThrow('choose its bucket, count or sum series');
    expect(() => apiSelector(METRICS.agentExecutionsTotal, {}, 'bucket')).toThrow('is a counter, it has no bucket series');
  });
});
