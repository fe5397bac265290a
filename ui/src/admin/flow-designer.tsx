// One flow in the designer: the diagram, a side panel editing the flow's own properties, the selected state or
// transition, the approval steps and the timers; publishing shows the plan (a dry run) first and then saves the admin's copy as a new version.
// The versions card shows every published version and the records still running on each. States and transitions are
// added (a button, or an edge drawn between two states) and deleted in the draft; a new state is published as a new
// option of the state field together with the flow, in one change. A deleted state's option stays: the records' history
// still names it (the entity designer removes options).
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined, DeleteOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { fetchFlow, publishFlow, restoreFlow, type FlowDoc, type RunningRecord } from '../api/flows-api';
import { ApiError } from '../api/client';
import type { ErrorDetail } from '../api/types';
import { errorText } from '../common/error-text';
import { formatDateTime } from '../i18n/format';
import { useAsync } from '../common/use-async';
import { useEntityMeta } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import { useTabs } from '../shell/tabs-context';
import { FlowAddDialog, type AddRequest } from './flow-add-dialog';
import { FlowApprovalEditor } from './flow-approval-editor';
import { FlowDiagram, type FlowSelection } from './flow-diagram';
import { FlowDraftErrorsContext, useFlowDraftErrors } from './flow-draft-errors';
import { FlowStateEditor, FlowTransitionEditor } from './flow-element-editor';
import { FlowTimersEditor } from './flow-timer-editor';
import { newStateOptions } from './flow-edit';
import { removeTimers } from './flow-automation';
import { FlowProblemList } from './flow-problem-list';
import { FlowPropsEditor } from './flow-props-editor';
import { useFlowRemoval } from './use-flow-removal';
import { problemsOf, problemTarget } from './flow-problems';
import { useFlowDirectory } from './use-flow-directory';

