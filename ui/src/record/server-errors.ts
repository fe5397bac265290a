// Puts the server's 422 details on the fields they name: "/email" on email, "/lines/2/quantity" on that cell of
// the line grid. Details that name no form field are listed above the form instead.
import type { ErrorDetail, JsonSchema } from '../api/types';

export interface ErrorTree {
  __errors?: string[];
  [key: string]: ErrorTree | string[] | undefined;
}

export interface MappedErrors {
  tree: ErrorTree;
  unmapped: string[];
}

export function mapServerErrors(details: ErrorDetail[], schema: JsonSchema): MappedErrors {
  const tree: ErrorTree = {};
  const unmapped: string[] = [];
  for (const d of details) {
    const parts = (d.path ?? '').split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const top = parts[0];
    if (!top || !(top in (schema.properties ?? {}))) {
      unmapped.push(d.message);
      continue;
    }
    // A line's own id is not a cell: the error belongs to the whole line.
    if (parts.length === 3 && parts[2] === 'id') parts.pop();
    let node = tree;
    for (const p of parts) node = (node[p] ??= {}) as ErrorTree;
    (node.__errors ??= []).push(d.message);
  }
  return { tree, unmapped };
}

/** Drops the errors of top-level fields whose value the user has since changed. */
export function pruneErrors(tree: ErrorTree, changed: string[]): ErrorTree {
  if (!changed.some((k) => k in tree)) return tree;
  const next = { ...tree };
  for (const k of changed) delete next[k];
  return next;
}
