/**
 * Compiles rule groups into Prometheus rule files: applies an environment's tuning, checks every
 * rule, and renders the plain objects that are serialised into the rule ConfigMaps.
 * Every error names the group, the rule, the field, the value and the fix.
 */
import { durationToMs, show } from '../config/units';
import { goTemplateError } from '../lib/go-template';
import { promqlError, promqlType } from '../lib/query-syntax';
import { contractLabels, labelUse, type MetricLabels } from './labels';
import {
  formatRange,
  inRange,
  isAlertingRule,
  ruleLocation,
  SEVERITIES,
  type AlertingRule,
  type AlertTuning,
  type RecordingRule,
  type Rule,
  type PanelRef,
  type RuleGroup,
  type ThresholdText,
} from './model';

/** One rule as Prometheus reads it. */
export interface RuleFileRule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface RuleFileGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly RuleFileRule[];
}

/** A Prometheus rule file: `groups:` at the top. */
export interface RuleFile {
  readonly groups: readonly RuleFileGroup[];
}

export interface CompiledRuleGroup {
  readonly name: string;
  /** `<group>.yml`: the key in the rule ConfigMap and the file name in the pod. */
  readonly fileName: string;
  readonly file: RuleFile;
  /**
   * The value each alert of the group with a tunable threshold compares against, after the
   * environment's tuning, by alert name: what a dashboard draws as that alert's line.
   */
  readonly thresholds: Readonly<Record<string, number>>;
  /** The panel each alert of the group names as showing its condition, by alert name (see `linkPanels`). */
  readonly panels: Readonly<Record<string, PanelRef>>;
}

export interface CompileOptions {
  /** Prefix of every default `runbook_url`; the alert name and `.md` are appended. */
  readonly runbookBaseUrl: string;
  /**
   * Per-alert changes, by alert name. A name that matches no alert is an error.
   * @default - none
   */
  readonly tuning?: Readonly<Record<string, AlertTuning>>;
  /**
   * Labels no rule may aggregate by or keep in its result.
   * @default - none
   */
  readonly highCardinalityLabels?: readonly string[];
  /**
   * Labels per series name, to work out which labels a rule keeps.
   * @default - the platform API's metrics contract
   */
  readonly metricLabels?: MetricLabels;
}

/** Annotations every alert carries. */
export const REQUIRED_ANNOTATIONS = ['summary', 'description', 'runbook_url'] as const;

const GROUP_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ALERT_NAME = /^[A-Z][A-Za-z0-9]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function render(value: ThresholdText, threshold: number | undefined): string {
  return typeof value === 'function' ? value(threshold as number) : value;
}

function labelsKey(name: string, labels: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${name}{${sorted.join(',')}}`;
}

function checkLabels(labels: Readonly<Record<string, string>> | undefined, where: string): void {
  for (const [name, value] of Object.entries(labels ?? {})) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new Error(`${where}: label name ${JSON.stringify(name)} is not valid. Use letters, digits and "_", not starting with a digit or "__".`);
    }
    if (typeof value !== 'string') {
      throw new Error(`${where}: label ${name} has the value ${JSON.stringify(value)}. Label values are strings: quote it.`);
    }
  }
}

function applyTuning(rule: AlertingRule, tuning: AlertTuning | undefined): AlertingRule | undefined {
  if (!tuning) return rule;
  if (tuning.disabled) return undefined;
  const where = `alerting.alerts.${rule.alert}`;
  if (tuning.threshold !== undefined && typeof rule.expr !== 'function') {
    throw new Error(
      `${where}.threshold: ${rule.alert} has no tunable threshold (its expr is fixed), got ${show(tuning.threshold)}. ` +
        'Remove threshold from the tuning, or tune for, severity or disabled instead.',
    );
  }
  const range = rule.thresholdRange;
  if (tuning.threshold !== undefined && range !== undefined && !inRange(range, tuning.threshold)) {
    throw new Error(
      `${where}.threshold: ${show(tuning.threshold)} is outside ${formatRange(range)}: ${rule.alert}'s threshold is ${range.what}. ` +
        `Give a value in ${formatRange(range)}, e.g. its default ${show(rule.threshold)}.`,
    );
  }
  return {
    ...rule,
    ...(tuning.threshold !== undefined ? { threshold: tuning.threshold } : {}),
    ...(tuning.for !== undefined ? { for: tuning.for } : {}),
    ...(tuning.severity !== undefined ? { severity: tuning.severity } : {}),
  };
}

