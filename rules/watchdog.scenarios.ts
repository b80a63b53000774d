/** Scenarios of the Watchdog (rules/watchdog.ts). */
import type { AlertScenario } from './scenario';

const expected = {
  labels: { alertname: 'Watchdog', severity: 'info' },
  annotations: {
    summary: 'Alerting pipeline heartbeat',
    description: 'Always firing. If it stops arriving at Alertmanager, rule evaluation or alert delivery is broken.',
    runbook_url: 'docs/runbooks/Watchdog.md',
  },
};

export const watchdogScenarios: readonly AlertScenario[] = [
  {
    alert: 'Watchdog',
    name: 'fires from the first evaluation on, without any series',
    series: [],
    checks: [
      { at: '0m', firing: [expected] },
      { at: '30m', firing: [expected] },
    ],
  },
  {
    alert: 'Watchdog',
    name: 'is silent only where an environment disables it',
    tuning: { Watchdog: { disabled: true } },
    series: [],
    checks: [{ at: '30m', firing: [] }],
  },
];
