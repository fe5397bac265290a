// The record's header: its display name, key fields (number, status-like options, amounts, owner) and the buttons.
import type { ReactNode } from 'react';
import { Space, Typography } from 'antd';
import type { EntityMeta, FieldMeta, RecordData } from '../api/types';
import { shownType } from '../common/field-types';
import { FieldValue } from '../common/field-value';
import { useI18n } from '../i18n/i18n-context';
import { stateFields } from './layout';

/** Up to six fields worth seeing at a glance, chosen from the metadata by type; a workflow's state comes first. */
export function keyFields(meta: EntityMeta): FieldMeta[] {
  const states = stateFields(meta);
  const business = meta.fields.filter((f) => !f.system && f.name !== meta.displayField);
  const pick = (test: (f: FieldMeta) => boolean, n: number) => business.filter(test).slice(0, n);
  const owner = meta.fields.filter((f) => f.name === 'owner');
  const state = pick((f) => states.has(f.name), 1);
  return [...pick((f) => f.type === 'autonumber', 1), ...state, ...pick((f) => f.type === 'enum' && !states.has(f.name), 2 - state.length), ...pick((f) => shownType(f) === 'money', 2), ...owner];
}

interface Props {
  meta: EntityMeta;
  title: string;
  record?: RecordData;
  buttons: ReactNode;
  extra?: ReactNode;
}

export function RecordHeader({ meta, title, record, buttons, extra }: Props) {
  const { label } = useI18n();
  return (
    <div className="record-header">
      <div className="record-heading">
        <Typography.Text type="secondary" className="record-entity">
          {label(meta.labels, meta.name)}
        </Typography.Text>
        <Typography.Title level={4} className="record-title" data-testid="record-title">
          {title}
        </Typography.Title>
        {record && (
          <div className="record-key-fields">
            {keyFields(meta).map((f) => (
              <span className="key-field" key={f.name}>
                <span className="key-field-label">{label(f.labels, f.name)}</span>
                <FieldValue field={f} value={record[f.name]} />
              </span>
            ))}
          </div>
        )}
      </div>
      <Space wrap className="record-buttons">
        {extra}
        {buttons}
      </Space>
    </div>
  );
}
