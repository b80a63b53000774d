/**
 * A parser for Grafana Alloy's configuration syntax, written from its documentation (blocks,
 * attributes, expressions, string escapes, newline-terminated statements) and independent of the
 * serialiser in constructs/alloy-syntax.ts. No Alloy binary exists here, so the generated file is
 * checked by parsing it with this and asserting on the tree.
 */

export type AlloyNode =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'null' }
  | { type: 'ref'; path: string }
  | { type: 'call'; fn: string; args: AlloyNode[] }
  | { type: 'binary'; op: string; left: AlloyNode; right: AlloyNode }
  | { type: 'unary'; op: string; operand: AlloyNode }
  | { type: 'index'; object: AlloyNode; index: AlloyNode }
  | { type: 'list'; items: AlloyNode[] }
  | { type: 'object'; entries: Record<string, AlloyNode> };

export interface ParsedBlock {
  name: string;
  label?: string;
  attributes: Record<string, AlloyNode>;
  blocks: ParsedBlock[];
}

type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'terminator' | 'eof';
interface Token {
  kind: TokenKind;
  text: string;
  value?: string | number;
  line: number;
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
const PUNCTUATION = ['==', '!=', '<=', '>=', '&&', '||', '{', '}', '[', ']', '(', ')', '=', ',', '.', '+', '-', '*', '/', '%', '^', '<', '>', '!'];

export class AlloySyntaxError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const fail = (message: string): never => {
    throw new AlloySyntaxError(`line ${line}: ${message}`);
  };
  // After these a newline ends the statement (as in Go).
  const endsStatement = () => {
    const last = tokens[tokens.length - 1];
    return last !== undefined && (last.kind === 'ident' || last.kind === 'string' || last.kind === 'number' || [')', ']', '}'].includes(last.text));
  };
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\n') {
      if (endsStatement()) tokens.push({ kind: 'terminator', text: '\\n', line });
      line++;
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) fail('comment not terminated');
      line += source.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ kind: 'ident', text: match[0], line });
      i += match[0].length;
    } else if (/[0-9]/.test(ch)) {
      const match = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i))!;
      tokens.push({ kind: 'number', text: match[0], value: Number(match[0]), line });
      i += match[0].length;
    } else if (ch === '`') {
      const end = source.indexOf('`', i + 1);
      if (end < 0) fail('raw string not terminated');
      const value = source.slice(i + 1, end);
      tokens.push({ kind: 'string', text: source.slice(i, end + 1), value, line });
      line += value.split('\n').length - 1;
      i = end + 1;
    } else if (ch === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= source.length || source[j] === '\n') fail('string literal not terminated');
        const c = source[j];
        if (c === '"') break;
        if (c !== '\\') {
          value += c;
          j++;
          continue;
        }
        const e = source[j + 1];
        if (e !== undefined && e in SIMPLE_ESCAPES) {
          value += SIMPLE_ESCAPES[e];
          j += 2;
          continue;
        }
        const forms: Record<string, [number, number, RegExp]> = { x: [2, 16, /^[0-9a-fA-F]+$/], u: [4, 16, /^[0-9a-fA-F]+$/], U: [8, 16, /^[0-9a-fA-F]+$/] };
        let digits: string;
        let base: number;
        if (e !== undefined && /[0-7]/.test(e)) {
          digits = source.slice(j + 1, j + 4);
          base = 8;
          if (!/^[0-7]{3}$/.test(digits)) fail(`illegal octal escape \\${digits}`);
          j += 4;
        } else if (e !== undefined && e in forms) {
          const [n, b, pattern] = forms[e];
          digits = source.slice(j + 2, j + 2 + n);
          base = b;
          if (digits.length !== n || !pattern.test(digits)) fail(`illegal escape \\${e}${digits}`);
          j += 2 + n;
        } else {
          return fail(`unknown escape sequence \\${e ?? ''}`);
        }
        const code = parseInt(digits, base);
        const isByte = base === 8 || e === 'x';
        if ((isByte && code > 255) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) fail(`escape \\${e}${digits} is not a valid character`);
        value += String.fromCodePoint(code);
      }
      tokens.push({ kind: 'string', text: source.slice(i, j + 1), value, line });
      i = j + 1;
    } else {
      const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
      if (!punct) fail(`unexpected character ${JSON.stringify(ch)}`);
      tokens.push({ kind: 'punct', text: punct!, line });
      i += punct!.length;
    }
  }
  if (endsStatement()) tokens.push({ kind: 'terminator', text: '\\n', line });
  tokens.push({ kind: 'eof', text: 'end of file', line });
  return tokens;
}

