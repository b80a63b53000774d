/**
 * Which labels a PromQL expression aggregates by and which it keeps in its result, worked out from
 * the syntax tree of Prometheus's own grammar. Used to refuse high-cardinality labels in rules.
 */
import { children, isExpr, promqlTree, type SyntaxNode } from '../lib/query-syntax';
import { METRICS, type MetricDefinition } from '../metrics';

/** Labels a result is known to carry; `complete` when no other label can appear. */
interface Labels {
  readonly known: ReadonlySet<string>;
  readonly complete: boolean;
  /** A scalar (number literal, `time()`, `scalar(...)`): it carries no labels at all. */
  readonly scalar?: boolean;
}

export interface LabelUse {
  /** Labels named in an aggregation's `by (...)`. */
  readonly aggregatedBy: ReadonlySet<string>;
  /** Labels the result certainly keeps (from the metrics contract, matchers, `by`, `label_replace`, ...). */
  readonly kept: ReadonlySet<string>;
}

/** Labels each series of a metric carries, by series name (histograms: `_bucket` with `le`, `_count`, `_sum`). */
export type MetricLabels = ReadonlyMap<string, readonly string[]>;

/** Labels Prometheus attaches to every scraped series of the stack's jobs. */
const TARGET_LABELS = ['job', 'instance', 'namespace', 'pod', 'container', 'node'];

/** The series of the platform API's metrics contract and their labels. */
export function contractLabels(metrics: readonly MetricDefinition[] = Object.values(METRICS)): MetricLabels {
  const out = new Map<string, readonly string[]>();
  for (const m of metrics) {
    const labels = [...m.labels, ...TARGET_LABELS];
    if (m.type === 'histogram') {
      out.set(`${m.name}_bucket`, [...labels, 'le']);
      out.set(`${m.name}_count`, labels);
      out.set(`${m.name}_sum`, labels);
    } else {
      out.set(m.name, labels);
    }
  }
  return out;
}

const EMPTY: Labels = { known: new Set(), complete: true };
const SCALAR: Labels = { known: new Set(), complete: true, scalar: true };
/** Aggregations whose result keeps the input's labels (`by` only chooses the groups they rank within). */
const KEEPS_INPUT = new Set(['Topk', 'Bottomk', 'LimitK', 'LimitRatio']);
/** Functions whose result is a scalar. */
const SCALAR_FUNCTIONS = new Set(['Scalar', 'Time', 'Pi']);

function union(a: Labels, b: Labels): Labels {
  return { known: new Set([...a.known, ...b.known]), complete: a.complete && b.complete };
}

function minus(a: Labels, drop: Iterable<string>): Labels {
  const known = new Set(a.known);
  for (const label of drop) known.delete(label);
  return { known, complete: a.complete };
}

function unquote(text: string): string {
  if (text.startsWith('`')) return text.slice(1, -1);
  try {
    return JSON.parse(text.startsWith("'") ? `"${text.slice(1, -1).replace(/"/g, '\\"')}"` : text);
  } catch {
    return text.slice(1, -1);
  }
}

/**
 * Analyses an expression that already parses. Labels of metrics missing from `metricLabels` are
 * unknown, so such results only report the labels the expression names itself.
 */
