import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as yaml from 'js-yaml';
import type { EnvironmentConfig } from '../config';
import { validateEnvironment } from '../config/validate';
import { RESERVED_REMOTE_WRITE_HEADERS, type RemoteWriteTarget } from '../constructs/prometheus-props';
import type { PrometheusConfigFile } from '../constructs/prometheus-config';
import { layOutPrometheusPod } from './support/prometheus-files';
import { describeWithEngines, enginePath } from './support/toolchain';
import { runTool } from './support/promtool';
import { configFor, find, synth } from './support/synth';

const THANOS: RemoteWriteTarget = { name: 'thanos', url: 'http://thanos-receive.thanos.svc:19291/api/v1/receive' };
const MIMIR: RemoteWriteTarget = {
  name: 'mimir',
  url: 'https://mimir.example.com/api/v1/push',
  headers: { 'X-Scope-OrgID': 'agent-platform' },
  auth: { type: 'basic', username: 'agent-platform', passwordSecret: { name: 'long-term-credentials', key: 'mimir-password' } },
  queue: { capacity: 20000, minShards: 2, maxShards: 20, maxSamplesPerSend: 5000, batchSendDeadline: '10s' },
};
const RECEIVE: RemoteWriteTarget = {
  name: 'receive',
  url: 'https://receive.example.com/api/v1/receive',
  auth: { type: 'bearer', tokenSecret: { name: 'long-term-credentials', key: 'receive-token' } },
};

function withRemoteWrite(remoteWrite: readonly RemoteWriteTarget[]): EnvironmentConfig {
  const config = configFor('prod');
  return { ...config, prometheus: { ...config.prometheus, remoteWrite } };
}

const config = withRemoteWrite([THANOS, MIMIR, RECEIVE]);
const { objects } = synth('remote-write', config);
const ns = config.namespaces.monitoring;
const file = yaml.load(find(objects, 'ConfigMap', 'prometheus-config', ns).data['prometheus.yml']) as PrometheusConfigFile;
const podSpec = find(objects, 'StatefulSet', 'prometheus', ns).spec.template.spec;
const container = podSpec.containers.find((c: any) => c.name === 'prometheus');

describe('remote write', () => {
  test('each target becomes a remote_write entry, credentials as files of the Secret', () => {
    expect(file.remote_write).toEqual([
      { name: 'thanos', url: 'http://thanos-receive.thanos.svc:19291/api/v1/receive' },
      {
        name: 'mimir',
        url: 'https://mimir.example.com/api/v1/push',
        headers: { 'X-Scope-OrgID': 'agent-platform' },
        basic_auth: { username: 'agent-platform', password_file: '/etc/prometheus/secrets/long-term-credentials/mimir-password' },
        queue_config: { capacity: 20000, min_shards: 2, max_shards: 20, max_samples_per_send: 5000, batch_send_deadline: '10s' },
      },
      {
        name: 'receive',
        url: 'https://receive.example.com/api/v1/receive',
        authorization: { type: 'Bearer', credentials_file: '/etc/prometheus/secrets/long-term-credentials/receive-token' },
      },
    ]);
  });

  test('every credential file is the key of the Secret it names, mounted read-only where the config reads it', () => {
    const files = [MIMIR, RECEIVE].map((target) => {
      const entry = file.remote_write!.find((w) => w.name === target.name)!;
      const ref = target.auth!.type === 'basic' ? target.auth!.passwordSecret : target.auth!.tokenSecret;
      return { path: entry.basic_auth?.password_file ?? entry.authorization!.credentials_file, ref };
    });
    for (const { path, ref } of files) {
      const mount = container.volumeMounts.find((m: any) => path.startsWith(`${m.mountPath}/`));
      expect(mount.readOnly).toBe(true);
      const volume = podSpec.volumes.find((v: any) => v.name === mount.name);
      expect(volume.secret.secretName).toBe(ref.name);
      // Not optional: the pod waits for the operator's Secret instead of sending without credentials.
      expect(volume.secret.optional).toBeUndefined();
      expect(volume.secret.items).toContainEqual({ key: ref.key, path: path.slice(mount.mountPath.length + 1) });
    }
    // One volume for the one Secret both targets read from.
    expect(podSpec.volumes.filter((v: any) => v.secret)).toHaveLength(1);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });


  test('no remote_write section and no Secret volume without targets', () => {
    const plain = synth('prod').objects;
    const text: string = find(plain, 'ConfigMap', 'prometheus-config', ns).data['prometheus.yml'];
    expect((yaml.load(text) as PrometheusConfigFile).remote_write).toBeUndefined();
    expect(find(plain, 'StatefulSet', 'prometheus', ns).spec.template.spec.volumes.filter((v: any) => v.secret)).toEqual([]);
  });

});

