/**
 * Syntax checks for PromQL and LogQL with the grammars of Prometheus's and Grafana's own editors,
 * and the type of a PromQL expression. Each check returns `undefined` for a valid expression, or a
 * message with the position of the first error.
 */
import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';

/** The part of a lezer syntax node used here (the two grammars resolve @lezer/common differently). */
export interface SyntaxNode {
  readonly type: { readonly name: string; readonly isError: boolean; is(group: string): boolean };
  readonly from: number;
  readonly to: number;
  readonly firstChild: SyntaxNode | null;
  readonly nextSibling: SyntaxNode | null;
}

/** The part of a lezer tree used here. */
interface ParsedTree {
  readonly topNode: unknown;
  iterate(spec: { enter: (node: { type: { isError: boolean }; from: number }) => boolean | void }): void;
}

// Every environment compiles the same rules and dashboards, and several checks read each expression
// (syntax, type, labels): parse each text once per process. Trees are immutable, so sharing is safe.
const promqlTrees = new Map<string, ParsedTree>();
const logqlTrees = new Map<string, ParsedTree>();

function cached(cache: Map<string, ParsedTree>, parse: (text: string) => ParsedTree, expr: string): ParsedTree {
  let tree = cache.get(expr);
  if (tree === undefined) {
    tree = parse(expr);
    cache.set(expr, tree);
  }
  return tree;
}

/** The top node of a PromQL expression's syntax tree, parsed once per text. */
export function promqlTree(expr: string): SyntaxNode {
  return cached(promqlTrees, (text) => promqlParser.parse(text), expr).topNode as SyntaxNode;
}

function firstError(tree: ParsedTree, expr: string, language: string): string | undefined {
  let error: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (error === undefined && node.type.isError) error = node.from;
      return error === undefined;
    },
  });
  if (error === undefined) return undefined;
  const near = expr.slice(Math.max(0, error - 15), error + 15).replace(/\s+/g, ' ');
  return `${language} syntax error at character ${error + 1}, near ${JSON.stringify(near)}`;
}

const promqlErrors = new Map<string, string | undefined>();

export function promqlError(expr: string): string | undefined {
  if (expr.trim() === '') return 'PromQL expression is empty';
  if (promqlErrors.has(expr)) return promqlErrors.get(expr);
  const error = firstError(cached(promqlTrees, (text) => promqlParser.parse(text), expr), expr, 'PromQL');
  promqlErrors.set(expr, error);
  return error;
}

export function logqlError(expr: string): string | undefined {
  if (expr.trim() === '') return 'LogQL expression is empty';
  return firstError(cached(logqlTrees, (text) => logqlParser.parse(text), expr), expr, 'LogQL');
}

/** The value types of PromQL. `unknown` is a function this table does not know: accepted anywhere. */
export type PromqlType = 'instant vector' | 'range vector' | 'scalar' | 'string' | 'unknown';

const V = 'instant vector';
const M = 'range vector';
const S = 'scalar';
const STR = 'string';

/** A function's arguments (`optional` of them may be left out, the last repeats when `variadic`) and result. */
interface Signature {
  readonly args: readonly PromqlType[];
  readonly returns: PromqlType;
  readonly optional?: number;
  readonly variadic?: boolean;
}

const signature = (args: readonly PromqlType[], returns: PromqlType, more: Partial<Signature> = {}): Signature => ({ args, returns, ...more });

