// The formula box (antd passes value / onChange through): an Excel-like expression with a field picker that
// inserts [label] at the cursor (a button: antd would paint a select red with the box's error), or, for a formula the expression cannot say, its JSON; either way what it reads as
// travels with the text, so the form item's validator shows the first mistake under the box.
import { useRef } from 'react';
import { Button, Dropdown, Input, Space } from 'antd';
import { CodeOutlined, FunctionOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n-context';
import { fieldLabels, openDraft, readDraft, type FormulaDraft } from './formula-draft';
import type { FormulaField } from './formula-parse';

interface Props {
  value?: FormulaDraft;
  onChange?(draft: FormulaDraft): void;
  fields: readonly FormulaField[];
  id?: string;
}

export function FormulaInput({ value, onChange, fields, id }: Props) {
  const { t, label } = useI18n();
  const caret = useRef<number>(undefined);
  const draft = value ?? { mode: 'text', text: '' };
  const set = (next: FormulaDraft) => onChange?.(next);
  const asText = draft.mode === 'json' && draft.logic !== undefined ? openDraft(draft.logic, fields) : undefined;

  const insert = (code: string) => {
    const field = fields.find((f) => f.code === code);
    if (!field) return;
    const name = `[${label(fieldLabels(field), field.code)}]`;
    const at = Math.min(caret.current ?? draft.text.length, draft.text.length);
    caret.current = at + name.length;
    set(readDraft('text', draft.text.slice(0, at) + name + draft.text.slice(at), fields));
  };

  return (
    <div className="formula-input">
      <Input.TextArea
        id={id}
        value={draft.text}
        rows={draft.mode === 'json' ? 6 : 3}
        className={draft.mode === 'json' ? 'code-input' : 'formula-text'}
        placeholder={draft.mode === 'text' ? t('formula.placeholder') : undefined}
        spellCheck={false}
        onChange={(e) => {
          caret.current = e.target.selectionStart;
          set(readDraft(draft.mode, e.target.value, fields));
        }}
        onSelect={(e) => (caret.current = e.currentTarget.selectionStart)}
        data-testid="formula-text"
      />
      <Space wrap className="formula-tools">
        {draft.mode === 'text' && (
          <Dropdown
            trigger={['click']}
            menu={{ items: fields.map((f) => ({ key: f.code, label: label(fieldLabels(f), f.code) })), onClick: ({ key }) => insert(key), className: 'formula-insert-menu' }}
          >
            <Button size="small" icon={<FunctionOutlined />} data-testid="formula-insert">
              {t('formula.insertField')}
            </Button>
          </Dropdown>
        )}
        {draft.mode === 'text' ? (
          <Button type="link" size="small" icon={<CodeOutlined />} disabled={draft.logic === undefined} onClick={() => set(readDraft('json', JSON.stringify(draft.logic, null, 2), fields))}>
            {t('formula.asJson')}
          </Button>
        ) : (
          <Button type="link" size="small" disabled={asText?.mode !== 'text'} title={asText?.mode === 'text' ? undefined : t('formula.jsonOnly')} onClick={() => asText && set(asText)}>
            {t('formula.asText')}
          </Button>
        )}
      </Space>
    </div>
  );
}
