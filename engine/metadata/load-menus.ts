// Menus from every layer, in order. Ids are unique across layers; a plugin's top-level entry may attach under an
// existing group ("parent": "sales"); entity entries must name real entities. The tenant admin's menu documents
// come last and arrange what the others built (arrange-menu.ts).
import type { ErrorDetail } from '../core/index.ts';
import { arrangeMenu } from './arrange-menu.ts';
import type { LoadedEntities } from './load-entities.ts';
import { isAdminFile, namespaceProblem, sourceFiles, type MetadataSource } from './metadata-source.ts';
import type { MenuItem } from './model-types.ts';
import { validateDocument } from './validate-documents.ts';

type LayerItem = MenuItem & { parent?: string };

export function loadMenus(sources: readonly MetadataSource[], rootDir: string, loaded: LoadedEntities, problems: ErrorDetail[]): MenuItem[] {
  const { entities, broken } = loaded;
  let items: MenuItem[] = [];
  const seen = new Map<string, string>();
  for (const source of sources) {
    const read = sourceFiles(source, 'menus', rootDir);
    problems.push(...read.problems);
    for (const { file, json } of read.files) {
      const found = validateDocument('menu', file, json);
      problems.push(...found);
      if (found.length) continue;
      if (isAdminFile(file)) {
        items = arrangeMenu(items, json as { items: LayerItem[] }, file, loaded, problems);
        continue;
      }
      const walk = (item: MenuItem, pointer: string) => {
        if (seen.has(item.id)) problems.push({ file, pointer: `${pointer}/id`, message: `menu id "${item.id}" is already used in ${seen.get(item.id)}` });
        seen.set(item.id, file);
        const namespace = namespaceProblem(source, item.id, 'menu id');
        if (namespace) problems.push({ file, pointer: `${pointer}/id`, message: namespace });
        if (item.entity && !entities.has(item.entity) && !broken.has(item.entity)) problems.push({ file, pointer: `${pointer}/entity`, message: `unknown entity "${item.entity}"` });
        if (!item.entity && !item.labels) problems.push({ file, pointer, message: 'a menu entry without an entity needs labels' });
        item.children?.forEach((c, i) => walk(c, `${pointer}/children/${i}`));
      };
      (json as { items: LayerItem[] }).items.forEach((item, i) => {
        walk(item, `/items/${i}`);
        const { parent, ...entry } = item;
        if (!parent) {
          items.push(entry);
          return;
        }
        const group = findItem(items, parent);
        if (!group) problems.push({ file, pointer: `/items/${i}/parent`, message: `no menu group "${parent}" to attach to` });
        else group.children = [...(group.children ?? []), entry];
      });
    }
  }
  return items;
}

function findItem(items: MenuItem[], id: string): MenuItem | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    const inner = item.children && findItem(item.children, id);
    if (inner) return inner;
  }
  return undefined;
}
