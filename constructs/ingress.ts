import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import type { Port } from './identity';
import { CERT_MANAGER_ANNOTATIONS, INGRESS_DEFAULT_PATH, ingressUrl, type IngressSettings } from './ingress-props';

export interface ComponentIngressProps {
  /** The component's Ingress settings (`<component>.ingress`), checked with the environment. */
  readonly settings: IngressSettings;
  /** The component's Service: the Ingress takes its name, namespace and labels, and routes to it. */
  readonly service: k8s.KubeService;
  /** The component's port to route to; the Service must publish it under its name. */
  readonly port: Port;
}

/**
 * An Ingress serving a component at `https://<host><path>`: every request under the path goes to the
 * component's Service, on the port the Service publishes under `port`'s name, so renaming or
 * renumbering the port moves the route with it. TLS terminates at the controller, with the operator's
 * Secret or with the one cert-manager creates (`<service>-tls`) from the issuer's annotation.
 */
export class ComponentIngress extends Construct {
  /** Named and labelled like the Service, in its namespace (id `Resource`). */
  public readonly ingress: k8s.KubeIngress;
  /** Where people open the component. */
  public readonly url: string;
  /** The Secret holding the certificate: the operator's, or the one cert-manager keeps. */
  public readonly tlsSecretName: string;

  constructor(scope: Construct, id: string, props: ComponentIngressProps) {
    super(scope, id);
    const { settings, port } = props;
    const service = props.service.toJson() as { metadata: k8s.ObjectMeta; spec: k8s.ServiceSpec };
    const name = service.metadata.name!;
    const published = (service.spec.ports ?? []).map((p) => p.name);
    if (!published.includes(port.name)) {
      throw new Error(
        `Ingress ${this.node.path}: Service ${service.metadata.namespace}/${name} publishes no port named ${JSON.stringify(port.name)} ` +
          `(it publishes ${published.map((p) => JSON.stringify(p)).join(', ')}). Route to one of the component's own ports.`,
      );
    }

    const tls = settings.tls;
    this.tlsSecretName = tls.secretName ?? `${name}-tls`;
    // cert-manager's ingress-shim creates a Certificate for `tls` from the issuer this annotation names.
    const annotations: Record<string, string> = { ...settings.annotations };
    if (tls.clusterIssuer !== undefined) annotations[CERT_MANAGER_ANNOTATIONS.clusterIssuer] = tls.clusterIssuer;
    if (tls.issuer !== undefined) annotations[CERT_MANAGER_ANNOTATIONS.issuer] = tls.issuer;
    this.url = ingressUrl(settings);

    this.ingress = new k8s.KubeIngress(this, 'Resource', {
      metadata: {
        name,
        namespace: service.metadata.namespace,
        labels: service.metadata.labels,
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
      spec: {
        ingressClassName: settings.className,
        tls: [{ hosts: [settings.host], secretName: this.tlsSecretName }],
        rules: [
          {
            host: settings.host,
            http: {
              paths: [
                {
                  path: settings.path ?? INGRESS_DEFAULT_PATH,
                  pathType: 'Prefix',
                  backend: { service: { name, port: { name: port.name } } },
                },
              ],
            },
          },
        ],
      },
    });
  }
}
