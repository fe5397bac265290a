// The designers' "try it" calls: a rule evaluated on a record by the server's own evaluator, and a template being
// edited configured before it is saved.
import { apiRequest } from './client';
import type { Configuration, ConfigureInput, TemplateDocument } from './configurator-api';
import type { Labels } from './types';

export type RuleKind = 'condition' | 'validation' | 'formula';

export interface RuleTryInput {
  entity: string;
  logic: unknown;
  kind: RuleKind;
  record_id?: string;
  values?: Record<string, unknown>;
  message?: Labels;
}

export interface RuleTryAnswer {
  kind: RuleKind;
  result: unknown;
  message?: string;
}

export const tryRule = (input: RuleTryInput) => apiRequest<RuleTryAnswer>('POST', '/api/admin/rules/try', input);

export const tryTemplate = (document: TemplateDocument, input: Omit<ConfigureInput, 'template'>) =>
  apiRequest<Configuration>('POST', '/api/configurator/try', { document, ...input });
