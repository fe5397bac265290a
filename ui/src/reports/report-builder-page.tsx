// 报表专家: the report builder. Pick an entity, groups, measures, filters, pivot, sort and chart; the preview runs
// the definition live under the user's own rights (an opened report's parameters with the values in its boxes); save it as my report (shared with roles or departments), open
// saved ones, export to CSV / XLSX; clicking a segment opens its records.
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Col, Empty, List, Popconfirm, Row, Space, Tag, Typography } from 'antd';
import { ClockCircleOutlined, DeleteOutlined, DownloadOutlined, SaveOutlined } from '@ant-design/icons';
import { deleteReport, downloadReport, listReports, runDefinition, type ReportResult, type SavedReport } from '../api/reports-api';
import { errorText } from '../common/error-text';
import { saveFile } from '../common/save-file';
import { useAsync } from '../common/use-async';
import { useEntityMeta, useEntitySummaries } from '../common/use-meta';
import { useMe } from '../auth/session-context';
import { can } from '../auth/permissions';
import { useI18n } from '../i18n/i18n-context';
import { useTabs } from '../shell/tabs-context';
import { chartOf, EMPTY_STATE, fromDefinition, toDefinition, type BuilderState } from './builder-state';
import { BuilderParameters } from './builder-parameters';
import { DefinitionEditor } from './definition-editor';
import { missingParameters, parametersText } from './parameter-inputs';
import { segmentTab } from './open-segment';
import { ReportChart, ReportTable } from './report-chart';
import { orderedRows } from './report-values';
import { ReportSchedulesDialog } from './report-schedules-dialog';
import { SaveReportDialog } from './save-report-dialog';

