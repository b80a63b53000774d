/** "Infrastructure - Node Resources": utilisation, saturation and errors of every node (the USE method). */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { COMPONENTS } from '../../constructs/identity';
import type { DashboardSources } from '../alert-lines';
import { DASHBOARD_UIDS, defaultDashboard, FOLDERS } from '../common';
import { buildDashboard, type DashboardFile } from '../model';
import {
  cpuSaturation,
  cpuUtilisation,
  diskIoUtilisation,
  diskSpaceUsed,
  memorySaturation,
  memoryUtilisation,
  networkErrors,
  networkTraffic,
  nodeVariable,
} from './panels';

export const NODE_RESOURCES_TITLE = 'Infrastructure - Node Resources';

export function nodeResourcesDashboard(sources: DashboardSources): DashboardFile {
  const builder = defaultDashboard(NODE_RESOURCES_TITLE, {
    uid: DASHBOARD_UIDS.nodeResources,
    tags: ['infrastructure', 'nodes'],
    from: 'now-6h',
    refresh: '1m',
    description:
      `Utilisation, saturation and errors of CPU, memory, disks and network of every node in ${sources.config.name}, ` +
      `from node-exporter (job "${COMPONENTS.nodeExporter.scrape.job}").`,
  })
    .withVariable(nodeVariable())
    .withRow(new dashboard.RowBuilder('CPU'))
    .withPanel(cpuUtilisation(sources))
    .withPanel(cpuSaturation())
    .withRow(new dashboard.RowBuilder('Memory'))
    .withPanel(memoryUtilisation(sources))
    .withPanel(memorySaturation())
    .withRow(new dashboard.RowBuilder('Disk'))
    .withPanel(diskSpaceUsed(sources))
    .withPanel(diskIoUtilisation())
    .withRow(new dashboard.RowBuilder('Network'))
    .withPanel(networkTraffic())
    .withPanel(networkErrors());
  return { folder: FOLDERS.infrastructure, dashboard: buildDashboard(builder) };
}
