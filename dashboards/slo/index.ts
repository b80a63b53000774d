/**
 * "SLO Dashboard": the design's headline panels (Availability (30d), Error Budget Remaining), then
 * one row per further objective. A later SLO module passes its typed objectives as `objectives`.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { durationToMs, type EnvironmentConfig } from '../../config';
import { DASHBOARD_UIDS, defaultDashboard, FOLDERS } from '../common';
import { buildDashboard, type DashboardFile } from '../model';
import { API_SLOS, attainmentPanel, errorBudgetPanel, type SloSpec } from './panels';

export const SLO_TITLE = 'SLO Dashboard';

export interface SloDashboardProps {
  /**
   * Objectives shown after the headline row, one row each (attainment and budget remaining).
   * @default - none: only the headline row
   */
  readonly objectives?: readonly SloSpec[];
}

/** A row for one objective: its attainment and its remaining error budget. */
export function sloRow(builder: dashboard.DashboardBuilder, spec: SloSpec): dashboard.DashboardBuilder {
  return builder
    .withRow(new dashboard.RowBuilder(`${spec.name} (objective ${spec.objectivePercent} % over ${spec.window})`))
    .withPanel(attainmentPanel(spec))
    .withPanel(errorBudgetPanel(spec));
}

export function sloDashboard(config: EnvironmentConfig, props: SloDashboardProps = {}): DashboardFile {
  const objectives = props.objectives ?? [];
  const windows = [API_SLOS.availability, API_SLOS.requests, ...objectives];
  const retentionMs = durationToMs(config.prometheus.retention, 'prometheus.retention');
  const shortRetention = windows.some((spec) => durationToMs(spec.window, `SLO ${spec.name}: window`) > retentionMs);
  const builder = defaultDashboard(SLO_TITLE, {
    uid: DASHBOARD_UIDS.slo,
    tags: ['slo'],
    from: 'now-7d',
    refresh: '5m',
    description:
      'Service level objectives of the platform API over their compliance windows.' +
      (shortRetention ? ` Prometheus keeps ${config.prometheus.retention} in ${config.name}, so longer windows cover only what is retained.` : ''),
  })
    .withRow(new dashboard.RowBuilder(`API (objective ${API_SLOS.availability.objectivePercent} % over ${API_SLOS.availability.window})`))
    // The design's panel titles: "Availability (30d)" is the attainment panel's own title.
    .withPanel(attainmentPanel(API_SLOS.availability))
    .withPanel(errorBudgetPanel(API_SLOS.requests, 'Error Budget Remaining'));
  for (const spec of objectives) sloRow(builder, spec);
  return { folder: FOLDERS.slo, dashboard: buildDashboard(builder) };
}