export function labelUse(expr: string, metricLabels: MetricLabels = contractLabels()): LabelUse {
  const text = (node: SyntaxNode) => expr.slice(node.from, node.to);
  const aggregatedBy = new Set<string>();

  const groupingLabels = (node: SyntaxNode | undefined): string[] =>
    node ? children(node).map((label) => (label.type.name === 'QuotedLabelName' ? unquote(text(label)) : text(label))) : [];

  const visit = (node: SyntaxNode): Labels => {
    const kids = children(node);
    const exprs = kids.filter(isExpr);
    switch (node.type.name) {
      case 'NumberDurationLiteral':
        return SCALAR;
      case 'StringLiteral':
        return EMPTY;
      case 'VectorSelector': {
        const name = kids.find((k) => k.type.name === 'Identifier');
        const known = name ? metricLabels.get(text(name)) : undefined;
        const matchers = kids.find((k) => k.type.name === 'LabelMatchers');
        const named = matchers
          ? children(matchers)
              .filter((m) => m.type.name === 'UnquotedLabelMatcher' || m.type.name === 'QuotedLabelMatcher')
              .filter((m) => {
                const op = children(m).find((k) => k.type.name === 'MatchOp');
                const value = children(m).find((k) => k.type.name === 'StringLiteral');
                return op && /^(=|=~)$/.test(text(op)) && value && unquote(text(value)) !== '';
              })
              .map((m) => {
                const label = children(m)[0];
                return label.type.name === 'QuotedLabelName' ? unquote(text(label)) : text(label);
              })
          : [];
        return { known: new Set([...(known ?? []), ...named]), complete: known !== undefined };
      }
      case 'AggregateExpr': {
        const op = kids.find((k) => k.type.name === 'AggregateOp')?.firstChild?.type.name ?? '';
        const modifier = kids.find((k) => k.type.name === 'AggregateModifier');
        const body = kids.find((k) => k.type.name === 'FunctionCallBody');
        const args = body ? children(body).filter(isExpr) : [];
        const input = args.length > 0 ? visit(args[args.length - 1]) : EMPTY;
        args.slice(0, -1).forEach(visit);
        if (KEEPS_INPUT.has(op)) {
          if (modifier?.firstChild?.type.name === 'By') groupingLabels(children(modifier)[1]).forEach((l) => aggregatedBy.add(l));
          return input;
        }
        const extra = op === 'CountValues' && args.length > 1 && args[0].type.name === 'StringLiteral' ? [unquote(text(args[0]))] : [];
        if (!modifier) return { known: new Set(extra), complete: true };
        const labels = groupingLabels(children(modifier)[1]);
        if (modifier.firstChild?.type.name === 'By') {
          labels.forEach((l) => aggregatedBy.add(l));
          return { known: new Set([...labels, ...extra]), complete: true };
        }
        return union(minus(input, labels), { known: new Set(extra), complete: true });
      }
      case 'FunctionCall': {
        const fn = kids.find((k) => k.type.name === 'FunctionIdentifier')?.firstChild?.type.name ?? '';
        const body = kids.find((k) => k.type.name === 'FunctionCallBody');
        const args = body ? children(body).filter(isExpr) : [];
        const results = args.map(visit);
        if (SCALAR_FUNCTIONS.has(fn)) return SCALAR;
        if (fn === 'Vector') return EMPTY;
        if (fn === 'Absent' || fn === 'AbsentOverTime') return { known: new Set(), complete: false };
        // The first argument that is a vector carries the series; numbers and strings are parameters.
        const index = results.findIndex((r, i) => !r.scalar && args[i].type.name !== 'StringLiteral');
        const input = index >= 0 ? results[index] : EMPTY;
        if ((fn === 'LabelReplace' || fn === 'LabelJoin') && args[1]?.type.name === 'StringLiteral') {
          return union(input, { known: new Set([unquote(text(args[1]))]), complete: true });
        }
        if (fn === 'HistogramQuantile') return minus(input, ['le']);
        return input;
      }
      case 'BinaryExpr': {
        const [lhsNode, rhsNode] = exprs;
        const lhs = visit(lhsNode);
        const rhs = visit(rhsNode);
        if (lhs.scalar && rhs.scalar) return SCALAR;
        if (lhs.scalar) return rhs;
        if (rhs.scalar) return lhs;
        const op = kids.find((k) => !isExpr(k) && !/Modifier|Clause/.test(k.type.name))?.type.name;
        if (op === 'Or') return union(lhs, rhs);
        if (op === 'And' || op === 'Unless') return lhs;
        const clause = kids.find((k) => k.type.name === 'MatchingModifierClause');
        if (!clause) return lhs;
        const parts = children(clause);
        const matching = groupingLabels(parts[1]);
        const side = parts.find((p) => p.type.name === 'GroupLeft' || p.type.name === 'GroupRight');
        if (side) {
          const include = groupingLabels(parts.find((p, i) => i > 2 && p.type.name === 'GroupingLabels'));
          const matched = parts[0].type.name === 'On' ? matching : [];
          return union(side.type.name === 'GroupLeft' ? lhs : rhs, { known: new Set([...include, ...matched]), complete: true });
        }
        // One-to-one matching: `on` keeps only the matching labels, `ignoring` drops them.
        return parts[0].type.name === 'On' ? { known: new Set(matching), complete: true } : minus(lhs, matching);
      }
      default:
        // Parentheses, unary minus, range and subquery selectors, offset and @ modifiers: the inner expression.
        if (exprs.length === 0) return EMPTY;
        return exprs.map(visit)[0];
    }
  };

  const top = promqlTree(expr) as unknown as SyntaxNode;
  const root = children(top).find(isExpr);
  const result = root ? visit(root) : EMPTY;
  return { aggregatedBy, kept: result.known };
}
