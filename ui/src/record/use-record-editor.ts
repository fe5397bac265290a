// The state of one record's form: load (with a restored draft when there is one), edit (drafts saved as the user
// types), save (create or update with the version the edit started from), and the 422 / 409 answers.
import { useCallback, useEffect, useRef, useState } from 'react';
import { App } from 'antd';
import { ApiError } from '../api/client';
import { createRecord, getRecord, updateRecord } from '../api/records-api';
import { createSubmission } from '../api/submission-key';
import type { EntityMeta, EntitySummary, RecordData } from '../api/types';
import { useMe } from '../auth/session-context';
import { errorText } from '../common/error-text';
import { displayOf } from '../common/ref-names';
import { useI18n } from '../i18n/i18n-context';
import { addRecent } from '../portal/recent-records';
import { messagesMayHaveChanged } from '../shell/messages-store';
import { useTabs } from '../shell/tabs-context';
import { discardDraft, loadDraft, saveDraft, type DraftTarget } from './draft-store';
import { withDefaults as fillDefaults } from './form-defaults';
import { changedFields, createBody, expandFor, sameValue, seedNames, toFormData, type FormData } from './form-data';
import { mapServerErrors, pruneErrors, type MappedErrors } from './server-errors';

export interface EditorOptions {
  meta: EntityMeta;
  summaries: Map<string, EntitySummary>;
  tabKey: string;
  entity: string;
  id?: string;
  draftKey?: string;
  defaults?: Record<string, unknown>;
  /** Called when a save is refused for invalid input, so the page can show the form (the tab with the first error). */
  onInvalid?(errors: MappedErrors): void;
}

const NO_ERRORS: MappedErrors = { tree: {}, unmapped: [] };

