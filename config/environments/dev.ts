import type { EnvironmentDefinition } from '../types';

/** A developer's laptop cluster: the defaults, single replicas, short retention. */
export const dev: EnvironmentDefinition = {
  name: 'dev',
  overrides: {
    cluster: 'dev',
    prometheus: { retention: '3d', storage: { size: '5Gi' } },
    loki: { retention: '72h', storage: { size: '5Gi' } },
  },
};
