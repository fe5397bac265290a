// The configurator template document (选型模版) as stored and exchanged; see engine/metadata/schemas/configurator-template.schema.json.
import type { Labels } from '../metadata/index.ts';

/** A price or percentage: a decimal string ("1800.50") or a JSON number, computed exactly with decimal.js. */
export type DecimalText = string | number;

export interface TemplateOption {
  code: string;
  labels: Labels;
  spec?: string;
  price?: { add: DecimalText } | { percent: DecimalText };
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

export type RuleKind = 'validation' | 'alert' | 'availability';

export interface TemplateRule {
  code: string;
  kind: RuleKind;
  when: unknown;
  message: Labels;
  segment?: string;
  option?: string;
}

export interface TemplateTiers {
  mode: 'range' | 'slab';
  steps: { min: number; percent: DecimalText }[];
}

export interface TemplateDocument {
  code: string;
  labels: Labels;
  version?: number;
  base_price: DecimalText;
  currency: string;
  separator?: string;
  segments: TemplateSegment[];
  parameters?: TemplateParameter[];
  rules?: TemplateRule[];
  tiers?: TemplateTiers;
}

/** A choice per segment code: an option code, or an array of them for a multiple segment. */
export type Choices = Record<string, string | string[]>;

export const DEFAULT_SEPARATOR = '/';