export function useRecordEditor({ meta, summaries, tabKey, entity, id, draftKey, defaults, onInvalid }: EditorOptions) {
  const me = useMe();
  const tabs = useTabs();
  const { t } = useI18n();
  const { message } = App.useApp();
  const target: DraftTarget = id ? { entity, id } : { entity, draftKey: draftKey ?? 'new' };
  const [record, setRecord] = useState<RecordData>();
  const [loadError, setLoadError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [data, setDataState] = useState<FormData>({});
  const [restoredAt, setRestoredAt] = useState<string>();
  const [errors, setErrors] = useState<MappedErrors>(NO_ERRORS);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<{ mine: number; theirs: number }>();
  const [nonce, setNonce] = useState(0);
  // Refs so rapid onChange calls always compare with the latest values.
  const dataRef = useRef<FormData>({});
  const baseRef = useRef<FormData>({});
  const versionRef = useRef<number | undefined>(undefined);
  const metaRef = useRef(meta);
  metaRef.current = meta;
  // A create retried after a lost answer carries the same Idempotency-Key: the server makes the record once.
  const submission = useRef(createSubmission()).current;

  const withDefaults = (d: FormData) => fillDefaults(metaRef.current.schema, d);

  // A model changed while the form is open (an admin's field with a default, a plugin) fills the new defaults into
  // the loaded values and the edit alike, before the form renders, as a fresh load would: a form nobody touched
  // does not turn into an unsaved change.
  const schemaRef = useRef(meta.schema);
  if (schemaRef.current !== meta.schema) {
    schemaRef.current = meta.schema;
    baseRef.current = withDefaults(baseRef.current);
    const next = withDefaults(dataRef.current);
    if (!sameValue(next, dataRef.current)) {
      dataRef.current = next;
      setDataState(next);
    }
  }

  const show = useCallback(
    (rec: RecordData | undefined, base: FormData, current: FormData, version: number | undefined, restored?: string) => {
      setRecord(rec);
      baseRef.current = base;
      dataRef.current = current;
      versionRef.current = version;
      setDataState(current);
      setRestoredAt(restored);
      tabs.setDirty(tabKey, !sameValue(base, current));
    },
    [tabs, tabKey],
  );

  // Loads on open and on reload; a language switch changes titles only and keeps what was typed.
  useEffect(() => {
    let live = true;
    setLoading(true);
    (async () => {
      try {
        const rec = id ? await getRecord(entity, id, expandFor(metaRef.current, summaries)) : undefined;
        if (!live) return;
        if (rec) seedNames(metaRef.current, rec, summaries);
        const base = withDefaults(rec ? toFormData(metaRef.current, rec) : { ...(defaults ?? {}) });
        const draft = loadDraft(me.user.id, target);
        if (draft) show(rec, draft.base ?? base, draft.data, draft.baseVersion ?? rec?.version, draft.savedAt);
        else show(rec, base, base, rec?.version);
        setLoadError(undefined);
        if (rec) addRecent(me.user.id, { entity, id: rec.id, title: displayOf(rec, metaRef.current.displayField) || rec.id.slice(0, 8) });
      } catch (e) {
        if (live) setLoadError(e);
      } finally {
        if (live) setLoading(false);
      }
    })();
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entity, id, nonce]);

  const change = useCallback(
    (next: FormData) => {
      const prev = dataRef.current;
      dataRef.current = next;
      setDataState(next);
      const touched = Object.keys({ ...prev, ...next }).filter((k) => !sameValue(prev[k], next[k]));
      setErrors((e) => ({ ...e, tree: pruneErrors(e.tree, touched) }));
      const dirty = !sameValue(baseRef.current, next);
      if (dirty) saveDraft(me.user.id, target, { data: next, base: baseRef.current, baseVersion: versionRef.current, savedAt: new Date().toISOString() });
      else discardDraft(me.user.id, target);
      tabs.setDirty(tabKey, dirty);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [me.user.id, entity, id, draftKey, tabs, tabKey],
  );

  const saved = (rec: RecordData, created: boolean) => {
    discardDraft(me.user.id, target);
    messagesMayHaveChanged();
    seedNames(meta, rec, summaries);
    setErrors(NO_ERRORS);
    setConflict(undefined);
    message.success(t(created ? 'record.created' : 'record.saved'));
    if (created) {
      tabs.setDirty(tabKey, false);
      tabs.replace(tabKey, { kind: 'record', entity, id: rec.id }, displayOf(rec, meta.displayField));
      return;
    }
    const base = withDefaults(toFormData(meta, rec));
    show(rec, base, base, rec.version);
  };

  const failed = async (e: unknown) => {
    if (e instanceof ApiError && e.status === 422) {
      const mapped = mapServerErrors(e.details, meta.schema);
      setErrors(mapped);
      message.error(t('record.fixErrors'));
      onInvalid?.(mapped);
    } else if (e instanceof ApiError && e.status === 409 && e.code === 'VERSION_CONFLICT' && id) {
      const current = await getRecord(entity, id).catch(() => undefined);
      setConflict({ mine: versionRef.current ?? 0, theirs: current?.version ?? (versionRef.current ?? 0) + 1 });
    } else {
      message.error(errorText(t, e));
    }
  };

  const save = async () => {
    setSaving(true);
    try {
      if (!id) {
        const body = createBody(meta, dataRef.current);
        const created = await createRecord(entity, body, submission.keyFor(body)).catch((e: unknown) => {
          submission.settle(e);
          throw e;
        });
        submission.settle();
        saved(created, true);
      } else {
        const patch = changedFields(meta, baseRef.current, dataRef.current);
        if (Object.keys(patch).length === 0) message.info(t('record.saved'));
        else saved(await updateRecord(entity, id, patch, versionRef.current ?? record?.version ?? 1), false);
      }
    } catch (e) {
      await failed(e);
    } finally {
      setSaving(false);
    }
  };

  const reload = () => {
    discardDraft(me.user.id, target);
    setErrors(NO_ERRORS);
    setConflict(undefined);
    setNonce((n) => n + 1);
  };

  /** Sends my changes again over the newest version: they win over the other person's for the same fields. */
  const keepMine = async () => {
    if (!id) return;
    setSaving(true);
    try {
      const latest = await getRecord(entity, id);
      setConflict(undefined);
      saved(await updateRecord(entity, id, changedFields(meta, baseRef.current, dataRef.current), latest.version), false);
    } catch (e) {
      await failed(e);
    } finally {
      setSaving(false);
    }
  };

  return {
    record,
    loading,
    loadError,
    data,
    change,
    errors,
    restoredAt,
    saving,
    save,
    reload,
    discardDraft: reload,
    conflict,
    keepMine,
    cancelConflict: () => setConflict(undefined),
    dirty: !sameValue(baseRef.current, data),
  };
}

export type RecordEditor = ReturnType<typeof useRecordEditor>;
