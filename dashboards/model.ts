/**
 * The dashboard model: a dashboard built with Grafana's own TypeScript library, the folder it is
 * provisioned into, and the checks every dashboard passes before it is written. Each check throws a
 * plain Error naming the dashboard, the panel, the field, the value and the fix.
 */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { logqlError, promqlError } from '../lib/query-syntax';

/** A datasource as dashboards reference it: its type and its fixed uid (`DATASOURCES`). */
export interface DatasourceRef {
  readonly type: DatasourceType;
  readonly uid: string;
}

export type DatasourceType = 'prometheus' | 'loki' | 'jaeger' | 'alertmanager';

/** A Grafana folder, one per area. `name` is also the directory and the ConfigMap suffix. */
export interface Folder {
  /** Directory and ConfigMap name part: a DNS label. */
  readonly name: string;
  /** Folder title shown in Grafana. */
  readonly title: string;
  /** Stable folder uid, so that links and permissions survive re-provisioning. */
  readonly uid: string;
}

/** A dashboard as provisioned: the compiled JSON model and the folder it belongs to. */
export interface DashboardFile {
  readonly folder: Folder;
  readonly dashboard: dashboard.Dashboard;
}

/**
 * The values Grafana's built-in variables stand for when an expression is checked or evaluated
 * outside Grafana. `$__rate_interval` is four 30 s scrape intervals, Grafana's own lower bound.
 */
export const GRAFANA_VARIABLE_VALUES: Readonly<Record<string, string>> = {
  __rate_interval: '2m',
  __interval: '1m',
  __auto: '1m',
  __range: '1h',
};

/**
 * Replaces `$name` and `${name}` of the known variables (by default Grafana's built-in `$__` ones;
 * `variableValues` adds a dashboard's own); unknown ones stay and fail the parse.
 */
export function substituteVariables(expr: string, values: Readonly<Record<string, string>> = GRAFANA_VARIABLE_VALUES): string {
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (match, braced: string | undefined, bare: string | undefined) => values[braced ?? bare ?? ''] ?? match);
}

/** Values selected for a dashboard's own variables, by variable name: one value, or several. */
export type VariableSelection = Readonly<Record<string, string | readonly string[]>>;

/**
 * A value as Grafana's Prometheus datasource puts it into a query for a multi-value or "All"
 * variable: a regex literal inside a PromQL string, so `.` becomes `\\.` (the string's escape,
 * then the regex's) and a backslash four of them.
 */
export function promRegexValue(value: string): string {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]+?.()|]/g, '\\\\$&');
}

/**
 * What Grafana puts in for the dashboard's own variables, with its built-in ones
 * (`GRAFANA_VARIABLE_VALUES`): a selected value as the Prometheus datasource interpolates it
 * (regex-escaped for a multi-value or "All" variable, several joined as `(a|b)`); a variable not in
 * `selection` stands for "All", whose custom `allValue` Grafana inserts as it is, or else for its
 * current value. A variable with "All" but no `allValue` (which validateDashboards rejects) is left
 * out: Grafana would list every value it found, which is not known outside Grafana.
 */
export function variableValues(model: dashboard.Dashboard, selection: VariableSelection = {}): Record<string, string> {
  const values: Record<string, string> = { ...GRAFANA_VARIABLE_VALUES };
  for (const variable of model.templating?.list ?? []) {
    const name = variable.name;
    const selected = selection[name];
    const regex = variable.multi === true || variable.includeAll === true;
    if (selected !== undefined) {
      const list = typeof selected === 'string' ? [selected] : [...selected];
      const escaped = regex ? list.map(promRegexValue) : list;
      values[name] = escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
    } else if (variable.includeAll === true) {
      if (variable.allValue !== undefined) values[name] = variable.allValue;
    } else {
      const current = variable.current?.value;
      if (typeof current === 'string') values[name] = current;
    }
  }
  for (const name of Object.keys(selection)) {
    if (!(model.templating?.list ?? []).some((v) => v.name === name)) {
      throw new Error(`${where(model)}: no variable ${JSON.stringify(name)} to select a value for. Its variables: ${(model.templating?.list ?? []).map((v) => v.name).join(', ') || 'none'}.`);
    }
  }
  return values;
}

type AnyPanel = dashboard.Panel | dashboard.RowPanel;

/** Every panel of a dashboard, rows included, nested panels of collapsed rows flattened. */
export function panelsOf(model: dashboard.Dashboard): AnyPanel[] {
  const out: AnyPanel[] = [];
  for (const panel of model.panels ?? []) {
    out.push(panel);
    if (panel.type === 'row') out.push(...(panel as dashboard.RowPanel).panels);
  }
  return out;
}

