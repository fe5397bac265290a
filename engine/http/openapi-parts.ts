// Building blocks of the OpenAPI path entries: responses, bodies, parameters, the error answers.
import type { JsonSchema } from '../data/index.ts';

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
export const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
export const body = (schema: JsonSchema, required = true) => ({ required, content: json(schema) });
export const ok = (description: string, schema: JsonSchema = { type: 'object' }) => ({ description, content: json(schema) });
export const path = (name: string, schema: JsonSchema = { type: 'string' }, description?: string) => ({ name, in: 'path', required: true, schema, ...(description ? { description } : {}) });
export const query = (name: string, description: string, schema: JsonSchema = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });
export const uuid = { type: 'string', format: 'uuid' };
export const page = (description: string) => ok(description, { type: 'object', required: ['data'], properties: { data: { type: 'array', items: { type: 'object' } }, next_cursor: { type: ['string', 'null'] } } });
export const obj = (properties: Record<string, JsonSchema>, required: string[] = []) => ({ type: 'object', additionalProperties: false, required, properties });

export const E400 = { '400': errorResponse('Malformed request') };
export const E401 = { '401': errorResponse('Not signed in') };
export const E403 = { '403': errorResponse('The right is missing') };
export const E404 = { '404': errorResponse('Not found') };
export const E409 = { '409': errorResponse('Conflict') };
export const E410 = { '410': errorResponse('Gone: it existed and was removed (the detail says what and when)') };
export const E422 = { '422': errorResponse('Validation failed') };
export const PUBLIC = { security: [] };
// A chosen option code per segment code; an array of codes for a multiple segment.
export const configuratorChoices = { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } };
export const tag = (name: string) => ({ tags: [name] });