export function FlowDesigner({ name, onBack }: { name: string; onBack(): void }) {
  const { t, label } = useI18n();
  const { modal, message } = App.useApp();
  const tabs = useTabs();
  const detail = useAsync(() => fetchFlow(name), [name]);
  const [draft, setDraft] = useState<FlowDoc>();
  const [selection, setSelection] = useState<FlowSelection>({ kind: 'approval' });
  const [problems, setProblems] = useState<ErrorDetail[]>([]);
  useEffect(() => setDraft(detail.data ? structuredClone(detail.data.definition) : undefined), [detail.data]);
  const meta = useEntityMeta(detail.data?.flow.entity ?? '');
  const directory = useFlowDirectory();
  const fields = meta.data?.fields ?? [];
  const [adding, setAdding] = useState<AddRequest>();
  const fieldOptions = useMemo(() => fields.find((f) => f.name === draft?.stateField)?.options ?? [], [fields, draft?.stateField]);
  // The draft's new states are drawn and named like the options they become on publishing.
  const addedOptions = useMemo(() => (draft ? newStateOptions(draft, fieldOptions.map((o) => o.code)) : []), [draft, fieldOptions]);
  // ...and a state the draft deleted keeps the name the version in force gives it (the server may still name it).
  const stateOptions = useMemo(() => {
    const shown = [...fieldOptions, ...addedOptions];
    return [...shown, ...(detail.data ? newStateOptions(detail.data.definition, shown.map((o) => o.code)) : [])];
  }, [fieldOptions, addedOptions, detail.data]);
  const stateLabel = (s: string) => label(stateOptions.find((o) => o.code === s)?.labels, s);
  const changed = !!draft && !!detail.data && JSON.stringify(draft) !== JSON.stringify(detail.data.definition);
  const unfinished = useFlowDraftErrors();

  const confirmAndRun = async (plan: () => Promise<{ plan: { steps: { description: string }[] } }>, run: () => Promise<unknown>, title: string) => {
    setProblems([]);
    try {
      const planned = await plan();
      modal.confirm({
        title,
        width: 560,
        content: (
          <div data-testid="flow-plan">
            <p>{t('flows.publish.note')}</p>
            {planned.plan.steps.length ? <ul>{planned.plan.steps.map((s, i) => <li key={i}>{s.description}</li>)}</ul> : <p>{t('flows.publish.noSchema')}</p>}
          </div>
        ),
        okText: t('flows.publish.confirm'),
        cancelText: t('shell.cancel'),
        onOk: async () => {
          try {
            await run();
            message.success(t('flows.published'));
            // A state the published version no longer has is gone, not "deleted in the draft": show the flow instead.
            setSelection((at) => (at.kind === 'state' && draft && !draft.states[at.state] ? { kind: 'flow' } : at));
            detail.reload();
          } catch (e) {
            refused(e);
          }
        },
      });
    } catch (e) {
      refused(e);
    }
  };
  // Every problem the server names is shown at its state, transition or step (the first one selected), not as a toast.
  const refused = (e: unknown) => {
    if (!(e instanceof ApiError) || !e.details.length) {
      message.error(errorText(t, e));
      return;
    }
    setProblems(e.details);
    const first = e.details.map(problemTarget).find((target) => target !== undefined);
    if (first) setSelection(first);
  };
  const nameOf = (target: FlowSelection): string =>
    target.kind === 'state' ? stateLabel(target.state)
    : target.kind === 'transition' ? label(draft?.transitions[target.index]?.labels, draft?.transitions[target.index]?.action ?? `#${target.index + 1}`)
    : target.kind === 'timers' ? t('flows.panel.timers')
    : target.kind === 'flow' ? t('flows.panel.flow')
    : t('flows.panel.approval');
  const here = problemsOf(problems, selection);
  // New states become options of the state field in the same change as the flow (one transaction on the server).
  const publish = () => {
    const save = (dryRun: boolean) => publishFlow(name, draft!, detail.data!.flow.entity, fieldOptions, addedOptions, dryRun);
    return confirmAndRun(() => save(true), () => save(false), t('flows.publish.title', { flow: label(draft?.labels, name) }));
  };
  const removal = useFlowRemoval({ draft, published: detail.data?.definition, stateLabel, setDraft, setSelection });
  const restore = () => confirmAndRun(() => restoreFlow(name, true), () => restoreFlow(name, false), t('flows.restore.title'));

  const info = detail.data;
  const panel = () => {
    if (!draft) return null;
    const states = Object.keys(draft.states).map((st) => ({ value: st, label: stateLabel(st) }));
    if (selection.kind === 'flow') return <FlowPropsEditor doc={draft} fields={fields} problems={here} onChange={setDraft} />;
    if (selection.kind === 'state' && !draft.states[selection.state]) return removal.removedState(selection.state);
    if (selection.kind === 'state' && draft.states[selection.state]) {
      return <FlowStateEditor state={draft.states[selection.state]} fields={fields} stateField={draft.stateField} pointer={`/states/${selection.state}`} problems={here} onChange={(s) => setDraft({ ...draft, states: { ...draft.states, [selection.state]: s } })} />;
    }
    if (selection.kind === 'transition' && draft.transitions[selection.index]) {
      return (
        <FlowTransitionEditor
          transition={draft.transitions[selection.index]}
          entity={draft.entity}
          fields={fields}
          directory={directory}
          stateField={draft.stateField}
          pointer={`/transitions/${selection.index}`}
          problems={here}
          states={states}
          steps={(draft.approval?.steps ?? []).map((s: FlowDoc) => ({ value: s.id, label: label(s.labels, s.id) }))}
          canApprove={!!draft.approval}
          onChange={(tr) => setDraft({ ...draft, transitions: draft.transitions.map((x: FlowDoc, i: number) => (i === selection.index ? tr : x)) })}
        />
      );
    }
    if (selection.kind === 'timers') {
      return <FlowTimersEditor doc={draft} fields={fields} directory={directory} states={states} problems={here} onChange={(timers) => setDraft(timers ? { ...draft, timers } : removeTimers(draft))} />;
    }
    if (!draft.approval) return <Typography.Text type="secondary">{t('flows.approval.none')}</Typography.Text>;
    return <FlowApprovalEditor approval={draft.approval} fields={fields} directory={directory} states={states} problems={here} onChange={(approval) => setDraft({ ...draft, approval })} />;
  };
  const panelTitle =
    selection.kind === 'state' ? t('flows.panel.state', { state: stateLabel(selection.state) })
    : selection.kind === 'transition' ? t('flows.panel.transition', { action: label(draft?.transitions[selection.index]?.labels, draft?.transitions[selection.index]?.action) })
    : nameOf(selection);

  return (
    <FlowDraftErrorsContext.Provider value={unfinished.report}>
    <div className="admin-page flow-designer-page" data-testid="flow-designer">
      <div className="admin-page-header">
        <Space>
          <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
            {t('flows.back')}
          </Button>
          <Typography.Title level={5}>{label(info?.flow.labels, name)}</Typography.Title>
          {info && <Tag color={info.flow.origin === 'admin' ? 'blue' : undefined}>{t(`flows.origin.${info.flow.origin}`)}</Tag>}
          {info?.flow.currentVersion && <Tag>{t('flows.versionN', { n: info.flow.currentVersion })}</Tag>}
        </Space>
        <Space>
          {info?.flow.origin === 'admin' && (
            <Button icon={<RollbackOutlined />} onClick={restore} data-testid="flow-restore">
              {t('flows.restore')}
            </Button>
          )}
          {unfinished.unfinished.size > 0 && <Typography.Text type="danger" data-testid="flow-unfinished">{t('flows.publish.unfinished')}</Typography.Text>}
          <Button type="primary" icon={<CloudUploadOutlined />} disabled={!changed || unfinished.unfinished.size > 0} onClick={publish} data-testid="flow-publish">
            {t('flows.publish')}
          </Button>
        </Space>
      </div>
      {detail.error !== undefined && <Alert type="error" showIcon title={errorText(t, detail.error)} />}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          className="admin-alert"
          title={t('flows.problems.title', { count: problems.length })}
          description={<FlowProblemList problems={problems} nameOf={nameOf} stateLabel={stateLabel} onSelect={setSelection} testId="flow-problems" />}
        />
      )}
      {draft && (
        <div className="flow-workspace">
          <Card size="small" className="flow-canvas" title={t('flows.diagram')} extra={<Space><Button size="small" icon={<PlusOutlined />} onClick={() => setAdding({ kind: 'state' })} data-testid="flow-add-state-button">{t('flows.edit.addState')}</Button><Button size="small" icon={<PlusOutlined />} onClick={() => setAdding({ kind: 'transition' })} data-testid="flow-add-transition-button">{t('flows.edit.addTransition')}</Button><Button size="small" onClick={() => setSelection({ kind: 'flow' })} data-testid="flow-canvas-props">{t('flows.panel.flow')}</Button><Button size="small" onClick={() => setSelection({ kind: 'approval' })} data-testid="flow-canvas-approval">{t('flows.panel.approval')}</Button><Button size="small" onClick={() => setSelection({ kind: 'timers' })}>{t('flows.panel.timers')}</Button></Space>}>
            <Typography.Text type="secondary">{t('flows.diagramHint')} {t('flows.edit.connectHint')}</Typography.Text>
            <FlowDiagram doc={draft} stateOptions={stateOptions} selection={selection} onSelect={setSelection} problems={problems} onConnect={(from, to) => setAdding({ kind: 'transition', from, to })} />
          </Card>
          <Card size="small" className="flow-panel" title={panelTitle} data-testid="flow-panel" extra={removal.canRemove(selection) && <Button size="small" danger icon={<DeleteOutlined />} onClick={() => removal.confirmRemove(selection)} data-testid="flow-remove">{t(selection.kind === 'state' ? 'flows.edit.removeState' : 'flows.edit.removeTransition')}</Button>}>
            {here.length > 0 && <Alert type="error" className="admin-alert" title={<FlowProblemList problems={here} nameOf={nameOf} stateLabel={stateLabel} testId="flow-panel-problems" />} />}
            {panel()}
          </Card>
        </div>
      )}
      {adding && draft && (
        <FlowAddDialog
          request={adding}
          doc={draft}
          stateLabel={stateLabel}
          roles={directory.roles}
          onCancel={() => setAdding(undefined)}
          onAdd={(doc, select) => {
            setDraft(doc);
            setSelection(select);
            setAdding(undefined);
          }}
        />
      )}
      {info && (
        <Card size="small" title={t('flows.versions')} className="flow-versions" data-testid="flow-versions">
          <Descriptions size="small" column={1}>
            {info.versions.map((v) => (
              <Descriptions.Item key={v.version} label={t('flows.versionN', { n: v.version })}>
                <Space>
                  {v.current && <Tag color="green">{t('flows.current')}</Tag>}
                  <span>{t('flows.publishedAt', { at: formatDateTime(v.publishedAt) })}</span>
                  <span data-testid={`flow-version-${v.version}-running`}>{t('flows.runningCount', { count: v.running })}</span>
                </Space>
              </Descriptions.Item>
            ))}
          </Descriptions>
          {info.records.length > 0 && (
            <Table<RunningRecord>
              size="small"
              rowKey="recordId"
              pagination={false}
              dataSource={info.records}
              columns={[
                { key: 'record', title: t('flows.col.record'), render: (_: unknown, r) => <Button type="link" size="small" onClick={() => tabs.openRecord(info.flow.entity, r.recordId)}>{t('flows.openRecord')}</Button> },
                { key: 'version', title: t('flows.col.version'), render: (_: unknown, r) => t('flows.versionN', { n: r.version }) },
                { key: 'started', title: t('flows.col.started'), render: (_: unknown, r) => formatDateTime(r.startedAt) },
              ]}
            />
          )}
        </Card>
      )}
    </div>
    </FlowDraftErrorsContext.Provider>
  );
}
