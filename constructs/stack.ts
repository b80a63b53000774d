import { App, Chart } from 'cdk8s';
import type { EnvironmentConfig } from '../config';
import { DEFAULT_RULE_GROUPS, type RuleGroup } from '../rules';
import { configuredSlos, sloRuleGroups } from '../slos';
import { Alertmanager } from './alertmanager';
import { Alloy } from './alloy';
import { PlatformApi } from './api';
import { stackFlows } from './flows';
import { Grafana } from './grafana';
import { Jaeger } from './jaeger';
import { KubeStateMetrics } from './kube-state-metrics';
import { Loki } from './loki';
import { Namespaces } from './namespaces';
import { NetworkPolicies } from './network-policies';
import { NodeExporter } from './node-exporter';
import { Prometheus } from './prometheus';
import type { ScrapeTarget } from './topology';

export interface ObservabilityStackProps {
  readonly config: EnvironmentConfig;
  /**
   * Rule groups loaded by Prometheus besides the defaults of `rules/` (generated rules, for example).
   * @default - none
   */
  readonly ruleGroups?: readonly RuleGroup[];
}

/**
 * One environment's whole stack inside a cdk8s App: one chart per component, so each component is
 * one file in `dist/<env>/`. Every chart depends on the namespaces chart, which makes cdk8s number
 * the files so that `kubectl apply -f dist/<env>/` creates the namespaces first.
 */
export class ObservabilityStack {
  public readonly config: EnvironmentConfig;
  public readonly namespaces: Namespaces;
  public readonly api: PlatformApi;
  public readonly loki: Loki;
  public readonly alloy: Alloy;
  public readonly jaeger: Jaeger;
  public readonly grafana: Grafana;
  public readonly nodeExporter: NodeExporter;
  public readonly kubeStateMetrics: KubeStateMetrics;
  public readonly alertmanager: Alertmanager;
  public readonly prometheus: Prometheus;
  /** Present when `networkPolicies.enabled`: default-deny ingress plus the flows of `constructs/flows.ts`. */
  public readonly networkPolicies?: NetworkPolicies;
  /** Every pod set Prometheus scrapes: each component appends its `scrapeTarget` before Prometheus is built. */
  public readonly scrapeTargets: ScrapeTarget[] = [];
  /** Every rule group Prometheus loads: the defaults, then additions (SLOs, generated rules). */
  public readonly ruleGroups: RuleGroup[] = [...DEFAULT_RULE_GROUPS];
  private readonly app: App;
  private readonly namespacesChart: Chart;

  constructor(app: App, props: ObservabilityStackProps) {
    this.app = app;
    this.config = props.config;
    const config = props.config;

    this.namespacesChart = new Chart(app, 'namespaces');
    this.namespaces = new Namespaces(this.namespacesChart, 'Namespaces', { config, additional: [NodeExporter.namespaceSpec(config)] });
    // Applied right after the namespaces, so that they are closed before anything runs in them;
    // filled last, once every scrape target is known.
    const policiesChart = config.networkPolicies.enabled ? this.chart('network-policies') : undefined;

    this.loki = new Loki(this.chart('loki'), 'Loki', { config });
    this.alloy = new Alloy(this.chart('alloy'), 'Alloy', { config, loki: this.loki });
    // Jaeger first: the API's OpenTelemetry environment points at its OTLP endpoint.
    this.jaeger = new Jaeger(this.chart('jaeger'), 'Jaeger', { config });
    this.api = new PlatformApi(this.chart('api'), 'Api', { config, tracing: this.jaeger.otlp });
    this.grafana = new Grafana(this.chart('grafana'), 'Grafana', { config });
    this.nodeExporter = new NodeExporter(this.chart('node-exporter'), 'NodeExporter', { config });
    this.kubeStateMetrics = new KubeStateMetrics(this.chart('kube-state-metrics'), 'KubeStateMetrics', { config });
    this.alertmanager = new Alertmanager(this.chart('alertmanager'), 'Alertmanager', { config });

    // Prometheus last, so that it receives every component's scrape target and rule group.
    this.scrapeTargets.push(
      this.api.scrapeTarget,
      this.loki.scrapeTarget,
      this.alloy.scrapeTarget,
      this.jaeger.scrapeTarget,
      this.grafana.scrapeTarget,
      this.nodeExporter.scrapeTarget,
      this.kubeStateMetrics.scrapeTarget,
      this.alertmanager.scrapeTarget,
      ...(config.prometheus.extraScrapeTargets ?? []),
    );
    // The SLO dashboard reads the same configured SLOs (dashboards/slo), so rules and panels agree.
    this.ruleGroups.push(...sloRuleGroups(configuredSlos(config)), ...(props.ruleGroups ?? []));
    this.prometheus = new Prometheus(this.chart('prometheus'), 'Prometheus', {
      config,
      scrapeTargets: this.scrapeTargets,
      ruleGroups: this.ruleGroups,
    });

    if (policiesChart) {
      this.networkPolicies = new NetworkPolicies(policiesChart, 'NetworkPolicies', {
        config,
        flows: stackFlows(config, [this.prometheus.scrapeTarget, ...this.scrapeTargets]),
        namespaces: Object.keys(this.namespaces.namespaces),
      });
    }
  }

  /** A new chart for one component, applied after the namespaces. */
  public chart(id: string): Chart {
    const chart = new Chart(this.app, id);
    chart.addDependency(this.namespacesChart);
    return chart;
  }
}
