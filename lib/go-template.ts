/**
 * A check of the Go templates in alert annotations (`{{ $labels.pod }}`, `{{ $value | humanize }}`),
 * so that a template Prometheus would refuse to load fails at synth instead: delimiters balanced,
 * every action made of known parts, variables defined, functions known, blocks closed.
 */

/** Variables Prometheus defines for every alert template. */
const PROMETHEUS_VARIABLES = ['$labels', '$externalLabels', '$externalURL', '$value', '$'];

/** Go's built-in template functions and Prometheus's own (template/template.go). */
const FUNCTIONS = new Set([
  'and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne',
  'query', 'first', 'label', 'value', 'strvalue', 'args', 'reReplaceAll', 'safeHtml', 'match', 'title', 'toUpper', 'toLower', 'graphLink',
  'tableLink', 'sortByLabel', 'humanize', 'humanize1024', 'humanizeDuration', 'humanizePercentage', 'humanizeTimestamp', 'toTime',
  'toDuration', 'now', 'pathPrefix', 'externalURL', 'parseDuration', 'stripPort', 'stripDomain',
]);
const OPENERS = new Set(['if', 'range', 'with', 'define', 'block']);
const KEYWORDS = new Set([...OPENERS, 'else', 'end', 'template', 'break', 'continue', 'nil', 'true', 'false']);

const TOKEN =
  /\s+|"(?:[^"\\]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)'|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|\$[A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|(?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|:=|=|\(|\)|\||,/y;

/** The first problem of a template, with its position, or undefined when Prometheus would accept it. */
export function goTemplateError(template: string): string | undefined {
  const variables = new Set(PROMETHEUS_VARIABLES);
  const blocks: { keyword: string; at: number }[] = [];
  let position = 0;
  for (;;) {
    const open = template.indexOf('{{', position);
    const strayClose = template.indexOf('}}', position);
    if (strayClose !== -1 && (open === -1 || strayClose < open)) {
      return `"}}" at character ${strayClose + 1} closes no "{{"`;
    }
    if (open === -1) break;
    const close = template.indexOf('}}', open + 2);
    if (close === -1) return `"{{" at character ${open + 1} is never closed with "}}"`;
    let action = template.slice(open + 2, close);
    position = close + 2;
    if (action.startsWith('- ')) action = action.slice(2);
    if (action.endsWith(' -')) action = action.slice(0, -2);
    const where = `in {{${template.slice(open + 2, close)}}} at character ${open + 1}`;
    if (/^\s*\/\*[\s\S]*\*\/\s*$/.test(action)) continue; // a comment
    if (action.includes('{{')) return `"{{" at character ${open + 1} is never closed before the next "{{"`;
    const tokens: string[] = [];
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < action.length) {
      const at = TOKEN.lastIndex;
      const match = TOKEN.exec(action);
      if (!match) return `unexpected ${JSON.stringify(action.slice(at, at + 10))} ${where}`;
      if (match[0].trim() !== '') tokens.push(match[0]);
    }
    if (tokens.length === 0) return `empty action ${where}`;
    let depth = 0;
    tokens.forEach((token, i) => {
      if (token === '(') depth++;
      if (token === ')') depth--;
      if (depth < 0) depth = -Infinity;
      if (token === ':=' && i > 0 && tokens[i - 1].startsWith('$')) variables.add(tokens[i - 1]);
    });
    if (depth !== 0) return `unbalanced parentheses ${where}`;
    for (const [i, token] of tokens.entries()) {
      if (token.startsWith('$')) {
        const name = token.split('.')[0];
        if (!variables.has(name) && tokens[i + 1] !== ':=') return `undefined variable ${name} ${where}; Prometheus defines ${PROMETHEUS_VARIABLES.join(', ')}`;
      } else if (/^[A-Za-z_]/.test(token) && !KEYWORDS.has(token) && !FUNCTIONS.has(token.split('.')[0])) {
        return `unknown function ${JSON.stringify(token)} ${where}`;
      }
      if (token === '|' && (i === tokens.length - 1 || !FUNCTIONS.has(tokens[i + 1]))) {
        return `"|" must be followed by a function ${where}`;
      }
    }
    const first = tokens[0];
    if (OPENERS.has(first)) {
      if (tokens.length === 1) return `${first} needs a value ${where}`;
      blocks.push({ keyword: first, at: open + 1 });
    } else if (first === 'end') {
      if (tokens.length > 1) return `end takes nothing ${where}`;
      if (!blocks.pop()) return `end closes no if, range or with ${where}`;
    } else if (first === 'else') {
      if (blocks.length === 0) return `else outside an if, range or with ${where}`;
    }
  }
  const unclosed = blocks.pop();
  if (unclosed) return `${unclosed.keyword} at character ${unclosed.at} is never closed with {{ end }}`;
  return undefined;
}
