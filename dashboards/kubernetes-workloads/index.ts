/** "Infrastructure - Kubernetes Workloads": pods' resources against their requests and limits, restarts, readiness, volumes. */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardSources } from '../alert-lines';
import { DASHBOARD_UIDS, defaultDashboard, FOLDERS } from '../common';
import { buildDashboard, type DashboardFile } from '../model';
import { containerRestarts, cpuThrottling, cpuUsage, memoryUsage, namespaceVariable, podsNotReady, volumeUsage } from './panels';

export const KUBERNETES_WORKLOADS_TITLE = 'Infrastructure - Kubernetes Workloads';

export function kubernetesWorkloadsDashboard(sources: DashboardSources): DashboardFile {
  const builder = defaultDashboard(KUBERNETES_WORKLOADS_TITLE, {
    uid: DASHBOARD_UIDS.kubernetesWorkloads,
    tags: ['infrastructure', 'kubernetes'],
    from: 'now-6h',
    refresh: '1m',
    description:
      `Pods of every namespace in ${sources.config.name}: readiness and restarts, CPU and memory against requests and limits, CPU throttling, volume usage. ` +
      'From cAdvisor and kube-state-metrics.',
  })
    .withVariable(namespaceVariable())
    .withRow(new dashboard.RowBuilder('Health'))
    .withPanel(podsNotReady())
    .withPanel(containerRestarts(sources))
    .withRow(new dashboard.RowBuilder('CPU'))
    .withPanel(cpuUsage())
    .withPanel(cpuThrottling())
    .withRow(new dashboard.RowBuilder('Memory and storage'))
    .withPanel(memoryUsage())
    .withPanel(volumeUsage());
  return { folder: FOLDERS.infrastructure, dashboard: buildDashboard(builder) };
}
