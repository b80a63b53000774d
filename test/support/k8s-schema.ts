/**
 * Strict validation of manifests against the Kubernetes OpenAPI definitions in test/fixtures.
 * Strict means: every object schema that lists `properties` rejects any other key, so a misspelt
 * field fails here instead of being dropped silently by the API server.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  oneOf?: Schema[];
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
};

export type KubernetesVersion = '1.28.0' | '1.36.0';

export interface K8sValidator {
  /** Returns the problems found in one manifest object, each with its JSON path. Empty when valid. */
  validate(object: Record<string, unknown>): string[];
}

const cache = new Map<KubernetesVersion, K8sValidator>();

export function k8sValidator(version: KubernetesVersion): K8sValidator {
  const cached = cache.get(version);
  if (cached) return cached;
  const file = path.join(__dirname, '..', 'fixtures', 'k8s-schemas', `v${version}.json`);
  const definitions: Record<string, Schema> = JSON.parse(fs.readFileSync(file, 'utf8')).definitions;
  const byKind = new Map<string, Schema>();
  for (const schema of Object.values(definitions)) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      byKind.set(`${apiVersion}/${gvk.kind}`, schema);
    }
  }

  const resolve = (schema: Schema): Schema => {
    let current = schema;
    while (current.$ref) current = definitions[current.$ref.replace('#/definitions/', '')];
    return current;
  };

  const typeOk = (type: string, value: unknown): boolean => {
    switch (type) {
      case 'string':
        return typeof value === 'string';
      case 'integer':
        return Number.isInteger(value);
      case 'number':
        return typeof value === 'number';
      case 'boolean':
        return typeof value === 'boolean';
      case 'array':
        return Array.isArray(value);
      case 'object':
        return typeof value === 'object' && value !== null && !Array.isArray(value);
      default:
        return true;
    }
  };

  const check = (raw: Schema, value: unknown, at: string, problems: string[]): void => {
    const schema = resolve(raw);
    if (schema.oneOf) {
      if (!schema.oneOf.some((option) => option.type && typeOk(option.type, value))) {
        problems.push(`${at}: ${JSON.stringify(value)} matches none of ${schema.oneOf.map((o) => o.type).join(' | ')}`);
      }
      return;
    }
    if (schema.type && !typeOk(schema.type, value)) {
      problems.push(`${at}: expected ${schema.type}, got ${JSON.stringify(value)}`);
      return;
    }
    if (schema.enum && !schema.enum.includes(value)) {
      problems.push(`${at}: ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`);
    }
    if (Array.isArray(value)) {
      if (schema.items) value.forEach((item, i) => check(schema.items!, item, `${at}[${i}]`, problems));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in object)) problems.push(`${at}: missing required field ${key}`);
    }
    for (const [key, child] of Object.entries(object)) {
      const childAt = `${at}.${key}`;
      if (schema.properties?.[key]) check(schema.properties[key], child, childAt, problems);
      else if (schema.properties) problems.push(`${childAt}: unknown field (not in the ${version} schema)`);
      else if (typeof schema.additionalProperties === 'object') check(schema.additionalProperties, child, childAt, problems);
    }
  };

  const validator: K8sValidator = {
    validate(object) {
      const key = `${object.apiVersion}/${object.kind}`;
      const schema = byKind.get(key);
      if (!schema) return [`${key} is not a kind of Kubernetes ${version}`];
      const problems: string[] = [];
      check(schema, object, `${object.kind}/${(object.metadata as { name?: string })?.name}`, problems);
      return problems;
    },
  };
  cache.set(version, validator);
  return validator;
}
