/**
 * Every rule group's scenarios (`rules/<group>.scenarios.ts`), run by test/rules.test.ts in one
 * promtool process. A new default rule group adds its scenarios here.
 */
import { alertmanagerScenarios } from './alertmanager.scenarios';
import { alloyScenarios } from './alloy.scenarios';
import { grafanaScenarios } from './grafana.scenarios';
import { infrastructureScenarios } from './infrastructure.scenarios';
import { jaegerScenarios } from './jaeger.scenarios';
import { lokiScenarios } from './loki.scenarios';
import { kubernetesScenarios } from './kubernetes.scenarios';
import { nodeScenarios } from './node.scenarios';
import { platformScenarios } from './platform.scenarios';
import { prometheusScenarios } from './prometheus.scenarios';
import type { AlertScenario } from './scenario';
import { watchdogScenarios } from './watchdog.scenarios';

export const ALL_SCENARIOS: readonly AlertScenario[] = [
  ...platformScenarios,
  ...infrastructureScenarios,
  ...kubernetesScenarios,
  ...nodeScenarios,
  ...prometheusScenarios,
  ...alertmanagerScenarios,
  ...grafanaScenarios,
  ...lokiScenarios,
  ...alloyScenarios,
  ...jaegerScenarios,
  ...watchdogScenarios,
];
