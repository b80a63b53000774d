export * from './model';
export * from './compile';
export { PLATFORM_SLOS, UP, LATENCY_THRESHOLD_SECONDS, latencySli } from './platform';

import type { EnvironmentConfig } from '../config/types';
import { slosOf, type Slo } from './model';

/** The SLOs of an environment: the defaults with its changes, without the ones it disabled. */
export function configuredSlos(config: Pick<EnvironmentConfig, 'slos'>): Slo[] {
  return slosOf(config.slos);
}