function checkHighCardinality(group: string, rule: Rule, expr: string, options: CompileOptions): void {
  const banned = new Set(options.highCardinalityLabels ?? []);
  if (banned.size === 0) return;
  const where = ruleLocation(group, rule);
  const listed = `alerting.highCardinalityLabels: ${[...banned].join(', ')}`;
  const own = Object.keys(rule.labels ?? {}).find((l) => banned.has(l));
  if (own) {
    throw new Error(`${where}: labels: ${own} is a high-cardinality label (${listed}). Remove it from the rule's labels.`);
  }
  const use = labelUse(expr, options.metricLabels ?? contractLabels());
  const by = [...use.aggregatedBy].find((l) => banned.has(l));
  if (by) {
    throw new Error(
      `${where}: expr aggregates by ${by}, a high-cardinality label (${listed}). ` +
        `Aggregate by bounded labels instead, for example by (namespace), or away from it with without (${by}). Expression: ${expr}`,
    );
  }
  const kept = [...use.kept].find((l) => banned.has(l));
  if (kept) {
    throw new Error(
      `${where}: expr keeps the high-cardinality label ${kept} in its result (${listed}). ` +
        `Aggregate it away, for example sum without (${kept}) (...), or sum by the labels you need. Expression: ${expr}`,
    );
  }
}

