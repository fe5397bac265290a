// The small form for one field: snake_case name, type, zh-CN / en labels, required, default (a json field's as JSON
// text), options for enums, target for refs and many-to-many links, length or min / max; lines (child entity, its ref
// back and the default lines), a rollup's source (lines or referring records), aggregate, field and condition, a formula's expression, an attachment's limits and an autonumber's template in
// their own parts. For a built-in (core or plugin) field the same form edits the admin layer's override: labels,
// required, default, options, a formula, an attachment's limits and an autonumber's numbering; name and type stay. Common mistakes are caught here in the user's
// language; the schema plan is confirmed before applying; what the server still refuses lands on the input its
// pointer names (field-save-problems.ts).
import { useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import { CUSTOM_FIELD_TYPES, putAdminDocument, putExtension, REF_ON_DELETE, type CustomFieldDef, type CustomFieldType, type ExtensionDoc } from '../api/admin-api';
import type { EntityMeta, EntitySummary, FieldMeta } from '../api/types';
import { jsonTextProblem } from '../common/json-text';
import { useI18n, type Translate } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-CN';
import { FieldAttachmentPart } from './field-attachment-part';
import { FieldAutonumberPart } from './field-autonumber-part';
import { FieldChildrenPart } from './field-children-part';
import { buildDefinition, ENUMS, FILLED_IN, initialValues, NUMBERS, RELATIONS, TEXTS, type FieldValues, type OptionRow } from './field-definition';
import { FieldDefaultInput } from './field-default-input';
import { FieldDefaultLines } from './field-default-lines';
import { FieldFormulaPart } from './field-formula-part';
import { FieldOptionsEditor } from './field-options-editor';
import { FieldRollupPart } from './field-rollup-part';
import { sortSaveProblems, type SaveProblems } from './field-save-problems';
import { formulaFieldsOf, openDraft } from './formula';
import { ProblemList } from './problem-list';
import { saveWithPlan, type StepSubject } from './schema-plan-dialog';

const NAME = /^[a-z][a-z0-9_]{0,62}$/;

interface Props {
  entity: string;
  entityLabel: string;
  meta: EntityMeta;
  doc: ExtensionDoc | undefined;
  /** Entities a ref field may point to, in the order to offer them. */
  targets: EntitySummary[];
  /** The field being edited; absent: a new one. */
  name?: string;
  /** A field defined by core or a plugin: the form edits the admin layer's override of it. */
  builtin?: { field: FieldMeta; default?: unknown };
  /** Names plan steps for people. */
  subject: StepSubject;
  onClose(): void;
  onSaved(field: string): void;
}

export function FieldEditor({ entity, entityLabel, meta, doc, targets, name, builtin, subject, onClose, onSaved }: Props) {
  const { t, label } = useI18n();
  const { modal } = App.useApp();
  const [form] = Form.useForm<FieldValues>();
  const original = name ? (builtin ? builtinDefinition(builtin) : doc?.fields?.[name]) : undefined;
  const initial = useMemo(() => {
    const values = initialValues(name, original);
    // A stored formula opens as the expression it reads as (or as JSON when no expression says it).
    return original?.type === 'formula' && name ? { ...values, formula: openDraft(original.formula, formulaFieldsOf(meta.fields, name)) } : values;
  }, [name, original, meta.fields]);
  const type = (Form.useWatch('type', form) ?? initial.type ?? 'string') as CustomFieldType;
  const options = (Form.useWatch('options', form) ?? []) as OptionRow[];
  const lineTarget = Form.useWatch('target', form) as string | undefined;
  const lineKey = Form.useWatch('foreignKey', form) as string | undefined;
  // A built-in field's own settings are not offered (the override changes labels and the like), except its formula,
  // an attachment's limits and an autonumber's numbering.
  const ownParts = !builtin;
  // Lines take their default lines in their own part (field-default-lines.tsx); links have none.
  const valueless = FILLED_IN.has(type) || RELATIONS.has(type);
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<SaveProblems['general']>();
  const taken = useMemo(() => new Set(meta.fields.map((f) => f.name)), [meta.fields]);

  const save = async () => {
    let v: FieldValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const fieldName = name ?? v.name.trim();
    const definition = buildDefinition(v, original);
    const next: ExtensionDoc = builtin
      ? { ...(doc ?? {}), extends: entity, overrides: { ...((doc?.overrides as object) ?? {}), [fieldName]: overrideOf(definition, original, (doc?.overrides as Record<string, Record<string, unknown>> | undefined)?.[fieldName]) } }
      : { ...(doc ?? {}), extends: entity, fields: { ...(doc?.fields ?? {}), [fieldName]: definition } };
    setBusy(true);
    setGeneral(undefined);
    try {
      if (await saveWithPlan(modal, t, () => putAdminDocument('extensions', entity, next, true), () => putExtension(entity, next), (st) => (st.table === entity && st.column === fieldName ? `${entityLabel} · ${v.zh}` : subject(st)))) onSaved(fieldName);
    } catch (e) {
      const sorted = sortSaveProblems(t, e, fieldName, v.type);
      form.setFields(sorted.inputs);
      setGeneral(sorted.general);
    } finally {
      setBusy(false);
    }
  };

  const half = (item: ReactNode) => (
    <Col xs={24} md={12}>
      {item}
    </Col>
  );

  return (
    <Modal
      open
      width={760}
      title={builtin ? t('designer.overrideTitle', { field: label(original?.labels, name), entity: entityLabel }) : name ? t('fields.editTitle', { field: label(original?.labels, name), entity: entityLabel }) : t('fields.addTitle', { entity: entityLabel })}
      onCancel={() => !busy && onClose()}
      onOk={() => void save()}
      okText={t('record.save')}
      cancelText={t('shell.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'field-save' } as never}
      destroyOnHidden
      maskClosable={false}
    >
      <div data-testid="field-editor">
        {builtin && <Alert type="info" showIcon className="admin-alert" title={t('designer.overrideNote')} />}
        {general && (
          <Alert
            type="error"
            showIcon
            className="admin-alert"
            data-testid="field-problems"
            title={general.title}
            description={
              (general.reasons?.length || general.problems.length) > 0 && (
                <>
                  {general.reasons?.map((r) => (
                    <div key={r}>{r}</div>
                  ))}
                  <ProblemList problems={general.problems} />
                </>
              )
            }
          />
        )}
        <Form<FieldValues>
          form={form}
          name="custom_field"
          layout="vertical"
          initialValues={initial}
          requiredMark
          onValuesChange={(changed: Partial<FieldValues>) => {
            // A default of another type means nothing: start it again.
            if ('type' in changed) form.setFieldsValue({ default: undefined, target: undefined, required: FILLED_IN.has(changed.type!) || RELATIONS.has(changed.type!) ? false : form.getFieldValue('required') });
          }}
        >
          <Row gutter={16}>
            {half(
              <Form.Item
                name="name"
                label={t('fields.name')}
                extra={name ? undefined : t('fields.nameHelp')}
                rules={[
                  { required: true, message: t('fields.nameRequired') },
                  { pattern: NAME, message: t('fields.namePattern') },
                  { validator: async (_, v: string) => (!name && v && taken.has(v.trim()) ? Promise.reject(new Error(t('fields.nameTaken', { entity: entityLabel, name: v }))) : undefined) },
                ]}
              >
                <Input disabled={!!name} placeholder="key_industry" data-testid="field-name" autoComplete="off" />
              </Form.Item>,
            )}
            {half(
              <Form.Item name="type" label={t('fields.type')} rules={[{ required: true }]}>
                <Select data-testid="field-type" disabled={!!builtin} showSearch={{ optionFilterProp: 'label' }} options={(builtin && !CUSTOM_FIELD_TYPES.includes(type) ? [...CUSTOM_FIELD_TYPES, type] : CUSTOM_FIELD_TYPES).map((ft) => ({ value: ft, label: t(`fieldType.${ft}` as MessageKey) }))} />
              </Form.Item>,
            )}
            {half(
              <Form.Item name="zh" label={t('fields.labelZh')} rules={[{ required: true, whitespace: true, message: t('fields.labelRequired') }]}>
                <Input maxLength={100} data-testid="field-label-zh" />
              </Form.Item>,
            )}
            {half(
              <Form.Item name="en" label={t('fields.labelEn')} rules={[{ required: true, whitespace: true, message: t('fields.labelRequired') }]}>
                <Input maxLength={100} data-testid="field-label-en" />
              </Form.Item>,
            )}
            {builtin && !CUSTOM_FIELD_TYPES.includes(type)
              ? null
              : type === 'ref' || type === 'many_to_many'
              ? half(
                  <Form.Item name="target" label={t('fields.target')} rules={[{ required: true, message: t('fields.targetRequired') }]}>
                    <Select
                      data-testid="field-target"
                      disabled={!!builtin || (type === 'many_to_many' && !!name)}
                      showSearch={{ optionFilterProp: 'label' }}
                      placeholder={t('fields.targetPlaceholder')}
                      options={targets.map((e) => ({ value: e.name, label: label(e.labels, e.name) }))}
                    />
                  </Form.Item>,
                )
              : valueless
              ? null
              : half(
                  <Form.Item name="default" label={t('fields.default')} extra={t(type === 'json' ? 'fields.jsonDefaultHelp' : 'fields.defaultHelp')} rules={type === 'json' ? [{ validator: async (_, text: unknown) => jsonProblem(t, text) }] : []}>
                    <FieldDefaultInput type={type} options={options} />
                  </Form.Item>,
                )}
            {!FILLED_IN.has(type) && !RELATIONS.has(type) && half(
              <Form.Item name="required" label={t('fields.required')} valuePropName="checked" extra={t(type === 'ref' ? 'fields.requiredHelpRef' : 'fields.requiredHelp')}>
                <Switch data-testid="field-required" />
              </Form.Item>,
            )}
            {type === 'ref' &&
              !builtin &&
              half(
                <Form.Item name="onDelete" label={t('fields.onDelete')}>
                  <Select options={REF_ON_DELETE.map((o) => ({ value: o, label: t(`fields.onDelete.${o}`) }))} />
                </Form.Item>,
              )}
            {TEXTS.has(type) &&
              !builtin &&
              half(
                <Form.Item name="maxLength" label={t('fields.maxLength')}>
                  <InputNumber className="full-width" min={1} precision={0} placeholder={type === 'string' ? '255' : undefined} />
                </Form.Item>,
              )}
            {NUMBERS.has(type) && !builtin && (
              <>
                <Col xs={12} md={6}>
                  <Form.Item name="min" label={t('fields.min')}>
                    <InputNumber className="full-width" precision={type === 'integer' ? 0 : undefined} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item
                    name="max"
                    label={t('fields.max')}
                    dependencies={['min']}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: async (_, v: number | null) => {
                          const min = getFieldValue('min') as number | null;
                          if (typeof v === 'number' && typeof min === 'number' && v < min) throw new Error(t('fields.maxBelowMin'));
                        },
                      }),
                    ]}
                  >
                    <InputNumber className="full-width" precision={type === 'integer' ? 0 : undefined} />
                  </Form.Item>
                </Col>
              </>
            )}
          </Row>
          {ENUMS.has(type) && <FieldOptionsEditor />}
          {(ownParts || original?.formula !== undefined) && type === 'formula' && <FieldFormulaPart entity={entity} meta={meta} name={name} overriding={!!builtin} />}
          {ownParts && type === 'children' && <FieldChildrenPart entity={entity} entityLabel={entityLabel} targets={targets} fixed={!!name} />}
          {type === 'children' && <FieldDefaultLines target={builtin ? builtin.field.target : lineTarget} foreignKey={builtin ? builtin.field.foreignKey : lineKey} />}
          {ownParts && type === 'rollup' && <FieldRollupPart entity={entity} meta={meta} entityLabel={entityLabel} targets={targets} />}
          {type === 'attachment' && <FieldAttachmentPart />}
          {type === 'autonumber' && <FieldAutonumberPart entity={entity} name={name} />}
        </Form>
      </div>
    </Modal>
  );
}

