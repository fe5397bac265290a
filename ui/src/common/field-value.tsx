// Shows one stored value read-only, the way its field type asks: tags for enums, ¥ for money, names for refs.
// Used by list cells, record headers, the system-information block and the change history.
import { Typography } from 'antd';
import type { FieldMeta } from '../api/types';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import { useTabs } from '../shell/tabs-context';
import { EnumTag } from './enum-tag';
import { shownType } from './field-types';
import { useRefNames } from './ref-names';

const SYSTEM_ID = '00000000-0000-0000-0000-000000000000';

const idOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : undefined);

export function FieldValue({ field, value }: { field: FieldMeta; value: unknown }) {
  const { t, locale } = useI18n();
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return <span className="value-empty">{t('value.empty')}</span>;
  }
  switch (shownType(field)) {
    case 'enum':
      return <EnumTag option={field.options?.find((o) => o.code === value)} code={String(value)} />;
    case 'multi_enum':
      return (
        <span className="tag-list">
          {(value as string[]).map((code) => (
            <EnumTag key={code} option={field.options?.find((o) => o.code === code)} code={code} />
          ))}
        </span>
      );
    case 'money':
      return <span className="value-number">{formatMoney(value)}</span>;
    case 'integer':
    case 'decimal':
      return <span className="value-number">{formatNumber(value, locale)}</span>;
    case 'date':
      return <>{formatDate(value)}</>;
    case 'datetime':
      return <>{formatDateTime(value)}</>;
    case 'boolean':
      return <>{value ? t('value.yes') : t('value.no')}</>;
    case 'ref':
      return field.target ? <RefValues target={field.target} ids={[idOf(value)].filter((x): x is string => !!x)} /> : null;
    case 'many_to_many':
      return field.target ? <RefValues target={field.target} ids={(value as unknown[]).map(idOf).filter((x): x is string => !!x)} /> : null;
    case 'children':
      return <>{Array.isArray(value) ? value.length : ''}</>;
    case 'json':
      return <Typography.Text code>{JSON.stringify(value).slice(0, 80)}</Typography.Text>;
    default:
      return <>{String(value)}</>;
  }
}

/** Names of referenced records as links that open them in a tab. */
export function RefValues({ target, ids }: { target: string; ids: string[] }) {
  const { t } = useI18n();
  const tabs = useTabs();
  const nameOf = useRefNames(target, ids);
  if (!ids.length) return <span className="value-empty">{t('value.empty')}</span>;
  return (
    <span className="ref-list">
      {ids.map((id, i) => {
        // The engine's own actor (seeding, system jobs) has the nil id and no user record.
        const name = id === SYSTEM_ID ? t('history.system') : nameOf(id);
        return (
          <span key={id}>
            {i > 0 && t('app.separator')}
            {name === null ? (
              <span className="value-empty">{t('value.hidden')}</span>
            ) : name === undefined ? (
              <span className="value-empty">…</span>
            ) : id === SYSTEM_ID ? (
              name
            ) : (
              <Typography.Link onClick={(e) => (e.stopPropagation(), tabs.openRecord(target, id))}>{name}</Typography.Link>
            )}
          </span>
        );
      })}
    </span>
  );
}
