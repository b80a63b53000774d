/**
 * Selectors of the stack's own metrics, each scoped to the scrape job of the component that
 * exports it, so that a panel never mixes in the series of another exporter with the same names.
 */

/**
 * `<metric>{job="<job>",...}`. A matcher value may start with `=~`, `!=` or `!~`; otherwise it is
 * an equality matcher.
 */
export function jobSelector(job: string, metric: string, matchers: Readonly<Record<string, string>> = {}): string {
  const rendered = Object.entries(matchers).map(([label, value]) => {
    const op = /^(=~|!=|!~)/.exec(value)?.[1] ?? '=';
    return `${label}${op}${JSON.stringify(op === '=' ? value : value.slice(op.length))}`;
  });
  return `${metric}{${[`job=${JSON.stringify(job)}`, ...rendered].join(',')}}`;
}
