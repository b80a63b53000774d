/**
 * Scenarios of the platform API's dashboards (System Overview, Agent Executions): synthetic series
 * with a known answer and the values each panel shows, by `<dashboard uid>/<panel title>`.
 */
import { METRICS } from '../../../metrics';
import { counter, gauge, histogram, type InputSeries, type Scenario } from '../proof';

const REQUESTS = 'http_requests_total';
const EXECUTIONS = 'agent_executions_total';
const api = (labels: Record<string, string>) => ({ job: 'api', ...labels });

/** 900 good and 100 failed requests a minute over two pods, and a 5xx-heavy series of another job. */
export const ERROR_SERIES: InputSeries[] = [
  counter(REQUESTS, api({ instance: 'pod-a', method: 'GET', endpoint: '/agents', status: '200' }), 600),
  counter(REQUESTS, api({ instance: 'pod-b', method: 'GET', endpoint: '/agents', status: '200' }), 300),
  counter(REQUESTS, api({ instance: 'pod-a', method: 'POST', endpoint: '/agents/{id}/execute', status: '500' }), 70),
  counter(REQUESTS, api({ instance: 'pod-b', method: 'POST', endpoint: '/agents/{id}/execute', status: '503' }), 30),
  counter(REQUESTS, { job: 'other', instance: 'x', method: 'GET', endpoint: '/', status: '500' }, 5000),
];

/** Two pods' latencies: pod-a answers 50 requests a minute in 80 ms; pod-b 30 in 80 ms, 10 in 200 ms, 10 in 400 ms. */
export const LATENCY_SERIES: InputSeries[] = [
  ...histogram(METRICS.httpRequestDurationSeconds, api({ instance: 'pod-a', method: 'GET', endpoint: '/agents' }), [[0.08, 50]]),
  ...histogram(METRICS.httpRequestDurationSeconds, api({ instance: 'pod-b', method: 'POST', endpoint: '/agents/{id}/execute' }), [
    [0.08, 30],
    [0.2, 10],
    [0.4, 10],
  ]),
];

/** 97 of 100 executions a minute succeed, over two agents. */
export const SUCCESS_SERIES: InputSeries[] = [
  counter(EXECUTIONS, api({ agent_id: 'a1', status: 'success' }), 60),
  counter(EXECUTIONS, api({ agent_id: 'a2', status: 'success' }), 37),
  counter(EXECUTIONS, api({ agent_id: 'a1', status: 'failure' }), 2),
  counter(EXECUTIONS, api({ agent_id: 'a2', status: 'timeout' }), 1),
];

/**
 * The design's 30-day error budget runs on hourly samples: promtool's test engine refuses queries
 * that load more than about 10 000 samples, and the answer depends on ratios, not on the sample rate.
 * (The SLO dashboard's own panels read recorded series and are proven in test/slos.test.ts.)
 */
const HOURS_30D = 30 * 24;
export const HOURLY = '1h';

/** A steady 0.05 % error ratio for 30 days: 600 000 requests an hour, 300 of them 5xx, over two pods. */
export const BUDGET_SERIES: InputSeries[] = [
  counter(REQUESTS, api({ instance: 'pod-a', method: 'GET', endpoint: '/agents', status: '200' }), 300_000, HOURS_30D),
  counter(REQUESTS, api({ instance: 'pod-b', method: 'GET', endpoint: '/agents', status: '200' }), 299_700, HOURS_30D),
  counter(REQUESTS, api({ instance: 'pod-a', method: 'GET', endpoint: '/agents', status: '500' }), 180, HOURS_30D),
  counter(REQUESTS, api({ instance: 'pod-b', method: 'GET', endpoint: '/agents', status: '503' }), 120, HOURS_30D),
];

/** Read half an hour after the 30th day, so the window holds exactly the 720 samples of hours 1 to 720. */
export const AFTER_30D = '30d30m';

/**
 * The scenarios, by `<dashboard uid>/<panel title>`. Each story states the arithmetic behind the
 * expected values. Rates use the 2m window Grafana's $__rate_interval gives at a 30 s scrape interval.
 */
