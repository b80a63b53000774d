/**
 * A small typed model of Grafana Alloy's configuration syntax (components, blocks, attributes and
 * expressions) and its serialiser. Alloy files are neither YAML nor JSON, so no library writes
 * them: every string is escaped here, every name is checked to be an identifier, and every
 * reference must name a component declared in the same file.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(['true', 'false', 'null']);
const INDENT = '  ';
/** Lists longer than this on one line are written one item per line. */
const MAX_INLINE = 100;

function checkIdentifier(value: string, what: string): void {
  if (typeof value !== 'string' || !IDENTIFIER.test(value) || KEYWORDS.has(value)) {
    throw new Error(
      `Alloy config: ${what} ${JSON.stringify(value)} is not an identifier. ` +
        'Use letters, digits and "_", starting with a letter or "_", and not true, false or null.',
    );
  }
}

function checkDottedName(value: string, what: string): void {
  const parts = typeof value === 'string' ? value.split('.') : [value];
  for (const part of parts) checkIdentifier(part, `${what} part`);
}

/** A double-quoted Alloy string. Control characters are escaped, so a value can never end the string or the line. */
export function quoteAlloyString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * An expression other than a literal: a reference to a component's export, a function call or a
 * concatenation. Built only from checked parts, never from free text.
 */
export class AlloyExpression {
  private constructor(
    private readonly text: string,
    /** Ids (`name.label`) of the components this expression refers to. */
    public readonly references: readonly string[],
  ) {}

  /** A standard-library call such as `sys.env("NODE_NAME")`. */
  public static call(fn: string, ...args: AlloyValue[]): AlloyExpression {
    checkDottedName(fn, 'function name');
    return new AlloyExpression(`${fn}(${args.map((arg) => renderValue(arg, 0)).join(', ')})`, args.flatMap(referencesOf));
  }

  /** `a + b + …`: string concatenation. */
  public static concat(...parts: AlloyValue[]): AlloyExpression {
    if (parts.length < 2) throw new Error(`Alloy config: concat needs at least two parts, got ${parts.length}.`);
    return new AlloyExpression(parts.map((part) => renderValue(part, 0)).join(' + '), parts.flatMap(referencesOf));
  }

  /** A component's export; `AlloyComponent.export` is the usual way to get one. */
  public static exportOf(componentId: string, field: string): AlloyExpression {
    checkDottedName(componentId, 'component id');
    checkIdentifier(field, 'export name');
    return new AlloyExpression(`${componentId}.${field}`, [componentId]);
  }

  public toString(): string {
    return this.text;
  }
}

export type AlloyValue = string | number | boolean | null | AlloyExpression | readonly AlloyValue[] | { readonly [key: string]: AlloyValue };

export interface AlloyAttribute {
  readonly kind: 'attribute';
  readonly name: string;
  readonly value: AlloyValue;
}

export interface AlloyBlock {
  readonly kind: 'block';
  /** Block name, dotted for components (`discovery.kubernetes`). */
  readonly name: string;
  /** Component label; plain blocks (`rule`, `endpoint`) have none. */
  readonly label?: string;
  readonly body: readonly AlloyStatement[];
}

export type AlloyStatement = AlloyAttribute | AlloyBlock;

/**
 * A block body: attributes in the order given (undefined values are left out, so optional
 * arguments keep their Alloy defaults), then nested blocks.
 */
export function body(attributes: Readonly<Record<string, AlloyValue | undefined>>, ...blocks: AlloyBlock[]): AlloyStatement[] {
  const statements: AlloyStatement[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    checkIdentifier(name, 'attribute name');
    statements.push({ kind: 'attribute', name, value });
  }
  return [...statements, ...blocks];
}

/** A nested, unlabelled block such as `rule { … }`. */
export function block(name: string, statements: readonly AlloyStatement[]): AlloyBlock {
  checkIdentifier(name, 'block name');
  return { kind: 'block', name, body: statements };
}

/** A component instance: `name "label" { … }`. */
export class AlloyComponent {
  /** `name.label`, how other components refer to it. */
  public readonly id: string;