function compileAlert(group: string, rule: AlertingRule, options: CompileOptions): RuleFileRule {
  const where = ruleLocation(group, rule);
  if (typeof rule.alert !== 'string' || !ALERT_NAME.test(rule.alert)) {
    throw new Error(`${where}: alert name ${JSON.stringify(rule.alert)} is not CamelCase. Use letters and digits starting with a capital, e.g. "HighErrorRate".`);
  }
  if (typeof rule.expr === 'function' && (typeof rule.threshold !== 'number' || !Number.isFinite(rule.threshold))) {
    throw new Error(
      `${where}: threshold is ${JSON.stringify(rule.threshold)}, but expr takes one. Set threshold to a finite number, e.g. threshold: 0.05.`,
    );
  }
  if (typeof rule.expr !== 'function' && rule.threshold !== undefined) {
    throw new Error(`${where}: threshold ${show(rule.threshold)} is set, but expr is a fixed string. Write expr as (threshold) => \`... > \${threshold}\` or remove threshold.`);
  }
  if (typeof rule.expr === 'function') {
    const range = rule.thresholdRange;
    if (range === undefined || typeof range !== 'object' || typeof range.min !== 'number' || typeof range.max !== 'number') {
      throw new Error(
        `${where}: thresholdRange is ${show(range)}, but the threshold is tunable. ` +
          'Declare the values it may take, e.g. thresholdRange: RATIO (rules/model.ts: RATIO, PERCENT, SECONDS, COUNT), so that environments cannot tune it to nonsense.',
      );
    }
    if (!inRange(range, rule.threshold as number)) {
      throw new Error(`${where}: threshold ${show(rule.threshold)} is outside its thresholdRange ${formatRange(range)} (${range.what}). Fix the threshold or the range.`);
    }
  }
  const expr = render(rule.expr, rule.threshold);
  checkExpression(where, expr, 'alert');
  if (rule.for !== undefined) durationToMs(rule.for, `${where}: for`);
  if (!(SEVERITIES as readonly string[]).includes(rule.severity)) {
    throw new Error(`${where}: severity ${JSON.stringify(rule.severity)} is not one of ${SEVERITIES.join(', ')}. Use one of those.`);
  }
  checkLabels(rule.labels, `${where}: labels`);
  if (rule.runbookUrl !== undefined && !isRunbookUrl(rule.runbookUrl)) {
    throw new Error(
      `${where}: runbookUrl ${show(rule.runbookUrl)} is neither an http(s) URL nor a path in this repository. ` +
        'Give e.g. "https://wiki.example.com/runbooks/QueueBacklog" or "docs/runbooks/QueueBacklog.md", or leave it out for <alerting.runbookBaseUrl>/<alert>.md.',
    );
  }
  if (rule.labels && 'severity' in rule.labels) {
    throw new Error(`${where}: labels: severity is set in labels (${JSON.stringify(rule.labels.severity)}). Set it with the severity field instead.`);
  }
  const extra = rule.annotations ?? {};
  const reserved = REQUIRED_ANNOTATIONS.find((a) => a in extra);
  if (reserved) {
    throw new Error(`${where}: annotations: ${reserved} is set in annotations. Set it with its own field (summary, description, runbookUrl) instead.`);
  }
  if (rule.panel !== undefined) {
    if (typeof rule.panel !== 'object' || typeof rule.panel.dashboard !== 'string' || typeof rule.panel.title !== 'string') {
      throw new Error(`${where}: panel ${show(rule.panel)} is not a panel. Give { dashboard: <uid>, title: <panel title> }, e.g. { dashboard: DASHBOARD_UIDS.systemOverview, title: "Error Rate" }.`);
    }
    if (DASHBOARD_URL_ANNOTATION in extra) {
      throw new Error(`${where}: annotations: ${DASHBOARD_URL_ANNOTATION} is set in annotations and by panel. Keep one: panel links to a provisioned dashboard's panel.`);
    }
  }
  const annotations: Record<string, string> = {
    summary: render(rule.summary, rule.threshold),
    description: render(rule.description, rule.threshold),
    runbook_url: rule.runbookUrl ?? `${options.runbookBaseUrl}/${rule.alert}.md`,
    ...extra,
  };
  for (const name of REQUIRED_ANNOTATIONS) {
    if (typeof annotations[name] !== 'string' || annotations[name].trim() === '') {
      throw new Error(`${where}: annotation ${name} is missing or empty. Every alert needs ${REQUIRED_ANNOTATIONS.join(', ')}: set it.`);
    }
  }
  for (const [name, text] of Object.entries(annotations)) {
    const error = typeof text === 'string' ? goTemplateError(text) : 'not a string';
    if (error) {
      throw new Error(
        `${where}: annotation ${name} ${show(text)} is not a valid template: ${error}. ` +
          'Prometheus expands it as a Go template: write {{ $labels.name }}, {{ $value | humanize }}, and balance every "{{" with "}}".',
      );
    }
  }
  checkHighCardinality(group, rule, expr, options);
  return {
    alert: rule.alert,
    expr,
    ...(rule.for !== undefined && durationToMs(rule.for, `${where}: for`) > 0 ? { for: rule.for } : {}),
    labels: { ...(rule.labels ?? {}), severity: rule.severity },
    annotations,
  };
}

function compileRecording(group: string, rule: RecordingRule, options: CompileOptions): RuleFileRule {
  const where = ruleLocation(group, rule);
  if (typeof rule.record !== 'string' || !METRIC_NAME.test(rule.record)) {
    throw new Error(`${where}: record ${JSON.stringify(rule.record)} is not a metric name. Use letters, digits, "_" and ":", e.g. "namespace:http_requests:rate5m".`);
  }
  checkExpression(where, rule.expr, 'record');
  checkLabels(rule.labels, `${where}: labels`);
  checkHighCardinality(group, rule, rule.expr, options);
  return { record: rule.record, expr: rule.expr, ...(rule.labels && Object.keys(rule.labels).length > 0 ? { labels: rule.labels } : {}) };
}

