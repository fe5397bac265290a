// Choose and order a list's columns (the display field always stays first).
import { Button, Checkbox, Popover, Tooltip } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, SettingOutlined } from '@ant-design/icons';
import type { FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  fields: FieldMeta[];
  displayField: string;
  columns: string[];
  onChange(columns: string[]): void;
  onReset(): void;
}

export function ColumnSettings({ fields, displayField, columns, onChange, onReset }: Props) {
  const { t, label } = useI18n();
  // Shown columns in their order, then the rest in metadata order.
  const ordered = [...columns.map((c) => fields.find((f) => f.name === c)).filter((f) => f !== undefined), ...fields.filter((f) => !columns.includes(f.name))];
  const move = (name: string, delta: number) => {
    const i = columns.indexOf(name);
    const j = i + delta;
    if (i < 1 || j < 1 || j >= columns.length) return;
    const next = [...columns];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onChange(next);
  };
  const content = (
    <div className="column-settings">
      {ordered.map((f) => {
        const shown = columns.includes(f.name);
        const fixed = f.name === displayField;
        return (
          <div className="column-setting-row" key={f.name}>
            <Checkbox checked={shown} disabled={fixed} onChange={(e) => onChange(e.target.checked ? [...columns, f.name] : columns.filter((c) => c !== f.name))}>
              {label(f.labels, f.name)}
            </Checkbox>
            {shown && !fixed && (
              <span className="column-move">
                <Tooltip title={t('list.moveUp')}>
                  <Button size="small" type="text" icon={<ArrowUpOutlined />} onClick={() => move(f.name, -1)} aria-label={t('list.moveUp')} />
                </Tooltip>
                <Tooltip title={t('list.moveDown')}>
                  <Button size="small" type="text" icon={<ArrowDownOutlined />} onClick={() => move(f.name, 1)} aria-label={t('list.moveDown')} />
                </Tooltip>
              </span>
            )}
          </div>
        );
      })}
      <Button size="small" type="link" onClick={onReset}>
        {t('list.columnsReset')}
      </Button>
    </div>
  );
  return (
    <Popover trigger="click" placement="bottomRight" content={content} title={t('list.columns')}>
      <Button icon={<SettingOutlined />}>{t('list.columns')}</Button>
    </Popover>
  );
}