/** Prometheus's functions by the grammar's node name (promql/parser/functions.go). */
const FUNCTIONS: Readonly<Record<string, Signature>> = {
  ...Object.fromEntries(
    [
      'AbsentOverTime', 'AvgOverTime', 'Changes', 'CountOverTime', 'Delta', 'Deriv', 'FirstOverTime', 'Idelta', 'Increase', 'Irate',
      'LastOverTime', 'MadOverTime', 'MaxOverTime', 'MinOverTime', 'PresentOverTime', 'Rate', 'Resets', 'StddevOverTime', 'StdvarOverTime',
      'SumOverTime', 'TsOfFirstOverTime', 'TsOfMaxOverTime', 'TsOfMinOverTime', 'TsOfLastOverTime',
    ].map((name) => [name, signature([M], V)]),
  ),
  ...Object.fromEntries(
    [
      'Abs', 'Absent', 'Acos', 'Acosh', 'Asin', 'Asinh', 'Atan', 'Atanh', 'Ceil', 'Cos', 'Cosh', 'Deg', 'Exp', 'Floor', 'HistogramCount',
      'HistogramSum', 'HistogramAvg', 'HistogramStdDev', 'HistogramStdVar', 'Ln', 'Log10', 'Log2', 'Rad', 'Sgn', 'Sin', 'Sinh', 'Sort',
      'SortDesc', 'Sqrt', 'Tan', 'Tanh', 'Timestamp',
    ].map((name) => [name, signature([V], V)]),
  ),
  ...Object.fromEntries(
    ['DaysInMonth', 'DayOfMonth', 'DayOfWeek', 'DayOfYear', 'Hour', 'Minute', 'Month', 'Year'].map((name) => [name, signature([V], V, { optional: 1 })]),
  ),
  QuantileOverTime: signature([S, M], V),
  PredictLinear: signature([M, S], V),
  DoubleExponentialSmoothing: signature([M, S, S], V),
  Round: signature([V, S], V, { optional: 1 }),
  Clamp: signature([V, S, S], V),
  ClampMax: signature([V, S], V),
  ClampMin: signature([V, S], V),
  HistogramQuantile: signature([S, V], V),
  HistogramFraction: signature([S, S, V], V),
  LabelReplace: signature([V, STR, STR, STR, STR], V),
  LabelJoin: signature([V, STR, STR, STR], V, { variadic: true, optional: 1 }),
  SortByLabel: signature([V, STR], V, { variadic: true, optional: 1 }),
  SortByLabelDesc: signature([V, STR], V, { variadic: true, optional: 1 }),
  Info: signature([V, V], V, { optional: 1 }),
  Pi: signature([], S),
  Time: signature([], S),
  Scalar: signature([V], S),
  Vector: signature([S], V),
};

/** Aggregations taking a parameter before the vector. */
const AGGREGATION_PARAMETERS: Readonly<Record<string, PromqlType>> = { Topk: S, Bottomk: S, Quantile: S, LimitK: S, LimitRatio: S, CountValues: STR };
const SET_OPERATORS = new Set(['And', 'Or', 'Unless']);
const COMPARISONS = new Set(['Eql', 'Neq', 'Gtr', 'Lss', 'Gte', 'Lte']);

class PromqlTypeError extends Error {}

/** `an instant vector`, `a scalar`. */
const a = (type: PromqlType) => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;

/** A node's children, in order. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

/** Whether a node is an expression (the PromQL grammar's `Expr` group). */
export const isExpr = (node: SyntaxNode) => node.type.is('Expr');

