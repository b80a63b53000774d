/**
 * docs/logging.md and the README are what the API's developers and the operators follow: these
 * tests keep them in step with the log pipeline, the tracing environment and the Secrets the
 * manifests expect, and check that the URLs other components use reach the Loki and Jaeger Services.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { resolveEnvironment } from '../config';
import { STREAM_LABELS } from '../constructs/alloy';
import { LOKI_S3_SECRET_KEYS } from '../constructs/loki';
import { lokiServices } from './support/loki';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DATASOURCES, panelsOf, substituteVariables, targetsOf } from '../dashboards';
import { LOG_FIELDS } from '../dashboards/log-contract';
import { logsAndTracesDashboard } from '../dashboards/logs-and-traces';
import { logqlError } from '../lib/query-syntax';
import { configFor, ENVIRONMENT_NAMES, find, synth, type K8sObject } from './support/synth';

const root = path.join(__dirname, '..');
const loggingDoc = fs.readFileSync(path.join(root, 'docs', 'logging.md'), 'utf8');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The rows of the first Markdown table after a heading, as arrays of cells. */
function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no heading ${heading}`);
  const lines = markdown.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((cell) => cell.trim()));
  }
  return rows;
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, '');

function logqlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```logql\n([\s\S]*?)```/g)].map((m) => m[1].trim());
}

/** Label names used by the stream selectors `{…}` of a LogQL expression. */
function selectorLabels(query: string): string[] {
  return [...query.matchAll(/\{([^}]*)\}/g)].flatMap((m) => [...m[1].matchAll(/([A-Za-z_]\w*)\s*(?:=~|!~|!=|=)\s*"/g)].map((l) => l[1]));
}

describe('docs/logging.md', () => {
  const documented = tableAfter(loggingDoc, '## Stream labels').map(([label]) => unquote(label));

  test('lists exactly the stream labels the shipper sets', () => {
    expect(documented).toEqual(['namespace', 'pod', 'container', 'app']);
    expect(documented).toEqual(Object.keys(STREAM_LABELS));
  });

  test('documents the JSON fields the design queries rely on', () => {
    const fields = tableAfter(loggingDoc, '## The API\'s log format').map(([field]) => unquote(field));
    expect(fields).toEqual(expect.arrayContaining(['timestamp', 'level', 'message', 'duration_ms', 'trace_id', 'component']));
    // The fields the dashboards' log queries read must be part of the documented format.
    expect(Object.values(LOG_FIELDS).filter((field) => !fields.includes(field))).toEqual([]);
    const example = /```json\n(.*)\n```/.exec(loggingDoc)![1];
    expect(Object.keys(JSON.parse(example)).every((key) => fields.includes(key))).toBe(true);
  });

  test('every query is valid LogQL and selects only on stream labels that exist', () => {
    const queries = logqlBlocks(loggingDoc);
    expect(queries).toHaveLength(5);
    // Grafana's $__auto is a range, as in the dashboard checks.
    expect(queries.map((q) => [q, logqlError(substituteVariables(q))]).filter(([, error]) => error)).toEqual([]);
    const unknown = queries.flatMap((q) => selectorLabels(q).filter((label) => !documented.includes(label)).map((label) => `${label} in ${q}`));
    expect(unknown).toEqual([]);
  });

  test('the queries are the Logs and Traces dashboard’s, each under its panel’s title', () => {
    // The documented queries are those of the default settings.
    const panels = panelsOf(logsAndTracesDashboard(resolveEnvironment({ name: 'defaults', overrides: {} })).dashboard) as dashboard.Panel[];
    const lokiQueries = panels.flatMap((p) => targetsOf(p).filter((t) => (t.datasource ?? p.datasource)?.uid === DATASOURCES.loki.uid).map((t) => [p.title, t.expr]));
    expect(lokiQueries).toHaveLength(5);
    const section = loggingDoc.slice(loggingDoc.indexOf('\n## Queries\n'), loggingDoc.indexOf('\n## Traces\n'));
    for (const [title] of lokiQueries) expect(section).toContain(`**${title}.**`);
    expect(logqlBlocks(section).sort()).toEqual(lokiQueries.map(([, expr]) => String(expr)).sort());
  });

  test('the queries select the API by namespace and app, and errors include critical', () => {
    const queries = logqlBlocks(loggingDoc);
    expect(queries.filter((q) => !q.includes('{namespace="agent-platform", app="agent-platform"}'))).toEqual([]);
    const errors = queries.filter((q) => q.includes('| json | level'));
    expect(errors).toHaveLength(2);
    for (const q of errors) expect(q).toContain('| json | level=~"error|critical"');
  });

  test("the tracing table shows the API's actual OpenTelemetry environment", () => {
    const table = Object.fromEntries(tableAfter(loggingDoc, '## Traces').map(([name, value]) => [unquote(name), value.replace(/`/g, '')]));
    for (const env of ENVIRONMENT_NAMES) {
      const api = find(synth(env).objects, 'Deployment', 'agent-platform-api', 'agent-platform');
      const vars = Object.fromEntries(api.spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
      const config = configFor(env);
      // Scaled out, the collectors receive the spans.
      const collector = config.jaeger.topology === 'scaled' ? 'jaeger-collector' : 'jaeger';
      for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_SERVICE_NAME']) {
        expect(`${name}=${table[name].replace(/ \(.*\)$/, '').replace('<collector>', collector)}`).toBe(`${name}=${vars[name]}`);
      }
      expect(table.OTEL_RESOURCE_ATTRIBUTES.replace('<env>', env).replace('<cluster>', config.cluster)).toBe(vars.OTEL_RESOURCE_ATTRIBUTES);
    }
  });
});

