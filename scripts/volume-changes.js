// What `kubectl apply` cannot do to a StatefulSet: Kubernetes refuses any change to its
// volumeClaimTemplates, and a PersistentVolumeClaim can grow but never shrink. `npm run synth`
// compares each changed StatefulSet with the previous output and prints, for each such change, a
// warning with the procedure (README, "Day-2 operations").
const yaml = require('js-yaml');

const BINARY = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Bytes of a Kubernetes quantity (`10Gi`, `500M`, `1e9`), or undefined if it is not one. */
function bytes(quantity) {
  const match = /^([0-9.]+(?:[eE][-+]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(String(quantity ?? ''));
  if (!match) return undefined;
  return Number(match[1]) * (BINARY[match[2]] ?? DECIMAL[match[2]] ?? 1);
}

function claimTemplates(doc) {
  return new Map((doc?.spec?.volumeClaimTemplates ?? []).map((t) => [t.metadata?.name, t]));
}

const sizeOf = (template) => template?.spec?.resources?.requests?.storage;
const stable = (value) => JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));

/**
 * The command that patches every claim of a template to `size`: by the labels the claims carry from
 * the template, or else by their names `<template>-<statefulset>-<ordinal>`.
 */
function patchCommand(namespace, statefulSet, template, replicas, size) {
  const patch = `'${JSON.stringify({ spec: { resources: { requests: { storage: size } } } })}'`;
  const ns = namespace ? `-n ${namespace} ` : '';
  const labels = Object.entries(template.metadata?.labels ?? {});
  if (labels.length > 0) {
    const selector = labels.map(([k, v]) => `${k}=${v}`).join(',');
    return `kubectl ${ns}get pvc -l ${selector} -o name | xargs -I{} kubectl ${ns}patch {} -p ${patch}`;
  }
  const ordinals = Array.from({ length: replicas }, (_, i) => i).join(' ');
  return `for i in ${ordinals}; do kubectl ${ns}patch pvc ${template.metadata.name}-${statefulSet}-$i -p ${patch}; done`;
}

/**
 * Warnings (each a list of lines) for a changed object, given its YAML before and after; none
 * unless it is a StatefulSet whose volumeClaimTemplates differ.
 * @param folder how to name the environment's output folder in an apply command, e.g. `dist/prod`
 */
function volumeWarnings(beforeText, afterText, folder) {
  let before;
  let after;
  try {
    before = yaml.load(beforeText);
    after = yaml.load(afterText);
  } catch {
    return []; // not ours to judge: the summary already lists it as changed
  }
  if (after?.kind !== 'StatefulSet' || before?.kind !== 'StatefulSet') return [];
  const name = after.metadata?.name;
  const namespace = after.metadata?.namespace;
  const ns = namespace ? `-n ${namespace} ` : '';
  const what = `StatefulSet ${namespace ? `${namespace}/` : ''}${name}`;
  const orphan = `kubectl ${ns}delete statefulset ${name} --cascade=orphan`;
  const apply = `kubectl apply -f ${folder}/`;
  const old = claimTemplates(before);
  const current = claimTemplates(after);
  const warnings = [];
  const other = [];
  for (const [claim, template] of current) {
    const previous = old.get(claim);
    if (previous === undefined) {
      other.push(`volume "${claim}" is new`);
      continue;
    }
    const [from, to] = [sizeOf(previous), sizeOf(template)];
    const grown = bytes(to) > bytes(from);
    const shrunk = bytes(to) < bytes(from);
    const { resources: _a, ...restBefore } = previous.spec ?? {};
    const { resources: _b, ...restAfter } = template.spec ?? {};
    const sizeOnly = stable({ ...previous, spec: restBefore }) === stable({ ...template, spec: restAfter });
    if (grown && sizeOnly) {
      warnings.push([
        `warning: ${what}: volume "${claim}" grows from ${from} to ${to}, but Kubernetes refuses any change to a StatefulSet's volumeClaimTemplates, so kubectl apply fails on it. To grow the volumes in place (their StorageClass must have allowVolumeExpansion: true):`,
        `  1. ${patchCommand(namespace, name, template, before.spec?.replicas ?? 1, to)}`,
        `  2. ${orphan}    (the pods keep running)`,
        `  3. ${apply}`,
        `  Without volume expansion, keep ${from} or move the data to new volumes: see README, "Growing a StatefulSet's volumes".`,
      ]);
    } else if (shrunk && sizeOnly) {
      warnings.push([
        `warning: ${what}: volume "${claim}" shrinks from ${from} to ${to}: a PersistentVolumeClaim can never shrink, and Kubernetes refuses any change to a StatefulSet's volumeClaimTemplates, so kubectl apply fails on it.`,
        `  Keep ${from} in the environment's config; or, where the data may be lost, delete the StatefulSet and its claims (kubectl ${ns}delete statefulset ${name}, then kubectl ${ns}delete pvc of each replica) before ${apply}.`,
      ]);
    } else if (stable(previous) !== stable(template)) {
      other.push(`volume "${claim}" changed`);
    }
  }
  for (const claim of old.keys()) if (!current.has(claim)) other.push(`volume "${claim}" is gone`);
  if (other.length > 0) {
    warnings.push([
      `warning: ${what}: ${other.join(', ')}, but Kubernetes refuses any change to a StatefulSet's volumeClaimTemplates, so kubectl apply fails on it.`,
      `  ${orphan}, then ${apply}: the pods keep running and their existing claims keep their old spec; only claims created from now on follow the new template.`,
    ]);
  }
  return warnings;
}

module.exports = { volumeWarnings, bytes };
