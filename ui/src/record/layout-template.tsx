// @rjsf ObjectFieldTemplate for forms with a metadata layout: the root object's fields placed into their tabs and
// sections, each section a grid of its column count. Every tab stays mounted (the one shown is chosen by the
// record page's tab bar), so switching tabs never loses input. Fields the layout places that are not form inputs
// (numbers, formulas, rollups, workflow states) show read-only in their place.
import type { ReactNode } from 'react';
import { Form, Typography } from 'antd';
import type { ObjectFieldTemplatePropertyType, ObjectFieldTemplateProps } from '@rjsf/utils';
import { getUiOptions } from '@rjsf/utils';
import type { EntityMeta, FieldMeta, RecordData } from '../api/types';
import { isComputed } from '../common/field-types';
import { FieldValue } from '../common/field-value';
import { useI18n } from '../i18n/i18n-context';
import { OTHER_SECTION, type ShownTab } from './layout';
import { AttachmentField } from './widgets/attachment-field';

export interface LayoutContext {
  /** The layout as shown for the current data, and the tab in front; absent: no layout, default form. */
  layout?: { tabs: ShownTab[]; active: string };
  meta?: EntityMeta;
  record?: RecordData;
  /** Narrow screens: one column whatever the section asks. */
  compact?: boolean;
  /** The form is read-only for this user (no uploads either). */
  readonly?: boolean;
}

const LABEL_COL = { span: 24 };

/** Inputs that need the section's whole width: long text, line grids, nested objects. */
function isWide(element: ObjectFieldTemplatePropertyType): boolean {
  const props = element.content.props as { schema?: { type?: unknown }; uiSchema?: Record<string, unknown> };
  const ui = getUiOptions(props.uiSchema ?? {});
  const type = props.schema?.type;
  return ui.widget === 'textarea' || ui.field === 'lines' || type === 'object' || (Array.isArray(type) && type.includes('object'));
}

function ReadOnlyItem({ field, record }: { field: FieldMeta; record?: RecordData }) {
  const { t, label } = useI18n();
  const value = record?.[field.name];
  return (
    <Form.Item label={label(field.labels, field.name)} labelCol={LABEL_COL} wrapperCol={LABEL_COL} className="layout-readonly" tooltip={field.description ? label(field.description) : undefined}>
      <div className="readonly-value" data-field={field.name}>
        {!record && isComputed(field) ? <Typography.Text type="secondary">{t('record.generatedOnSave')}</Typography.Text> : <FieldValue field={field} value={value} />}
      </div>
    </Form.Item>
  );
}

function Section({ tab, section, elements, ctx }: { tab: ShownTab; section: ShownTab['sections'][number]; elements: Map<string, ObjectFieldTemplatePropertyType>; ctx: LayoutContext }) {
  const { label } = useI18n();
  const cells: ReactNode[] = [];
  for (const name of section.fields) {
    const element = elements.get(name);
    if (element) {
      if (element.hidden) continue;
      cells.push(
        <div key={name} className={isWide(element) ? 'layout-cell layout-cell-wide' : 'layout-cell'}>
          {element.content}
        </div>,
      );
      continue;
    }
    const field = ctx.meta?.fields.find((f) => f.name === name);
    if (field?.type === 'attachment' && ctx.meta) {
      cells.push(
        <div key={name} className="layout-cell layout-cell-wide">
          <AttachmentField entity={ctx.meta.name} recordId={ctx.record?.id} field={field} writable={!ctx.readonly && field.writable !== false} />
        </div>,
      );
      continue;
    }
    if (field && field.type !== 'children') {
      cells.push(
        <div key={name} className="layout-cell">
          <ReadOnlyItem field={field} record={ctx.record} />
        </div>,
      );
    }
  }
  if (!cells.length) return null;
  const columns = ctx.compact ? 1 : section.columns;
  const title = label(section.labels);
  return (
    <section className={`layout-section${section.id === OTHER_SECTION ? ' layout-section-other' : ''}`} data-testid={`section-${tab.id}-${section.id}`}>
      {title && <div className="layout-section-title">{title}</div>}
      <div className={`layout-grid layout-cols-${columns}`}>{cells}</div>
    </section>
  );
}

export function LayoutObjectTemplate(props: ObjectFieldTemplateProps) {
  const ctx = (props.registry.formContext ?? {}) as LayoutContext;
  // Only the record itself is laid out; a nested object (none today) lists its fields.
  if (!ctx.layout || props.fieldPathId.path.length > 0) {
    return <div className="nested-object">{props.properties.filter((p) => !p.hidden).map((p) => <div key={p.name}>{p.content}</div>)}</div>;
  }
  const elements = new Map(props.properties.map((p) => [p.name, p]));
  return (
    <div className="form-layout">
      {ctx.layout.tabs.map((tab) => (
        <div key={tab.id} className="layout-tab" data-testid={`layout-tab-${tab.id}`} hidden={tab.id !== ctx.layout!.active}>
          {tab.sections.map((s) => (
            <Section key={s.id} tab={tab} section={s} elements={elements} ctx={ctx} />
          ))}
        </div>
      ))}
    </div>
  );
}