export const PLATFORM_SCENARIOS: Record<string, readonly Scenario[]> = {
  'agent-platform-overview/Request Rate': [
    {
      story: 'GET /agents: 600 + 300 a minute = 15/s; POST execute: 70 + 30 a minute on two pods = 1.67/s; another job is left out',
      series: ERROR_SERIES,
      at: '10m',
      shows: {
        A: [
          { labels: { method: 'GET', endpoint: '/agents' }, value: 15 },
          { labels: { method: 'POST', endpoint: '/agents/{id}/execute' }, value: 1.67 },
        ],
      },
    },
  ],
  'agent-platform-overview/Error Rate': [
    {
      story: '900 good and 100 failed requests a minute: 100 / 1000 = 10 % of the whole, not 100 % per failing series',
      series: ERROR_SERIES,
      at: '10m',
      shows: { A: [{ value: 10 }] },
    },
    {
      story: 'no 5xx series at all: 0 %, not "no data"',
      series: ERROR_SERIES.slice(0, 2),
      at: '10m',
      shows: { A: [{ value: 0 }] },
    },
  ],
  'agent-platform-overview/Response Time (p95)': [
    {
      story:
        'summed over pods: 80 requests ≤ 0.1 s, 90 ≤ 0.25 s, 100 ≤ 0.5 s; the 95th of 100 lies halfway into (0.25, 0.5]: 0.25 + 0.5 × 0.25 = 0.375 s',
      series: LATENCY_SERIES,
      at: '10m',
      shows: { A: [{ value: 0.375 }] },
    },
  ],
  'agent-platform-overview/Active Connections': [
    {
      story: 'DB pools 30 + 12 = 42, Redis 5 + 7 = 12 over two pods; another job is left out',
      series: [
        gauge('db_connections_active', api({ instance: 'pod-a' }), 30),
        gauge('db_connections_active', api({ instance: 'pod-b' }), 12),
        gauge('db_connections_active', { job: 'other', instance: 'x' }, 500),
        gauge('redis_connections_active', api({ instance: 'pod-a' }), 5),
        gauge('redis_connections_active', api({ instance: 'pod-b' }), 7),
      ],
      at: '10m',
      shows: { A: [{ value: 42 }], B: [{ value: 12 }] },
    },
  ],
  'agent-platform-executions/Executions per Minute': [
    {
      story: 'success: 100 (a1) + 20 (a2) = 120 a minute; failure: 6 a minute',
      series: [
        counter(EXECUTIONS, api({ agent_id: 'a1', status: 'success' }), 100),
        counter(EXECUTIONS, api({ agent_id: 'a2', status: 'success' }), 20),
        counter(EXECUTIONS, api({ agent_id: 'a1', status: 'failure' }), 6),
      ],
      at: '10m',
      shows: { A: [{ labels: { status: 'success' }, value: 120 }, { labels: { status: 'failure' }, value: 6 }] },
    },
  ],
  'agent-platform-executions/Execution Duration (p50, p95, p99)': [
    {
      story:
        'a minute: 10 runs ≤ 1 s, 40 ≤ 2.5 s, 60 ≤ 5 s, 80 ≤ 10 s, 90 ≤ 30 s, 100 ≤ 60 s (two agents). ' +
        'p50: 2.5 + (50 - 40) / 20 × 2.5 = 3.75 s; p95: 30 + (95 - 90) / 10 × 30 = 45 s; p99: 30 + 9 / 10 × 30 = 57 s',
      series: [
        ...histogram(METRICS.agentExecutionDurationSeconds, api({ agent_id: 'a1' }), [
          [0.8, 10],
          [2, 30],
        ]),
        ...histogram(METRICS.agentExecutionDurationSeconds, api({ agent_id: 'a2' }), [
          [4, 20],
          [8, 20],
          [20, 10],
          [45, 10],
        ]),
      ],
      at: '10m',
      shows: { A: [{ value: 3.75 }], B: [{ value: 45 }], C: [{ value: 57 }] },
    },
  ],
  'agent-platform-executions/Token Usage': [
    {
      story: 'gpt-4o: 1000 (a1) + 500 (a2) = 1500 tokens a minute; claude-sonnet: 200',
      series: [
        counter('agent_tokens_used_total', api({ agent_id: 'a1', model: 'gpt-4o' }), 1000),
        counter('agent_tokens_used_total', api({ agent_id: 'a2', model: 'gpt-4o' }), 500),
        counter('agent_tokens_used_total', api({ agent_id: 'a2', model: 'claude-sonnet' }), 200),
      ],
      at: '10m',
      shows: { A: [{ labels: { model: 'gpt-4o' }, value: 1500 }, { labels: { model: 'claude-sonnet' }, value: 200 }] },
    },
  ],
  'agent-platform-executions/Success Rate': [
    {
      story: '97 of 100 executions a minute succeed: 97 %',
      series: SUCCESS_SERIES,
      at: '10m',
      shows: { A: [{ value: 97 }] },
    },
  ],
};

