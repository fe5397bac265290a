// A reference typed into a spreadsheet: the record's id, its display name (e.g. the customer's name) or another
// unique value (a number such as KH-0001), looked up under the importer's own read scope, so a row can only point at
// records its user could pick in the form. Answers are remembered for the rest of the import.
import { isUuid, type RequestContext } from '../core/index.ts';
import { listRecords } from '../data/index.ts';
import type { FieldDef } from '../metadata/index.ts';
import { importMessage } from './import-messages.ts';

export class RefResolver {
  private readonly cache = new Map<string, string | { problem: string }>();

  /** `ctx`: the row's own transaction (the embedded database has one connection: a query beside it would wait). */
  async resolve(ctx: RequestContext, field: FieldDef, text: string): Promise<string | { problem: string }> {
    if (isUuid(text)) return text.toLowerCase();
    const target = ctx.model.entities.get(field.target!)!;
    const cacheKey = `${target.name}\u0000${text}`;
    let found = this.cache.get(cacheKey);
    if (!found) {
      found = await lookUp(ctx, target.name, [target.displayField, ...uniqueFields(target)], text);
      this.cache.set(cacheKey, found);
    }
    return found;
  }

}

async function lookUp(ctx: RequestContext, entity: string, fields: string[], text: string): Promise<string | { problem: string }> {
  const labels = ctx.model.entities.get(entity)!.labels;
  const label = labels[ctx.locale] ?? labels['zh-CN'];
  for (const name of [...new Set(fields)]) {
    const page = await listRecords(ctx, entity, { filter: JSON.stringify({ '==': [{ var: name }, text] }), fields: 'id', limit: '2' });
    if (page.data.length === 1) return String(page.data[0]!.id);
    if (page.data.length > 1) return { problem: importMessage(ctx.locale, 'refAmbiguous', { text, label }) };
  }
  return { problem: importMessage(ctx.locale, 'refMissing', { text, label }) };
}

function uniqueFields(entity: { fields: ReadonlyMap<string, FieldDef>; unique: readonly (readonly string[])[] }): string[] {
  const single = entity.unique.filter((u) => u.length === 1).map((u) => u[0]!);
  const flagged = [...entity.fields.values()].filter((f) => (f.unique || f.type === 'autonumber') && !f.system).map((f) => f.name);
  return [...single, ...flagged];
}
