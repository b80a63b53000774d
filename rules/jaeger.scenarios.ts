/**
 * Scenarios of Jaeger's alerts (rules/jaeger.ts), on the collector's span counters as Jaeger 2.20
 * exposes them with constructs/jaeger-config.ts's reader settings. Shares of counters that start
 * together are exact from the first minute, so a steady condition holds from 1m and fires at 16m.
 */
import { runbook, series, type AlertScenario } from './scenario';

const target = (pod: string, ip: string) => ({ job: 'jaeger', namespace: 'monitoring', pod, instance: `${ip}:8888`, container: 'jaeger', node: 'node-a' });
const jaegerA = target('jaeger-6d5f8-kx2lp', '10.0.4.9');
const jaegerB = target('jaeger-6d5f8-m9wqs', '10.0.4.10');
const kept = (t: Record<string, string>) => ({ job: t.job, namespace: t.namespace, pod: t.pod });

const receiver = (name: string, t: Record<string, string>, transport: string) =>
  series(`otelcol_receiver_${name}_spans_total`, { ...t, receiver: 'otlp', transport });
const exporter = (name: string, t: Record<string, string>) => series(`otelcol_exporter_${name}_spans_total`, { ...t, exporter: 'jaeger_storage_exporter' });

export const jaegerScenarios: readonly AlertScenario[] = [
  {
    // gRPC: 95 spans a minute accepted, 5 refused: 5%. HTTP takes 100 a minute and refuses none.
    alert: 'JaegerSpansRefused',
    name: 'fires after 15m when 5% of the gRPC spans are refused, for that transport only, not before',
    series: [
      { series: receiver('accepted', jaegerA, 'grpc'), values: '0+95x30' },
      { series: receiver('refused', jaegerA, 'grpc'), values: '0+5x30' },
      { series: receiver('accepted', jaegerA, 'http'), values: '0+100x30' },
      { series: receiver('refused', jaegerA, 'http'), values: '0+0x30' },
    ],
    checks: [
      { at: '10m', firing: [] },
      {
        at: '20m',
        firing: [
          {
            labels: { alertname: 'JaegerSpansRefused', ...kept(jaegerA), receiver: 'otlp', transport: 'grpc', severity: 'warning' },
            annotations: {
              summary: 'Jaeger jaeger-6d5f8-kx2lp refuses spans on otlp/grpc',
              description: '5% of the spans received over the last 5 minutes were refused (threshold 1%).',
              runbook_url: runbook('JaegerSpansRefused'),
            },
          },
        ],
      },
    ],
  },
  {
    // 1 span in 200 refused (0.5%); an idle transport (0/0) has no share at all; pod B refuses half
    // its spans for 10 minutes (memory limiter under a burst): above 1% from 1m to 13m, 12 minutes.
    alert: 'JaegerSpansRefused',
    name: 'stays quiet at 0.5% refused, when idle, and for a 10-minute burst of refusals',
    series: [
      { series: receiver('accepted', jaegerA, 'grpc'), values: '0+199x30' },
      { series: receiver('refused', jaegerA, 'grpc'), values: '0+1x30' },
      { series: receiver('accepted', jaegerA, 'http'), values: '0+0x30' },
      { series: receiver('refused', jaegerA, 'http'), values: '0+0x30' },
      { series: receiver('accepted', jaegerB, 'grpc'), values: '0+50x30' },
      { series: receiver('refused', jaegerB, 'grpc'), values: '0+50x10 500+0x20' },
    ],
    checks: [
      { at: '14m', firing: [] },
      { at: '20m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
  {
    // 90 spans a minute written, 10 failed: 10%.
    alert: 'JaegerSpanExportFailing',
    name: 'fires after 15m when 10% of the spans fail to reach storage, not before',
    series: [
      { series: exporter('sent', jaegerA), values: '0+90x30' },
      { series: exporter('send_failed', jaegerA), values: '0+10x30' },
    ],
    checks: [
      { at: '10m', firing: [] },
      {
        at: '20m',
        firing: [
          {
            labels: { alertname: 'JaegerSpanExportFailing', ...kept(jaegerA), exporter: 'jaeger_storage_exporter', severity: 'warning' },
            annotations: {
              summary: 'Jaeger jaeger-6d5f8-kx2lp fails to write spans to storage (jaeger_storage_exporter)',
              description: '10% of the spans exported over the last 5 minutes could not be written to the trace store (threshold 1%).',
              runbook_url: runbook('JaegerSpanExportFailing'),
            },
          },
        ],
      },
    ],
  },
  {
    // Pod A: 1 in 200 fails (0.5%). Pod B: its store is away for 10 minutes (every span fails), then
    // back; the last failure (counted at 10m) leaves the 5m window at 14m: 12 minutes above 1%.
    alert: 'JaegerSpanExportFailing',
    name: 'stays quiet at 0.5% failed, and for a 10-minute storage outage',
    series: [
      { series: exporter('sent', jaegerA), values: '0+199x30' },
      { series: exporter('send_failed', jaegerA), values: '0+1x30' },
      { series: exporter('sent', jaegerB), values: '0x10 0+50x20' },
      { series: exporter('send_failed', jaegerB), values: '0+50x10 500+0x20' },
    ],
    checks: [
      { at: '14m', firing: [] },
      { at: '20m', firing: [] },
      { at: '30m', firing: [] },
    ],
  },
];
