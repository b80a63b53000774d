import type { EnvironmentDefinition } from '../types';

/** Pre-production: production's shape at a smaller size. */
export const staging: EnvironmentDefinition = {
  name: 'staging',
  overrides: {
    cluster: 'staging',
    api: {
      replicas: 2,
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    },
    prometheus: {
      resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '4Gi' } },
      retention: '15d',
      storage: { size: '50Gi' },
    },
    loki: {
      retention: '168h',
      storage: { size: '20Gi' },
      objectStore: {
        type: 's3',
        bucket: 'agent-platform-logs-staging',
        endpoint: 's3.us-east-1.amazonaws.com',
        region: 'us-east-1',
        credentialsSecret: 'loki-s3-credentials',
      },
    },
    jaeger: { backend: { type: 'badger', retention: '168h' }, storage: { size: '10Gi' } },
  },
};
