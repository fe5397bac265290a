// An enum option as a coloured tag; metadata colours are antd preset names, "gray" meaning the neutral tag.
import { Tag } from 'antd';
import type { EnumOption } from '../api/types';
import { useI18n } from '../i18n/i18n-context';

export function tagColor(color: string | undefined): string | undefined {
  return !color || color === 'gray' || color === 'grey' ? undefined : color;
}

export function EnumTag({ option, code }: { option: EnumOption | undefined; code: string }) {
  const { label } = useI18n();
  return (
    <Tag color={tagColor(option?.color)} className="enum-tag" bordered={false}>
      {option ? label(option.labels, code) : code}
    </Tag>
  );
}
