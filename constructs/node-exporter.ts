import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import * as k8s from '../imports/k8s';
import type { NamespaceSpec } from './namespaces';
import { httpProbe } from './pod';
import { COMPONENTS } from './identity';
import { ComponentConstruct } from './workload';

const NOBODY = 65534;

/** Where the host's filesystems appear inside the container. */
const HOST = { proc: '/host/proc', sys: '/host/sys', root: '/host/root' } as const;

export interface NodeExporterProps {
  readonly config: EnvironmentConfig;
}

/**
 * node-exporter on every node (control plane included). It needs the host's network namespace (so
 * `node_network_*` describe the node and the target address is the node's) and read-only host
 * paths for /proc, /sys and the root filesystem (CPU, memory, disks). Both are forbidden by the
 * `baseline` and `restricted` Pod Security levels, so it runs alone in a `privileged` namespace
 * (see `NodeExporter.namespaceSpec`). Everything else stays restricted: non-root, no capabilities,
 * no privilege escalation, read-only root, no host PID or IPC, no API token.
 */
export class NodeExporter extends ComponentConstruct {
  /** The namespace node-exporter needs, for the Namespaces construct's `additional`. */
  public static namespaceSpec(config: EnvironmentConfig): NamespaceSpec {
    return { name: config.nodeExporter.namespace, podSecurity: 'privileged' };
  }

  public readonly daemonSet: k8s.KubeDaemonSet;

  constructor(scope: Construct, id: string, props: NodeExporterProps) {
    super(scope, id, { config: props.config, component: 'nodeExporter', image: props.config.images.nodeExporter });
    const { config, meta } = this;
    const { name, namespace, labels, selector } = meta;
    const metrics = COMPONENTS.nodeExporter.ports.metrics;

    const hostPath = (volume: string, path: string): k8s.Volume => ({ name: volume, hostPath: { path, type: 'Directory' } });

    this.daemonSet = new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: { name, namespace, labels },
      spec: {
        selector: { matchLabels: selector },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') } },
        template: {
          metadata: { labels },
          spec: this.podSpec(NOBODY, {
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            // Every node, tainted or not, needs its metrics.
            tolerations: [{ operator: 'Exists' }],
            containers: [
              this.container(config.images.nodeExporter, config.nodeExporter.resources, {
                name: 'node-exporter',
                args: [
                  `--path.procfs=${HOST.proc}`,
                  `--path.sysfs=${HOST.sys}`,
                  `--path.rootfs=${HOST.root}`,
                  `--web.listen-address=:${metrics.port}`,
                  // Container and pod mounts duplicate the node's disks and churn with every pod.
                  '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run/containerd/.+|var/lib/docker/.+|var/lib/kubelet/.+)($|/)',
                ],
                // With the host network the container port is the node's port: declare it as such.
                ports: [{ name: metrics.name, containerPort: metrics.port, hostPort: metrics.port, protocol: 'TCP' }],
                livenessProbe: httpProbe('/', metrics, { periodSeconds: 15, timeoutSeconds: 3 }),
                readinessProbe: httpProbe('/', metrics, { periodSeconds: 10, timeoutSeconds: 3 }),
                volumeMounts: [
                  { name: 'proc', mountPath: HOST.proc, readOnly: true },
                  { name: 'sys', mountPath: HOST.sys, readOnly: true },
                  // HostToContainer: filesystems mounted on the node after start show up too.
                  { name: 'root', mountPath: HOST.root, readOnly: true, mountPropagation: 'HostToContainer' },
                ],
              }),
            ],
            volumes: [hostPath('proc', '/proc'), hostPath('sys', '/sys'), hostPath('root', '/')],
          }),
        },
      },
    });
  }
}