/** An absolute http(s) URL, or a relative path in this repository (no "..", no leading "/"). */
function isRunbookUrl(value: unknown): boolean {
  if (typeof value !== 'string' || /\s/.test(value)) return false;
  if (/^[\w-][\w.-]*(\/[\w-][\w.-]*)*(#[\w-]+)?$/.test(value) && !value.split('/').includes('..')) return true;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * The expression parses and has a type Prometheus evaluates for the rule: an instant vector for an
 * alert (its series are the alerts), an instant vector or scalar for a recording rule.
 */
function checkExpression(where: string, expr: string, kind: 'alert' | 'record'): void {
  if (typeof expr !== 'string') {
    throw new Error(`${where}: expr is ${show(expr)}. Give the PromQL expression as a string${kind === 'alert' ? ', or (threshold) => string' : ''}.`);
  }
  const parseError = promqlError(expr);
  if (parseError) {
    throw new Error(`${where}: expr does not parse: ${parseError}. Expression: ${expr}. Fix the PromQL (try it in the Prometheus query page).`);
  }
  const { type, error } = promqlType(expr);
  if (error) throw new Error(`${where}: expr has a type error: ${error}. Expression: ${expr}. Fix the PromQL (Prometheus would refuse to load the rule).`);
  const allowed = kind === 'alert' ? ['instant vector'] : ['instant vector', 'scalar'];
  if (type !== undefined && type !== 'unknown' && !allowed.includes(type)) {
    throw new Error(
      `${where}: expr is a ${type}, but ${kind === 'alert' ? 'an alert needs an instant vector (each series is one alert)' : 'a recording rule records an instant vector or a scalar'}. ` +
        `Expression: ${expr}. ${type === 'range vector' ? 'Wrap the range in a function such as rate(...) or max_over_time(...)' : 'Compare an instant vector instead, e.g. up == 0'}.`,
    );
  }
}

/** Every alert name in the groups, in order, without repeats. */
export function alertNames(groups: readonly RuleGroup[]): string[] {
  // A Set keeps the first occurrence's order and stays linear in the number of rules.
  return [...new Set(groups.flatMap((g) => g.rules.filter(isAlertingRule).map((r) => r.alert)))];
}

/**
 * Validates, tunes and renders rule groups. Groups left without rules by the tuning are omitted.
 * @throws an Error naming the group, the rule, the field and the fix for the first problem found
 */
export function compileRuleGroups(groups: readonly RuleGroup[], options: CompileOptions): CompiledRuleGroup[] {
  const known = alertNames(groups);
  const knownSet = new Set(known);
  for (const name of Object.keys(options.tuning ?? {})) {
    if (!knownSet.has(name)) {
      throw new Error(
        `alerting.alerts.${name}: no alert named ${JSON.stringify(name)} in the rule groups. ` +
          `Fix the name or remove the entry; known alerts: ${known.join(', ')}.`,
      );
    }
  }
  const seenGroups = new Set<string>();
  const compiled: CompiledRuleGroup[] = [];
  for (const group of groups) {
    const where = `rule group ${JSON.stringify(group.name)}`;
    if (typeof group.name !== 'string' || !GROUP_NAME.test(group.name)) {
      throw new Error(`${where}: name is not kebab-case. Use lower-case letters, digits and "-", e.g. "platform-alerts": it is also the rule file's name.`);
    }
    if (seenGroups.has(group.name)) {
      throw new Error(`${where}: defined twice. Give each rule group a distinct name or merge their rules.`);
    }
    seenGroups.add(group.name);
    if (group.interval !== undefined) durationToMs(group.interval, `${where}: interval`);
    if (!Array.isArray(group.rules) || group.rules.length === 0) {
      throw new Error(`${where}: has no rules. Add rules to it or leave the group out.`);
    }
    const seenRules = new Set<string>();
    const rules: RuleFileRule[] = [];
    const thresholds: Record<string, number> = {};
    const panels: Record<string, PanelRef> = {};
    for (const rule of group.rules) {
      let out: RuleFileRule;
      if (isAlertingRule(rule)) {
        const tuned = applyTuning(rule, options.tuning?.[rule.alert]);
        if (!tuned) continue;
        out = compileAlert(group.name, tuned, options);
        if (tuned.threshold !== undefined) thresholds[tuned.alert] = tuned.threshold;
        if (tuned.panel !== undefined) panels[tuned.alert] = tuned.panel;
      } else if ('record' in rule) {
        out = compileRecording(group.name, rule, options);
      } else {
        throw new Error(`${where}: a rule has neither alert nor record (${JSON.stringify(rule)}). Give it an alert name or a record name.`);
      }
      const key = labelsKey(out.alert ?? out.record!, out.labels ?? {});
      if (seenRules.has(key)) {
        throw new Error(
          `${ruleLocation(group.name, rule)}: defined twice in the group with the same labels ${key}. ` +
            'Both would write the same series and Prometheus fails with "duplicate sample for timestamp": give each a distinguishing label or remove one.',
        );
      }
      seenRules.add(key);
      rules.push(out);
    }
    if (rules.length === 0) continue;
    compiled.push({
      name: group.name,
      fileName: `${group.name}.yml`,
      file: { groups: [{ name: group.name, ...(group.interval ? { interval: group.interval } : {}), rules }] },
      thresholds,
      panels,
    });
  }
  return compiled;
}

/** The annotation that opens the panel showing an alert's condition. */
export const DASHBOARD_URL_ANNOTATION = 'dashboard_url';

/** Where a panel is: its dashboard uid, title, and id as provisioned. */
export interface PanelLocation {
  readonly dashboard: string;
  readonly title: string;
  readonly id: number;
}

/**
 * Adds each alert's `dashboard_url`, from the panel it names and the panels provisioned.
 * @param grafanaUrl Grafana's base URL without a trailing "/", or "" for links relative to Grafana's root
 * @throws an Error naming the group, the alert and the panels the dashboard has when the panel is not provisioned
 */
export function linkPanels(groups: readonly CompiledRuleGroup[], provisioned: readonly PanelLocation[], grafanaUrl: string): CompiledRuleGroup[] {
  return groups.map((group) => {
    if (Object.keys(group.panels).length === 0) return group;
    const rules = group.file.groups[0].rules.map((rule) => {
      const ref = rule.alert === undefined ? undefined : group.panels[rule.alert];
      if (ref === undefined) return rule;
      const found = provisioned.filter((p) => p.dashboard === ref.dashboard && p.title === ref.title);
      if (found.length !== 1) {
        const titles = provisioned.filter((p) => p.dashboard === ref.dashboard).map((p) => JSON.stringify(p.title));
        throw new Error(
          `rule group ${JSON.stringify(group.name)}, alert ${JSON.stringify(rule.alert)}: panel ${show(ref)} ` +
            (found.length > 1 ? 'names several panels: give the dashboard distinct panel titles.' : titles.length === 0
              ? `names a dashboard uid no provisioned dashboard has. Use a uid of DASHBOARD_UIDS (dashboards/uids.ts) or one of grafana.extraDashboards.`
              : `is not on that dashboard. Use one of its panels: ${titles.join(', ')}.`),
        );
      }
      const url = `${grafanaUrl}/d/${ref.dashboard}?viewPanel=panel-${found[0].id}`;
      return { ...rule, annotations: { ...rule.annotations, [DASHBOARD_URL_ANNOTATION]: url } };
    });
    return { ...group, file: { groups: [{ ...group.file.groups[0], rules }] } };
  });
}

/**
 * The threshold of an alert as compiled (tuning applied), or undefined when no compiled group has
 * that alert with a threshold (it was disabled, or its expression is fixed).
 */
export function alertThreshold(groups: readonly CompiledRuleGroup[], alert: string): number | undefined {
  return groups.find((group) => alert in group.thresholds)?.thresholds[alert];
}