function typeOf(node: SyntaxNode, expr: string): PromqlType {
  const exprs = () => children(node).filter(isExpr);
  const text = (n: SyntaxNode) => expr.slice(n.from, n.to);
  switch (node.type.name) {
    case 'NumberDurationLiteral':
      return S;
    case 'StringLiteral':
      return STR;
    case 'VectorSelector':
      return V;
    case 'MatrixSelector': {
      // The editor's grammar puts any expression before a range; Prometheus takes only a selector there.
      const inner = exprs()[0];
      if (inner && inner.type.name !== 'VectorSelector') {
        throw new PromqlTypeError(`a range [...] applies only to a series selector, not to ${JSON.stringify(text(inner))}: use parentheses or a subquery [5m:]`);
      }
      return M;
    }
    case 'SubqueryExpr': {
      const inner = typeOf(exprs()[0], expr);
      if (inner !== V && inner !== 'unknown') throw new PromqlTypeError(`a subquery needs an instant vector, got ${inner} in ${JSON.stringify(text(node))}`);
      return M;
    }
    case 'UnaryExpr': {
      const inner = typeOf(exprs()[0], expr);
      if (inner !== V && inner !== S && inner !== 'unknown') throw new PromqlTypeError(`unary minus needs a scalar or instant vector, got ${inner} in ${JSON.stringify(text(node))}`);
      return inner;
    }
    case 'FunctionCall': {
      const identifier = node.firstChild;
      const name = identifier?.firstChild?.type.name ?? '';
      const body = children(node).find((child) => child.type.name === 'FunctionCallBody');
      const args = body ? children(body).filter(isExpr) : [];
      const fn = FUNCTIONS[name];
      if (!fn) {
        for (const arg of args) typeOf(arg, expr);
        return 'unknown';
      }
      const shown = identifier ? text(identifier) : name;
      const min = fn.args.length - (fn.optional ?? 0);
      if (args.length < min || (!fn.variadic && args.length > fn.args.length)) {
        throw new PromqlTypeError(`${shown}() takes ${fn.optional ? `${min} to ${fn.variadic ? 'any number of' : fn.args.length}` : fn.args.length} argument(s), got ${args.length} in ${JSON.stringify(text(node))}`);
      }
      args.forEach((arg, i) => {
        const expected = fn.args[Math.min(i, fn.args.length - 1)];
        const actual = typeOf(arg, expr);
        if (actual !== expected && actual !== 'unknown') {
          const hint = expected === M && actual === V ? `: give it a range, e.g. ${shown}(${text(arg)}[5m])` : '';
          throw new PromqlTypeError(`expected ${a(expected)} as argument ${i + 1} of ${shown}(), got ${a(actual)} ${JSON.stringify(text(arg))}${hint}`);
        }
      });
      return fn.returns;
    }
    case 'AggregateExpr': {
      const op = children(node).find((child) => child.type.name === 'AggregateOp')?.firstChild?.type.name ?? '';
      const body = children(node).find((child) => child.type.name === 'FunctionCallBody');
      const args = body ? children(body).filter(isExpr) : [];
      const parameter = AGGREGATION_PARAMETERS[op];
      const expected: PromqlType[] = parameter ? [parameter, V] : [V];
      if (args.length !== expected.length) {
        throw new PromqlTypeError(`the aggregation in ${JSON.stringify(text(node))} takes ${expected.length} argument(s), got ${args.length}`);
      }
      args.forEach((arg, i) => {
        const actual = typeOf(arg, expr);
        if (actual !== expected[i] && actual !== 'unknown') {
          throw new PromqlTypeError(`expected ${a(expected[i])} in the aggregation ${JSON.stringify(text(node))}, got ${a(actual)} ${JSON.stringify(text(arg))}`);
        }
      });
      return V;
    }
    case 'BinaryExpr': {
      const [lhs, rhs] = exprs();
      const parts = children(node).filter((child) => !isExpr(child));
      const operator = parts[0]?.type.name ?? '';
      const bool = parts.some((part) => part.type.name === 'BoolModifier');
      const left = typeOf(lhs, expr);
      const right = typeOf(rhs, expr);
      for (const side of [left, right]) {
        if (side === M || side === STR) {
          throw new PromqlTypeError(`an operator takes scalars and instant vectors, got ${a(side)} in ${JSON.stringify(text(node))}`);
        }
      }
      if (SET_OPERATORS.has(operator) && (left === S || right === S)) {
        throw new PromqlTypeError(`${text(parts[0])} needs instant vectors on both sides in ${JSON.stringify(text(node))}`);
      }
      if (COMPARISONS.has(operator) && left === S && right === S && !bool) {
        throw new PromqlTypeError(`a comparison between scalars needs the bool modifier in ${JSON.stringify(text(node))}`);
      }
      if (left === 'unknown' || right === 'unknown') return 'unknown';
      return left === S && right === S ? S : V;
    }
    default: {
      // Parentheses, offset, @, and the grammar's newer modifiers: the type of the inner expression.
      const inner = exprs()[0];
      return inner ? typeOf(inner, expr) : 'unknown';
    }
  }
}

const promqlTypes = new Map<string, { type?: PromqlType; error?: string }>();

/**
 * The type of a PromQL expression that parses, or the first type error in it (`rate(x)` without a
 * range, a range vector compared with a number, ...), as Prometheus would report it when it loads the rule.
 */
export function promqlType(expr: string): { readonly type?: PromqlType; readonly error?: string } {
  let result = promqlTypes.get(expr);
  if (result === undefined) {
    const root = children(promqlTree(expr)).find(isExpr);
    try {
      result = { type: root ? typeOf(root, expr) : 'unknown' };
    } catch (error) {
      if (!(error instanceof PromqlTypeError)) throw error;
      result = { error: error.message };
    }
    promqlTypes.set(expr, result);
  }
  return result;
}