export function ReportBuilderPage() {
  const i18n = useI18n();
  const { t, label, locale } = i18n;
  const me = useMe();
  const tabs = useTabs();
  const { message } = App.useApp();
  const [state, setState] = useState<BuilderState>(EMPTY_STATE);
  const [editing, setEditing] = useState<SavedReport>();
  const [saving, setSaving] = useState(false);
  // The saved report open in the builder; its owner (an administrator for a built-in one) may schedule it (定时发送).
  const [opened, setOpened] = useState<SavedReport>();
  const [scheduling, setScheduling] = useState(false);
  const summaries = useEntitySummaries().data;
  const entities = useMemo(() => [...(summaries?.values() ?? [])].filter((e) => can(me, e.name, 'read') && e.module !== 'system'), [summaries, me]);
  const meta = useEntityMeta(state.entity ?? '');
  const fields = state.entity && meta.data?.name === state.entity ? meta.data.fields : [];
  const definition = useMemo(() => toDefinition(state, fields), [state, fields]);
  const chart = definition ? chartOf(state, definition) : { type: state.chart };
  const saved = useAsync(() => listReports(), [locale]);
  // An opened report's parameter values (only its own: a new report or another entity has none); a run waits until
  // the required ones are given.
  const [given, setValues] = useState<Record<string, unknown>>({});
  // Opening a report (again) starts its boxes afresh.
  const [openings, setOpenings] = useState(0);
  const parameters = useMemo(() => definition?.parameters ?? [], [definition]);
  const values = useMemo(() => Object.fromEntries(parameters.filter((p) => given[p.name] !== undefined).map((p) => [p.name, given[p.name]])), [parameters, given]);
  const waiting = missingParameters(parameters, values).length > 0;

  const [preview, setPreview] = useState<{ result?: ReportResult; error?: unknown; loading: boolean }>({ loading: false });
  const key = JSON.stringify(definition);
  const valuesKey = JSON.stringify(values);
  useEffect(() => {
    if (!definition || waiting) return setPreview({ loading: false });
    setPreview((p) => ({ ...p, loading: true }));
    let live = true;
    // Typing in the filter must not send a request per keystroke.
    const timer = setTimeout(() => runDefinition(definition, values).then((result) => live && setPreview({ result, loading: false }), (error: unknown) => live && setPreview({ error, loading: false })), 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, valuesKey]);

  const open = (r: SavedReport) => {
    setState(fromDefinition(r.definition, r.chart));
    setValues({});
    setOpenings((n) => n + 1);
    setEditing(r.editable ? r : undefined);
    setOpened(r);
  };
  const schedulable = opened && (opened.editable || (opened.source === 'metadata' && me.permissions.functions.includes('metadata'))) ? opened : undefined;
  const download = async (format: 'csv' | 'xlsx') => {
    if (!definition) return;
    try {
      const answer = await downloadReport(editing && key === JSON.stringify(editing.definition) ? { code: editing.code } : { definition }, values, format);
      if ('accepted' in answer) {
        // Above the export approval threshold the server filed an export request (导出申请) instead, as for a list.
        const request = answer.accepted.data;
        message.info({ content: <span data-testid="export-approval-needed">{t('exportApproval.filed', { rows: request.row_count.toLocaleString('en-US'), threshold: (request.threshold ?? 0).toLocaleString('en-US') })}</span>, duration: 8 });
        return;
      }
      saveFile(answer.blob, answer.filename);
    } catch (e) {
      message.error(errorText(t, e));
    }
  };
  const remove = async (r: SavedReport) => {
    try {
      await deleteReport(r.code);
      if (editing?.code === r.code) setEditing(undefined);
      if (opened?.code === r.code) setOpened(undefined);
      saved.reload();
    } catch (e) {
      message.error(errorText(t, e));
    }
  };
  const result = preview.result;
  const rows = result ? orderedRows(result, !!definition?.sort?.length) : [];
  const onSegment = (row: Record<string, unknown>) => {
    if (!definition || !result) return;
    const spec = segmentTab(editing?.label ?? t('reports.preview'), definition, result, row, locale, t('reports.empty'));
    if (spec) tabs.open(spec);
  };

  return (
    <div className="report-builder" data-testid="report-builder">
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={6}>
          <Card size="small" title={t('reports.savedList')} data-testid="saved-reports">
            <List
              size="small"
              loading={saved.loading}
              dataSource={saved.data ?? []}
              locale={{ emptyText: t('reports.noSaved') }}
              renderItem={(r) => (
                <List.Item
                  actions={
                    r.editable
                      ? [
                          <Popconfirm key="del" title={t('reports.confirmDelete', { name: r.label })} onConfirm={() => void remove(r)} okText={t('reports.delete')} cancelText={t('reports.cancel')}>
                            <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('reports.delete')} />
                          </Popconfirm>,
                        ]
                      : []
                  }
                >
                  <Space direction="vertical" size={0}>
                    <Typography.Link onClick={() => open(r)} data-testid={`saved-report-${r.code}`}>
                      {r.label}
                    </Typography.Link>
                    <Space size={4}>
                      <Typography.Text type="secondary">{label(summaries?.get(r.entity)?.labels, r.entity)}</Typography.Text>
                      <Tag>{r.source === 'metadata' ? t('reports.builtIn') : r.editable ? t('reports.mine') : t('reports.sharedWithMe')}</Tag>
                    </Space>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={18}>
          <Card
            size="small"
            title={editing ? editing.label : t('reports.newReport')}
            extra={
              <Space>
                {editing && <Button onClick={() => (setEditing(undefined), setOpened(undefined), setState(EMPTY_STATE))}>{t('reports.newReport')}</Button>}
                {schedulable && (
                  <Button icon={<ClockCircleOutlined />} onClick={() => setScheduling(true)} data-testid="report-schedule-open">
                    {t('schedules.button')}
                  </Button>
                )}
                <Button icon={<DownloadOutlined />} disabled={!result} onClick={() => void download('xlsx')} data-testid="report-export-xlsx">
                  {t('reports.exportXlsx')}
                </Button>
                <Button icon={<DownloadOutlined />} disabled={!result} onClick={() => void download('csv')}>
                  {t('reports.exportCsv')}
                </Button>
                <Button type="primary" icon={<SaveOutlined />} disabled={!result} onClick={() => setSaving(true)} data-testid="report-save">
                  {editing ? t('reports.saveChanges') : t('reports.saveAs')}
                </Button>
              </Space>
            }
          >
            <Row gutter={16}>
              <Col xs={24} lg={10}>
                <DefinitionEditor state={state} onChange={setState} entities={entities} meta={state.entity ? meta.data : undefined} />
              </Col>
              <Col xs={24} lg={14} data-testid="report-preview">
                {parameters.length > 0 && <BuilderParameters key={openings} parameters={parameters} onChange={setValues} />}
                <Typography.Title level={5}>{t('reports.preview')}</Typography.Title>
                {!definition ? (
                  <Empty description={t('reports.startHint')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
                ) : waiting ? (
                  <Empty description={t('reports.parametersNeeded')} image={Empty.PRESENTED_IMAGE_SIMPLE} data-testid="report-parameters-needed" />
                ) : preview.error ? (
                  <Typography.Text type="danger" data-testid="report-error">{errorText(t, preview.error)}</Typography.Text>
                ) : (
                  result && (
                    <>
                      {result.parameters && (
                        <Typography.Paragraph type="secondary" data-testid="report-parameters-used">
                          {t('schedules.parametersUsed', { values: parametersText(parameters, result.parameters, i18n) })}
                        </Typography.Paragraph>
                      )}
                      {chart.type !== 'table' && chart.type !== 'pivot' && <ReportChart result={result} rows={rows} chart={chart} onSegment={onSegment} testId="report-preview-chart" />}
                      <ReportTable result={result} rows={rows} onSegment={onSegment} testId="report-preview-table" />
                      {result.truncated && <Typography.Text type="secondary">{t('reports.truncated')}</Typography.Text>}
                    </>
                  )
                )}
              </Col>
            </Row>
          </Card>
        </Col>
      </Row>
      {definition && (
        <SaveReportDialog
          open={saving}
          definition={definition}
          chart={chart}
          editing={editing}
          onClose={() => setSaving(false)}
          onSaved={(r) => {
            setSaving(false);
            setEditing(r);
            setOpened(r);
            saved.reload();
          }}
        />
      )}
      {schedulable && <ReportSchedulesDialog report={schedulable} open={scheduling} onClose={() => setScheduling(false)} />}
    </div>
  );
}
