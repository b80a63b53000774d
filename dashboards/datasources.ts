/**
 * Grafana's datasources: their fixed uids, defined once. Dashboards reference datasources only
 * through `DATASOURCES`, Grafana provisions exactly these (constructs/grafana-datasources.ts), and the
 * dashboard validation rejects any other uid, so a panel cannot point at a datasource that does not exist.
 */
import { LOG_FIELDS } from './log-contract';
import type { DatasourceRef } from './model';

export type { DatasourceRef, DatasourceType } from './model';

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
