/**
 * Grafana's datasources: their fixed uids, defined once, and the provisioning file that creates them.
 * Dashboards reference datasources only through `DATASOURCES`, and the dashboard validation rejects
 * any uid this file does not provision, so a panel cannot point at a datasource that does not exist.
 */
import type { EnvironmentConfig } from '../config';
import { PORTS, serviceUrl } from '../constructs/topology';
import { apiLogStream, LOG_FIELDS } from './log-contract';

/** A datasource reference as dashboards store it. */
export interface DatasourceRef {
  readonly type: DatasourceType;
  readonly uid: string;
}

export type DatasourceType = 'prometheus' | 'loki' | 'jaeger' | 'alertmanager';

/** Every provisioned datasource, by role. The uids are stable: dashboards and links depend on them. */
export const DATASOURCES = {
  prometheus: { type: 'prometheus', uid: 'prometheus' },
  loki: { type: 'loki', uid: 'loki' },
  jaeger: { type: 'jaeger', uid: 'jaeger' },
  alertmanager: { type: 'alertmanager', uid: 'alertmanager' },
} as const satisfies Record<string, DatasourceRef>;

/** The label of Prometheus exemplars that carries the trace id (what the API's client library writes). */
export const EXEMPLAR_TRACE_ID_LABEL = 'trace_id';

/**
 * Finds the trace id in a JSON log line (`"trace_id": "<hex>"`, with or without a space). Grafana
 * evaluates it as a JavaScript regular expression and links the first group to Jaeger.
 */
export const TRACE_ID_PATTERN = `"${LOG_FIELDS.traceId}":\\s*"([0-9a-fA-F]+)"`;

// --- The provisioning file (provisioning/datasources/*.yaml, apiVersion 1) -------------------------

export interface ExemplarTraceIdDestination {
  /** Exemplar label holding the trace id. */
  readonly name: string;
  readonly datasourceUid: string;
}

export interface LokiDerivedField {
  readonly name: string;
  readonly matcherType: 'regex';
  readonly matcherRegex: string;
  /** With `datasourceUid`, the query sent to that datasource (`$${__value.raw}` is the match). */
  readonly url: string;
  readonly datasourceUid: string;
  readonly urlDisplayLabel?: string;
}

export interface TracesToLogsV2 {
  readonly datasourceUid: string;
  readonly spanStartTimeShift: string;
  readonly spanEndTimeShift: string;
  /** Only used without `customQuery`: the query below filters by trace id itself. */
  readonly filterByTraceID: boolean;
  readonly filterBySpanID: boolean;
  readonly customQuery: boolean;
  readonly query?: string;
}

interface DatasourceBase<T extends DatasourceType, J> {
  readonly name: string;
  readonly type: T;
  readonly uid: string;
  readonly access: 'proxy';
  readonly url: string;
  readonly isDefault: boolean;
  /** Provisioned datasources are code: the UI must not drift from them. */
  readonly editable: false;
  readonly jsonData: J;
}

export type ProvisionedDatasource =
  | DatasourceBase<'prometheus', { readonly httpMethod: 'POST'; readonly timeInterval: string; readonly exemplarTraceIdDestinations: readonly ExemplarTraceIdDestination[] }>
  | DatasourceBase<'loki', { readonly maxLines: number; readonly derivedFields: readonly LokiDerivedField[] }>
  | DatasourceBase<'jaeger', { readonly tracesToLogsV2: TracesToLogsV2; readonly nodeGraph: { readonly enabled: boolean } }>
  | DatasourceBase<'alertmanager', { readonly implementation: 'prometheus'; readonly handleGrafanaManagedAlerts: boolean }>;

export interface DatasourcesFile {
  readonly apiVersion: 1;
  /** Removes datasources that were provisioned before and are no longer in this file. */
  readonly prune: true;
  readonly datasources: readonly ProvisionedDatasource[];
}

/**
 * Grafana expands `$NAME` and `${NAME}` in provisioning files from its environment; `$$` keeps a
 * literal `$`. Grafana's own link variables (`${__value.raw}`, `${__trace.traceId}`) need it.
 */
export function escapeProvisioningVariables(text: string): string {
  return text.replace(/\$/g, '$$$$');
}

/** The Loki query that Jaeger's "Logs for this span" opens: the API's lines carrying the trace id. */
export function traceToLogsQuery(config: EnvironmentConfig): string {
  return `${apiLogStream(config)} |= "\${__trace.traceId}"`;
}

/** The datasources provisioning file of an environment. URLs come from the topology. */
export function datasourcesFile(config: EnvironmentConfig): DatasourcesFile {
  const base = <T extends DatasourceType>(name: string, ref: { readonly type: T; readonly uid: string }, url: string) => ({
    name,
    type: ref.type,
    uid: ref.uid,
    access: 'proxy' as const,
    url,
    // New panels and Explore start on Prometheus.
    isDefault: ref.uid === DATASOURCES.prometheus.uid,
    editable: false as const,
  });
  return {
    apiVersion: 1,
    prune: true,
    datasources: [
      {
        ...base('Prometheus', DATASOURCES.prometheus, serviceUrl(config, 'prometheus', PORTS.prometheus.web)),
        jsonData: {
          httpMethod: 'POST',
          // Grafana computes $__rate_interval from this: at least four scrape intervals.
          timeInterval: config.prometheus.scrapeInterval,
          exemplarTraceIdDestinations: [{ name: EXEMPLAR_TRACE_ID_LABEL, datasourceUid: DATASOURCES.jaeger.uid }],
        },
      },
      {
        ...base('Loki', DATASOURCES.loki, serviceUrl(config, 'loki', PORTS.loki.http)),
        jsonData: {
          maxLines: 1000,
          derivedFields: [
            {
              name: 'TraceID',
              matcherType: 'regex',
              matcherRegex: TRACE_ID_PATTERN,
              url: escapeProvisioningVariables('${__value.raw}'),
              datasourceUid: DATASOURCES.jaeger.uid,
              urlDisplayLabel: 'View trace',
            },
          ],
        },
      },
      {
        ...base('Jaeger', DATASOURCES.jaeger, serviceUrl(config, 'jaeger', PORTS.jaeger.query)),
        jsonData: {
          tracesToLogsV2: {
            datasourceUid: DATASOURCES.loki.uid,
            // Log lines are written around the span, not exactly inside it.
            spanStartTimeShift: '-5m',
            spanEndTimeShift: '5m',
            filterByTraceID: false,
            filterBySpanID: false,
            customQuery: true,
            query: escapeProvisioningVariables(traceToLogsQuery(config)),
          },
          nodeGraph: { enabled: true },
        },
      },
      {
        ...base('Alertmanager', DATASOURCES.alertmanager, serviceUrl(config, 'alertmanager', PORTS.alertmanager.web)),
        jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
      },
    ],
  };
}
