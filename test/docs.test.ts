import * as fs from 'node:fs';
import * as path from 'node:path';
import { documentedRuleGroups, renderDocs } from '../scripts/docs';
import { ENVIRONMENT_NAMES, synth } from './support/synth';
import * as yaml from 'js-yaml';
import { logqlError, promqlError } from '../lib/query-syntax';

const root = path.join(__dirname, '..');
const RUNBOOKS = path.join(root, 'docs', 'runbooks');

test.each(Object.entries(renderDocs()))('%s is up to date (regenerate with: npm run synth)', (file, text) => {
  expect(fs.readFileSync(path.join(root, file), 'utf8')).toBe(text);
});

/** Every alert of every environment's output, with its expression and runbook_url. */
function alertsInOutput(): Map<string, { expr: string; runbook: string }> {
  const alerts = new Map<string, { expr: string; runbook: string }>();
  for (const env of ENVIRONMENT_NAMES) {
    for (const cm of synth(env).objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('prometheus-rules-'))) {
      for (const text of Object.values(cm.data as Record<string, string>)) {
        for (const group of (yaml.load(text) as { groups: { rules: any[] }[] }).groups) {
          for (const rule of group.rules.filter((r) => r.alert)) alerts.set(rule.alert, { expr: rule.expr, runbook: rule.annotations.runbook_url });
        }
      }
    }
  }
  return alerts;
}

describe('runbooks', () => {
  const alerts = alertsInOutput();
  // Alert name → the expressions of its rules (ErrorBudgetBurn has one per SLO and window pair).
  const defaults = new Map<string, string[]>();
  for (const rule of documentedRuleGroups().flatMap((g) => g.file.groups[0].rules.filter((r) => r.alert))) {
    defaults.set(rule.alert!, [...(defaults.get(rule.alert!) ?? []), rule.expr]);
  }

  test('every alert has one, where its runbook_url points', () => {
    expect(alerts.size).toBeGreaterThanOrEqual(11);
    for (const [alert, { runbook }] of alerts) {
      // The base differs per environment (a repository path, or where the repository is browsable):
      // the URL ends with the file's path in the repository either way.
      const file = /(?:^|\/)(docs\/runbooks\/[^/]+\.md)$/.exec(runbook)?.[1];
      if (file === undefined && !defaults.has(alert)) {
        // An alert an environment adds may keep its runbook elsewhere (its team's wiki): a full URL.
        expect({ alert, runbook }).toEqual({ alert, runbook: expect.stringMatching(/^https?:\/\/\S+$/) });
        continue;
      }
      expect(file).toBe(`docs/runbooks/${alert}.md`);
      expect(fs.existsSync(path.join(root, file!))).toBe(true);
    }
  });

  test.each([...defaults.keys()])('%s: meaning, impact, diagnosis with the alert query, mitigation', (alert) => {
    const text = fs.readFileSync(path.join(RUNBOOKS, `${alert}.md`), 'utf8');
    const sections = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(sections).toEqual(['Meaning', 'Impact', 'Diagnosis', 'Mitigation']);
    const diagnosis = text.slice(text.indexOf('## Diagnosis'), text.indexOf('## Mitigation'));
    const shown = defaults.get(alert)!.filter((expr) => diagnosis.includes(`\`\`\`promql\n${expr}\n\`\`\``));
    expect(shown).toHaveLength(1);
    expect(text.startsWith(`# ${alert}\n`)).toBe(true);
  });

  test('every query in the runbooks parses', () => {
    const problems: string[] = [];
    let queries = 0;
    for (const file of fs.readdirSync(RUNBOOKS)) {
      const text = fs.readFileSync(path.join(RUNBOOKS, file), 'utf8');
      for (const [, language, query] of text.matchAll(/```(promql|logql)\n([\s\S]*?)\n```/g)) {
        queries++;
        const error = language === 'promql' ? promqlError(query) : logqlError(query);
        if (error) problems.push(`${file}: ${error} in ${query}`);
      }
    }
    expect(problems).toEqual([]);
    expect(queries).toBeGreaterThan(30);
  });

  test('no runbook is left without its alert', () => {
    const files = fs.readdirSync(RUNBOOKS).map((f) => f.replace(/\.md$/, ''));
    // An optional group's alerts (remote write) may be in no environment's output, but are documented.
    expect(files.filter((f) => !alerts.has(f) && !defaults.has(f))).toEqual([]);
  });
});
