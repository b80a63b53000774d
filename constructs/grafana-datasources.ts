/**
 * `provisioning/datasources/*.yaml` (apiVersion 1) as a typed object: the datasources of
 * `DATASOURCES`, each at the URL of the component it reads, linked to each other (exemplars and log
 * lines to traces, spans to log lines).
 */
import type { EnvironmentConfig } from '../config/types';
import { DATASOURCES, EXEMPLAR_TRACE_ID_LABEL, TRACE_ID_PATTERN, type DatasourceType } from '../dashboards/datasources';
import { apiLogStream } from '../dashboards/log-contract';
import type { Alertmanager } from './alertmanager';
import type { Jaeger } from './jaeger';
import type { Loki } from './loki';
import type { Prometheus } from './prometheus';

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

/** What Grafana reads from each component it provisions as a datasource. */
export interface GrafanaDatasources {
  readonly prometheus: Pick<Prometheus, 'url' | 'scrapeInterval'>;
  readonly loki: Pick<Loki, 'url'>;
  readonly jaeger: Pick<Jaeger, 'queryUrl'>;
  readonly alertmanager: Pick<Alertmanager, 'url'>;
}

/**
 * The datasources provisioning file: each datasource's URL is the one its component publishes.
 * @param config the environment, whose platform namespace the trace-to-logs query reads
 */
export function datasourcesFile(config: EnvironmentConfig, sources: GrafanaDatasources): DatasourcesFile {
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
        ...base('Prometheus', DATASOURCES.prometheus, sources.prometheus.url),
        jsonData: {
          httpMethod: 'POST',
          // Grafana computes $__rate_interval from this: at least four scrape intervals.
          timeInterval: sources.prometheus.scrapeInterval,
          exemplarTraceIdDestinations: [{ name: EXEMPLAR_TRACE_ID_LABEL, datasourceUid: DATASOURCES.jaeger.uid }],
        },
      },
      {
        ...base('Loki', DATASOURCES.loki, sources.loki.url),
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
        ...base('Jaeger', DATASOURCES.jaeger, sources.jaeger.queryUrl),
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
        ...base('Alertmanager', DATASOURCES.alertmanager, sources.alertmanager.url),
        jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
      },
    ],
  };
}
