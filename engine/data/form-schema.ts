// Form description for @rjsf: the record's JSON Schema with titles in the user's language, and a uiSchema with
// the widgets each field type needs. Cached per model version, entity and locale.
import type { Locale } from '../core/index.ts';
import type { EntityDef, FieldDef, Model } from '../metadata/index.ts';
import { compiledEntity } from './compiled-model.ts';
import { recordSchema, type JsonSchema } from './record-schema.ts';

export interface EntityForm {
  schema: JsonSchema;
  uiSchema: JsonSchema;
}

const cache = new WeakMap<Model, Map<string, EntityForm>>();

export function entityForm(model: Model, entityName: string, locale: Locale): EntityForm {
  let perModel = cache.get(model);
  if (!perModel) cache.set(model, (perModel = new Map()));
  const key = `${entityName}:${locale}`;
  let form = perModel.get(key);
  if (!form) {
    const entity = compiledEntity(model, entityName).entity;
    form = { schema: recordSchema(entity, model, { mode: 'create', locale }), uiSchema: uiSchemaOf(entity, model, locale) };
    perModel.set(key, form);
  }
  return form;
}

function uiSchemaOf(entity: EntityDef, model: Model, locale: Locale): JsonSchema {
  const ui: JsonSchema = { 'ui:order': [...entity.fields.values()].filter((f) => !f.system && !f.readOnly).map((f) => f.name) };
  for (const field of entity.fields.values()) {
    if (field.system || field.readOnly) continue;
    const widget = uiOf(field, model, locale);
    if (widget) ui[field.name] = widget;
  }
  return ui;
}

function uiOf(field: FieldDef, model: Model, locale: Locale): JsonSchema | undefined {
  switch (field.type) {
    case 'text':
      return { 'ui:widget': 'textarea' };
    case 'money':
      return { 'ui:widget': 'money', 'ui:options': { currency: 'CNY' } };
    case 'enum':
    case 'multi_enum':
      return { 'ui:options': { colors: Object.fromEntries((field.options ?? []).filter((o) => o.color).map((o) => [o.code, o.color])) } };
    case 'ref':
    case 'many_to_many': {
      const target = model.entities.get(field.target!)!;
      return { 'ui:widget': 'ref', 'ui:options': { target: target.name, displayField: target.displayField, multiple: field.type === 'many_to_many' } };
    }
    case 'children': {
      const child = model.entities.get(field.target!)!;
      const childUi = uiSchemaOf(child, model, locale);
      childUi['ui:order'] = (childUi['ui:order'] as string[]).filter((n) => n !== field.foreignKey);
      return { 'ui:field': 'lines', items: childUi, 'ui:options': { target: child.name } };
    }
    default:
      return undefined;
  }
}
