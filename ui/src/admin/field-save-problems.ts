// What the server refused when a custom field was saved, sorted for the field editor: each problem whose JSON
// pointer names an input goes onto that input (/fields/<name>/options/1/code → that cell), the rest into a list
// at the top; a refused schema change (rows without a value for a new required field…) is said with its row count.
import { ApiError } from '../api/client';
import type { CustomFieldType } from '../api/admin-api';
import type { ErrorDetail } from '../api/types';
import { errorText } from '../common/error-text';
import type { Translate } from '../i18n/i18n-context';
import { metadataMessage } from './metadata-messages';

export type InputPath = string | (string | number)[];

export interface SaveProblems {
  /** Messages for inputs, in the shape antd's `form.setFields` takes. */
  inputs: { name: InputPath; errors: string[] }[];
  /** The alert above the form. */
  general: { title: string; problems: ErrorDetail[]; reasons?: string[] };
}

const PLAIN_INPUTS = ['type', 'required', 'default', 'maxLength', 'min', 'max', 'target', 'onDelete', 'foreignKey', 'of', 'where', 'aggregate', 'field', 'formula', 'resultType', 'precision', 'scale', 'maxFiles', 'maxSize', 'accept', 'template', 'reset'];

/** Where a server problem belongs in the editor: an input's path, or undefined for the general list. */
function inputFor(detail: ErrorDetail, name: string): InputPath | undefined {
  const pointer = detail.pointer ?? detail.path ?? '';
  if (pointer === '/fields') return 'name';
  // A built-in field's problems come back under the admin's override of it.
  const prefix = [`/fields/${name}`, `/overrides/${name}`].find((p) => pointer === p || pointer.startsWith(`${p}/`));
  if (!prefix) return undefined;
  const parts = pointer
    .slice(prefix.length)
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const [head, second, third, fourth] = parts;
  if (!head) return /\bname\b|prefix/.test(detail.message) ? 'name' : /"labels"/.test(detail.message) ? 'zh' : /"target"/.test(detail.message) ? 'target' : undefined;
  if (head === 'labels') return second === 'en' ? 'en' : 'zh';
  if (head === 'options') {
    const i = Number(second);
    if (!Number.isInteger(i)) return undefined;
    if (third === 'labels') return ['options', i, fourth === 'en' ? 'en' : 'zh'];
    if (third === 'code' || third === 'color') return ['options', i, third];
    return ['options', i, 'code'];
  }
  // A rollup's source entity and its ref back; a default line's cell (/default/2/milestone_type), or the line itself.
  if (head === 'from') return ['from', second === 'via' ? 'via' : 'entity'];
  if (head === 'default' && Number.isInteger(Number(second)) && third) return ['default', Number(second), third];
  return PLAIN_INPUTS.includes(head) ? head : undefined;
}

/** The input holding the setting a refused plan step is about. */
const REFUSED_AT: Record<string, string> = { remove_options: 'options', narrow_max_files: 'maxFiles', narrow_max_size: 'maxSize', narrow_accept: 'accept', change_numbering: 'template' };

/** A refused schema change in words: what the data is in the way with, and what to do. */
function refusalText(t: Translate, d: ErrorDetail, type: CustomFieldType): string {
  const count = Number(d.info?.rowCount ?? 0);
  switch (d.info?.action) {
    case 'add_column':
    case 'set_not_null':
      return t(type === 'ref' ? 'fields.refused.noValueRef' : 'fields.refused.noValue', { count });
    case 'alter_type':
      return t('fields.refused.type', { count });
    case 'create_index':
      return t('fields.refused.duplicate', { count });
    case 'remove_options':
      return t('designer.refused.options', { count });
    case 'narrow_max_files':
    case 'narrow_max_size':
    case 'narrow_accept':
      return t('designer.refused.files', { count });
    case 'change_numbering':
      return t('designer.refused.numbering', { count });
    default:
      return d.message;
  }
}

/** Sorts a failed save's error onto the editor's inputs and its alert. */
export function sortSaveProblems(t: Translate, e: unknown, fieldName: string, type: CustomFieldType): SaveProblems {
  if (e instanceof ApiError && e.status === 422) {
    const inputs: SaveProblems['inputs'] = [];
    const rest: ErrorDetail[] = [];
    for (const d of e.details) {
      const where = inputFor(d, fieldName);
      if (!where) {
        rest.push(d);
        continue;
      }
      const message = metadataMessage(t, d).text;
      const found = inputs.find((p) => JSON.stringify(p.name) === JSON.stringify(where));
      if (found) found.errors.push(message);
      else inputs.push({ name: where, errors: [message] });
    }
    return { inputs, general: { title: t('fields.invalid'), problems: rest } };
  }
  if (e instanceof ApiError && e.code === 'SCHEMA_CHANGE_REFUSED') {
    const reasons = e.details.map((d) => refusalText(t, d, type));
    const missing = e.details.findIndex((d) => d.info?.action === 'add_column' || d.info?.action === 'set_not_null');
    // A missing value is fixed with a default (or, for a ref, which has none, by not requiring it): say so there.
    const inputs = missing < 0 ? [] : [{ name: type === 'ref' ? 'required' : 'default', errors: [reasons[missing]!] }];
    // A setting the stored data is in the way of: said at its input.
    e.details.forEach((d, i) => {
      const input = REFUSED_AT[String(d.info?.action)];
      if (input) inputs.push({ name: input, errors: [reasons[i]!] });
    });
    return { inputs, general: { title: t('fields.refused'), problems: [], reasons } };
  }
  return { inputs: [], general: { title: errorText(t, e), problems: e instanceof ApiError ? e.details : [] } };
}
