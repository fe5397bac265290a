// Validation messages in both UI languages, keyed by JSON Schema keyword (ajv's own texts are English-only).
import type { ErrorObject } from 'ajv';
import type { Locale } from '../core/index.ts';

type Params = Record<string, unknown>;
type Message = (p: Params) => string;

const zh: Record<string, Message> = {
  required: () => '必填',
  type: (p) => `类型不正确,应为${TYPE_ZH[String(p.type)] ?? String(p.type)}`,
  maxLength: (p) => `不能超过 ${p.limit} 个字符`,
  minLength: (p) => `至少 ${p.limit} 个字符`,
  pattern: () => '格式不正确',
  minimum: (p) => `不能小于 ${p.limit}`,
  maximum: (p) => `不能大于 ${p.limit}`,
  format: (p) => `不是有效的${FORMAT_ZH[String(p.format)] ?? String(p.format)}`,
  formatMinimum: (p) => `不能早于 ${p.limit}`,
  formatMaximum: (p) => `不能晚于 ${p.limit}`,
  enum: () => '不是可选的值',
  uniqueItems: () => '不能有重复项',
  maxItems: (p) => `最多 ${p.limit} 项`,
  additionalProperties: (p) => `未知字段 "${String(p.additionalProperty)}"`,
};

const en: Record<string, Message> = {
  required: () => 'is required',
  type: (p) => `must be ${String(p.type).replace(',', ' or ')}`,
  maxLength: (p) => `must be at most ${p.limit} characters`,
  minLength: (p) => `must be at least ${p.limit} characters`,
  pattern: () => 'has the wrong format',
  minimum: (p) => `must be ≥ ${p.limit}`,
  maximum: (p) => `must be ≤ ${p.limit}`,
  format: (p) => `is not a valid ${String(p.format)}`,
  formatMinimum: (p) => `must not be before ${p.limit}`,
  formatMaximum: (p) => `must not be after ${p.limit}`,
  enum: () => 'is not one of the allowed values',
  uniqueItems: () => 'must not repeat items',
  maxItems: (p) => `must have at most ${p.limit} items`,
  additionalProperties: (p) => `unknown field "${String(p.additionalProperty)}"`,
};

const TYPE_ZH: Record<string, string> = { string: '文本', number: '数字', integer: '整数', boolean: '是/否', array: '列表', object: '对象', 'string,null': '文本', 'number,null': '数字', 'integer,null': '整数', 'boolean,null': '是/否', 'array,null': '列表' };
const FORMAT_ZH: Record<string, string> = { date: '日期(YYYY-MM-DD)', 'date-time': '日期时间', uuid: '记录编号' };

const CATALOGUE: Record<Locale, Record<string, Message>> = { 'zh-CN': zh, en };

export function schemaErrorMessage(e: ErrorObject, locale: Locale): string {
  const m = CATALOGUE[locale][e.keyword];
  return m ? m(e.params as Params) : e.message ?? e.keyword;
}

/** Messages the engine itself raises, in both languages. */
export const MESSAGES = {
  unknownField: { 'zh-CN': '未知字段', en: 'unknown field' },
  systemField: { 'zh-CN': '系统字段,由系统维护,不能写入', en: 'is a system field and cannot be written' },
  readOnlyField: { 'zh-CN': '只读字段(自动计算或编号),不能写入', en: 'is read-only (computed or numbered) and cannot be written' },
  attachmentField: { 'zh-CN': '附件字段,请通过上传文件接口写入', en: 'is an attachment field: upload files to it instead' },
  notWritable: { 'zh-CN': '无权修改此字段', en: 'you may not change this field' },
  tooManyDecimals: { 'zh-CN': '小数位数过多', en: 'has too many decimal places' },
  tooLarge: { 'zh-CN': '数值超出范围', en: 'is too large' },
  notFinite: { 'zh-CN': '不是有效的数字', en: 'is not a finite number' },
  blank: { 'zh-CN': '必填,不能为空白', en: 'is required and cannot be blank' },
  lineNotFound: { 'zh-CN': '明细行不存在或不属于此记录', en: 'line does not exist or belongs to another record' },
} as const satisfies Record<string, Record<Locale, string>>;
