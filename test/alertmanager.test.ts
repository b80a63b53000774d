import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { validateEnvironment } from '../config/validate';
import { ALERTMANAGER_SECRET, type AlertmanagerConfigFile } from '../constructs/alertmanager';
import { runTool } from './support/promtool';
import { configFor, configWith, ENVIRONMENT_NAMES, find, synth } from './support/synth';
import { describeWithEngines } from './support/toolchain';

function alertmanagerOf(env: string) {
  const { objects, config } = synth(env);
  const ns = config.namespaces.monitoring;
  const text: string = find(objects, 'ConfigMap', 'alertmanager-config', ns).data['alertmanager.yml'];
  const sts = find(objects, 'StatefulSet', 'alertmanager', ns);
  return { objects, config, ns, text, file: yaml.load(text) as AlertmanagerConfigFile, sts, container: sts.spec.template.spec.containers[0] };
}

/** The receivers `amtool config routes test` prints for an alert with these labels. */
function routes(text: string, ...labels: string[]): string[] {
  const result = runTool('amtool', ['config', 'routes', 'test', '--config.file=alertmanager.yml', ...labels], { 'alertmanager.yml': text });
  expect(result.status).toBe(0);
  return result.stdout.trim().split(',').map((r) => r.trim()).sort();
}

