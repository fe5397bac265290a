// The tenant admin's menu document arranges the menu the other layers built: its tree is the order. An entry whose
// id the menu has already is that entry moved here, relabelled or re-pointed as the document says; a new id adds a
// group or an entry opening an entity or a page; `hidden` keeps an entry (and what is under it) out of everyone's
// menu. Entries the document does not mention stay in their group after the arranged ones, so entries a plugin
// installed later adds still show. Rights follow ids, not places: a role granting "crm" sees "crm.*" wherever it sits.
import type { ErrorDetail } from '../core/index.ts';
import type { LoadedEntities } from './load-entities.ts';
import type { MenuItem } from './model-types.ts';

type AdminItem = MenuItem & { parent?: string };

export function arrangeMenu(base: readonly MenuItem[], doc: { items: AdminItem[] }, file: string, { entities, broken }: LoadedEntities, problems: ErrorDetail[]): MenuItem[] {
  const shipped = new Map<string, MenuItem>();
  // A page's system function comes from the entries that already open it: re-pointing cannot ungate a page.
  const pages = new Map<string, MenuItem['function']>();
  const index = (items: readonly MenuItem[]) =>
    items.forEach((item) => {
      shipped.set(item.id, item);
      if (item.page) pages.set(item.page, item.function);
      if (item.children) index(item.children);
    });
  index(base);
  const mentioned = new Set<string>();
  const mention = (items: readonly AdminItem[], pointer: string) =>
    items.forEach((item, i) => {
      if (mentioned.has(item.id)) problems.push({ file, pointer: `${pointer}/${i}/id`, message: `menu id "${item.id}" appears twice` });
      mentioned.add(item.id);
      if (item.children) mention(item.children, `${pointer}/${i}/children`);
    });
  mention(doc.items, '/items');
  const unmentioned = (items: readonly MenuItem[]): MenuItem[] =>
    items.filter((i) => !mentioned.has(i.id)).map((i) => (i.children ? { ...i, children: unmentioned(i.children) } : { ...i }));

  const build = (item: AdminItem, pointer: string): MenuItem => {
    const at = (field: string, message: string) => problems.push({ file, pointer: `${pointer}${field}`, message });
    if (item.parent !== undefined) at('/parent', 'the admin menu places entries by nesting them under their group');
    if (item.function !== undefined) at('/function', 'an entry needs the system function of the page it opens; it is not set here');
    if (item.entity && item.page) at('', 'an entry opens an entity or a page, not both');
    if (item.entity && !entities.has(item.entity) && !broken.has(item.entity)) at('/entity', `unknown entity "${item.entity}"`);
    if (item.page && !pages.has(item.page)) at('/page', `unknown page "${item.page}" (one of ${[...pages.keys()].join(', ')})`);
    const before = shipped.get(item.id);
    const { children: _children, parent: _parent, function: _function, ...own } = item;
    const opens = item.entity ? { entity: item.entity } : item.page ? { page: item.page, ...(pages.get(item.page) ? { function: pages.get(item.page) } : {}) } : undefined;
    const { children: beforeChildren, entity: _e, page: _p, function: _f, ...kept } = before ?? ({ id: item.id } as MenuItem);
    const target = opens ?? (before ? { entity: before.entity, page: before.page, function: before.function } : {});
    const merged: MenuItem = { ...kept, ...own, ...stripUndefined(target) };
    if (item.hidden === false) delete merged.hidden;
    const isGroup = item.children !== undefined || beforeChildren !== undefined;
    if (isGroup && (merged.entity || merged.page)) at('', 'a group does not open an entity or a page');
    if (!isGroup && !merged.entity && !merged.page) at('', 'a new menu entry opens an entity or a page (or is a group with children)');
    if (!merged.entity && !merged.labels) at('', 'a menu entry without an entity needs labels');
    if (isGroup) merged.children = [...(item.children ?? []).map((c, i) => build(c, `${pointer}/children/${i}`)), ...unmentioned(beforeChildren ?? [])];
    return merged;
  };
  return [...doc.items.map((item, i) => build(item, `/items/${i}`)), ...unmentioned(base)];
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
