/**
 * Panels of "Monitoring - Logs and Traces Pipeline": whether logs and traces arrive. Loki receives,
 * discards and answers; Alloy ships the pods' logs to Loki; Jaeger accepts and stores spans. Every
 * query selects the scrape job of the component it reads.
 */
import type * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { COMPONENTS } from '../../constructs/identity';
import { defaultTimeseries, promRange, rate } from '../common';
import { jobSelector } from '../selectors';

/**
 * The series the panels read, one name each, as Loki 3.7, Alloy 1.18 (`loki.write`) and Jaeger
 * 2.20 (the OpenTelemetry Collector's own metrics, counters with `_total`) export them.
 */
export const TELEMETRY_PIPELINE_METRICS = {
  lokiLinesReceived: 'loki_distributor_lines_received_total',
  lokiDiscardedSamples: 'loki_discarded_samples_total',
  lokiRequests: 'loki_request_duration_seconds_count',
  alloySentEntries: 'loki_write_sent_entries_total',
  alloyDroppedEntries: 'loki_write_dropped_entries_total',
  alloyWriteRequests: 'loki_write_request_duration_seconds_count',
  jaegerAcceptedSpans: 'otelcol_receiver_accepted_spans_total',
  jaegerRefusedSpans: 'otelcol_receiver_refused_spans_total',
  jaegerExportFailedSpans: 'otelcol_exporter_send_failed_spans_total',
} as const;

const M = TELEMETRY_PIPELINE_METRICS;
const loki = (metric: string, matchers?: Record<string, string>) => jobSelector(COMPONENTS.loki.scrape.job, metric, matchers);
const alloy = (metric: string, matchers?: Record<string, string>) => jobSelector(COMPONENTS.alloy.scrape.job, metric, matchers);
const jaeger = (metric: string, matchers?: Record<string, string>) => jobSelector(COMPONENTS.jaeger.scrape.job, metric, matchers);

// --- Loki -------------------------------------------------------------------------------------------

/** Log lines the distributor accepted for ingestion, per second. */
export function lokiLinesReceived(): timeseries.PanelBuilder {
  return defaultTimeseries('Loki: Lines Received', units.CountsPerSecond)
    .description('Log lines (entries) Loki\'s distributor received per second, all tenants together. A drop to 0 while pods keep logging means shipping stopped.')
    .decimals(1)
    .min(0)
    .withTarget(promRange(`sum(${rate(loki(M.lokiLinesReceived))})`, 'received'));
}

/** Lines Loki refused to store (rate limits, too old, too long...), per second by reason. */
export function lokiLinesDiscarded(): timeseries.PanelBuilder {
  return defaultTimeseries('Loki: Lines Discarded by Reason', units.CountsPerSecond)
    .description(
      'Log lines Loki received but did not store, per second by reason (rate_limited, per_stream_rate_limit, greater_than_max_sample_age, line_too_long...). ' +
        'No data: Loki has discarded nothing since it started.',
    )
    .decimals(2)
    .min(0)
    .withTarget(promRange(`sum by (reason) (${rate(loki(M.lokiDiscardedSamples))})`, '{{reason}}'));
}

/**
 * Share of Loki's requests answered with a 5xx status, by route. Numerator and denominator are
 * summed per route before dividing; a route with traffic and no 5xx shows 0 (its total times 0),
 * a route without traffic is left out rather than shown as 0 / 0.
 */
export function lokiServerErrors(): timeseries.PanelBuilder {
  const errors = `sum by (route) (${rate(loki(M.lokiRequests, { status_code: '=~5..' }))})`;
  const total = `sum by (route) (${rate(loki(M.lokiRequests))})`;
  return defaultTimeseries('Loki: 5xx Share by Route', units.Percent)
    .description('Requests to Loki answered with a 5xx status as a percentage of all its requests on the same route (pushes, queries, gRPC methods), for routes with traffic.')
    .decimals(2)
    .min(0)
    .withTarget(promRange(`100 * (${errors} or 0 * ${total}) / (${total} > 0)`, '{{route}}'));
}

// --- Alloy ------------------------------------------------------------------------------------------

/** Log entries Alloy delivered to Loki, and those it gave up on, per second. */
export function alloyEntries(): timeseries.PanelBuilder {
  return defaultTimeseries('Alloy: Entries Sent and Dropped', units.CountsPerSecond)
    .description(
      'Log entries Alloy sent to Loki per second, and entries it dropped by reason after its retries ran out or Loki refused them, summed over Alloy pods. ' +
        'Dropped entries are lost.',
    )
    .decimals(1)
    .min(0)
    .withTarget(promRange(`sum(${rate(alloy(M.alloySentEntries))})`, 'sent', 'A'))
    .withTarget(promRange(`sum by (reason) (${rate(alloy(M.alloyDroppedEntries))})`, 'dropped ({{reason}})', 'B'));
}

/**
 * Share of Alloy's push requests to Loki that failed: any status but 2xx, including `-1`, which
 * Alloy records when no answer came (connection refused, timeout). 0 when all succeed.
 */
export function alloyFailedWrites(): timeseries.PanelBuilder {
  const failed = `sum(${rate(alloy(M.alloyWriteRequests, { status_code: '!~2..' }))})`;
  const total = `sum(${rate(alloy(M.alloyWriteRequests))})`;
  return defaultTimeseries('Alloy: Failed Write Requests', units.Percent)
    .description(
      'Push requests from Alloy to Loki that failed, as a percentage of all its push requests: any status but 2xx, including -1 for no answer ' +
        '(connection refused, timeout). Failed pushes are retried; lasting failures end in dropped entries.',
    )
    .decimals(2)
    .min(0)
    .withTarget(promRange(`100 * (${failed} or vector(0)) / ${total}`, 'failed %'));
}

// --- Jaeger -----------------------------------------------------------------------------------------

/** Spans Jaeger's receivers took into the pipeline, and those they refused, per second. */
export function jaegerSpansReceived(): timeseries.PanelBuilder {
  return defaultTimeseries('Jaeger: Spans Accepted and Refused', units.CountsPerSecond)
    .description(
      'Spans Jaeger\'s OTLP receivers accepted into the pipeline per second, and spans they refused (the pipeline pushed back, e.g. the memory limiter), ' +
        'all receivers together. Refused spans are lost unless the sender retries.',
    )
    .decimals(1)
    .min(0)
    .withTarget(promRange(`sum(${rate(jaeger(M.jaegerAcceptedSpans))})`, 'accepted', 'A'))
    .withTarget(promRange(`sum(${rate(jaeger(M.jaegerRefusedSpans))})`, 'refused', 'B'));
}

/** Spans Jaeger failed to write to its storage, per second by exporter. */
export function jaegerExportFailures(): timeseries.PanelBuilder {
  return defaultTimeseries('Jaeger: Spans Failed to Export', units.CountsPerSecond)
    .description('Spans Jaeger failed to write to its trace storage per second, by exporter. Above 0, traces are missing from searches.')
    .decimals(2)
    .min(0)
    .withTarget(promRange(`sum by (exporter) (${rate(jaeger(M.jaegerExportFailedSpans))})`, '{{exporter}}'));
}
