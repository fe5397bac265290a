// A calculated value in a flow (an effect's value, a timer's duration): the formula box of the field designer over
// the flow entity's fields (an expression, or JSON for what the expression cannot say, e.g. $facts or today), with its
// first mistake under it. Only a formula that reads reaches the draft; until then publishing waits.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Typography } from 'antd';
import type { FieldMeta } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { draftErrorText, formulaFieldsOf, FormulaInput, openDraft, type FormulaDraft } from './formula';
import { useReportUnfinished } from './flow-draft-errors';

interface Props {
  value: unknown;
  fields: FieldMeta[];
  /** Where the value sits in the flow document, to say which box is unfinished. */
  pointer: string;
  onChange(logic: unknown): void;
}

export function FlowFormula({ value, fields, pointer, onChange }: Props) {
  const { t } = useI18n();
  const formulaFields = useMemo(() => formulaFieldsOf(fields), [fields]);
  const [draft, setDraft] = useState<FormulaDraft>(() => openDraft(value, formulaFields));
  const sent = useRef(value);
  // A value from outside (another element, the server's version) opens afresh; what this box sent comes back equal.
  useEffect(() => {
    if (JSON.stringify(value) === JSON.stringify(sent.current)) return;
    sent.current = value;
    setDraft(openDraft(value, formulaFields));
  }, [value, formulaFields]);
  useReportUnfinished(pointer, !!draft.error);
  return (
    <div className="flow-formula" data-testid="flow-formula">
      <FormulaInput
        value={draft}
        fields={formulaFields}
        onChange={(next) => {
          setDraft(next);
          if (next.error || next.logic === undefined) return;
          sent.current = next.logic;
          onChange(next.logic);
        }}
      />
      {draft.error && (
        <Typography.Text type="danger" data-testid="flow-formula-error">
          {draftErrorText(t, draft.error)}
        </Typography.Text>
      )}
    </div>
  );
}