const BINARY_PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 3, '>': 3, '<=': 3, '>=': 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, '^': 6 };

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }
  private next(): Token {
    return this.tokens[this.pos++];
  }
  private fail(message: string, token = this.peek()): never {
    throw new AlloySyntaxError(`line ${token.line}: ${message}, found ${JSON.stringify(token.text)}`);
  }
  private expect(text: string): Token {
    const token = this.next();
    if (token.text !== text || token.kind === 'string') this.fail(`expected ${JSON.stringify(text)}`, token);
    return token;
  }
  private skipTerminators(): void {
    while (this.peek().kind === 'terminator') this.pos++;
  }

  /** statements until `end` ('}' or end of file), each ended by a newline. */
  parseBody(end: 'eof' | '}'): ParsedBlock {
    const result: ParsedBlock = { name: '', attributes: {}, blocks: [] };
    this.skipTerminators();
    while (!(end === 'eof' ? this.peek().kind === 'eof' : this.peek().text === '}' && this.peek().kind === 'punct')) {
      const first = this.next();
      if (first.kind !== 'ident') this.fail('expected an attribute or block name', first);
      let name = first.text;
      while (this.peek().text === '.' && this.peek().kind === 'punct') {
        this.next();
        const part = this.next();
        if (part.kind !== 'ident') this.fail('expected an identifier after "."', part);
        name += `.${part.text}`;
      }
      if (this.peek().text === '=' && this.peek().kind === 'punct') {
        if (name.includes('.')) this.fail(`attribute name ${name} must be a single identifier`);
        this.next();
        if (name in result.attributes) this.fail(`attribute ${name} is set twice`);
        result.attributes[name] = this.parseExpression();
      } else {
        let label: string | undefined;
        if (this.peek().kind === 'string') label = this.next().value as string;
        this.expect('{');
        const inner = this.parseBody('}');
        this.expect('}');
        result.blocks.push({ name, label, attributes: inner.attributes, blocks: inner.blocks });
      }
      const after = this.peek();
      if (after.kind === 'terminator') this.skipTerminators();
      else if (!(end === 'eof' ? after.kind === 'eof' : after.text === '}')) this.fail('expected a newline after the statement', after);
    }
    return result;
  }

  private parseExpression(minPrecedence = 1): AlloyNode {
    let left = this.parseUnary();
    for (;;) {
      const op = this.peek();
      const precedence = op.kind === 'punct' ? BINARY_PRECEDENCE[op.text] : undefined;
      if (precedence === undefined || precedence < minPrecedence) return left;
      this.next();
      const right = this.parseExpression(precedence + 1);
      left = { type: 'binary', op: op.text, left, right };
    }
  }

  private parseUnary(): AlloyNode {
    const token = this.peek();
    if (token.kind === 'punct' && (token.text === '!' || token.text === '-')) {
      this.next();
      return { type: 'unary', op: token.text, operand: this.parseUnary() };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(node: AlloyNode): AlloyNode {
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'punct') return node;
      if (token.text === '.') {
        this.next();
        const field = this.next();
        if (field.kind !== 'ident') this.fail('expected a field name after "."', field);
        if (node.type !== 'ref') this.fail('field access on a value that is not a reference', field);
        node = { type: 'ref', path: `${node.path}.${field.text}` };
      } else if (token.text === '(') {
        this.next();
        if (node.type !== 'ref') this.fail('call of a value that is not a function name', token);
        const args = this.parseSequence(')');
        node = { type: 'call', fn: node.path, args };
      } else if (token.text === '[') {
        this.next();
        const index = this.parseExpression();
        this.expect(']');
        node = { type: 'index', object: node, index };
      } else {
        return node;
      }
    }
  }

  /** Comma-separated expressions up to `close`; a trailing comma is allowed, a missing one before a newline is not. */
  private parseSequence(close: string): AlloyNode[] {
    const items: AlloyNode[] = [];
    while (this.peek().text !== close || this.peek().kind !== 'punct') {
      items.push(this.parseExpression());
      if (this.peek().text === ',' && this.peek().kind === 'punct') this.next();
      else if (this.peek().text !== close) this.fail(`expected "," or ${JSON.stringify(close)}`);
    }
    this.expect(close);
    return items;
  }

  private parsePrimary(): AlloyNode {
    const token = this.next();
    if (token.kind === 'string') return { type: 'string', value: token.value as string };
    if (token.kind === 'number') return { type: 'number', value: token.value as number };
    if (token.kind === 'ident') {
      if (token.text === 'true' || token.text === 'false') return { type: 'bool', value: token.text === 'true' };
      if (token.text === 'null') return { type: 'null' };
      return { type: 'ref', path: token.text };
    }
    if (token.kind === 'punct' && token.text === '(') {
      const inner = this.parseExpression();
      this.expect(')');
      return inner;
    }
    if (token.kind === 'punct' && token.text === '[') return { type: 'list', items: this.parseSequence(']') };
    if (token.kind === 'punct' && token.text === '{') {
      const entries: Record<string, AlloyNode> = {};
      while (this.peek().text !== '}' || this.peek().kind !== 'punct') {
        const key = this.next();
        if (key.kind !== 'ident' && key.kind !== 'string') this.fail('expected an object key', key);
        this.expect('=');
        entries[key.kind === 'string' ? (key.value as string) : key.text] = this.parseExpression();
        if (this.peek().text === ',' && this.peek().kind === 'punct') this.next();
        else if (this.peek().text !== '}') this.fail('expected "," or "}"');
      }
      this.expect('}');
      return { type: 'object', entries };
    }
    return this.fail('expected an expression', token);
  }
}

/** Parses a whole Alloy file into its top-level blocks (and attributes, which a config file should not have). */
export function parseAlloy(source: string): ParsedBlock {
  return new Parser(tokenize(source)).parseBody('eof');
}
