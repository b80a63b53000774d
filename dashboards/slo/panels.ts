/**
 * The panels that show a service level objective, built from the `Slo` the rules are compiled from.
 * Every query reads the recorded error ratios `slo:sli_error:ratio_rate<window>` (slos/compile.ts)
 * instead of 30-day raw queries, so the dashboard is cheap and agrees with the burn-rate alerts.
 */
import type * as gauge from '@grafana/grafana-foundation-sdk/gauge';
import type * as stat from '@grafana/grafana-foundation-sdk/stat';
import type * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { BURN_RATE_ALERTS, errorBudget, errorRatioSeries, percentText, SLO_PERIOD, SLO_WINDOWS, type Slo, type SloWindow } from '../../slos';
import { DASHBOARD_UIDS, dashboardLink, defaultGauge, defaultStat, defaultTimeseries, promInstant, promRange, thresholdLines, thresholds, type Color } from '../common';

/** `A`, `B`, … for the queries of a panel. */
function refId(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `Q${index + 1}`;
}

/** PromQL of the SLI over the 30-day period, in percent. */
export function sliExpr(slo: Slo): string {
  return `100 * (1 - ${errorRatioSeries(slo, SLO_PERIOD)})`;
}

/** PromQL of the error budget left over the 30-day period, in percent of the budget (negative when overspent). */
export function budgetRemainingExpr(slo: Slo): string {
  return `100 * (1 - ${errorRatioSeries(slo, SLO_PERIOD)} / ${errorBudget(slo)})`;
}

/** PromQL of the burn rate over a window: 1 spends the budget exactly over the period. */
export function burnRateExpr(slo: Slo, window: SloWindow): string {
  return `${errorRatioSeries(slo, window)} / ${errorBudget(slo)}`;
}

/** The SLI over the period next to its objective: green at or above the objective. */
export function sliPanel(slo: Slo, title = `${slo.title} (${SLO_PERIOD})`): stat.PanelBuilder {
  const steps: [number, Color][] = [[slo.objective, 'green']];
  if (slo.warningLevel !== undefined) steps.unshift([slo.warningLevel, 'yellow']);
  return defaultStat(title, units.Percent, { width: 6 })
    .description(`${slo.description} Over the last ${SLO_PERIOD}, next to the objective of ${slo.objective} %.`)
    .decimals(3)
    .thresholds(thresholds('red', ...steps))
    .links([dashboardLink('System overview', DASHBOARD_UIDS.systemOverview)])
    .withTarget(promInstant(sliExpr(slo), 'SLI'))
    .withTarget(promInstant(`vector(${slo.objective})`, 'Objective', 'B'));
}

/** Share of the period's error budget not yet spent. */
export function budgetPanel(slo: Slo, title = `${slo.title}: Error Budget Remaining`): gauge.PanelBuilder {
  return defaultGauge(title, units.Percent, { width: 6 })
    .description(
      `Share of the ${SLO_PERIOD} error budget of ${slo.title} (${percentText(errorBudget(slo))} of events may fail) not yet spent. Negative when overspent.`,
    )
    .decimals(1)
    .min(0)
    .max(100)
    .thresholds(thresholds('red', [25, 'yellow'], [50, 'green']))
    .withTarget(promInstant(budgetRemainingExpr(slo), 'Budget remaining'));
}

/** The remaining budget of every SLO side by side: the design's headline gauge. */
export function budgetOverviewPanel(slos: readonly Slo[], title = 'Error Budget Remaining'): gauge.PanelBuilder {
  const panel = defaultGauge(title, units.Percent, { width: 24, height: 6 })
    .description(`Share of each objective's ${SLO_PERIOD} error budget not yet spent. Negative when overspent.`)
    .decimals(1)
    .min(0)
    .max(100)
    .thresholds(thresholds('red', [25, 'yellow'], [50, 'green']));
  slos.forEach((slo, i) => panel.withTarget(promInstant(budgetRemainingExpr(slo), slo.title, refId(i))));
  return panel;
}

/**
 * The burn rate over every recorded window. Dashed lines mark the factors of the burn-rate alerts:
 * orange for a ticket, red for a page.
 */
export function burnRatePanel(slo: Slo, title = `${slo.title}: Burn Rate`): timeseries.PanelBuilder {
  const factors = [...new Set(BURN_RATE_ALERTS.map((a) => a.factor))].sort((a, b) => a - b);
  const color = (factor: number): Color => (BURN_RATE_ALERTS.some((a) => a.factor === factor && a.severity === 'critical') ? 'red' : 'orange');
  const panel = defaultTimeseries(title, 'suffix:x', { width: 12 })
    .description(
      `How many times faster than the objective allows ${slo.title} spends its error budget, per window. ` +
        `1 spends it exactly over ${SLO_PERIOD}; the alerts page above ${BURN_RATE_ALERTS.filter((a) => a.severity === 'critical')
          .map((a) => `${a.factor}x over ${a.long} and ${a.short}`)
          .join(' or ')}.`,
    )
    .decimals(2)
    .min(0)
    .thresholds(thresholds('green', ...factors.map((f) => [f, color(f)] as const)))
    .thresholdsStyle(thresholdLines());
  SLO_WINDOWS.forEach((window, i) => panel.withTarget(promRange(burnRateExpr(slo, window), window, refId(i))));
  return panel;
}
