/**
 * The dead man's switch: an alert that always fires. Its arrival at Alertmanager proves that rule
 * evaluation, alert delivery and routing work; Alertmanager sends it to an outside heartbeat service
 * that pages when it stops (`alertmanager.deadMansSwitch`), or else to a receiver that notifies no one.
 */
import type { RuleGroup } from './model';

/** Alert name Alertmanager routes away from people. */
export const WATCHDOG_ALERT = 'Watchdog';

export const watchdog: RuleGroup = {
  name: 'watchdog',
  rules: [
    {
      alert: WATCHDOG_ALERT,
      expr: 'vector(1)',
      severity: 'info',
      summary: 'Alerting pipeline heartbeat',
      description: 'Always firing. If it stops arriving at Alertmanager, rule evaluation or alert delivery is broken.',
    },
  ],
};
