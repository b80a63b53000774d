import type { EnvironmentDefinition } from '../types';

/** A developer's laptop cluster: the defaults, single replicas, short retention. */
export const dev: EnvironmentDefinition = {
  name: 'dev',
  overrides: {
    cluster: 'dev',
    prometheus: { retention: '3d', storage: { size: '5Gi' } },
    loki: { retention: '72h', storage: { size: '5Gi' } },
    // Optional here: many laptop clusters' network plugins do not enforce NetworkPolicies. Set true to try them.
    networkPolicies: { enabled: false },
  },
};
