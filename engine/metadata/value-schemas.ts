// Named JSON Schemas a json field may require of its value ("schema": "role-permissions"), read once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NAMES = ['role-permissions', 'configurator-template'] as const;
export type ValueSchemaName = (typeof NAMES)[number];

const cache = new Map<string, Record<string, unknown>>();

export function valueSchema(name: string): Record<string, unknown> {
  let schema = cache.get(name);
  if (!schema) {
    if (!(NAMES as readonly string[]).includes(name)) throw new Error(`unknown value schema "${name}"`);
    const file = JSON.parse(readFileSync(fileURLToPath(new URL(`./schemas/${name}.schema.json`, import.meta.url)), 'utf8')) as Record<string, unknown>;
    // Embedded into record schemas, where "#/definitions/…" would point at the wrong root: inline the definitions
    // (these schemas are not recursive) and drop the file's own identity and dialect.
    const { $id: _id, $schema: _dialect, definitions, ...rest } = file;
    schema = inlineRefs(rest, (definitions ?? {}) as Record<string, unknown>) as Record<string, unknown>;
    cache.set(name, schema);
  }
  return schema;
}

function inlineRefs(node: unknown, definitions: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((n) => inlineRefs(n, definitions));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/definitions/')) return inlineRefs(definitions[ref.slice('#/definitions/'.length)], definitions);
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inlineRefs(v, definitions)]));
}
