/** Alerts on Grafana, on the series Prometheus scrapes from it (`job` of its identity). */
import { COMPONENTS } from '../constructs/identity';
import { percent, RATIO, type RuleGroup } from './model';


// Data source queries and the data source proxy answer 5xx when the data source fails, which that
// data source's own alerts report; the share is Grafana's own failures (as grafana-mixin does).
const requests = `job="${COMPONENTS.grafana.scrape.job}",handler!~"/api/ds/query|/api/datasources/proxy/.*"`;

export const grafanaAlerts: RuleGroup = {
  name: 'grafana-alerts',
  rules: [
    {
      alert: 'GrafanaRequestsFailing',
      // grafana-mixin GrafanaRequestsFailing: more than 50% 5xx per handler, for 5m, warning.
      expr: (t) =>
        `sum by (namespace, handler) (rate(grafana_http_request_duration_seconds_count{${requests},status_code=~"5.."}[5m]))` +
        ` / sum by (namespace, handler) (rate(grafana_http_request_duration_seconds_count{${requests}}[5m])) > ${t}`,
      threshold: 0.5,
      thresholdRange: RATIO,
      for: '5m',
      severity: 'warning',
      summary: 'Grafana in {{ $labels.namespace }} fails requests to {{ $labels.handler }}',
      description: (t) => `{{ $value | humanizePercentage }} of the requests to {{ $labels.handler }} were answered with a 5xx status over the last 5 minutes (threshold ${percent(t)}).`,
    },
  ],
};