  constructor(
    public readonly name: string,
    public readonly label: string,
    public readonly body: readonly AlloyStatement[],
  ) {
    checkDottedName(name, 'component name');
    checkIdentifier(label, `label of ${name}`);
    this.id = `${name}.${label}`;
  }

  /** A reference to one of this component's exports, e.g. `discovery.kubernetes.pods.targets`. */
  public export(field: string): AlloyExpression {
    return AlloyExpression.exportOf(this.id, field);
  }

  public toBlock(): AlloyBlock {
    return { kind: 'block', name: this.name, label: this.label, body: this.body };
  }
}

/** One Alloy configuration file: components in the order added. */
export class AlloyConfig {
  private readonly components: AlloyComponent[] = [];

  /** Adds a component and returns it. A second component with the same name and label throws. */
  public add(name: string, label: string, statements: readonly AlloyStatement[]): AlloyComponent {
    const component = new AlloyComponent(name, label, statements);
    if (this.components.some((c) => c.id === component.id)) {
      throw new Error(`Alloy config: component ${component.id} is declared twice. Give the second one another label.`);
    }
    this.components.push(component);
    return component;
  }

  /** The file's text. Throws when an expression refers to a component this file does not declare. */
  public render(): string {
    const declared = new Set(this.components.map((c) => c.id));
    for (const component of this.components) {
      for (const reference of statementReferences(component.body)) {
        if (!declared.has(reference)) {
          throw new Error(
            `Alloy config: ${component.id} refers to ${reference}, which is not declared in this file. ` +
              `Add ${reference} to the same config, or refer to a component that exists (${[...declared].join(', ')}).`,
          );
        }
      }
    }
    return `${this.components.map((c) => renderBlock(c.toBlock(), 0)).join('\n\n')}\n`;
  }
}

function referencesOf(value: AlloyValue): readonly string[] {
  if (value instanceof AlloyExpression) return value.references;
  if (Array.isArray(value)) return value.flatMap(referencesOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(referencesOf);
  return [];
}

function statementReferences(statements: readonly AlloyStatement[]): string[] {
  return statements.flatMap((s) => (s.kind === 'attribute' ? [...referencesOf(s.value)] : statementReferences(s.body)));
}

function renderValue(value: AlloyValue, depth: number): string {
  if (value === null) return 'null';
  if (value instanceof AlloyExpression) return value.toString();
  switch (typeof value) {
    case 'string':
      return quoteAlloyString(value);
    case 'boolean':
      return String(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`Alloy config: ${value} is not a finite number.`);
      return String(value);
  }
  const pad = INDENT.repeat(depth + 1);
  const close = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    const items = value.map((item) => renderValue(item, depth + 1));
    const inline = `[${items.join(', ')}]`;
    if (inline.length <= MAX_INLINE && !inline.includes('\n')) return inline;
    // One item per line needs a trailing comma after the last item too.
    return `[\n${items.map((item) => `${pad}${item},\n`).join('')}${close}]`;
  }
  const entries = Object.entries(value as Record<string, AlloyValue>);
  if (entries.length === 0) return '{}';
  const keyText = (key: string) => (IDENTIFIER.test(key) && !KEYWORDS.has(key) ? key : quoteAlloyString(key));
  return `{\n${entries.map(([key, item]) => `${pad}${keyText(key)} = ${renderValue(item, depth + 1)},\n`).join('')}${close}}`;
}

function renderBlock(b: AlloyBlock, depth: number): string {
  const pad = INDENT.repeat(depth);
  const header = b.label === undefined ? b.name : `${b.name} ${quoteAlloyString(b.label)}`;
  if (b.body.length === 0) return `${pad}${header} { }`;
  const lines = b.body.map((s) =>
    s.kind === 'attribute' ? `${INDENT.repeat(depth + 1)}${s.name} = ${renderValue(s.value, depth + 1)}` : renderBlock(s, depth + 1),
  );
  return `${pad}${header} {\n${lines.join('\n')}\n${pad}}`;
}
