// Deleting the selected state or transition from the draft, after a confirmation that lists what goes with it (the
// transitions touching a state, the timers firing a transition); and, when the server refuses a deletion (a state
// still holding records), the panel of that state: the refusal above it and a way to take the state back.
import type { ReactNode } from 'react';
import { App, Button, Space, Typography } from 'antd';
import type { FlowDoc } from '../api/flows-api';
import { useI18n } from '../i18n/i18n-context';
import type { FlowSelection } from './flow-diagram';
import { removeState, removeTransition } from './flow-edit';

interface Options {
  draft: FlowDoc | undefined;
  /** The version in force, where a deleted state is taken back from. */
  published: FlowDoc | undefined;
  stateLabel(s: string): string;
  setDraft(doc: FlowDoc): void;
  setSelection(selection: FlowSelection): void;
}

export function useFlowRemoval({ draft, published, stateLabel, setDraft, setSelection }: Options) {
  const { t, label } = useI18n();
  const { modal } = App.useApp();
  const actionLabel = (tr: FlowDoc) => label(tr.labels, tr.action);
  const list = (title: string, items: string[]): ReactNode => items.length > 0 && (
    <>
      <p>{title}</p>
      <ul>{items.map((item, i) => <li key={i}>{item}</li>)}</ul>
    </>
  );

  const canRemove = (selection: FlowSelection): boolean =>
    !!draft && ((selection.kind === 'state' && !!draft.states[selection.state] && Object.keys(draft.states).length > 1) || (selection.kind === 'transition' && !!draft.transitions[selection.index]));

  const confirmRemove = (selection: FlowSelection) => {
    if (!draft || !canRemove(selection)) return;
    const removal =
      selection.kind === 'state'
        ? { ...removeState(draft, selection.state), title: t('flows.edit.removeStateTitle', { state: stateLabel(selection.state) }) }
        : selection.kind === 'transition'
          ? { ...removeTransition(draft, selection.index), transitions: [], narrowed: [], title: t('flows.edit.removeTransitionTitle', { action: actionLabel(draft.transitions[selection.index]) }) }
          : undefined;
    if (!removal) return;
    modal.confirm({
      title: removal.title,
      width: 520,
      okText: t('flows.edit.remove'),
      okButtonProps: { danger: true },
      cancelText: t('shell.cancel'),
      content: (
        <div data-testid="flow-remove-confirm">
          {list(t('flows.edit.removesTransitions'), removal.transitions.map(actionLabel))}
          {list(t('flows.edit.narrowsTransitions'), removal.narrowed.map(actionLabel))}
          {list(t('flows.edit.removesTimers'), removal.timers.map((timer) => label(timer.labels, timer.id)))}
          <p>{t('flows.edit.removeNote')}</p>
        </div>
      ),
      onOk: () => {
        setDraft(removal.doc);
        setSelection({ kind: 'approval' });
      },
    });
  };

  /** The panel of a state the draft deleted and the server named (it still holds records). */
  const removedState = (state: string): ReactNode => {
    const before = published?.states?.[state];
    const restore = () => {
      if (!draft || !before) return;
      const actions = new Set((draft.transitions as FlowDoc[]).map((tr) => tr.action));
      const touching = (published!.transitions as FlowDoc[]).filter((tr) => !actions.has(tr.action) && (tr.to === state || tr.from?.includes(state)));
      setDraft({ ...draft, states: { ...draft.states, [state]: before }, transitions: [...draft.transitions, ...touching] });
    };
    return (
      <Space direction="vertical" data-testid="flow-removed-state">
        <Typography.Text type="secondary">{t('flows.edit.removedState')}</Typography.Text>
        {before && draft && <Button onClick={restore} data-testid="flow-restore-state">{t('flows.edit.restoreState')}</Button>}
      </Space>
    );
  };

  return { canRemove, confirmRemove, removedState };
}
