// Describes the Model to clients: entities with labels and fields, and the @rjsf form for each.
import { Router } from 'express';
import { notFound } from '../core/index.ts';
import { entityForm } from '../data/index.ts';
import type { EntityDef, FieldDef } from '../metadata/index.ts';
import type { AppState } from './app-state.ts';
import { localeOf } from './request-context.ts';

export function metaRouter(state: AppState): Router {
  const router = Router();
  router.get('/entities', (_req, res) => {
    const model = state.model();
    res.json({ version: model.version, data: [...model.entities.values()].map(summary) });
  });
  router.get('/entities/:entity', (req, res) => {
    const model = state.model();
    const entity = model.entities.get(req.params.entity);
    if (!entity) throw notFound(`Unknown entity "${req.params.entity}"`, [{ path: 'entity', message: 'no such entity' }]);
    const form = entityForm(model, entity.name, localeOf(req));
    res.json({ ...summary(entity), version: model.version, fields: [...entity.fields.values()].map(describeField), schema: form.schema, uiSchema: form.uiSchema });
  });
  return router;
}

function summary(e: EntityDef) {
  return { name: e.name, labels: e.labels, description: e.description, displayField: e.displayField, searchFields: e.searchFields };
}

function describeField(f: FieldDef) {
  const { source: _source, entity: _entity, formula: _formula, template: _template, ...rest } = f;
  return rest;
}
