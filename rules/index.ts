export * from './model';
export * from './compile';
export * from './labels';
export { platformAlerts } from './platform';
export { infrastructureAlerts } from './infrastructure';
export { watchdog, WATCHDOG_ALERT } from './watchdog';

import { infrastructureAlerts } from './infrastructure';
import type { RuleGroup } from './model';
import { platformAlerts } from './platform';
import { watchdog } from './watchdog';

/** The rule groups every environment gets before its own additions. */
export const DEFAULT_RULE_GROUPS: readonly RuleGroup[] = [platformAlerts, infrastructureAlerts, watchdog];
