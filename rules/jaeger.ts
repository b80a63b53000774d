/**
 * Jaeger's alerts, on the internal metrics of the OpenTelemetry Collector (v0.155) that Jaeger 2.20
 * is built on, scraped on its `metrics` port under COMPONENTS.jaeger's job. The counters are
 * `otelcol_receiver_{accepted,refused}_spans_total` (labels `receiver`, `transport`) and
 * `otelcol_exporter_{sent,send_failed}_spans_total` (label `exporter`; at the `detailed` level failures
 * also carry `error.type`), named so by the reader settings in constructs/jaeger-config.ts.
 */
import { DASHBOARD_UIDS } from '../dashboards/uids';
import { COMPONENTS } from '../constructs/identity';
import { percent, RATIO, type RuleGroup } from './model';

const jaeger = `job="${COMPONENTS.jaeger.scrape.job}"`;


const received = (metric: string) => `sum by (namespace, job, pod, receiver, transport) (rate(${metric}{${jaeger}}[5m]))`;
const exported = (metric: string) => `sum by (namespace, job, pod, exporter) (rate(${metric}{${jaeger}}[5m]))`;

const refused = received('otelcol_receiver_refused_spans_total');
const accepted = received('otelcol_receiver_accepted_spans_total');
const failed = exported('otelcol_exporter_send_failed_spans_total');
const sent = exported('otelcol_exporter_sent_spans_total');

export const jaegerAlerts: RuleGroup = {
  name: 'jaeger-alerts',
  rules: [
    {
      alert: 'JaegerSpansRefused',
      // jaeger-mixin (Jaeger v1) JaegerCollectorDroppingSpans: > 1% for 15m, warning. A refusal is
      // answered to the sender (the memory limiter, or any error downstream, is the usual cause).
      expr: (t) => `${refused} / (${accepted} + ${refused}) > ${t}`,
      threshold: 0.01,
      thresholdRange: RATIO,
      for: '15m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.telemetryPipeline, title: 'Jaeger: Spans Accepted and Refused' },
      summary: 'Jaeger {{ $labels.pod }} refuses spans on {{ $labels.receiver }}/{{ $labels.transport }}',
      description: (t) => `{{ $value | humanizePercentage }} of the spans received over the last 5 minutes were refused (threshold ${percent(t)}).`,
    },
    {
      alert: 'JaegerSpanExportFailing',
      // Same source and numbers as JaegerSpansRefused. Warning, not critical: failed spans are traces
      // lost to debugging, while the platform's requests, metrics and logs are unaffected; nobody
      // needs to be woken for it.
      expr: (t) => `${failed} / (${sent} + ${failed}) > ${t}`,
      threshold: 0.01,
      thresholdRange: RATIO,
      for: '15m',
      severity: 'warning',
      panel: { dashboard: DASHBOARD_UIDS.telemetryPipeline, title: 'Jaeger: Spans Failed to Export' },
      summary: 'Jaeger {{ $labels.pod }} fails to write spans to storage ({{ $labels.exporter }})',
      description: (t) =>
        `{{ $value | humanizePercentage }} of the spans exported over the last 5 minutes could not be written to the trace store (threshold ${percent(t)}).`,
    },
  ],
};
