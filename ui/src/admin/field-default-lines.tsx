// The default lines (默认明细行) of a lines field: the lines every new record starts with, edited as a small table
// of the line entity's fields a user could type into (no back reference, no refs since record ids differ between
// systems, nothing computed: the server checks the same, docs/metadata.md "children"). Cells hold the values as
// stored, so the definition is built from them as they are; a problem the server finds lands on its cell.
import { Button, Form, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { CustomFieldType } from '../api/admin-api';
import type { FieldMeta } from '../api/types';
import { useEntityMeta } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import { formValueOf, storedValueOf } from './field-definition';
import { FieldDefaultInput } from './field-default-input';

/** Types a default line may set (json is left to the JSON of a whole definition). */
const TYPED_IN = new Set(['string', 'text', 'integer', 'decimal', 'money', 'boolean', 'date', 'datetime', 'enum', 'multi_enum']);

interface Props {
  /** The line entity and its ref back to the record (never part of a line). */
  target: string | undefined;
  foreignKey: string | undefined;
}

export function FieldDefaultLines({ target, foreignKey }: Props) {
  const { t, label } = useI18n();
  const child = useEntityMeta(target);
  const columns = (child.data?.fields ?? []).filter((f) => TYPED_IN.has(f.type) && !f.system && !f.readOnly && f.formula === undefined && f.name !== foreignKey);
  if (!target || !columns.length) return null;
  return (
    <Form.List name="default">
      {(lines, { add, remove }, { errors }) => (
        <div className="default-lines" data-testid="default-lines">
          <Typography.Paragraph strong>{t('fields.children.defaultLines')}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t('fields.children.defaultLinesHelp')}</Typography.Paragraph>
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            scroll={{ x: 'max-content' }}
            dataSource={lines}
            locale={{ emptyText: t('fields.children.noDefaultLines') }}
            columns={[
              ...columns.map((f) => ({
                key: f.name,
                title: label(f.labels, f.name),
                render: (_: unknown, line: { name: number }) => (
                  <Form.Item name={[line.name, f.name]} className="cell-item" rules={f.required ? [{ required: true, message: t('fields.children.cellRequired', { field: label(f.labels, f.name) }) }] : []}>
                    <LineCell field={f} />
                  </Form.Item>
                ),
              })),
              {
                key: 'remove',
                width: 48,
                render: (_: unknown, line: { name: number }) => <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('fields.children.removeLine')} onClick={() => remove(line.name)} />,
              },
            ]}
          />
          <Form.ErrorList errors={errors} />
          <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="default-lines-add">
            {t('fields.children.addDefaultLine')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

/** One cell: the default-value input of the line field's type, holding the value as stored. */
function LineCell({ field, value, onChange, ...rest }: { field: FieldMeta; value?: unknown; onChange?: (v: unknown) => void; [antd: string]: unknown }) {
  const { t, label } = useI18n();
  const options = (field.options ?? []).map((o) => ({ code: o.code, zh: label(o.labels, o.code) }));
  return (
    <FieldDefaultInput
      {...rest}
      type={field.type as CustomFieldType}
      options={options}
      placeholder={t('fields.children.cellEmpty')}
      value={formValueOf(field.type, value)}
      onChange={(v: unknown) => onChange?.(storedValueOf(field.type, (v as { target?: { value: unknown } })?.target ? (v as { target: { value: unknown } }).target.value : v))}
    />
  );
}