describeWithEngines('amtool', ['amtool'], () => {
  describe.each(ENVIRONMENT_NAMES)('%s Alertmanager', (env) => {
    test('amtool check-config accepts the generated config', () => {
      const { text } = alertmanagerOf(env);
      const result = runTool('amtool', ['check-config', 'alertmanager.yml'], { 'alertmanager.yml': text });
      expect(result.stdout).toContain('SUCCESS');
      expect(result.stdout).toContain(' - 4 receivers');
      expect(result.stdout).toContain(' - 1 inhibit rules');
      expect(result.status).toBe(0);
    });

    test('critical pages through PagerDuty, warning goes to Slack only, Watchdog reaches only its own receiver, the rest gets email', () => {
      const { text, file, config } = alertmanagerOf(env);
      expect(routes(text, 'alertname=HighErrorRate', 'severity=critical')).toEqual(['pagerduty-critical']);
      expect(routes(text, 'alertname=SlowResponseTime', 'severity=warning')).toEqual(['slack-warnings']);
      const watchdog = config.alertmanager.deadMansSwitch.enabled ? 'heartbeat' : 'watchdog';
      expect(routes(text, 'alertname=Watchdog', 'severity=info')).toEqual([watchdog]);
      expect(routes(text, 'alertname=Watchdog', 'severity=critical')).toEqual([watchdog]);
      expect(routes(text, 'alertname=Something', 'severity=info')).toEqual(['default']);
      expect(routes(text, 'alertname=Something')).toEqual(['default']);
      const receiver = (name: string) => file.receivers.find((r) => r.name === name)!;
      // The design's receivers, stated here rather than read from the config under test.
      expect(receiver('default').email_configs).toEqual([{ to: 'oncall@agentplatform.com' }]);
      expect(receiver('slack-warnings').slack_configs).toEqual([
        expect.objectContaining({ channel: '#alerts', title: '{{ .GroupLabels.alertname }}', text: '{{ .CommonAnnotations.description }}' }),
      ]);
      expect(receiver('pagerduty-critical').pagerduty_configs).toEqual([expect.objectContaining({ severity: 'critical' })]);
    });

    test("the design's tree: grouping, waits, continue on critical, critical inhibits warning", () => {
      const { file } = alertmanagerOf(env);
      const { routes: _, ...root } = file.route;
      expect(root).toEqual({ group_by: ['alertname', 'severity'], group_wait: '30s', group_interval: '5m', repeat_interval: '4h', receiver: 'default' });
      expect(file.route.routes!.find((r) => r.receiver === 'pagerduty-critical')).toEqual({
        matchers: ['severity="critical"'],
        receiver: 'pagerduty-critical',
        continue: true,
      });
      expect(file.inhibit_rules).toEqual([{ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['alertname', 'slo'] }]);
      // No SMTP authentication unless an environment sets alertmanager.notifications.smtpAuth.
      expect(file.global).toEqual({ smtp_smarthost: 'smtp.example.com:587', smtp_from: 'alerts@agentplatform.com' });
      expect(JSON.stringify(file)).not.toMatch(/"match"|source_match"|target_match"/);
    });

    test('credentials are read from files of the operator-created Secret, never written', () => {
      const { text, file, sts, container } = alertmanagerOf(env);
      expect(text).not.toMatch(/(routing_key|service_key|api_url|auth_password):/);
      expect(text).not.toMatch(/\$\{/);
      const mount = container.volumeMounts.find((m: any) => m.name === 'receivers');
      const volume = sts.spec.template.spec.volumes.find((v: any) => v.name === 'receivers');
      expect(volume.secret).toEqual({ secretName: ALERTMANAGER_SECRET.name });
      const pd = file.receivers.find((r) => r.name === 'pagerduty-critical')!.pagerduty_configs![0];
      const slack = file.receivers.find((r) => r.name === 'slack-warnings')!.slack_configs![0];
      expect(pd.routing_key_file).toBe(`${mount.mountPath}/${ALERTMANAGER_SECRET.keys.pagerdutyRoutingKey}`);
      expect(slack.api_url_file).toBe(`${mount.mountPath}/${ALERTMANAGER_SECRET.keys.slackWebhookUrl}`);
    });

    test('StatefulSet with probes, storage, and one cluster peer per replica', () => {
      const { sts, container, config, ns } = alertmanagerOf(env);
      expect(sts.spec.serviceName).toBe('alertmanager-cluster');
      expect(container.livenessProbe.httpGet.path).toBe('/-/healthy');
      expect(container.readinessProbe.httpGet.path).toBe('/-/ready');
      expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(config.alertmanager.storage.size);
      expect(sts.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
      const peers = container.args.filter((a: string) => a.startsWith('--cluster.peer='));
      if (config.alertmanager.replicas === 1) {
        expect(container.args).toContain('--cluster.listen-address=');
        expect(peers).toEqual([]);
        expect(container.env).toBeUndefined();
      } else {
        expect(peers).toEqual(Array.from({ length: config.alertmanager.replicas }, (_, i) => `--cluster.peer=alertmanager-${i}.alertmanager-cluster.${ns}.svc:9094`));
        // Each replica advertises its pod IP, which Kubernetes substitutes from the downward API.
        expect(container.args).toContain('--cluster.advertise-address=$(POD_IP):9094');
        expect(container.env).toEqual([{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }]);
      }
    });
  });});


describeWithEngines("the dead man's switch", ['amtool'], () => {
  const withSwitch = (deadMansSwitch: object) => configWith('dev', { alertmanager: { deadMansSwitch } });
  const configOf = (config: ReturnType<typeof configFor>) => {
    const { objects } = synth('dead-mans-switch', config);
    const text: string = find(objects, 'ConfigMap', 'alertmanager-config', 'monitoring').data['alertmanager.yml'];
    const sts = find(objects, 'StatefulSet', 'alertmanager', 'monitoring');
    return { text, file: yaml.load(text) as AlertmanagerConfigFile, sts };
  };

  test('on: the Watchdog, and only it, reaches the heartbeat webhook, its URL read from a file of the receivers\' Secret', () => {
    const { text, file, sts } = configOf(withSwitch({ enabled: true, repeatInterval: '2m' }));
    const check = runTool('amtool', ['check-config', 'alertmanager.yml'], { 'alertmanager.yml': text });
    expect(check.stdout).toContain('SUCCESS');
    expect(check.status).toBe(0);
    expect(routes(text, 'alertname=Watchdog', 'severity=info')).toEqual(['heartbeat']);
    expect(routes(text, 'alertname=Watchdog', 'severity=critical')).toEqual(['heartbeat']);
    for (const labels of [['alertname=HighErrorRate', 'severity=critical'], ['alertname=SlowResponseTime', 'severity=warning'], ['alertname=Something']]) {
      expect(routes(text, ...labels)).not.toContain('heartbeat');
    }
    expect(file.receivers.map((r) => r.name)).not.toContain('watchdog');
    const container = sts.spec.template.spec.containers[0];
    const mount = container.volumeMounts.find((m: any) => m.name === 'receivers');
    expect(mount.readOnly).toBe(true);
    expect(sts.spec.template.spec.volumes.find((v: any) => v.name === 'receivers').secret).toEqual({ secretName: ALERTMANAGER_SECRET.name });
    expect(file.receivers.find((r) => r.name === 'heartbeat')).toEqual({
      name: 'heartbeat',
      webhook_configs: [{ url_file: `${mount.mountPath}/heartbeat-url`, send_resolved: false }],
    });
    expect(text).not.toMatch(/\burl:/);
    // Sent at once, then at every tick: a repeat_interval below the tick makes each tick resend.
    expect(file.route.routes![0]).toEqual({
      matchers: ['alertname="Watchdog"'],
      receiver: 'heartbeat',
      group_wait: '0s',
      group_interval: '2m',
      repeat_interval: '1m',
    });
  });

  test('off: the Watchdog reaches a receiver without any integration', () => {
    const { text, file } = configOf(withSwitch({ enabled: false }));
    expect(routes(text, 'alertname=Watchdog', 'severity=info')).toEqual(['watchdog']);
    expect(file.receivers.find((r) => r.name === 'watchdog')).toEqual({ name: 'watchdog' });
    expect(file.receivers.map((r) => r.name)).not.toContain('heartbeat');
  });

  test.each([
    [{ enabled: 'yes' }, 'alertmanager.deadMansSwitch.enabled: "yes" is not true or false. Use true to send the Watchdog\'s heartbeat, false to keep it silent.'],
    [{ enabled: true, repeatInterval: '0s' }, 'alertmanager.deadMansSwitch.repeatInterval: "0s" is zero, which makes no sense here. Use a positive duration, for example "1m".'],
    [{ enabled: true, repeatInterval: '1 minute' }, 'alertmanager.deadMansSwitch.repeatInterval: invalid duration "1 minute".'],
  ])('fails when the switch is %j', (deadMansSwitch, message) => {
    expect(() => withSwitch(deadMansSwitch)).toThrow(`environment "dev": ${message}`);
  });
});

test('three replicas gossip over the headless Service', () => {
  const config = configFor('prod');
  const { objects } = synth('ha', { ...config, alertmanager: { ...config.alertmanager, replicas: 3 } });
  const container = find(objects, 'StatefulSet', 'alertmanager', 'monitoring').spec.template.spec.containers[0];
  expect(container.args.filter((a: string) => a.startsWith('--cluster.'))).toEqual([
    '--cluster.listen-address=0.0.0.0:9094',
    '--cluster.advertise-address=$(POD_IP):9094',
    '--cluster.peer=alertmanager-0.alertmanager-cluster.monitoring.svc:9094',
    '--cluster.peer=alertmanager-1.alertmanager-cluster.monitoring.svc:9094',
    '--cluster.peer=alertmanager-2.alertmanager-cluster.monitoring.svc:9094',
  ]);
  const headless = find(objects, 'Service', 'alertmanager-cluster', 'monitoring');
  expect(headless.spec.publishNotReadyAddresses).toBe(true);
  expect(headless.spec.ports.map((p: any) => `${p.port}/${p.protocol}`)).toEqual(['9093/TCP', '9094/TCP', '9094/UDP']);
});

test('fails when a notification setting is malformed', () => {
  const config = configFor('dev');
  const withNotifications = (notifications: object) => ({
    ...config,
    alertmanager: { ...config.alertmanager, notifications: { ...config.alertmanager.notifications, ...notifications } },
  });
  expect(() => validateEnvironment(withNotifications({ smtpSmarthost: 'smtp.example.com' }))).toThrow(
    'environment "dev": alertmanager.notifications.smtpSmarthost: "smtp.example.com" is not host:port. Use the SMTP relay\'s host and port, for example "smtp.example.com:587".',
  );
  expect(() => validateEnvironment(withNotifications({ slackChannel: 'alerts' }))).toThrow(
    'environment "dev": alertmanager.notifications.slackChannel: "alerts" is not a Slack channel. Use "#channel" (or "@user").',
  );
  expect(() => validateEnvironment(withNotifications({ emailTo: 'oncall' }))).toThrow('alertmanager.notifications.emailTo: "oncall" is not an email address.');
});

describeWithEngines('SMTP authentication', ['amtool'], () => {
  const withAuth = (username: unknown) => configWith('prod', { alertmanager: { notifications: { smtpAuth: { username: username as string } } } });

  test('the user name is in the config, the password is read from a file of the receivers\' Secret, and amtool accepts both', () => {
    const { objects } = synth('smtp-auth', withAuth('alerts@agentplatform.com'));
    const text: string = find(objects, 'ConfigMap', 'alertmanager-config', 'monitoring').data['alertmanager.yml'];
    const file = yaml.load(text) as AlertmanagerConfigFile;
    const sts = find(objects, 'StatefulSet', 'alertmanager', 'monitoring');
    const mount = sts.spec.template.spec.containers[0].volumeMounts.find((m: any) => m.name === 'receivers');
    expect(file.global).toEqual({
      smtp_smarthost: 'smtp.example.com:587',
      smtp_from: 'alerts@agentplatform.com',
      smtp_auth_username: 'alerts@agentplatform.com',
      smtp_auth_password_file: `${mount.mountPath}/smtp-password`,
    });
    expect(text).not.toMatch(/smtp_auth_password:/);
    const check = runTool('amtool', ['check-config', 'alertmanager.yml'], { 'alertmanager.yml': text });
    expect(check.stdout).toContain('SUCCESS');
    expect(check.status).toBe(0);
    // The file comes from the same Secret as the other receivers' credentials.
    expect(sts.spec.template.spec.volumes.find((v: any) => v.name === 'receivers').secret).toEqual({ secretName: 'alertmanager-receivers' });
  });

  test.each([[''], ['  '], ['alerts team'], [undefined]])('fails when the SMTP user name is %j', (username) => {
    expect(() => withAuth(username)).toThrow(
      `environment "prod": alertmanager.notifications.smtpAuth.username: ${JSON.stringify(username)} is not a user name. ` +
        'Give the SMTP relay\'s user, e.g. "alerts@agentplatform.com" (the password goes in the Secret, see README), or leave smtpAuth out when the relay needs no authentication.',
    );
  });
});

test('the README tells the operator how to create the Secret with every key', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const command = readme.split('\n').filter((line) => line.includes('kubectl') && line.includes('create secret generic') && line.includes(ALERTMANAGER_SECRET.name));
  expect(command.length).toBeGreaterThan(0);
  const block = readme.slice(readme.indexOf(command[0]), readme.indexOf(command[0]) + 600);
  for (const key of Object.values(ALERTMANAGER_SECRET.keys)) expect(block).toContain(`--from-file=${key}=`);
});