/** A query of a panel, as stored in the JSON model. */
export interface PanelTarget {
  readonly refId?: string;
  readonly datasource?: { readonly type?: string; readonly uid?: string };
  readonly expr?: string;
  readonly [key: string]: unknown;
}

export function targetsOf(panel: AnyPanel): PanelTarget[] {
  return panel.type === 'row' ? [] : (((panel as dashboard.Panel).targets ?? []) as unknown as PanelTarget[]);
}

/**
 * Gives every panel without an id (or with the library's placeholder 0) the next free id, in
 * layout order, keeping ids that were set explicitly. Grafana needs ids for links to a panel.
 */
export function assignPanelIds(model: dashboard.Dashboard): dashboard.Dashboard {
  const panels = panelsOf(model);
  const taken = new Set(panels.map((p) => p.id).filter((id): id is number => typeof id === 'number' && id > 0));
  let next = 1;
  for (const panel of panels) {
    if (typeof panel.id === 'number' && panel.id > 0) continue;
    while (taken.has(next)) next += 1;
    panel.id = next;
    taken.add(next);
  }
  return model;
}

const UID = /^[A-Za-z0-9_-]{1,40}$/;
const DASHBOARD_URL = /^\/d\/([^/?#]+)/;

function where(model: dashboard.Dashboard, panel?: AnyPanel): string {
  const head = `dashboard ${JSON.stringify(model.title)} (uid ${JSON.stringify(model.uid)})`;
  return panel ? `${head}, panel ${JSON.stringify(panel.title ?? '')} (id ${panel.id})` : head;
}

function checkTarget(model: dashboard.Dashboard, panel: dashboard.Panel, target: PanelTarget, index: number, datasources: readonly DatasourceRef[]): void {
  const at = `${where(model, panel)}, targets[${index}]${target.refId ? ` (refId ${target.refId})` : ''}`;
  const ref = target.datasource ?? panel.datasource;
  const known = datasources.map((d) => d.uid).join(', ');
  if (!ref?.uid) {
    throw new Error(`${at}: datasource is not set. Set datasource to one of the provisioned datasources (${known}) from DATASOURCES in dashboards/datasources.ts.`);
  }
  const provisioned = datasources.find((d) => d.uid === ref.uid);
  if (!provisioned) {
    throw new Error(
      `${at}: datasource.uid ${JSON.stringify(ref.uid)} is not a provisioned datasource. ` +
        `Use one of ${known}, referenced through DATASOURCES in dashboards/datasources.ts.`,
    );
  }
  if (ref.type !== undefined && ref.type !== provisioned.type) {
    throw new Error(
      `${at}: datasource.type ${JSON.stringify(ref.type)} does not match datasource ${JSON.stringify(ref.uid)}, which is of type ${JSON.stringify(provisioned.type)}. ` +
        'Reference the datasource through DATASOURCES so that uid and type agree.',
    );
  }
  const check = provisioned.type === 'prometheus' ? promqlError : provisioned.type === 'loki' ? logqlError : undefined;
  if (!check) return;
  const expr = target.expr ?? '';
  // The dashboard's own variables stand for "All", as when the dashboard opens.
  const error = check(substituteVariables(expr, variableValues(model)));
  if (error) {
    const own = (model.templating?.list ?? []).map((v) => `$${v.name}`);
    throw new Error(
      `${at}: expr ${JSON.stringify(expr)} does not parse: ${error}. ` +
        `Fix the expression (Grafana variables ${Object.keys(GRAFANA_VARIABLE_VALUES).map((v) => `$${v}`).join(', ')} are replaced by durations before parsing` +
        `${own.length > 0 ? `, the dashboard's ${own.join(', ')} by their "All" value` : ''}).`,
    );
  }
}

/**
 * A variable offering "All" needs a custom `allValue` (such as `.*` for a regex matcher): without
 * one Grafana joins every value it found into one long regex, and the value "All" stands for cannot
 * be known outside Grafana, so no check or proof could evaluate the queries as the dashboard opens.
 */
function checkVariables(model: dashboard.Dashboard): void {
  const names = new Set<string>();
  for (const variable of model.templating?.list ?? []) {
    if (names.has(variable.name)) {
      throw new Error(`${where(model)}: two variables are named ${JSON.stringify(variable.name)}. Give each variable its own name.`);
    }
    names.add(variable.name);
    if (variable.includeAll === true && (variable.allValue ?? '') === '') {
      throw new Error(
        `${where(model)}, variable ${JSON.stringify(variable.name)}: includeAll is set without allValue. ` +
          'Set allValue to what "All" stands for in the queries, e.g. ".*" for a label matched with =~.',
      );
    }
  }
}

function checkLinks(model: dashboard.Dashboard, panel: AnyPanel | undefined, links: readonly { title?: string; url?: string }[], field: string, uids: ReadonlySet<string>): void {
  links.forEach((link, index) => {
    const target = DASHBOARD_URL.exec(link.url ?? '')?.[1];
    if (target !== undefined && !uids.has(target)) {
      throw new Error(
        `${where(model, panel)}, ${field}[${index}] (${JSON.stringify(link.title ?? '')}): url ${JSON.stringify(link.url)} points at dashboard uid ${JSON.stringify(target)}, which no provisioned dashboard has. ` +
          `Link to one of ${[...uids].join(', ')} (DASHBOARD_UIDS in dashboards/common.ts).`,
      );
    }
  });
}

/** Grafana picks the colour of the last step at or below a value, so steps must ascend. */
function checkThresholds(model: dashboard.Dashboard, panel: dashboard.Panel): void {
  const steps = panel.fieldConfig?.defaults?.thresholds?.steps ?? [];
  // steps[0] is the base colour, without a value.
  for (let i = 2; i < steps.length; i++) {
    const previous = steps[i - 1].value;
    const value = steps[i].value;
    if (typeof value !== 'number' || typeof previous !== 'number' || value <= previous) {
      throw new Error(
        `${where(model, panel)}: fieldConfig.defaults.thresholds.steps[${i}].value ${JSON.stringify(value)} does not rise above steps[${i - 1}].value ${JSON.stringify(previous)}. ` +
          'List the steps in ascending order of value, as Grafana evaluates them: with thresholds() of dashboards/common.ts, the [value, colour] pairs lowest first.',
      );
    }
  }
}

/**
 * Checks a set of dashboards against each other and against the provisioned datasources: uids
 * valid and unique, variables named once and "All" given a value, panel ids unique, every query's
 * datasource provisioned and its PromQL or LogQL parseable, thresholds ascending, every link to
 * another dashboard resolvable.
 */
export function validateDashboards(files: readonly DashboardFile[], datasources: readonly DatasourceRef[]): void {
  const byUid = new Map<string, dashboard.Dashboard>();
  for (const { dashboard: model } of files) {
    const uid = model.uid ?? '';
    if (!UID.test(uid)) {
      throw new Error(
        `${where(model)}: uid ${JSON.stringify(model.uid)} is not a valid dashboard uid. Use 1 to 40 letters, digits, "-" or "_", fixed in DASHBOARD_UIDS.`,
      );
    }
    const other = byUid.get(uid);
    if (other) {
      throw new Error(
        `dashboards ${JSON.stringify(other.title)} and ${JSON.stringify(model.title)} both have uid ${JSON.stringify(uid)}. Give each dashboard its own uid in DASHBOARD_UIDS.`,
      );
    }
    byUid.set(uid, model);
  }
  const uids = new Set(byUid.keys());

  for (const { dashboard: model } of files) {
    checkVariables(model);
    const ids = new Map<number, AnyPanel>();
    for (const panel of panelsOf(model)) {
      if (typeof panel.id !== 'number') {
        throw new Error(`${where(model, panel)}: id is not set. Build the dashboard with buildDashboard(), which assigns ids, or set a unique id.`);
      }
      const clash = ids.get(panel.id);
      if (clash) {
        throw new Error(
          `${where(model)}: panels ${JSON.stringify(clash.title ?? '')} and ${JSON.stringify(panel.title ?? '')} both have id ${panel.id}. ` +
            'Give each panel its own id, or leave the id unset so that one is assigned.',
        );
      }
      ids.set(panel.id, panel);
      if (panel.type === 'row') continue;
      const p = panel as dashboard.Panel;
      targetsOf(p).forEach((target, index) => checkTarget(model, p, target, index, datasources));
      checkThresholds(model, p);
      checkLinks(model, p, p.links ?? [], 'links', uids);
      checkLinks(model, p, p.fieldConfig?.defaults?.links ?? [], 'fieldConfig.defaults.links', uids);
    }
    checkLinks(model, undefined, model.links ?? [], 'links', uids);
  }
}

/** The file Grafana reads: the dashboard JSON (the library's marker methods are not data and drop out). */
export function dashboardJson(model: dashboard.Dashboard): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

/** The file name of a dashboard inside its folder. */
export function dashboardFileName(model: dashboard.Dashboard): string {
  return `${model.uid}.json`;
}

/** Builds a dashboard and gives its panels ids. Every dashboard goes through here. */
export function buildDashboard(builder: { build(): dashboard.Dashboard }): dashboard.Dashboard {
  return assignPanelIds(builder.build());
}
