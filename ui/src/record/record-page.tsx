// One record in a tab (or a new one): header with key fields and buttons, then details (the generated form plus
// computed and system fields), related records and change history.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Grid, Spin, Tabs } from 'antd';
import { DeleteOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { deleteRecord } from '../api/records-api';
import type { EntityMeta, EntitySummary } from '../api/types';
import { can } from '../auth/permissions';
import { useMe } from '../auth/session-context';
import { errorText } from '../common/error-text';
import { displayOf } from '../common/ref-names';
import { useEntityMeta, useEntitySummaries } from '../common/use-meta';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import { useTabs } from '../shell/tabs-context';
import { fetchWorkflow } from '../api/workflow-api';
import { useAsync } from '../common/use-async';
import { ConflictDialog } from './conflict-dialog';
import { discardDraft } from './draft-store';
import { HistoryTab } from './history-tab';
import { ApprovalTimeline, ApprovalWaiting } from './approval-timeline';
import { RecordForm } from './record-form';
import { RecordHeader } from './record-header';
import { RelatedLists } from './related-lists';
import { SystemInfo } from './system-info';
import { useRecordEditor } from './use-record-editor';
import { WorkflowActions } from './workflow-actions';

interface Props {
  tabKey: string;
  entity: string;
  id?: string;
  draftKey?: string;
  defaults?: Record<string, unknown>;
}

export function RecordPage(props: Props) {
  const meta = useEntityMeta(props.entity);
  const summaries = useEntitySummaries();
  const { t } = useI18n();
  if (meta.error || summaries.error) return <Alert type="error" showIcon title={errorText(t, meta.error ?? summaries.error)} className="page-alert" />;
  if (!meta.data || !summaries.data) return <Spin className="tab-loading" />;
  return <LoadedRecord {...props} meta={meta.data} summaries={summaries.data} />;
}

function LoadedRecord({ tabKey, entity, id, draftKey, defaults, meta, summaries }: Props & { meta: EntityMeta; summaries: Map<string, EntitySummary> }) {
  const { t, label } = useI18n();
  const me = useMe();
  const tabs = useTabs();
  const { modal, message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [tab, setTab] = useState('details');
  const [historyKey, setHistoryKey] = useState(0);
  const editor = useRecordEditor({ meta, summaries, tabKey, entity, id, draftKey, defaults, onInvalid: () => setTab('details') });
  const { record } = editor;
  const canEdit = id ? can(me, entity, 'update') : can(me, entity, 'create');
  const title = record ? displayOf(record, meta.displayField) || record.id.slice(0, 8) : id ? label(meta.labels, entity) : t('record.newTitle', { entity: label(meta.labels, entity) });
  useEffect(() => tabs.setTitle(tabKey, title), [tabs, tabKey, title]);
  useEffect(() => setHistoryKey((k) => k + 1), [record?.version]);
  // The workflow view (state, my actions, approval) follows the record; an approval step may not change the record,
  // so an action also asks again explicitly.
  const [wfNonce, setWfNonce] = useState(0);
  const hasWorkflow = !!id && !!meta.workflows?.length;
  const workflow = useAsync(() => (hasWorkflow ? fetchWorkflow(entity, id!).catch(() => undefined) : Promise.resolve(undefined)), [hasWorkflow, entity, id, record?.version, wfNonce]);
  const afterAction = () => {
    setWfNonce((n) => n + 1);
    editor.reload();
  };
  // After a refused save, bring the first marked field into view (it may be far down a long form).
  const pageRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!Object.keys(editor.errors.tree).length) return;
    const timer = setTimeout(() => pageRef.current?.querySelector('.ant-form-item-has-error, .line-cell-error')?.scrollIntoView({ block: 'center', behavior: 'smooth' }), 50);
    return () => clearTimeout(timer);
  }, [editor.errors]);
  const savedLines = useMemo(
    () => Object.fromEntries(meta.fields.filter((f) => f.type === 'children').map((f) => [f.name, (record?.[f.name] as Record<string, unknown>[] | undefined) ?? []])),
    [meta, record],
  );

  if (editor.loadError) return <Alert type="error" showIcon title={errorText(t, editor.loadError)} className="page-alert" />;
  // The form waits for the load: it must start from the restored draft, not fill in defaults of its own first.
  if (editor.loading && !record) return <Spin className="tab-loading" />;

  const remove = () =>
    modal.confirm({
      title: t('record.confirmDelete', { title }),
      okButtonProps: { danger: true },
      okText: t('record.delete'),
      cancelText: t('shell.cancel'),
      onOk: async () => {
        try {
          await deleteRecord(entity, id!);
          discardDraft(me.user.id, { entity, id: id! });
          message.success(t('record.deleted'));
          tabs.setDirty(tabKey, false);
          tabs.close(tabKey);
        } catch (e) {
          message.error(errorText(t, e));
        }
      },
    });

  const buttons = (
    <>
      {id && (
        <Button icon={<ReloadOutlined />} onClick={editor.reload}>
          {t('record.reload')}
        </Button>
      )}
      {id && can(me, entity, 'delete') && (
        <Button danger icon={<DeleteOutlined />} onClick={remove}>
          {t('record.delete')}
        </Button>
      )}
      {canEdit && (
        <Button type="primary" icon={<SaveOutlined />} loading={editor.saving} disabled={!!id && !editor.dirty} onClick={() => void editor.save()} data-testid="record-save">
          {t('record.save')}
        </Button>
      )}
    </>
  );
  const view = workflow.data;

  const details = (
    <div className="record-details">
      {view && <ApprovalWaiting view={view} />}
      {record && <SystemInfo meta={meta} record={record} part="computed" />}
      <RecordForm
        idPrefix={`f_${tabKey.replace(/[^a-z0-9]/gi, '_')}`}
        meta={meta}
        data={editor.data}
        onChange={editor.change}
        errors={editor.errors.tree}
        readonly={!canEdit}
        savedLines={savedLines}
        compact={!screens.md}
      />
      {record && <SystemInfo meta={meta} record={record} part="system" />}
    </div>
  );

  return (
    <div className="record-page" data-testid={`record-${entity}`} ref={pageRef}>
      <RecordHeader meta={meta} title={title} record={record} buttons={buttons} extra={view && <WorkflowActions meta={meta} id={id!} view={view} dirty={editor.dirty} canPickUsers={summaries.has('app_user')} onDone={afterAction} />} />
      {editor.restoredAt && (
        <Alert
          className="draft-notice"
          type="info"
          showIcon
          data-testid="draft-notice"
          title={t('record.draftRestored', { time: formatDateTime(editor.restoredAt) })}
          action={
            <Button size="small" onClick={editor.discardDraft} data-testid="discard-draft">
              {t('record.discardDraft')}
            </Button>
          }
        />
      )}
      {id && !canEdit && <Alert className="readonly-notice" type="warning" showIcon title={t('record.readOnlyNotice')} />}
      {editor.errors.unmapped.length > 0 && <Alert className="form-errors" type="error" showIcon title={t('record.otherErrors')} description={editor.errors.unmapped.join(';')} />}
      {id ? (
        <Tabs
          className="record-tabs"
          size="small"
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'details', label: t('record.tab.details'), children: details },
            ...(view ? [{ key: 'workflow', label: t('workflow.tab'), children: <ApprovalTimeline meta={meta} view={view} /> }] : []),
            { key: 'related', label: t('record.tab.related'), children: <RelatedLists meta={meta} summaries={summaries} id={id} /> },
            { key: 'history', label: t('record.tab.history'), children: <HistoryTab meta={meta} id={id} refreshKey={historyKey} /> },
          ]}
        />
      ) : (
        details
      )}
      <ConflictDialog conflict={editor.conflict} busy={editor.saving} onReload={editor.reload} onKeepMine={() => void editor.keepMine()} onCancel={editor.cancelConflict} />
    </div>
  );
}
