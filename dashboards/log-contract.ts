/**
 * What the log pipeline promises the LogQL queries: the stream labels the log shipper sets on every
 * pod's lines (STREAM_LABELS, defined by the shipper) and the fields of the API's JSON log lines.
 * Queries are built from these names only, so a renamed label breaks the build.
 */
import type { EnvironmentConfig } from '../config/types';
import type { STREAM_LABELS } from '../constructs/alloy';
import { COMPONENTS } from '../constructs/identity';

/**
 * A stream label the shipper sets. There is no `component` or `service` stream label: anything
 * finer than a pod's app and container is a field of the line, filtered after `| json`.
 */
export type StreamLabel = keyof typeof STREAM_LABELS;

/** Names a stream label, checked against the shipper's set at compile time. */
export function streamLabel<L extends StreamLabel>(name: L): L {
  return name;
}

/** Fields of a JSON log line of the API. */
export const LOG_FIELDS = {
  level: 'level',
  durationMs: 'duration_ms',
  traceId: 'trace_id',
  message: 'message',
  /** The module that logged the line, e.g. `agent_service` (the design had it as a stream label). */
  component: 'component',
} as const;

/** `{namespace="<platform namespace>", app="agent-platform"}`: every line of the API's pods. */
export function apiLogStream(config: EnvironmentConfig): string {
  return `{${streamLabel('namespace')}=${JSON.stringify(config.namespaces.platform)}, ${streamLabel('app')}=${JSON.stringify(COMPONENTS.api.labels.name)}}`;
}
