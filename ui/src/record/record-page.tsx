// One record in a tab (or a new one): header with key fields and buttons, then details (the generated form plus
// computed and system fields), related records and change history.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Badge, Button, Grid, Spin, Tabs } from 'antd';
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
import { TimelineTab, timelineRelationsOf } from '../timeline';
import { fetchWorkflow } from '../api/workflow-api';
import { useAsync } from '../common/use-async';
import { messagesMayHaveChanged } from '../shell/messages-store';
import { ConflictDialog } from './conflict-dialog';
import { discardDraft } from './draft-store';
import { HistoryTab } from './history-tab';
import { ApprovalTimeline, ApprovalWaiting } from './approval-timeline';
import { DuplicateNotice } from './duplicate-notice';
import { RecordForm } from './record-form';
import { RecordHeader } from './record-header';
import { RelatedLists } from './related-lists';
import { SystemInfo } from './system-info';
import { layoutKey, placedFields, ruleData, shownLayout, tabWith } from './layout';
import type { MappedErrors } from './server-errors';
import { useRecordEditor } from './use-record-editor';
import { WorkflowActions } from './workflow-actions';
import { AttachmentFields } from './widgets/attachment-field';

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

// Tabs of the form layout share the record page's tab bar with 审批流程 / 相关记录 / 变更历史; their keys carry this prefix.
const FORM_TAB = 'form:';