describeWithEngines('remote write on promtool', ['promtool'], () => {
  test('promtool check config accepts the config with remote writes', () => {
    const pod = layOutPrometheusPod(objects, ns);
    try {
      const result = spawnSync(enginePath('promtool'), ['check', 'config', pod.configPath], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      fs.rmSync(pod.root, { recursive: true, force: true });
    }
  });

  test('the headers refused as reserved are exactly ones promtool refuses too', () => {
    const configWithHeader = (header: string) => yaml.dump({ remote_write: [{ url: 'https://mimir.example.com/api/v1/push', headers: { [header]: 'x' } }] });
    const refused = RESERVED_REMOTE_WRITE_HEADERS.filter((header) => runTool('promtool', ['check', 'config', 'p.yml'], { 'p.yml': configWithHeader(header) }).status !== 0);
    expect(refused).toEqual([...RESERVED_REMOTE_WRITE_HEADERS]);
    expect(runTool('promtool', ['check', 'config', 'p.yml'], { 'p.yml': configWithHeader('X-Scope-OrgID') }).status).toBe(0);
  });
});

describe('remote write validation', () => {
  const fails = (target: object) => () => validateEnvironment(withRemoteWrite([target as RemoteWriteTarget]));

  test('fails when the URL is not http(s) or carries credentials', () => {
    expect(fails({ ...THANOS, url: 'thanos-receive:19291' })).toThrow(
      'environment "prod": prometheus.remoteWrite[0].url: "thanos-receive:19291" is not an http(s) URL. Give the receiver\'s push URL, for example "http://thanos-receive.thanos.svc:19291/api/v1/receive" or "https://mimir.example.com/api/v1/push".',
    );
    expect(fails({ ...THANOS, url: 'https://user:hunter2@mimir.example.com/api/v1/push' })).toThrow(
      'environment "prod": prometheus.remoteWrite[0].url: the URL carries credentials, which would be written into the ConfigMap. Remove them from the URL and set auth (bearer or basic) with a Secret.',
    );
  });

  test('fails when a header is reserved or looks like a credential', () => {
    expect(fails({ ...THANOS, headers: { authorization: 'Bearer x' } })).toThrow(
      "environment \"prod\": prometheus.remoteWrite[0].headers.authorization: Prometheus sets this header itself. Remove it; for credentials set auth: { type: 'bearer', tokenSecret } or { type: 'basic', username, passwordSecret }, read from a Secret.",
    );
    expect(fails({ ...THANOS, headers: { 'X-Api-Key': 'k' } })).toThrow(
      'prometheus.remoteWrite[0].headers.X-Api-Key: a header that looks like a credential would be written into the ConfigMap in clear text. Remove it;',
    );
    expect(fails({ ...THANOS, headers: { 'X Scope': 'k' } })).toThrow('prometheus.remoteWrite[0].headers: "X Scope": "k" is not a header.');
  });

  test('fails when two targets share a name', () => {
    expect(() => validateEnvironment(withRemoteWrite([THANOS, { ...MIMIR, name: 'thanos' }]))).toThrow(
      'environment "prod": prometheus.remoteWrite[1].name: "thanos" is used by another remote write. Give each one its own name; Prometheus\'s metrics tell the queues apart by it.',
    );
    expect(fails({ ...THANOS, name: 'Long Term' })).toThrow('environment "prod": prometheus.remoteWrite[0].name: "Long Term" is not a valid name.');
  });

  test('fails when the credentials are incomplete or of an unknown kind', () => {
    expect(fails({ ...THANOS, auth: { type: 'bearer', tokenSecret: { name: 'long-term-credentials' } } })).toThrow(
      'environment "prod": prometheus.remoteWrite[0].auth.tokenSecret.key: undefined is not a Secret key. Use letters, digits, "-", "_" and ".", for example "token".',
    );
    expect(fails({ ...THANOS, auth: { type: 'basic', username: '', passwordSecret: { name: 'c', key: 'p' } } })).toThrow(
      'environment "prod": prometheus.remoteWrite[0].auth.username: "" is not a user name.',
    );
    expect(fails({ ...THANOS, auth: { type: 'sigv4' } })).toThrow('environment "prod": prometheus.remoteWrite[0].auth.type: "sigv4" is not supported.');
  });

  test('fails when the queue settings are out of range', () => {
    expect(fails({ ...THANOS, queue: { minShards: 10, maxShards: 5 } })).toThrow(
      'environment "prod": prometheus.remoteWrite[0].queue.minShards: 10 is more than maxShards 5. Lower minShards or raise maxShards.',
    );
    expect(fails({ ...THANOS, queue: { capacity: 0 } })).toThrow(
      'environment "prod": prometheus.remoteWrite[0].queue.capacity: must be a whole number of at least 1, got 0.',
    );
    expect(fails({ ...THANOS, queue: { batchSendDeadline: '5 seconds' } })).toThrow(
      'environment "prod": prometheus.remoteWrite[0].queue.batchSendDeadline: invalid duration "5 seconds".',
    );
  });
});
