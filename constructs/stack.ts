import { App, Chart } from 'cdk8s';
import type { CompiledEnvironment } from '../config/compile';
import type { EnvironmentConfig } from '../config/types';
import { Alertmanager } from './alertmanager';
import { Alloy } from './alloy';
import { PlatformApi } from './api';
import { stackFlows } from './flows';
import { Grafana } from './grafana';
import { COMPONENTS } from './identity';
import { ComponentIngress } from './ingress';
import { Jaeger } from './jaeger';
import { KubeStateMetrics } from './kube-state-metrics';
import { Loki } from './loki';
import { Namespaces } from './namespaces';
import { NetworkPolicies } from './network-policies';
import { NodeExporter } from './node-exporter';
import { PriorityClasses } from './priority-classes';
import { Prometheus } from './prometheus';

export interface ObservabilityStackProps {
  /** The environment, its rules, SLOs and dashboards compiled: `compileEnvironment(config)`. */
  readonly environment: CompiledEnvironment;
}

/**
 * One environment's whole stack inside a cdk8s App: one chart per component, so each component is
 * one file in `dist/<env>/`. Every chart depends on the namespaces chart, which makes cdk8s number
 * the files so that `kubectl apply -f dist/<env>/` creates the namespaces first. Components are
 * wired by reference: each one receives the objects it reads (Alloy its Loki, the API its Jaeger,
 * Prometheus the scrape targets of what it scrapes and its Alertmanager, Grafana its datasources).
 */
export class ObservabilityStack {
  public readonly config: EnvironmentConfig;
  public readonly namespaces: Namespaces;
  public readonly priorityClasses: PriorityClasses;
  public readonly api: PlatformApi;
  public readonly loki: Loki;
  public readonly alloy: Alloy;
  public readonly jaeger: Jaeger;
  public readonly grafana: Grafana;
  public readonly nodeExporter: NodeExporter;
  public readonly kubeStateMetrics: KubeStateMetrics;
  public readonly alertmanager: Alertmanager;
  public readonly prometheus: Prometheus;
  /** The Ingresses of the components whose settings give one (`grafana.ingress`, `api.ingress`). */
  public readonly ingresses: { readonly grafana?: ComponentIngress; readonly api?: ComponentIngress };
  /** Present when `networkPolicies.enabled`: default-deny ingress plus the flows of `constructs/flows.ts`. */
  public readonly networkPolicies?: NetworkPolicies;

  constructor(app: App, props: ObservabilityStackProps) {
    const { environment } = props;
    const config = environment.config;
    this.config = config;

    // The charts first, in the order their files are numbered; the components fill them below.
    const namespacesChart = new Chart(app, 'namespaces');
    const chart = (id: string): Chart => {
      const c = new Chart(app, id);
      c.addDependency(namespacesChart);
      return c;
    };
    // Applied right after the namespaces, so that they are closed before anything runs in them.
    const policiesChart = config.networkPolicies.enabled ? chart('network-policies') : undefined;
    const charts = {
      loki: chart('loki'),
      alloy: chart('alloy'),
      jaeger: chart('jaeger'),
      api: chart('api'),
      grafana: chart('grafana'),
      nodeExporter: chart('node-exporter'),
      kubeStateMetrics: chart('kube-state-metrics'),
      alertmanager: chart('alertmanager'),
      prometheus: chart('prometheus'),
    };

    this.namespaces = new Namespaces(namespacesChart, 'Namespaces', { config, additional: [NodeExporter.namespaceSpec(config), Alloy.namespaceSpec(config)] });
    // Cluster-scoped like the namespaces, and needed before any pod that names one.
    this.priorityClasses = new PriorityClasses(namespacesChart, 'PriorityClasses', { config });
    this.loki = new Loki(charts.loki, 'Loki', { config });
    this.alloy = new Alloy(charts.alloy, 'Alloy', { config, loki: this.loki });
    this.jaeger = new Jaeger(charts.jaeger, 'Jaeger', { config });
    this.api = new PlatformApi(charts.api, 'Api', { config, tracing: this.jaeger.otlp });
    this.grafana = new Grafana(charts.grafana, 'Grafana', { config, dashboards: environment.dashboards });
    this.nodeExporter = new NodeExporter(charts.nodeExporter, 'NodeExporter', { config });
    this.kubeStateMetrics = new KubeStateMetrics(charts.kubeStateMetrics, 'KubeStateMetrics', { config });
    this.alertmanager = new Alertmanager(charts.alertmanager, 'Alertmanager', { config });
    const scraped = [this.api, this.loki, this.alloy, this.jaeger, this.grafana, this.nodeExporter, this.kubeStateMetrics, this.alertmanager];
    this.prometheus = new Prometheus(charts.prometheus, 'Prometheus', {
      config,
      scrapeTargets: [...scraped.map((component) => component.scrapeTarget), ...(config.prometheus.extraScrapeTargets ?? [])],
      ruleGroups: environment.ruleGroups,
      alertmanager: this.alertmanager,
    });
    // Grafana reads Prometheus, which scrapes Grafana: its datasources are written at synth.
    this.grafana.addDatasources({ prometheus: this.prometheus, loki: this.loki, jaeger: this.jaeger, alertmanager: this.alertmanager });

    // Each in its component's chart, routed to the component's own Service and port.
    const grafanaIngress = config.grafana.ingress;
    const apiIngress = config.api.ingress;
    this.ingresses = {
      grafana: grafanaIngress && new ComponentIngress(charts.grafana, 'Ingress', { settings: grafanaIngress, service: this.grafana.service, port: COMPONENTS.grafana.ports.http }),
      api: apiIngress && new ComponentIngress(charts.api, 'Ingress', { settings: apiIngress, service: this.api.service, port: COMPONENTS.api.ports.http }),
    };

    if (policiesChart) {
      this.networkPolicies = new NetworkPolicies(policiesChart, 'NetworkPolicies', {
        config,
        flows: stackFlows(config, this.prometheus.scrapeTargets),
        namespaces: Object.keys(this.namespaces.namespaces),
      });
    }
  }
}
