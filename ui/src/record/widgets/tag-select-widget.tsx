// Replaces @rjsf's SelectWidget: enum and multi-enum options as tags in their metadata colours.
import { Select, Tag } from 'antd';
import type { WidgetProps } from '@rjsf/utils';
import { tagColor } from '../../common/enum-tag';

export function TagSelectWidget({ id, value, onChange, options, disabled, readonly, rawErrors, multiple, onBlur, placeholder }: WidgetProps) {
  const colors = (options.colors ?? {}) as Record<string, string>;
  const enumOptions = (options.enumOptions ?? []) as { value: unknown; label: string }[];
  const items = enumOptions.map((o) => ({ value: String(o.value), label: o.label }));
  const tag = (code: string, text: string) => (
    <Tag color={tagColor(colors[code])} bordered={false} className="enum-tag">
      {text}
    </Tag>
  );
  const labelOf = (code: string) => items.find((o) => o.value === code)?.label ?? code;
  return (
    <Select<string | string[]>
      id={id}
      className="full-width"
      mode={multiple ? 'multiple' : undefined}
      value={multiple ? ((value as string[] | undefined) ?? []) : ((value as string | undefined) ?? undefined)}
      options={items}
      optionRender={(o) => tag(String(o.value), String(o.label))}
      labelRender={(o) => tag(String(o.value), labelOf(String(o.value)))}
      tagRender={({ value: v, closable, onClose }) => (
        <Tag color={tagColor(colors[String(v)])} bordered={false} closable={closable} onClose={onClose} className="enum-tag">
          {labelOf(String(v))}
        </Tag>
      )}
      allowClear
      disabled={disabled || readonly}
      status={rawErrors?.length ? 'error' : undefined}
      placeholder={placeholder || undefined}
      onChange={(v) => onChange(v === undefined || (Array.isArray(v) && v.length === 0) ? undefined : v)}
      onBlur={() => onBlur(id, value)}
    />
  );
}
