// What an import says about a cell it cannot read, in the importer's language (the rest comes from the record
// service, which speaks it already).
type Locale = 'zh-CN' | 'en';
type Message = (v: Record<string, string>) => string;

const MESSAGES = {
  notYesNo: { 'zh-CN': (v) => `“${v.text}”不是“是”或“否”`, en: (v) => `"${v.text}" is not yes or no (是 / 否)` },
  notNumber: { 'zh-CN': (v) => `“${v.text}”不是数字`, en: (v) => `"${v.text}" is not a number` },
  notWhole: { 'zh-CN': (v) => `“${v.text}”不是整数`, en: (v) => `"${v.text}" is not a whole number` },
  notDate: { 'zh-CN': (v) => `“${v.text}”不是日期(可写作 2026-03-05、2026/3/5 或 2026年3月5日)`, en: (v) => `"${v.text}" is not a date (write 2026-03-05, 2026/3/5 or 2026年3月5日)` },
  notOption: { 'zh-CN': (v) => `“${v.text}”不是可选值之一(${v.choices})`, en: (v) => `"${v.text}" is not one of the options (${v.choices})` },
  refAmbiguous: { 'zh-CN': (v) => `名为“${v.text}”的${v.label}不止一个:请填写编号或 ID`, en: (v) => `more than one ${v.label} is named "${v.text}": use its number or id` },
  refMissing: { 'zh-CN': (v) => `没有您能看到的${v.label}“${v.text}”`, en: (v) => `no ${v.label} "${v.text}" that you can see` },
} satisfies Record<string, Record<Locale, Message>>;

export type ImportMessage = keyof typeof MESSAGES;

export function importMessage(locale: Locale, key: ImportMessage, vars: Record<string, string>): string {
  return MESSAGES[key][locale](vars);
}
