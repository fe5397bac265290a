// A ¥ amount input: thousands separators while reading, two decimals, right-aligned like the lists.
import { InputNumber } from 'antd';

interface Props {
  id?: string;
  value: number | null | undefined;
  onChange(value: number | undefined): void;
  disabled?: boolean;
  status?: 'error';
  min?: number;
  onBlur?(): void;
  className?: string;
}

// While typing the text stays as typed; otherwise 1234567.5 reads 1,234,567.50.
const format = (v: string | number | undefined, info: { userTyping: boolean; input: string }) => {
  if (info.userTyping) return info.input;
  if (v === undefined || v === '') return '';
  const n = Number(v);
  return Number.isFinite(n) ? n.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(v);
};
const parse = (v: string | undefined) => (v ?? '').replace(/[¥,\s]/g, '') as unknown as number;

export function MoneyInput({ id, value, onChange, disabled, status, min, onBlur, className }: Props) {
  return (
    <InputNumber<number>
      id={id}
      className={className ? `money-input ${className}` : 'money-input'}
      prefix="¥"
      precision={2}
      min={min}
      value={typeof value === 'number' ? value : null}
      formatter={format}
      parser={parse}
      onChange={(n) => onChange(n === null ? undefined : n)}
      disabled={disabled}
      status={status}
      onBlur={onBlur}
    />
  );
}