/** Why a JSON default does not parse, said at its input; an empty one is no default. */
async function jsonProblem(t: Translate, text: unknown): Promise<void> {
  const problem = typeof text === 'string' ? jsonTextProblem(t, text) : undefined;
  if (problem) throw new Error(problem);
}

/** A built-in field's settings of its own type an override may change: kept in it only when changed (see overrideOf). */
const OWN_SETTINGS = ['formula', 'maxFiles', 'maxSize', 'accept', 'template', 'reset'] as const;

/** A built-in field as the editor's form reads it (the Model's definition, overrides included). */
function builtinDefinition({ field, default: d }: NonNullable<Props['builtin']>): CustomFieldDef {
  const formula = field.type === 'formula' && field.formula !== undefined ? { formula: field.formula, resultType: field.resultType as CustomFieldDef['resultType'] } : {};
  const own = Object.fromEntries(OWN_SETTINGS.filter((k) => k !== 'formula' && field[k] !== undefined).map((k) => [k, field[k]]));
  return { type: field.type as CustomFieldType, labels: field.labels, required: field.required, options: field.options, ...formula, ...own, ...(d !== undefined ? { default: d } : {}) };
}

/**
 * What an override may change of a built-in field: labels, required, default, options, and its type's own settings
 * (a formula, an attachment's limits, an autonumber's numbering). Those are kept in the override only when overridden
 * before or different now, so a later change of the shipped definition is not masked by a copy of the old one.
 */
function overrideOf(def: CustomFieldDef, before: CustomFieldDef | undefined, previous: Record<string, unknown> | undefined): Record<string, unknown> {
  const own = OWN_SETTINGS.filter((k) => def[k] !== undefined && (previous?.[k] !== undefined || JSON.stringify(def[k]) !== JSON.stringify(before?.[k])));
  return {
    labels: def.labels,
    ...(FILLED_IN.has(def.type) ? {} : { required: def.required === true }),
    ...(def.default !== undefined ? { default: def.default } : {}),
    ...(def.options ? { options: def.options } : {}),
    ...Object.fromEntries(own.map((k) => [k, def[k]])),
  };
}
