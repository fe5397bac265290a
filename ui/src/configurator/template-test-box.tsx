// 试配置: the template as it stands in the editor (unsaved edits included) configured by the server's dry run
// (POST /api/configurator/try): choose per segment, enter parameters and a quantity, and see the model code and price,
// or the rules that refuse the combination. Problems in the template itself go back to the editor's cells.
import { useState } from 'react';
import { Button, Card, Col, Form, InputNumber, Row, Select } from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import type { Choices, Configuration, ParameterValues, TemplateDocument } from '../api/configurator-api';
import { tryTemplate } from '../api/rule-try-api';
import type { ErrorDetail } from '../api/types';
import { errorText } from '../common/error-text';
import { useI18n } from '../i18n/i18n-context';
import { ConfigurationResult } from './configuration-result';
import { ParameterInputs } from './parameter-inputs';

interface Props {
  doc: TemplateDocument;
  /** The template's own problems (pointers into the document), for the editor to show on its cells. */
  onTemplateProblems(problems: ErrorDetail[]): void;
}

export function TemplateTestBox({ doc, onTemplateProblems }: Props) {
  const { t, label } = useI18n();
  const [choices, setChoices] = useState<Choices>({});
  const [parameters, setParameters] = useState<ParameterValues>({});
  const [quantity, setQuantity] = useState(1);
  const [outcome, setOutcome] = useState<{ result?: Configuration; problems: string[] }>();
  const [busy, setBusy] = useState(false);
  const choose = (segment: string, v: string | string[] | undefined) => {
    const next = { ...choices };
    if (v === undefined || (Array.isArray(v) && !v.length)) delete next[segment];
    else next[segment] = v;
    setChoices(next);
  };
  const run = async () => {
    setBusy(true);
    try {
      setOutcome({ result: await tryTemplate(doc, { choices, parameters, quantity }), problems: [] });
      onTemplateProblems([]);
    } catch (e) {
      const details = e instanceof ApiError && e.status === 422 ? e.details : [];
      const inTemplate = details.filter((d) => d.path?.startsWith('/document'));
      onTemplateProblems(inTemplate.map((d) => ({ ...d, path: d.path!.slice('/document'.length) })));
      setOutcome({ problems: inTemplate.length ? [t('cfged.testTemplateInvalid')] : details.length ? details.map((d) => d.message) : [errorText(t, e)] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" className="cfg-card" title={t('cfged.test')} data-testid="cfg-test-box">
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form layout="vertical">
            {doc.segments.filter((s) => s.code).map((s) => (
              <Form.Item key={s.code} label={label(s.labels, s.code)} htmlFor={`cfg-test-${s.code}`}>
                <Select<string | string[]>
                  id={`cfg-test-${s.code}`}
                  mode={s.multiple ? 'multiple' : undefined}
                  allowClear
                  placeholder={t('cfg.choose')}
                  value={choices[s.code]}
                  options={s.options.filter((o) => o.code).map((o) => ({ value: o.code, label: `${o.code} ${label(o.labels, '')}`.trim() }))}
                  onChange={(v) => choose(s.code, v)}
                />
              </Form.Item>
            ))}
            <Form.Item label={t('cfg.quantity')}>
              <InputNumber min={1} precision={0} value={quantity} onChange={(v) => setQuantity(v ?? 1)} />
            </Form.Item>
          </Form>
          {(doc.parameters ?? []).length > 0 && <ParameterInputs parameters={(doc.parameters ?? []).filter((p) => p.code)} values={parameters} onChange={setParameters} />}
          <Button type="primary" ghost icon={<ExperimentOutlined />} loading={busy} onClick={() => void run()} data-testid="cfg-test-run">
            {t('cfged.testRun')}
          </Button>
        </Col>
        <Col xs={24} md={12}>{outcome ? <ConfigurationResult template={doc} result={outcome.result} missing={[]} problems={outcome.problems} /> : <span className="value-empty">{t('cfged.testHint')}</span>}</Col>
      </Row>
    </Card>
  );
}
