/**
 * Shared defaults of every dashboard: uids, folders, tags, query builders, panel defaults and
 * thresholds. Dashboards and panel functions start from these so that they look and behave alike.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as gauge from '@grafana/grafana-foundation-sdk/gauge';
import * as logs from '@grafana/grafana-foundation-sdk/logs';
import * as loki from '@grafana/grafana-foundation-sdk/loki';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { DATASOURCES, type DatasourceRef } from './datasources';
import type { Folder } from './model';

export { DASHBOARD_UIDS } from './uids';

/** One folder per area. */
export const FOLDERS = {
  platform: { name: 'platform', title: 'Agent Platform', uid: 'agent-platform' },
  slo: { name: 'slo', title: 'Service Levels', uid: 'agent-platform-slos' },
  logsAndTraces: { name: 'logs-and-traces', title: 'Logs and Traces', uid: 'agent-platform-logs-traces' },
  infrastructure: { name: 'infrastructure', title: 'Infrastructure', uid: 'agent-platform-infrastructure' },
  monitoring: { name: 'monitoring', title: 'Monitoring Stack', uid: 'agent-platform-monitoring' },
} as const satisfies Record<string, Folder>;

/** Every dashboard carries this tag; the link bar lists all dashboards that have it. */
export const PLATFORM_TAG = 'agent-platform';

/** The range Grafana picks for rates: at least four scrape intervals, so a rate never has one sample. */
export const RATE_INTERVAL = '$__rate_interval';

/** Grafana's step-sized range for LogQL metric queries. */
export const LOG_RANGE = '$__auto';

/** `rate(<selector>[<range>])`. */
export function rate(selector: string, range: string = RATE_INTERVAL): string {
  return `rate(${selector}[${range}])`;
}

/** A dashboard builder with the shared settings: uid, tags, time range, refresh, the link bar. */
export function defaultDashboard(title: string, options: { uid: string; tags: readonly string[]; from: string; refresh: string; description: string }): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(options.uid)
    .description(options.description)
    .tags([PLATFORM_TAG, ...options.tags])
    .time({ from: options.from, to: 'now' })
    .refresh(options.refresh)
    .timezone('browser')
    // Provisioned from code: changes made in the UI would be lost at the next provisioning run.
    .readonly()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .link(
      new dashboard.DashboardLinkBuilder('Agent Platform')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([PLATFORM_TAG])
        .asDropdown(true)
        .keepTime(true)
        .includeVars(false)
        .targetBlank(false),
    );
}

/** What "All" of a label variable stands for in queries, which match the variable with `=~`. */
export const ALL_VALUES = '.*';

/**
 * A variable listing the values of one label of a series (`label_values`), several selectable, with
 * "All" first and selected when the dashboard opens. Queries match it as `<label>=~"$<label>"`:
 * Grafana puts in a selected value regex-escaped, several as `(a|b)`, and "All" as `.*`.
 */
export function labelVariable(label: string, options: { title: string; series: string; description: string }): dashboard.QueryVariableBuilder {
  const query = `label_values(${options.series}, ${label})`;
  return new dashboard.QueryVariableBuilder(label)
    .label(options.title)
    .description(options.description)
    .datasource(DATASOURCES.prometheus)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(ALL_VALUES)
    .current({ selected: true, text: 'All', value: '$__all' });
}

/** A data link to another dashboard that keeps the time range. */
export function dashboardLink(title: string, uid: string): dashboard.DashboardLinkBuilder {
  return new dashboard.DashboardLinkBuilder(title).type(dashboard.DashboardLinkType.Link).url(`/d/${uid}?\${__url_time_range}`).targetBlank(false);
}

// --- Queries ----------------------------------------------------------------------------------------

/** A PromQL query in code mode, before it is made a range or an instant query. */
function promQuery(expr: string, legend: string): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder()
    .datasource(DATASOURCES.prometheus)
    .editorMode(prometheus.QueryEditorMode.Code)
    .expr(expr)
    .legendFormat(legend);
}

/** A PromQL query over the panel's time range (timeseries panels). */
export function promRange(expr: string, legend: string, refId = 'A'): prometheus.DataqueryBuilder {
  return promQuery(expr, legend).range().refId(refId);
}

/** A PromQL query at the end of the time range (stat and gauge panels). */
export function promInstant(expr: string, legend: string, refId = 'A'): prometheus.DataqueryBuilder {
  return promQuery(expr, legend).instant().refId(refId);
}

/** A LogQL query: log lines for logs panels, or a metric query when `legend` is given. */
export function lokiQuery(expr: string, options: { refId?: string; legend?: string; instant?: boolean } = {}): loki.DataqueryBuilder {
  const builder = new loki.DataqueryBuilder()
    .datasource(DATASOURCES.loki)
    .editorMode(loki.QueryEditorMode.Code)
    .expr(expr)
    .queryType(options.instant ? 'instant' : 'range')
    .refId(options.refId ?? 'A');
  return options.legend === undefined ? builder : builder.legendFormat(options.legend);
}

