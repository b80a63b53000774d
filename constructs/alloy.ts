import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import * as k8s from '../imports/k8s';
import { AlloyConfig, AlloyExpression, block, body } from './alloy-syntax';
import type { Loki } from './loki';
import type { NamespaceSpec } from './namespaces';
import { checksumAnnotation, containerPorts, httpProbe, imageName, resources, restrictedContainerSecurityContext } from './pod';
import { COMPONENTS } from './identity';
import { ComponentConstruct, componentClusterRole, componentService } from './workload';

/**
 * The stream labels every log line in Loki carries, and the discovery label each comes from.
 * docs/logging.md lists the same set; LogQL selectors may use only these.
 */
export const STREAM_LABELS = {
  namespace: '__meta_kubernetes_namespace',
  pod: '__meta_kubernetes_pod_name',
  container: '__meta_kubernetes_pod_container_name',
  /** `app.kubernetes.io/name`, which is `agent-platform` on the API's pods. */
  app: '__meta_kubernetes_pod_label_app_kubernetes_io_name',
} as const;

/** Environment variable carrying the node's name from the downward API into the config. */
const NODE_NAME_ENV = 'NODE_NAME';

/** The uid of the `alloy` user the upstream image creates (the image itself defaults to root). */
const ALLOY_UID = 473;

const ALLOY_PATHS = {
  configDir: '/etc/alloy',
  configFile: 'config.alloy',
  /** Component state, the read positions among it. On the node (`hostDataDir`), so a re-created pod resumes where the last one stopped. */
  data: '/var/lib/alloy/data',
} as const;

/**
 * The node's directory behind Alloy's data, one per stack: two stacks on one cluster (their own
 * namespaces) never share positions.
 */
export function hostDataDir(namespace: string): string {
  return `/var/lib/alloy/${namespace}`;
}

export interface AlloyProps {
  readonly config: EnvironmentConfig;
  /** The Loki the logs are pushed to. */
  readonly loki: Loki;
}

/** The pipeline: this node's pods → stream labels → tail through the Kubernetes API → push to Loki. */
export function buildAlloyConfig(lokiPushUrl: string): AlloyConfig {
  const file = new AlloyConfig();
  const pods = file.add(
    'discovery.kubernetes',
    'pods',
    body(
      { role: 'pod' },
      // Each DaemonSet pod tails only the pods of its own node.
      block('selectors', body({ role: 'pod', field: AlloyExpression.concat('spec.nodeName=', AlloyExpression.call('sys.env', NODE_NAME_ENV)) })),
    ),
  );
  const relabel = file.add(
    'discovery.relabel',
    'pods',
    body(
      { targets: pods.export('targets') },
      ...Object.entries(STREAM_LABELS).map(([target, source]) => block('rule', body({ source_labels: [source], target_label: target }))),
    ),
  );
  const write = file.add('loki.write', 'default', body({}, block('endpoint', body({ url: lokiPushUrl }))));
  file.add('loki.source.kubernetes', 'pods', body({ targets: relabel.export('output'), forward_to: [write.export('receiver')] }));
  return file;
}

/**
 * Grafana Alloy as a DaemonSet shipping every pod's logs to Loki. It reads logs through the
 * Kubernetes API (`loki.source.kubernetes`), with a ClusterRole limited to reading pods and their
 * logs, and keeps its read positions (the last timestamp shipped per container) in a directory on
 * the node, so that a re-created pod resumes there instead of shipping every log again. A host
 * directory is forbidden by the `baseline` and `restricted` Pod Security levels, so Alloy runs
 * alone in a `privileged` namespace (see `Alloy.namespaceSpec`); its container keeps the
 * restricted profile (non-root, no capabilities, read-only root), and only a short init container
 * runs as root, with no capability but CHOWN, to hand the directory to Alloy's user.
 */
export class Alloy extends ComponentConstruct {
  /** The namespace Alloy needs, for the Namespaces construct's `additional`. */
  public static namespaceSpec(config: EnvironmentConfig): NamespaceSpec {
    return { name: config.alloy.namespace, podSecurity: 'privileged' };
  }

  public readonly daemonSet: k8s.KubeDaemonSet;
  public readonly service: k8s.KubeService;
  public readonly configMap: k8s.KubeConfigMap;
  public readonly clusterRole: k8s.KubeClusterRole;
  public readonly clusterRoleBinding: k8s.KubeClusterRoleBinding;
  /** The Alloy configuration as written into the ConfigMap. */
  public readonly configText: string;

  constructor(scope: Construct, id: string, props: AlloyProps) {
    super(scope, id, { config: props.config, component: 'alloy', image: props.config.images.alloy, apiAccess: true });
    const { config, meta } = this;
    const { name, namespace, labels, selector } = meta;
    const { http } = COMPONENTS.alloy.ports;

    this.configText = buildAlloyConfig(props.loki.pushUrl).render();

    const rbac = componentClusterRole(this, meta, this.serviceAccount, [
      // Discovery lists and watches pods; tailing checks a pod's containers and streams their logs.
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ]);
    this.clusterRole = rbac.clusterRole;
    this.clusterRoleBinding = rbac.clusterRoleBinding;

    this.configMap = this.createConfigMap({ [ALLOY_PATHS.configFile]: this.configText });

    this.daemonSet = new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: { name, namespace, labels },
      spec: {
        selector: { matchLabels: selector },
        template: {
          metadata: { labels, annotations: checksumAnnotation(this.configText) },
          spec: this.podSpec(ALLOY_UID, {
            // Logs are wanted from every node, tainted ones included.
            tolerations: [{ operator: 'Exists' }],
            initContainers: [
              {
                // The kubelet creates the host directory owned by root: hand it to Alloy's user.
                name: 'data-owner',
                image: imageName(config, config.images.alloy),
                command: ['chown', `${ALLOY_UID}:${ALLOY_UID}`, ALLOY_PATHS.data],
                resources: resources({ requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } }),
                securityContext: {
                  ...restrictedContainerSecurityContext(),
                  runAsNonRoot: false,
                  runAsUser: 0,
                  runAsGroup: 0,
                  capabilities: { drop: ['ALL'], add: ['CHOWN'] },
                },
                volumeMounts: [{ name: 'data', mountPath: ALLOY_PATHS.data }],
              },
            ],
            containers: [
              this.container(config.images.alloy, config.alloy.resources, {
                name: 'alloy',
                args: [
                  'run',
                  `${ALLOY_PATHS.configDir}/${ALLOY_PATHS.configFile}`,
                  `--server.http.listen-addr=0.0.0.0:${http.port}`,
                  `--storage.path=${ALLOY_PATHS.data}`,
                  '--stability.level=generally-available',
                  '--disable-reporting',
                ],
                env: [{ name: NODE_NAME_ENV, valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
                ports: containerPorts(http),
                readinessProbe: httpProbe('/-/ready', http, { initialDelaySeconds: 5, periodSeconds: 10 }),
                volumeMounts: [
                  { name: 'config', mountPath: ALLOY_PATHS.configDir, readOnly: true },
                  { name: 'data', mountPath: ALLOY_PATHS.data },
                ],
              }),
            ],
            volumes: [
              { name: 'config', configMap: { name: this.configMap.name } },
              { name: 'data', hostPath: { path: hostDataDir(namespace), type: 'DirectoryOrCreate' } },
            ],
          }),
        },
      },
    });

    this.service = componentService(this, meta, [http]);
  }
}
