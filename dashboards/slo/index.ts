/**
 * "SLO Dashboard": the remaining error budget of every objective (the design's headline gauge),
 * then one row per objective: its SLI over 30 days next to the objective, its remaining budget and
 * its burn rate per window. The objectives are the environment's SLOs, the ones the rules come from.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { EnvironmentConfig } from '../../config/types';
import { durationToMs } from '../../config/units';
import { checkSlos, SLO_PERIOD, type Slo } from '../../slos';
import { DASHBOARD_UIDS, defaultDashboard, FOLDERS } from '../common';
import { buildDashboard, type DashboardFile } from '../model';
import { budgetOverviewPanel, budgetPanel, burnRatePanel, sliPanel } from './panels';

export const SLO_TITLE = 'SLO Dashboard';

export interface SloDashboardProps {
  /** The objectives to show, one row each: the environment's SLOs, the same ones its rules record. */
  readonly objectives: readonly Slo[];
}

/** A row for one objective: its SLI next to the objective, its remaining budget, its burn rate. */
export function sloRow(builder: dashboard.DashboardBuilder, slo: Slo): dashboard.DashboardBuilder {
  return builder
    .withRow(new dashboard.RowBuilder(`${slo.title} (objective ${slo.objective} % over ${SLO_PERIOD})`))
    .withPanel(sliPanel(slo))
    .withPanel(budgetPanel(slo))
    .withPanel(burnRatePanel(slo));
}

export function sloDashboard(config: EnvironmentConfig, props: SloDashboardProps): DashboardFile {
  const objectives = props.objectives;
  checkSlos(objectives);
  const shortRetention = durationToMs(SLO_PERIOD, 'SLO period') > durationToMs(config.prometheus.retention, 'prometheus.retention');
  const builder = defaultDashboard(SLO_TITLE, {
    uid: DASHBOARD_UIDS.slo,
    tags: ['slo'],
    from: 'now-7d',
    refresh: '5m',
    description:
      `Service level objectives of the platform over ${SLO_PERIOD}, from the recorded error ratios slo:sli_error:ratio_rate<window>.` +
      (shortRetention ? ` Prometheus keeps ${config.prometheus.retention} in ${config.name}, so the ${SLO_PERIOD} figures cover only what is retained.` : ''),
  });
  if (objectives.length > 0) builder.withRow(new dashboard.RowBuilder('All objectives')).withPanel(budgetOverviewPanel(objectives));
  for (const slo of objectives) sloRow(builder, slo);
  return { folder: FOLDERS.slo, dashboard: buildDashboard(builder) };
}
