/** How an environment changes the alert rules: tuning, additions, checks. Its defaults and their checks. */
import { ListOf, OpenMap, type KeyRecord } from '../config/keys';
import { durationToMs, isBaseUrl, show } from '../config/units';
import { checkDnsLabel } from '../constructs/workload-props';
import { RULE_GROUP_KEYS, SEVERITIES, type AlertTuning, type RuleGroup } from './model';

/** Alert rules of an environment: tuning, additions and the checks applied to every rule. */
export interface AlertingSettings {
  /** Changes to alerts by name: threshold, `for`, severity, or disabled. Unknown names are an error. */
  readonly alerts: Readonly<Record<string, AlertTuning>>;
  /** Rule groups added to the defaults in `rules/` (names must not clash). */
  readonly extraGroups: readonly RuleGroup[];
  /** Labels no rule may aggregate by or keep in its result (unbounded values explode series counts). */
  readonly highCardinalityLabels: readonly string[];
  /**
   * Prefix of each alert's `runbook_url`, to which `/<AlertName>.md` is appended. Point it at where
   * this repository's `docs/runbooks` can be browsed.
   */
  readonly runbookBaseUrl: string;
  /**
   * Namespaces whose pods, workloads and volumes the Kubernetes alerts (`rules/kubernetes.ts`) watch.
   * Add the namespaces of other teams' workloads to watch them too; the list replaces the default,
   * so keep the stack's own in it. Each entry is a namespace name, listed once.
   * @default - the platform's, the monitoring, the node-exporter and Alloy's namespaces
   */
  readonly watchedNamespaces?: readonly string[];
}

export const ALERTING_DEFAULTS: AlertingSettings = {
  alerts: {},
  extraGroups: [],
  highCardinalityLabels: ['user_id', 'request_id', 'session_id', 'trace_id', 'span_id'],
  runbookBaseUrl: 'docs/runbooks',
};

/** A folder of this repository, such as the default `docs/runbooks`: segments after `docs`, none starting with ".". */
const REPOSITORY_DOCS_PATH = /^docs(\/[\w-][\w.-]*)+$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TUNING_FIELDS = ['threshold', 'for', 'severity', 'disabled'];

/** Keys of `alerting` (see config/keys.ts): alert names are the user's, each tuning has fixed fields. */
export const ALERTING_KEYS: KeyRecord = {
  alerts: new OpenMap(Object.fromEntries(TUNING_FIELDS.map((field) => [field, true]))),
  extraGroups: new ListOf(RULE_GROUP_KEYS),
  watchedNamespaces: true,
};

/**
 * The tuning's fields and values, the label names and the runbook base. Rule contents are checked
 * when compiled.
 * @param env names the environment in messages, e.g. `environment "prod"`
 */
export function checkAlertingSettings(alerting: AlertingSettings, env: string): void {
  for (const [alert, tuning] of Object.entries(alerting.alerts)) {
    const at = `${env}: alerting.alerts.${alert}`;
    const unknown = Object.keys(tuning ?? {}).find((key) => !TUNING_FIELDS.includes(key));
    if (unknown) throw new Error(`${at}.${unknown}: not a tunable field. Use ${TUNING_FIELDS.join(', ')}.`);
    if (tuning.threshold !== undefined && (typeof tuning.threshold !== 'number' || !Number.isFinite(tuning.threshold))) {
      throw new Error(`${at}.threshold: ${show(tuning.threshold)} is not a number. Give the value the alert compares against, e.g. 0.05.`);
    }
    if (tuning.for !== undefined) durationToMs(tuning.for, `${at}.for`);
    if (tuning.severity !== undefined && !(SEVERITIES as readonly string[]).includes(tuning.severity)) {
      throw new Error(`${at}.severity: ${JSON.stringify(tuning.severity)} is not one of ${SEVERITIES.join(', ')}. Use one of those.`);
    }
    if (tuning.disabled !== undefined && typeof tuning.disabled !== 'boolean') {
      throw new Error(`${at}.disabled: ${JSON.stringify(tuning.disabled)} is not true or false.`);
    }
  }
  for (const label of alerting.highCardinalityLabels) {
    if (typeof label !== 'string' || !LABEL_NAME.test(label)) {
      throw new Error(`${env}: alerting.highCardinalityLabels: ${JSON.stringify(label)} is not a label name. Use letters, digits and "_", e.g. "user_id".`);
    }
  }
  const runbooks = alerting.runbookBaseUrl;
  if (!(typeof runbooks === 'string' && REPOSITORY_DOCS_PATH.test(runbooks)) && !isBaseUrl(runbooks)) {
    throw new Error(
      `${env}: alerting.runbookBaseUrl: ${JSON.stringify(runbooks)} is not a base URL. ` +
        'Give an absolute http(s) URL of where docs/runbooks can be browsed, e.g. "https://git.example.com/org/repo/blob/main/docs/runbooks", ' +
        'or a repository path starting with "docs/" (the default "docs/runbooks"), without a trailing "/".',
    );
  }
  if (alerting.watchedNamespaces !== undefined) {
    const at = `${env}: alerting.watchedNamespaces`;
    if (!Array.isArray(alerting.watchedNamespaces) || alerting.watchedNamespaces.length === 0) {
      throw new Error(`${at}: ${show(alerting.watchedNamespaces)} is not a list of namespaces. Give at least one, e.g. ["agent-platform", "monitoring"], or leave it out for the stack's own.`);
    }
    alerting.watchedNamespaces.forEach((namespace, index) => {
      checkDnsLabel(namespace, `${at}[${index}]`);
      if (alerting.watchedNamespaces!.indexOf(namespace) !== index) throw new Error(`${at}[${index}]: ${JSON.stringify(namespace)} is listed twice. Remove one.`);
    });
  }
  if (!Array.isArray(alerting.extraGroups)) {
    throw new Error(`${env}: alerting.extraGroups: expected a list of rule groups, got ${JSON.stringify(alerting.extraGroups)}.`);
  }
}
