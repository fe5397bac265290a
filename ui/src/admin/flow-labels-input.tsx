// A name or message of a flow in both languages (zh-CN and en, both required by the metadata): the first one typed
// also fills the other while that is empty or still its copy, so the document is never half-named.
import { Input, Space } from 'antd';
import { useI18n } from '../i18n/i18n-context';

type Labels = { 'zh-CN': string; en: string };
type Lang = keyof Labels;

interface Props {
  value: Partial<Labels> | undefined;
  onChange(labels: Labels): void;
  /** The boxes' hints; a name's by default. */
  placeholders?: [string, string];
  testId?: string;
}

export function FlowLabelsInput({ value, onChange, placeholders, testId }: Props) {
  const { t } = useI18n();
  const [zh, en] = placeholders ?? [t('flows.labelZh'), t('flows.labelEn')];
  const type = (lang: Lang, text: string) => {
    const other: Lang = lang === 'en' ? 'zh-CN' : 'en';
    // The other language follows while it is empty or still the copy of this one.
    const follows = !value?.[other] || value[other] === value?.[lang];
    onChange({ [other]: follows ? text : value![other], [lang]: text } as Labels);
  };
  return (
    <Space.Compact block data-testid={testId}>
      <Input value={value?.['zh-CN'] ?? ''} placeholder={zh} onChange={(e) => type('zh-CN', e.target.value)} data-testid={testId && `${testId}-zh`} />
      <Input value={value?.en ?? ''} placeholder={en} onChange={(e) => type('en', e.target.value)} data-testid={testId && `${testId}-en`} />
    </Space.Compact>
  );
}
