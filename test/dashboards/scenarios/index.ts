/**
 * The scenarios of every Prometheus panel, by `<dashboard uid>/<panel title>`: one module per
 * dashboard (or pair of related dashboards). test/dashboards/panels.test.ts runs them all in one
 * promtool process and fails for a panel without a scenario and a scenario without a panel.
 */
import type { Scenario } from '../proof';
import { INFRASTRUCTURE_SCENARIOS } from './infrastructure';
import { MONITORING_SCENARIOS } from './monitoring';
import { PLATFORM_SCENARIOS } from './platform';

const MODULES: readonly Readonly<Record<string, readonly Scenario[]>>[] = [PLATFORM_SCENARIOS, INFRASTRUCTURE_SCENARIOS, MONITORING_SCENARIOS];

export const PANEL_SCENARIOS: Readonly<Record<string, readonly Scenario[]>> = Object.assign({}, ...MODULES);
