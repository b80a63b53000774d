/**
 * The rule model: alerting and recording rules as typed data, grouped like Prometheus rule groups.
 * Groups are compiled (validated, tuned, rendered) by `compileRuleGroups` in `rules/compile.ts`.
 */
import { ListOf, OpenMap, type KeyRecord } from '../config/keys';
import type { Duration } from '../config/units';
import type { DashboardUid } from '../dashboards/uids';

/** Every severity an alert may carry, from most to least urgent. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;

/** `critical` pages someone, `warning` goes to chat, `info` to the default receiver. */
export type Severity = (typeof SEVERITIES)[number];

/**
 * Text that may depend on the alert's threshold, so that tuning the threshold changes the
 * expression and its wording together.
 */
export type ThresholdText = string | ((threshold: number) => string);

/** The values a tunable threshold may take, and what it measures (for messages). */
export interface ThresholdRange {
  readonly min: number;
  readonly max: number;
  /** Whether `min` itself is allowed. */
  readonly minIncluded: boolean;
  /** Whether `max` itself is allowed. */
  readonly maxIncluded: boolean;
  /** What the threshold is, e.g. `a ratio`. */
  readonly what: string;
}

/** A share of events, e.g. an error ratio: 0 and 1 would fire always or never. */
export const RATIO: ThresholdRange = { min: 0, max: 1, minIncluded: false, maxIncluded: false, what: 'a ratio' };
/** A percentage such as CPU usage or free disk space. */
export const PERCENT: ThresholdRange = { min: 0, max: 100, minIncluded: false, maxIncluded: false, what: 'a percentage' };
/** A latency or a duration in seconds. */
export const SECONDS: ThresholdRange = { min: 0, max: Infinity, minIncluded: false, maxIncluded: false, what: 'a duration in seconds' };
/** A number of things (connections, restarts, tokens). */
export const COUNT: ThresholdRange = { min: 0, max: Infinity, minIncluded: true, maxIncluded: false, what: 'a count' };

/** A ratio threshold as an alert's text shows it: `0.05` → `5%`, without floating-point noise. */
export function percent(ratio: number): string {
  return `${+(ratio * 100).toFixed(4)}%`;
}

/** `(0, 1)`, `[0, ∞)`: the range in interval notation. */
export function formatRange(range: ThresholdRange): string {
  const bound = (n: number) => (n === Infinity ? '∞' : n === -Infinity ? '-∞' : String(n));
  return `${range.minIncluded ? '[' : '('}${bound(range.min)}, ${bound(range.max)}${range.maxIncluded ? ']' : ')'}`;
}

export function inRange(range: ThresholdRange, value: number): boolean {
  return (
    Number.isFinite(value) &&
    (range.minIncluded ? value >= range.min : value > range.min) &&
    (range.maxIncluded ? value <= range.max : value < range.max)
  );
}

export interface AlertingRule {
  /** Alert name in CamelCase, e.g. `HighErrorRate`; also the runbook's file name. */
  readonly alert: string;
  /**
   * PromQL condition. A function receives `threshold`, which environments can tune.
   * Prefer a single line: it is shown verbatim in docs/alerts.md and the runbook.
   */
  readonly expr: ThresholdText;
  /**
   * The value `expr` compares against. Required when `expr` is a function, refused otherwise.
   * @default - the expression has no tunable threshold
   */
  readonly threshold?: number;
  /**
   * The values `threshold` may take, checked on the rule's own value and on every environment's
   * tuning. Required with `threshold`, e.g. `RATIO`, `PERCENT`, `SECONDS`, `COUNT`.
   * @default - none: the expression has no tunable threshold
   */
  readonly thresholdRange?: ThresholdRange;
  /**
   * How long the condition must hold before the alert fires.
   * @default - fires on the first evaluation where the condition holds
   */
  readonly for?: Duration;
  readonly severity: Severity;
  /**
   * Further labels (not `severity`, which has its own field). Alerts sharing a name in one group
   * must differ in these, or Prometheus fails with "duplicate sample for timestamp".
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** One line: what is wrong, where. Go templates such as `{{ $labels.pod }}` are expanded. */
  readonly summary: ThresholdText;
  /** The detail: the value, the threshold and the window. */
  readonly description: ThresholdText;
  /**
   * Where the runbook is: an http(s) URL, or a path in this repository such as `docs/runbooks/X.md`.
   * @default - `<alerting.runbookBaseUrl>/<alert>.md`
   */
  readonly runbookUrl?: string;
  /**
   * Further annotations (not `summary`, `description`, `runbook_url` or `dashboard_url`).
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * The dashboard panel that shows the alert's condition: the alert gets a `dashboard_url`
   * annotation opening it (`<grafana.externalUrl>/d/<uid>?viewPanel=panel-<id>`). The environment's
   * dashboards must have it, or compiling fails.
   * @default - no `dashboard_url`
   */
  readonly panel?: PanelRef;
}

/** A panel of a provisioned dashboard, by the dashboard's uid and the panel's title. */
export interface PanelRef {
  readonly dashboard: DashboardUid | string;
  readonly title: string;
}

export interface RecordingRule {
  /** Name of the recorded series, preferably `level:metric:operations`. */
  readonly record: string;
  readonly expr: string;
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

export type Rule = AlertingRule | RecordingRule;

export interface RuleGroup {
  /** Kebab-case, unique across all groups: it is also the rule file's name. */
  readonly name: string;
  /**
   * How often the group is evaluated.
   * @default - the global evaluation interval of the environment
   */
  readonly interval?: Duration;
  readonly rules: readonly Rule[];
}

/** What an environment may change on every alert of a given name. */
export interface AlertTuning {
  /** Replaces the alert's `threshold`; only for alerts that have one. @default - unchanged */
  readonly threshold?: number;
  /** Replaces `for`. @default - unchanged */
  readonly for?: Duration;
  /** Replaces `severity`. @default - unchanged */
  readonly severity?: Severity;
  /** Drops the alert from the rule files. @default false */
  readonly disabled?: boolean;
}

/** The keys a rule group and its rules may have (see config/keys.ts); an alerting rule's and a recording rule's together. */
export const RULE_GROUP_KEYS: KeyRecord = {
  name: true,
  interval: true,
  rules: new ListOf({
    alert: true,
    record: true,
    expr: true,
    threshold: true,
    thresholdRange: true,
    for: true,
    severity: true,
    labels: new OpenMap(),
    summary: true,
    description: true,
    runbookUrl: true,
    annotations: new OpenMap(),
    panel: { dashboard: true, title: true },
  }),
};

export function isAlertingRule(rule: Rule): rule is AlertingRule {
  return 'alert' in rule;
}

/** `rule group "g", alert "A"` or `rule group "g", recording rule "r"`: the prefix of every message. */
export function ruleLocation(group: string, rule: Rule): string {
  return isAlertingRule(rule)
    ? `rule group ${JSON.stringify(group)}, alert ${JSON.stringify(rule.alert)}`
    : `rule group ${JSON.stringify(group)}, recording rule ${JSON.stringify(rule.record)}`;
}
