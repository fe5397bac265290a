// The department tree: drag a department onto another to put it under it, or between two to make it their sibling.
// A department cannot go under itself or its own sub-departments.
import { App, Empty, Tree } from 'antd';
import type { TreeProps } from 'antd';
import { updateRecord } from '../../api/records-api';
import type { RecordData } from '../../api/types';
import { errorText } from '../../common/error-text';
import { useI18n } from '../../i18n/i18n-context';

interface Node {
  key: string;
  title: string;
  children: Node[];
}

export function treeOf(departments: RecordData[]): Node[] {
  const nodes = new Map(departments.map((d) => [d.id, { key: d.id, title: String(d.name), children: [] as Node[] }]));
  const roots: Node[] = [];
  for (const d of departments) {
    const parent = typeof d.parent === 'string' ? nodes.get(d.parent) : undefined;
    (parent ? parent.children : roots).push(nodes.get(d.id)!);
  }
  return roots;
}

function below(departments: RecordData[], id: string): Set<string> {
  const out = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of departments) if (typeof d.parent === 'string' && out.has(d.parent) && !out.has(d.id)) grew = out.add(d.id).size > 0;
  }
  return out;
}

interface Props {
  departments: RecordData[];
  selected?: string;
  onSelect(id: string): void;
  onMoved(): void;
}

export function DepartmentTree({ departments, selected, onSelect, onMoved }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const byId = new Map(departments.map((d) => [d.id, d]));
  const parentOf = (id: string) => (byId.get(id)?.parent as string | null | undefined) ?? null;

  const onDrop: TreeProps['onDrop'] = async (info) => {
    const moving = byId.get(String(info.dragNode.key));
    const target = String(info.node.key);
    if (!moving) return;
    const parent = info.dropToGap ? parentOf(target) : target;
    if (parent !== null && below(departments, moving.id).has(parent)) return void message.warning(t('org.cannotMoveBelowItself'));
    if (parent === (moving.parent ?? null)) return;
    try {
      await updateRecord('department', moving.id, { parent }, moving.version);
      message.success(t('org.moved', { name: String(moving.name) }));
      onMoved();
    } catch (e) {
      message.error(errorText(t, e));
    }
  };

  if (!departments.length) return <Empty description={t('org.noDepartments')} />;
  return (
    <Tree
      draggable={{ icon: false }}
      blockNode
      defaultExpandAll
      key={departments.length}
      treeData={treeOf(departments)}
      selectedKeys={selected ? [selected] : []}
      onSelect={(keys) => keys[0] && onSelect(String(keys[0]))}
      onDrop={(info) => void onDrop(info)}
      data-testid="department-tree"
    />
  );
}
