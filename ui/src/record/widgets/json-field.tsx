// @rjsf field "json": a JSON field without a schema of its own (any JSON value) edited as text, since @rjsf has no
// control for a value of no declared type. Text that does not read as JSON is said so at the field and the record
// keeps its last valid value.
import { useEffect, useRef, useState } from 'react';
import { Form, Input } from 'antd';
import type { FieldProps } from '@rjsf/utils';
import { jsonTextProblem } from '../../common/json-text';
import { useI18n } from '../../i18n/i18n-context';

const asText = (value: unknown) => (value === undefined || value === null ? '' : JSON.stringify(value, null, 2));

export function JsonField({ schema, formData, onChange, errorSchema, fieldPathId, disabled, readonly, name }: FieldProps) {
  const { t } = useI18n();
  const [text, setText] = useState(() => asText(formData));
  // A reload or a restored draft replaces the value from outside: the text follows it, but not the value just typed.
  const typed = useRef(asText(formData));
  useEffect(() => {
    if (asText(formData) !== typed.current) setText((typed.current = asText(formData)));
  }, [formData]);
  const problem = jsonTextProblem(t, text);
  const errors = [...(problem ? [problem] : []), ...((errorSchema?.__errors as string[] | undefined) ?? [])];
  const edit = (next: string) => {
    setText(next);
    if (jsonTextProblem(t, next) !== undefined) return;
    const value: unknown = next.trim() ? JSON.parse(next) : undefined;
    typed.current = asText(value);
    onChange(value, fieldPathId.path);
  };
  return (
    <Form.Item layout="vertical" label={schema.title ?? name} htmlFor={fieldPathId.$id} validateStatus={errors.length ? 'error' : undefined} help={errors.join(';') || undefined}>
      <Input.TextArea id={fieldPathId.$id} className="json-input" autoSize={{ minRows: 3, maxRows: 12 }} value={text} disabled={disabled} readOnly={readonly} onChange={(e) => edit(e.target.value)} />
    </Form.Item>
  );
}
