// The report builder's boxes for an opened report's parameters (a date also as a relative period, counted from today):
// the live preview and the exports run with the values chosen here. The boxes are the schedule dialog's.
import { Form } from 'antd';
import type { ReportDefinition } from '../api/reports-api';
import { filledValues, ParameterInputs } from './parameter-inputs';

interface Props {
  parameters: NonNullable<ReportDefinition['parameters']>;
  onChange(values: Record<string, unknown>): void;
}

export function BuilderParameters({ parameters, onChange }: Props) {
  return (
    <Form layout="vertical" className="report-parameters" onValuesChange={(_, all: { parameters?: Record<string, unknown> }) => onChange(filledValues(all.parameters))}>
      <ParameterInputs parameters={parameters} hint="reports.parametersHint" testPrefix="report" />
    </Form>
  );
}
