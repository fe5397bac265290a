// The menu tree as antd Tree nodes, labelled in the current language (the role matrix's 界面 tab and the preview).
import type { Labels, MenuItem } from '../../api/types';

export interface MenuNode {
  key: string;
  title: string;
  children?: MenuNode[];
}

export function menuNodes(items: MenuItem[], label: (labels: Labels | undefined, fallback?: string) => string): MenuNode[] {
  return items.map((m) => ({ key: m.id, title: label(m.labels, m.id), ...(m.children ? { children: menuNodes(m.children, label) } : {}) }));
}
