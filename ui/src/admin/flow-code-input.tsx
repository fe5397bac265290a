// A code naming something inside a flow (a fact, a step, a created-records rule): typed freely, taken into the
// draft once it follows the metadata's pattern and is new among its siblings; until then it says why, and publishing waits.
import { useEffect, useState } from 'react';
import { Input, Typography } from 'antd';
import { useI18n } from '../i18n/i18n-context';
import { codeProblem } from './flow-edit';
import { useReportUnfinished } from './flow-draft-errors';

interface Props {
  value: string;
  /** The sibling codes it must differ from (its own value left out). */
  taken: readonly string[];
  /** Where the code sits, to say which box is unfinished. */
  pointer: string;
  onChange(code: string): void;
  testId?: string;
}

export function FlowCodeInput({ value, taken, pointer, onChange, testId }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const problem = text === value ? undefined : codeProblem(text, taken);
  useReportUnfinished(pointer, !!problem);
  return (
    <>
      <Input
        size="small"
        className="flow-code-input"
        value={text}
        status={problem ? 'error' : undefined}
        placeholder={t('flows.code')}
        onChange={(e) => {
          setText(e.target.value);
          if (!codeProblem(e.target.value, taken)) onChange(e.target.value);
        }}
        data-testid={testId}
      />
      {problem && <Typography.Text type="danger">{t(problem)}</Typography.Text>}
    </>
  );
}