describe('README', () => {
  test('tells how to create the Loki credentials Secret each environment references', () => {
    const names = new Set(
      ENVIRONMENT_NAMES.map((env) => configFor(env).loki.objectStore).flatMap((store) => (store.type === 's3' && store.credentialsSecret ? [store.credentialsSecret] : [])),
    );
    expect(names.size).toBeGreaterThan(0);
    for (const name of names) expect(readme).toContain(`kubectl -n monitoring create secret generic ${name}`);
    for (const key of LOKI_S3_SECRET_KEYS) expect(readme).toContain(`--from-literal=${key}=`);
  });

  test("tells how to create the Secret of each environment's Jaeger search backend, with its keys", () => {
    const refs = ENVIRONMENT_NAMES.map((env) => configFor(env).jaeger.backend).flatMap((backend) =>
      backend.type === 'elasticsearch' || backend.type === 'opensearch' ? [backend.passwordSecret, backend.caSecret].filter((ref) => ref !== undefined) : [],
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const command = readme.slice(readme.indexOf(`kubectl -n monitoring create secret generic ${ref.name} `));
      expect(command.split('\n\n')[0]).toContain(`--from-file=${ref.key}=`);
    }
  });
});

/** `http://<service>.<namespace>.svc:<port>` URLs in ConfigMap data and container environment. */
function inClusterUrls(objects: K8sObject[]): { where: string; service: string; namespace: string; port: number }[] {
  const found: { where: string; service: string; namespace: string; port: number }[] = [];
  const scan = (where: string, text: string) => {
    for (const m of text.matchAll(/https?:\/\/([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.cluster\.local)?:(\d+)/g)) {
      found.push({ where, service: m[1], namespace: m[2], port: Number(m[3]) });
    }
  };
  for (const o of objects) {
    if (o.kind === 'ConfigMap') for (const [key, value] of Object.entries(o.data ?? {})) scan(`ConfigMap ${o.metadata.name} ${key}`, String(value));
    const template = o.spec?.template?.spec;
    for (const c of template?.containers ?? []) for (const e of c.env ?? []) if (e.value) scan(`${o.kind} ${o.metadata.name} ${e.name}`, e.value);
  }
  return found;
}

describe.each(ENVIRONMENT_NAMES)('links to Loki and Jaeger in %s', (env) => {
  const { objects } = synth(env);

  test('every in-cluster URL in configs and environment reaches a Service port', () => {
    const urls = inClusterUrls(objects);
    expect(urls.some((u) => u.service === lokiServices(env).push)).toBe(true);
    expect(urls.some((u) => u.service.startsWith('jaeger'))).toBe(true);
    // An external search backend of Jaeger's runs outside the output, by design.
    const backend = configFor(env).jaeger.backend;
    const external = backend.type === 'elasticsearch' || backend.type === 'opensearch' ? backend.serverUrls.map((url) => new URL(url).host) : [];
    const broken = urls
      .filter((u) => !external.includes(`${u.service}.${u.namespace}.svc:${u.port}`))
      .filter((u) => !objects.some((o) => o.kind === 'Service' && o.metadata.name === u.service && o.metadata.namespace === u.namespace && o.spec.ports.some((p: any) => p.port === u.port)))
      .map((u) => `${u.where}: ${u.service}.${u.namespace}:${u.port}`);
    expect(broken).toEqual([]);
  });

  test("Grafana's Loki and Jaeger datasources point at their Services' query ports", () => {
    const datasources = objects
      .filter((o) => o.kind === 'ConfigMap')
      .flatMap((o) => Object.values(o.data ?? {}).map((text) => yaml.load(String(text)) as any))
      .filter((doc) => doc && typeof doc === 'object' && Array.isArray(doc.datasources))
      .flatMap((doc) => doc.datasources);
    const url = (type: string) => datasources.filter((d: any) => d.type === type).map((d: any) => d.url);
    // Scaled out, Jaeger's UI and API are the query service's.
    const jaeger = configFor(env).jaeger.topology === 'scaled' ? 'jaeger-query' : 'jaeger';
    expect(url('loki')).toEqual([`http://${lokiServices(env).query}.monitoring.svc:3100`]);
    expect(url('jaeger')).toEqual([`http://${jaeger}.monitoring.svc:16686`]);
    expect(find(objects, 'Service', lokiServices(env).query, 'monitoring').spec.ports).toContainEqual(expect.objectContaining({ name: 'http', port: 3100 }));
    expect(find(objects, 'Service', jaeger, 'monitoring').spec.ports).toContainEqual(expect.objectContaining({ name: 'query', port: 16686 }));
  });
});
