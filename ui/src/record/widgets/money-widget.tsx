// @rjsf widget "money": the ¥ input.
import type { WidgetProps } from '@rjsf/utils';
import { MoneyInput } from '../../common/money-input';

export function MoneyWidget({ id, value, onChange, disabled, readonly, rawErrors, schema, onBlur }: WidgetProps) {
  return (
    <MoneyInput
      id={id}
      value={value as number | undefined}
      onChange={onChange}
      disabled={disabled || readonly}
      status={rawErrors?.length ? 'error' : undefined}
      min={typeof schema.minimum === 'number' ? schema.minimum : undefined}
      onBlur={() => onBlur(id, value)}
    />
  );
}
