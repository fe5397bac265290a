// Cross-checks of an entity's delayAlert: its four dates are date fields, its flag a read-only boolean, and the
// users it tells are user fields of the record or of the record its `via` ref points to.
import { checkTemplate } from '../rules/index.ts';
import type { LocatedEntity } from './check-entity.ts';
import type { DelayAlertDoc, EntityDoc, FieldDoc } from './model-types.ts';
import { SYSTEM_FIELDS } from './system-fields.ts';

type At = (pointer: string, message: string, expected?: string) => void;

export function checkDelayAlert(doc: EntityDoc, alert: DelayAlertDoc, all: ReadonlyMap<string, LocatedEntity>, at: At): void {
  for (const key of ['plannedStart', 'plannedEnd', 'actualStart', 'actualEnd'] as const) {
    if (doc.fields[alert[key]]?.type !== 'date') at(`/delayAlert/${key}`, `"${alert[key]}" is not a date field of "${doc.name}"`);
  }
  const flag = doc.fields[alert.flag];
  if (flag?.type !== 'boolean' || !flag.readOnly) at('/delayAlert/flag', `"${alert.flag}" is not a read-only boolean field of "${doc.name}"`, 'the engine sets it; clients must not');
  let people: EntityDoc | undefined = doc;
  if (alert.notify.via !== undefined) {
    const via = doc.fields[alert.notify.via];
    people = via?.type === 'ref' ? all.get(via.target ?? '')?.doc : undefined;
    if (!people) at('/delayAlert/notify/via', `"${alert.notify.via}" is not a ref field of "${doc.name}"`);
  }
  if (people) {
    const fields: Record<string, FieldDoc> = { ...SYSTEM_FIELDS, ...people.fields };
    alert.notify.fields.forEach((name, i) => {
      if (fields[name]?.type !== 'ref' || fields[name]?.target !== 'app_user') at(`/delayAlert/notify/fields/${i}`, `"${name}" is not a user field of "${people.name}"`);
    });
  }
  for (const part of ['title', 'body'] as const) {
    for (const [lang, text] of Object.entries(alert.notify[part] ?? {})) for (const p of checkTemplate(text)) at(`/delayAlert/notify/${part}/${lang}`, p.message, p.expected);
  }
}
