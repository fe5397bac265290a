// The configurator endpoints (快速选型): template documents, configure, options and decode, selection-table import.
import { apiGet, apiRequest } from './client';
import type { Labels } from './types';

export type Choices = Record<string, string | string[]>;
export type ParameterValues = Record<string, string | number>;
export type Decimal = string | number;

export interface TemplateOption {
  code: string;
  labels: Labels;
  spec?: string;
  price?: { add: Decimal } | { percent: Decimal };
}

export interface TemplateSegment {
  code: string;
  labels: Labels;
  required?: boolean;
  multiple?: boolean;
  prefix?: string;
  options: TemplateOption[];
}

export type TemplateParameter =
  | { code: string; labels: Labels; type: 'number'; unit?: string; min?: number; max?: number }
  | { code: string; labels: Labels; type: 'enum'; options: { code: string; labels: Labels }[] };

export interface TemplateRule {
  code: string;
  kind: 'validation' | 'alert' | 'availability';
  when: unknown;
  message: Labels;
  segment?: string;
  option?: string;
}

export interface TemplateDocument {
  code: string;
  labels: Labels;
  version?: number;
  base_price: Decimal;
  currency: string;
  separator?: string;
  segments: TemplateSegment[];
  parameters?: TemplateParameter[];
  rules?: TemplateRule[];
  tiers?: { mode: 'range' | 'slab'; steps: { min: number; percent: Decimal }[] };
}

export interface OptionState {
  code: string;
  labels: Labels;
  spec?: string;
  available: boolean;
  rule?: string;
  reason?: string;
}

export interface OptionsAnswer {
  template: string;
  template_version: number;
  segments: { code: string; labels: Labels; required: boolean; multiple: boolean; chosen: string | string[] | null; options: OptionState[] }[];
  parameters: TemplateParameter[];
}

export interface PriceStep {
  step: 'base' | 'option' | 'list_price' | 'quantity' | 'tier' | 'contract_price' | 'customer_discount' | 'total';
  amount: number;
  segment?: string;
  option?: string;
  percent?: number;
  quantity?: number;
}

export interface Configuration {
  template: string;
  choices: Choices;
  model_code: string;
  spec: { segment: string; label: string; option: string; text: string }[];
  list_price: number;
  unit_price: number;
  total: number;
  breakdown: PriceStep[];
  warnings: { rule: string; message: string }[];
  template_version: number;
}

export interface ConfigureInput {
  template: string;
  choices: Choices;
  parameters?: ParameterValues;
  quantity?: number;
  customer?: string;
}

const BASE = '/api/configurator';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const fetchTemplate = (code: string) => apiGet<TemplateDocument>(`${BASE}/templates/${encodeURIComponent(code)}`);

export const putTemplate = (code: string, doc: TemplateDocument) => apiRequest<TemplateDocument>('PUT', `${BASE}/templates/${encodeURIComponent(code)}`, doc);

/** A CSV or XLSX selection table replacing the stored template's segments. */
export const importTable = (code: string, file: File) =>
  apiRequest<TemplateDocument>('PUT', `${BASE}/templates/${encodeURIComponent(code)}/table`, file, { 'content-type': /\.xlsx$/i.test(file.name) ? XLSX : 'text/csv' });

export const configure = (input: ConfigureInput) => apiRequest<Configuration>('POST', `${BASE}/configure`, input);

export const listOptions = (input: Pick<ConfigureInput, 'template' | 'choices' | 'parameters'>) => apiRequest<OptionsAnswer>('POST', `${BASE}/options`, input);

export const decodeModelCode = (modelCode: string, extra: Pick<ConfigureInput, 'quantity' | 'customer'> = {}) =>
  apiRequest<Configuration>('POST', `${BASE}/decode`, { model_code: modelCode, ...extra });
