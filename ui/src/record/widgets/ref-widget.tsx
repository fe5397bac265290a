// @rjsf widget "ref": a searchable picker of the target entity's records, showing display names; `multiple`
// for many-to-many fields.
import type { WidgetProps } from '@rjsf/utils';
import { RefSelect } from '../../common/ref-select';

export function RefWidget({ id, value, onChange, options, disabled, readonly, rawErrors, onBlur }: WidgetProps) {
  const target = String(options.target ?? '');
  const multiple = options.multiple === true;
  return (
    <RefSelect
      id={id}
      target={target}
      multiple={multiple}
      value={value as string | string[] | undefined}
      onChange={(v) => onChange(v === undefined ? undefined : v)}
      disabled={disabled || readonly}
      status={rawErrors?.length ? 'error' : undefined}
      onBlur={() => onBlur(id, value)}
    />
  );
}
