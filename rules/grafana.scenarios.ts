/** Scenarios of the Grafana alerts (rules/grafana.ts): a ratio of two counters sampled together is the ratio of their steps. */
import { series, type AlertScenario } from './scenario';

const grafana = { job: 'grafana', namespace: 'monitoring', pod: 'grafana-5f7d-x2', container: 'grafana', instance: '10.0.5.3:3000', node: 'node-a' };
const requests = (handler: string, method: string, status: string) =>
  series('grafana_http_request_duration_seconds_count', { ...grafana, handler, method, status_code: status });
const DASHBOARD = '/api/dashboards/uid/:uid';

export const grafanaScenarios: readonly AlertScenario[] = [
  {
    // 6 of 10 requests a minute answered 500: 60%. Over 50% from 1m, so it fires from 6m.
    alert: 'GrafanaRequestsFailing',
    name: 'fires after 5m when 60% of the requests to a handler fail, not before',
    series: [
      { series: requests(DASHBOARD, 'GET', '200'), values: '0+4x30' },
      { series: requests(DASHBOARD, 'GET', '500'), values: '0+6x30' },
    ],
    checks: [
      { at: '4m', firing: [] },
      {
        at: '8m',
        firing: [
          {
            labels: { alertname: 'GrafanaRequestsFailing', handler: DASHBOARD, namespace: 'monitoring', severity: 'warning' },
            annotations: {
              summary: `Grafana in monitoring fails requests to ${DASHBOARD}`,
              description: `60% of the requests to ${DASHBOARD} were answered with a 5xx status over the last 5 minutes (threshold 50%).`,
              runbook_url: 'docs/runbooks/GrafanaRequestsFailing.md',
            },
          },
        ],
      },
    ],
  },
  {
    // 20% on one handler; every query and proxied request failing is the data source's failure.
    alert: 'GrafanaRequestsFailing',
    name: "stays quiet at 20% 5xx, and when only data source queries and the data source proxy fail",
    series: [
      { series: requests(DASHBOARD, 'GET', '200'), values: '0+8x30' },
      { series: requests(DASHBOARD, 'GET', '500'), values: '0+2x30' },
      { series: requests('/api/ds/query', 'POST', '500'), values: '0+30x30' },
      { series: requests('/api/datasources/proxy/uid/:uid/*', 'GET', '502'), values: '0+10x30' },
    ],
    checks: [
      { at: '10m', firing: [] },
      { at: '25m', firing: [] },
    ],
  },
];