function LoadedRecord({ tabKey, entity, id, draftKey, defaults, meta, summaries }: Props & { meta: EntityMeta; summaries: Map<string, EntitySummary> }) {
  const { t, label } = useI18n();
  const me = useMe();
  const tabs = useTabs();
  const { modal, message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const hasLayout = !!meta.layout?.length;
  const [tab, setTab] = useState(() => (hasLayout ? `${FORM_TAB}${meta.layout![0]!.id}` : 'details'));
  const [historyKey, setHistoryKey] = useState(0);
  // The shown layout, read by the editor's refusal handler to bring the first marked field's tab to the front.
  const shownRef = useRef<ReturnType<typeof shownLayout>>([]);
  const onInvalid = (errors: MappedErrors) => {
    if (!hasLayout) return setTab('details');
    const target = tabWith(shownRef.current, Object.keys(errors.tree)) ?? shownRef.current[0]?.id;
    if (target) setTab(`${FORM_TAB}${target}`);
  };
  const editor = useRecordEditor({ meta, summaries, tabKey, entity, id, draftKey, defaults, onInvalid });
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
    // An action usually sends someone a message (possibly me: a returned document, a finished approval).
    messagesMayHaveChanged();
  };
  // After a refused save, bring the first marked field into view (it may be far down a long form).
  const pageRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!Object.keys(editor.errors.tree).length) return;
    const timer = setTimeout(() => pageRef.current?.querySelector('.layout-tab:not([hidden]) .ant-form-item-has-error, .record-form > form > .ant-form-item-has-error, .ant-form-item-has-error, .line-cell-error')?.scrollIntoView({ block: 'center', behavior: 'smooth' }), 50);
    return () => clearTimeout(timer);
  }, [editor.errors]);
  const savedLines = useMemo(
    () => Object.fromEntries(meta.fields.filter((f) => f.type === 'children').map((f) => [f.name, (record?.[f.name] as Record<string, unknown>[] | undefined) ?? []])),
    [meta, record],
  );

  // The layout as the data being typed makes it: sections and tabs come and go with their visibleWhen.
  const otherText = t('record.otherSection');
  const shownNow = useMemo(
    () => (hasLayout ? shownLayout(meta, ruleData(record, editor.data), { 'zh-CN': otherText, en: otherText }) : []),
    [hasLayout, meta, record, editor.data, otherText],
  );
  const shapeKey = `${layoutKey(shownNow)}#${otherText}`;
  // Rebuilt only when what is shown changes, so typing does not hand the form a new context on every key.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const shown = useMemo(() => shownNow, [shapeKey, meta]);
  shownRef.current = shown;
  const formTab = tab.startsWith(FORM_TAB) ? tab.slice(FORM_TAB.length) : undefined;
  // A tab whose condition stopped holding gives way to the first one.
  const activeFormTab = hasLayout ? (shown.some((x) => x.id === formTab) ? formTab : tab === 'details' || formTab !== undefined ? shown[0]?.id : undefined) : undefined;
  const formLayout = useMemo(() => (hasLayout ? { tabs: shown, active: activeFormTab ?? '' } : undefined), [hasLayout, shown, activeFormTab]);
  const errorFields = Object.keys(editor.errors.tree);
  // A refused field whose section is hidden now cannot show its error in place: list it above the form instead.
  const shownFields = new Set(shown.flatMap((x) => x.sections.flatMap((s) => s.fields)));
  const unplacedErrors = hasLayout
    ? errorFields
        .filter((f) => !shownFields.has(f))
        .flatMap((f) => {
          const name = label(meta.fields.find((x) => x.name === f)?.labels, f);
          return ((editor.errors.tree[f] as { __errors?: string[] } | undefined)?.__errors ?? []).map((m) => `${name}:${m}`);
        })
    : [];
  const otherErrors = [...editor.errors.unmapped, ...unplacedErrors];

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
      {!id && canEdit && <DuplicateNotice meta={meta} data={editor.data} />}
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
        layout={formLayout}
        record={record}
      />
      <AttachmentFields meta={meta} recordId={record?.id} placed={placedFields(meta.layout ?? [])} readonly={!canEdit} />
      {record && <SystemInfo meta={meta} record={record} part="system" />}
    </div>
  );

  const timelines = timelineRelationsOf(meta, summaries);
  const otherTabs = id
    ? [
        ...(view ? [{ key: 'workflow', label: t('workflow.tab'), children: <ApprovalTimeline meta={meta} view={view} /> }] : []),
        ...(timelines.length ? [{ key: 'timeline', label: <span data-testid="record-tab-timeline">{t('timeline.tab')}</span>, children: <TimelineTab relations={timelines} id={id} /> }] : []),
        { key: 'related', label: t('record.tab.related'), children: <RelatedLists meta={meta} summaries={summaries} id={id} /> },
        { key: 'history', label: t('record.tab.history'), children: <HistoryTab meta={meta} id={id} refreshKey={historyKey} /> },
      ]
    : [];
  // With a layout, its tabs lead the tab bar and the one form (mounted once) shows under whichever is in front.
  const formTabs = shown.map((x) => {
    const marked = x.sections.some((s) => s.fields.some((f) => errorFields.includes(f)));
    return {
      key: `${FORM_TAB}${x.id}`,
      label: (
        <span data-testid={`form-tab-${x.id}`}>
          {label(x.labels, x.id)}
          {marked && <Badge status="error" className="tab-error-dot" />}
        </span>
      ),
      children: null,
    };
  });

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
      {otherErrors.length > 0 && <Alert className="form-errors" type="error" showIcon title={t('record.otherErrors')} description={otherErrors.join(';')} />}
      {hasLayout ? (
        <>
          {(formTabs.length > 1 || otherTabs.length > 0) && (
            <Tabs
              className={`record-tabs${activeFormTab ? ' record-tabs-form' : ''}`}
              size="small"
              activeKey={activeFormTab ? `${FORM_TAB}${activeFormTab}` : tab}
              onChange={setTab}
              items={[...formTabs, ...otherTabs]}
            />
          )}
          <div className="record-form-pane" hidden={!activeFormTab}>
            {details}
          </div>
        </>
      ) : id ? (
        <Tabs
          className="record-tabs"
          size="small"
          activeKey={tab}
          onChange={setTab}
          items={[{ key: 'details', label: t('record.tab.details'), children: details }, ...otherTabs]}
        />
      ) : (
        details
      )}
      <ConflictDialog conflict={editor.conflict} busy={editor.saving} onReload={editor.reload} onKeepMine={() => void editor.keepMine()} onCancel={editor.cancelConflict} />
    </div>
  );
}
