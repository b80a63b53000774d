/**
 * Syntax checks for PromQL and LogQL with the grammars of Prometheus's and Grafana's own editors.
 * Each returns `undefined` for a valid expression, or a message with the position of the first error.
 */
import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';

/** The part of a lezer tree used here (the two grammars resolve @lezer/common differently). */
interface ParsedTree {
  iterate(spec: { enter: (node: { type: { isError: boolean }; from: number }) => boolean | void }): void;
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

export function promqlError(expr: string): string | undefined {
  if (expr.trim() === '') return 'PromQL expression is empty';
  return firstError(promqlParser.parse(expr), expr, 'PromQL');
}

export function logqlError(expr: string): string | undefined {
  if (expr.trim() === '') return 'LogQL expression is empty';
  return firstError(logqlParser.parse(expr), expr, 'LogQL');
}
