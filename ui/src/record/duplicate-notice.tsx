// 查重 in the record form: while a new record's title field (its display field, e.g. the customer's name) is typed,
// existing records with the same normalised value are named with a link to open them, and those the user may not
// read are counted. A warning only: the user may still save (two contacts may share a name).
import { useEffect, useState } from 'react';
import { Alert, Button, Space } from 'antd';
import { findDuplicates, type Duplicates } from '../api/records-api';
import type { EntityMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { useTabs } from '../shell/tabs-context';
import type { FormData } from './form-data';

const TEXT_TYPES = new Set(['string', 'text']);
const PAUSE_MS = 400;

export function DuplicateNotice({ meta, data }: { meta: EntityMeta; data: FormData }) {
  const { t, label } = useI18n();
  const tabs = useTabs();
  const field = meta.fields.find((f) => f.name === meta.displayField && TEXT_TYPES.has(f.type));
  const value = field ? String(data[field.name] ?? '').trim() : '';
  const [found, setFound] = useState<Duplicates | null>(null);
  useEffect(() => {
    setFound(null);
    if (!field || !value) return;
    let live = true;
    const timer = setTimeout(() => {
      // A failed look-up only means no warning: the save still goes through the server's own checks.
      findDuplicates(meta.name, field.name, value).then((d) => live && setFound(d), () => undefined);
    }, PAUSE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [meta.name, field, value]);
  if (!field || !found || (!found.matches.length && !found.hidden)) return null;
  const vars = { field: label(field.labels, field.name), entity: label(meta.labels, meta.name) };
  return (
    <Alert
      className="duplicate-notice"
      type="warning"
      showIcon
      data-testid="duplicate-notice"
      title={t('record.duplicates.title', vars)}
      description={
        <Space wrap size={4}>
          {found.matches.map((m) => (
            <Button key={m.id} size="small" type="link" onClick={() => tabs.openRecord(meta.name, m.id)} data-testid="duplicate-match">
              {m.name}
            </Button>
          ))}
          {found.hidden > 0 && <span>{t('record.duplicates.hidden', { ...vars, count: found.hidden })}</span>}
        </Space>
      }
    />
  );
}
