/**
 * Fixed dashboard uids: links, bookmarks, the home dashboard and alerts' `dashboard_url` depend on
 * them. A leaf module, so that rules can name the panel that shows their condition.
 */
export const DASHBOARD_UIDS = {
  systemOverview: 'agent-platform-overview',
  executions: 'agent-platform-executions',
  slo: 'agent-platform-slo',
  logsAndTraces: 'agent-platform-logs-traces',
  nodeResources: 'agent-platform-nodes',
  kubernetesWorkloads: 'agent-platform-workloads',
  prometheusAlertmanager: 'agent-platform-prometheus',
  telemetryPipeline: 'agent-platform-telemetry-pipeline',
} as const;

export type DashboardUid = (typeof DASHBOARD_UIDS)[keyof typeof DASHBOARD_UIDS];
