// A name or message of a flow in both languages (zh-CN and en, both required by the metadata): the first one typed
// also fills the other while that is empty or still its copy and not typed in, so the document is never half-named.
import { useRef } from 'react';
import { Input, Space } from 'antd';
import type { ErrorDetail } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';

type Labels = { 'zh-CN': string; en: string };
type Lang = keyof Labels;

interface Props {
  value: Partial<Labels> | undefined;
  onChange(labels: Labels): void;
  /** The boxes' hints; a name's by default. */
  placeholders?: [string, string];
  /** Where the names sit in the flow document (`/labels`), so the server's problems mark the box they name. */
  pointer?: string;
  problems?: readonly ErrorDetail[];
  testId?: string;
}

export function FlowLabelsInput({ value, onChange, placeholders, pointer, problems = [], testId }: Props) {
  const { t } = useI18n();
  const typed = useRef(new Set<Lang>());
  const [zh, en] = placeholders ?? [t('flows.labelZh'), t('flows.labelEn')];
  const type = (lang: Lang, text: string) => {
    const other: Lang = lang === 'en' ? 'zh-CN' : 'en';
    // The other language follows while it is empty or still the copy of this one, until the admin types in it.
    const follows = !typed.current.has(other) && (!value?.[other] || value[other] === value?.[lang]);
    typed.current.add(lang);
    onChange({ [other]: follows ? text : value![other], [lang]: text } as Labels);
  };
  const here = pointer === undefined ? [] : problemsUnder(problems, pointer);
  const status = (lang: Lang) => (here.some((p) => (p.pointer ?? p.path) === `${pointer}/${lang}`) ? 'error' : undefined);
  // Both boxes empty give the same problem twice: it is said once, the boxes marked.
  const said = here.filter((p, i) => here.findIndex((q) => q.message === p.message) === i);
  return (
    <>
      <Space.Compact block data-testid={testId}>
        <Input value={value?.['zh-CN'] ?? ''} placeholder={zh} status={status('zh-CN')} onChange={(e) => type('zh-CN', e.target.value)} data-testid={testId && `${testId}-zh`} />
        <Input value={value?.en ?? ''} placeholder={en} status={status('en')} onChange={(e) => type('en', e.target.value)} data-testid={testId && `${testId}-en`} />
      </Space.Compact>
      <InlineProblems problems={said} testId={testId && `${testId}-problems`} />
    </>
  );
}