/** Grafana's Jaeger query model, which the foundation SDK does not cover. */
export interface JaegerSearchQuery extends cog.Dataquery {
  readonly refId: string;
  readonly datasource: DatasourceRef;
  readonly queryType: 'search';
  /** The traced service, as its spans name it (`service.name`). */
  readonly service: string;
  /** At most this many traces. */
  readonly limit: number;
}

/** Builds a Jaeger trace search for the panel's time range. */
export class JaegerSearchBuilder implements cog.Builder<JaegerSearchQuery> {
  private maxTraces = 20;
  private ref = 'A';

  constructor(private readonly service: string) {}

  /** @default 20 */
  public limit(limit: number): this {
    this.maxTraces = limit;
    return this;
  }

  /** @default A */
  public refId(refId: string): this {
    this.ref = refId;
    return this;
  }

  public build(): JaegerSearchQuery {
    return {
      refId: this.ref,
      datasource: DATASOURCES.jaeger,
      queryType: 'search',
      service: this.service,
      limit: this.maxTraces,
      _implementsDataqueryVariant() {},
    };
  }
}

// --- Panels -----------------------------------------------------------------------------------------

/** Grafana's named colours used by thresholds. */
export type Color = 'green' | 'yellow' | 'orange' | 'red' | 'blue' | 'text';

/**
 * Absolute thresholds: the base colour below the first step, then each `[value, colour]` from that
 * value up. Steps must ascend, which is how Grafana evaluates them: validateDashboards checks it,
 * where the message can name the dashboard and the panel.
 */
export function thresholds(base: Color, ...steps: readonly (readonly [number, Color])[]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...steps.map(([value, color]) => ({ value, color }))]);
}

/** Size of a panel in grid units (the grid is 24 wide). */
export interface PanelSize {
  /** @default 12 */
  readonly width?: number;
  /** @default 8 */
  readonly height?: number;
}

/** What the builders of every panel type have in common (the SDK has one builder class per type). */
interface PanelBuilderBase {
  title(title: string): this;
  datasource(datasource: DatasourceRef): this;
  unit(unit: string): this;
  span(width: number): this;
  height(height: number): this;
}

/** A panel on Prometheus with its title, unit and size set. */
function prometheusPanel<B extends PanelBuilderBase>(builder: B, title: string, unit: string, size: PanelSize): B {
  return builder
    .title(title)
    .datasource(DATASOURCES.prometheus)
    .unit(unit)
    .span(size.width ?? 12)
    .height(size.height ?? 8);
}

/** A timeseries panel on Prometheus with a table legend of last and max values. */
export function defaultTimeseries(title: string, unit: string, size: PanelSize = {}): timeseries.PanelBuilder {
  return prometheusPanel(new timeseries.PanelBuilder(), title, unit, size)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .spanNulls(false)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Bottom)
        .calcs(['lastNotNull', 'max']),
    )
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
}

/** Draws the thresholds of a timeseries panel as dashed lines (an alert's threshold, for example). */
export function thresholdLines(): common.GraphThresholdsStyleConfigBuilder {
  return new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed);
}

function lastValue(): common.ReduceDataOptionsBuilder {
  return new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);
}

/** A stat panel on Prometheus showing the last value. */
export function defaultStat(title: string, unit: string, size: PanelSize = {}): stat.PanelBuilder {
  return prometheusPanel(new stat.PanelBuilder(), title, unit, size)
    .reduceOptions(lastValue())
    .colorMode(common.BigValueColorMode.Value)
    .graphMode(common.BigValueGraphMode.None)
    .textMode(common.BigValueTextMode.ValueAndName)
    .justifyMode(common.BigValueJustifyMode.Auto);
}

/** A gauge panel on Prometheus showing the last value. */
export function defaultGauge(title: string, unit: string, size: PanelSize = {}): gauge.PanelBuilder {
  return prometheusPanel(new gauge.PanelBuilder(), title, unit, size)
    .reduceOptions(lastValue())
    .showThresholdMarkers(true)
    .showThresholdLabels(false);
}

/** A logs panel on Loki, newest lines first, with log details (and so the trace link) enabled. */
export function defaultLogs(title: string, size: PanelSize = {}): logs.PanelBuilder {
  return new logs.PanelBuilder()
    .title(title)
    .datasource(DATASOURCES.loki)
    .span(size.width ?? 12)
    .height(size.height ?? 10)
    .showTime(true)
    .wrapLogMessage(true)
    .prettifyLogMessage(false)
    .enableLogDetails(true)
    .sortOrder(common.LogsSortOrder.Descending)
    .dedupStrategy(common.LogsDedupStrategy.None);
}
