// The OpenAPI entries of the designers' "try it" routes: a rule on a record, and a template being edited.
import type { JsonSchema } from '../data/index.ts';
import { body, configuratorChoices, E400, E401, E403, E404, E422, obj, ok, tag, uuid } from './openapi-parts.ts';

const labels = obj({ 'zh-CN': { type: 'string' }, en: { type: 'string' } }, ['zh-CN', 'en']);

export function tryPaths(): Record<string, JsonSchema> {
  return {
    '/api/admin/rules/try': {
      post: {
        operationId: 'tryRule',
        ...tag('admin'),
        summary: 'Evaluate a condition, validation rule or formula being designed on a record the caller may read (404 otherwise) and / or typed values, with the engine\'s evaluator; 422 names each problem by its JSON pointer under /logic (the metadata function)',
        requestBody: body(
          obj(
            {
              entity: { type: 'string' },
              logic: { description: 'json-logic' },
              kind: { type: 'string', enum: ['condition', 'validation', 'formula'] },
              record_id: uuid,
              values: { type: 'object', description: 'field values laid over the record (formulas are recomputed from them)' },
              message: labels,
            },
            ['entity', 'logic', 'kind'],
          ),
        ),
        responses: { '200': ok('The result', obj({ kind: { type: 'string' }, result: { description: 'whether a condition or validation rule holds, or the formula\'s value' }, message: { type: 'string' } }, ['kind', 'result'])), ...E400, ...E401, ...E403, ...E404, ...E422 },
      },
    },
    '/api/configurator/try': {
      post: {
        operationId: 'tryConfiguratorTemplate',
        ...tag('configurator'),
        summary: 'Configure with a template document sent inline (the editor\'s unsaved template), checked as a save checks it (problems under /document); answered as configure answers (create or update right on templates)',
        requestBody: body(obj({ document: { type: 'object', description: 'a template document' }, choices: configuratorChoices, parameters: { type: 'object' }, quantity: { type: 'integer', minimum: 1 }, customer: uuid }, ['document'])),
        responses: { '200': ok('{model_code, spec, list_price, unit_price, total, breakdown, warnings, template_version}'), ...E400, ...E401, ...E403, ...E422 },
      },
    },
  };
}
