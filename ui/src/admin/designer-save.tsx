// Saving a designer's document: ask the server for the plan (dry run), show it for confirmation, then apply; a
// refusal comes back as problems, each with its JSON pointer, which the designer shows at the control it names.
import type { useAppProps } from 'antd/es/app/context';
import { ApiError } from '../api/client';
import { restoreAdminDoc, saveAdminDoc, type DocKind } from '../api/form-menu-api';
import { modelChanged } from '../api/meta-api';
import type { ErrorDetail } from '../api/types';
import { errorText } from '../common/error-text';
import type { Translate } from '../i18n/i18n-context';

type AppApi = Pick<useAppProps, 'modal' | 'message'>;

/** Problems by JSON pointer, for the controls to look up. */
export type Problems = Map<string, string[]>;

export function problemsByPointer(details: readonly ErrorDetail[]): Problems {
  const out: Problems = new Map();
  for (const d of details) {
    const at = d.pointer ?? d.path ?? '';
    out.set(at, [...(out.get(at) ?? []), d.message]);
  }
  return out;
}

/** Messages at exactly this pointer, or (with `below`) at it and under it. */
export function problemAt(problems: Problems, pointer: string, below = false): string[] {
  return [...problems].filter(([at]) => at === pointer || (below && at.startsWith(`${pointer}/`))).flatMap(([, m]) => m);
}

interface SaveArgs<T> {
  kind: DocKind;
  name: string;
  doc: T;
  app: AppApi;
  t: Translate;
  onProblems(details: ErrorDetail[]): void;
  onSaved(): void;
}

export async function saveWithPlan<T>({ kind, name, doc, app, t, onProblems, onSaved }: SaveArgs<T>): Promise<void> {
  const refused = (e: unknown) => {
    if (e instanceof ApiError && e.details.length) {
      onProblems(e.details);
      app.message.error(t('designer.refused'));
    } else app.message.error(errorText(t, e));
  };
  let steps: string[];
  try {
    steps = (await saveAdminDoc(kind, name, doc, true)).plan.steps.map((s) => s.description);
  } catch (e) {
    refused(e);
    return;
  }
  onProblems([]);
  app.modal.confirm({
    title: t('designer.planTitle'),
    content: steps.length ? (
      <ul data-testid="designer-plan">
        {steps.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ul>
    ) : (
      <span data-testid="designer-plan">{t('designer.planNone')}</span>
    ),
    okText: t('designer.save'),
    cancelText: t('shell.cancel'),
    onOk: async () => {
      try {
        await saveAdminDoc(kind, name, doc, false);
        modelChanged();
        app.message.success(t('designer.saved'));
        onSaved();
      } catch (e) {
        refused(e);
      }
    },
  });
}

export function restoreWithConfirm(kind: DocKind, name: string, app: AppApi, t: Translate, onRestored: () => void): void {
  app.modal.confirm({
    title: t('designer.restoreConfirm'),
    okText: t('designer.restore'),
    okButtonProps: { danger: true },
    cancelText: t('shell.cancel'),
    onOk: async () => {
      try {
        await restoreAdminDoc(kind, name);
        modelChanged();
        app.message.success(t('designer.restored'));
        onRestored();
      } catch (e) {
        app.message.error(errorText(t, e));
      }
    },
  });
}
