import { App, Chart } from 'cdk8s';
import type { EnvironmentConfig } from '../config';
import { PlatformApi } from './api';
import { Namespaces } from './namespaces';

export interface ObservabilityStackProps {
  readonly config: EnvironmentConfig;
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
  private readonly app: App;
  private readonly namespacesChart: Chart;

  constructor(app: App, props: ObservabilityStackProps) {
    this.app = app;
    this.config = props.config;
    const config = props.config;

    this.namespacesChart = new Chart(app, 'namespaces');
    this.namespaces = new Namespaces(this.namespacesChart, 'Namespaces', { config });

    this.api = new PlatformApi(this.chart('api'), 'Api', { config });
  }

  /** A new chart for one component, applied after the namespaces. */
  public chart(id: string): Chart {
    const chart = new Chart(this.app, id);
    chart.addDependency(this.namespacesChart);
    return chart;
  }
}
