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

/** An identifier close to `value` that Alloy accepts, offered as the fix in messages. */
function identifierLike(value: unknown): string {
  if (typeof value !== 'string' || value === '') return 'default';
  const id = value.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[0-9])/, '_');
  return KEYWORDS.has(id) ? `${id}_` : id;
}

/**
 * Throws unless `value` is an Alloy identifier.
 * @param where the object holding it, e.g. `component loki.write "default"`
 * @param field what it is there, e.g. `label`
 */
function checkIdentifier(value: string, where: string, field: string): void {
  if (typeof value !== 'string' || !IDENTIFIER.test(value) || KEYWORDS.has(value)) {
    throw new Error(
      `Alloy config: ${where}: ${field} ${JSON.stringify(value)} is not an identifier. ` +
        `Use letters, digits and "_", starting with a letter or "_", and not true, false or null, e.g. ${JSON.stringify(identifierLike(value))}.`,
    );
  }
}

function checkDottedName(value: string, where: string, field: string): void {
  const parts = typeof value === 'string' ? value.split('.') : [value];
  for (const part of parts) checkIdentifier(part, where, `${field} part`);
}

/** Throws when a value holds a number Alloy cannot write (NaN, ±Infinity). */
function checkValue(value: AlloyValue, where: string): void {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`Alloy config: ${where}: ${value} is not a finite number. Alloy has no NaN or infinity: give a finite number or leave the attribute out.`);
  }
  if (Array.isArray(value)) value.forEach((item, i) => checkValue(item, `${where}[${i}]`));
  else if (typeof value === 'object' && value !== null && !(value instanceof AlloyExpression)) {
    for (const [key, item] of Object.entries(value)) checkValue(item, `${where}.${key}`);
  }
}

/**
 * Checks the names and numbers of a block body; `where` names the block, e.g.
 * `component discovery.relabel "pods", block rule[2]`.
 */
function checkStatements(statements: readonly AlloyStatement[], where: string): void {
  const blocks = new Map<string, number>();
  for (const statement of statements) {
    if (statement.kind === 'attribute') {
      checkIdentifier(statement.name, where, 'attribute name');
      checkValue(statement.value, `${where}, attribute ${statement.name}`);
    } else {
      checkIdentifier(statement.name, where, 'block name');
      const index = blocks.get(statement.name) ?? 0;
      blocks.set(statement.name, index + 1);
      checkStatements(statement.body, `${where}, block ${statement.name}[${index}]`);
    }
  }
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
    const where = `function call ${JSON.stringify(fn)}`;
    checkDottedName(fn, where, 'name');
    args.forEach((arg, i) => checkValue(arg, `${where}, argument ${i + 1}`));
    return new AlloyExpression(`${fn}(${args.map((arg) => renderValue(arg, 0)).join(', ')})`, args.flatMap(referencesOf));
  }

  /** `a + b + …`: string concatenation. */
  public static concat(...parts: AlloyValue[]): AlloyExpression {
    if (parts.length < 2) {
      throw new Error(`Alloy config: concat of ${JSON.stringify(parts)}: needs at least two parts, got ${parts.length}. Pass two or more parts, or use the value itself.`);
    }
    parts.forEach((part, i) => checkValue(part, `concat, part ${i + 1}`));
    return new AlloyExpression(parts.map((part) => renderValue(part, 0)).join(' + '), parts.flatMap(referencesOf));
  }

  /** A component's export; `AlloyComponent.export` is the usual way to get one. */
  public static exportOf(componentId: string, field: string): AlloyExpression {
    const where = `reference ${componentId}.${field}`;
    checkDottedName(componentId, where, 'component id');
    checkIdentifier(field, where, 'export name');
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
  // Names are checked when the component is created, where messages can say which component and block.
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    statements.push({ kind: 'attribute', name, value });
  }
  return [...statements, ...blocks];
}

/** A nested, unlabelled block such as `rule { … }`. */
export function block(name: string, statements: readonly AlloyStatement[]): AlloyBlock {
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
    const where = `component ${name} ${JSON.stringify(label)}`;
    checkDottedName(name, where, 'name');
    checkIdentifier(label, where, 'label');
    checkStatements(body, where);
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
      for (const { where, reference } of statementReferences(component.body, `component ${component.name} ${JSON.stringify(component.label)}`)) {
        if (!declared.has(reference)) {
          throw new Error(
            `Alloy config: ${where}: refers to ${reference}, which is not declared in this file. ` +
              `Add ${reference} to the same config with add(), or refer to a component that exists (${[...declared].join(', ')}).`,
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

/** Every reference in a body, with where it is (`…, block rule[0], attribute forward_to`). */
function statementReferences(statements: readonly AlloyStatement[], where: string): { where: string; reference: string }[] {
  const blocks = new Map<string, number>();
  return statements.flatMap((s) => {
    if (s.kind === 'attribute') return referencesOf(s.value).map((reference) => ({ where: `${where}, attribute ${s.name}`, reference }));
    const index = blocks.get(s.name) ?? 0;
    blocks.set(s.name, index + 1);
    return statementReferences(s.body, `${where}, block ${s.name}[${index}]`);
  });
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
      // Unreachable through AlloyConfig.add and AlloyExpression, which check values with their place first.
      if (!Number.isFinite(value)) throw new Error(`Alloy config: ${value} is not a finite number. Give a finite number.`);
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
