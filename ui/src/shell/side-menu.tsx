// The side menu, built from /api/meta/menus (already cut to the user's interface rights). The personal portal
// is always first: it is every user's home, whether or not their role lists it.
import { useEffect, useRef, useState } from 'react';
import { Menu, type MenuProps } from 'antd';
import type { MenuItem } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { menuIcon } from './menu-icons';
import { pageExists } from './pages';
import { useTabs } from './tabs-context';

type Item = Required<MenuProps>['items'][number];

const SYSTEM_GROUP = 'system';

export function SideMenu({ menus, collapsed }: { menus: MenuItem[]; collapsed: boolean }) {
  const { t, label } = useI18n();
  const tabs = useTabs();
  const hasPortal = menus.some((m) => m.page === 'portal');
  // 系统管理 stays last, below the business menus plugins add after it.
  const ordered = [...menus.filter((m) => m.id !== SYSTEM_GROUP), ...menus.filter((m) => m.id === SYSTEM_GROUP)];
  const all: MenuItem[] = hasPortal ? ordered : [{ id: 'portal', labels: { 'zh-CN': t('shell.portal'), en: t('shell.portal') }, icon: 'home', page: 'portal' }, ...ordered];

  const toItem = (m: MenuItem, depth: number): Item => {
    const text = label(m.labels, m.id);
    if (m.children?.length) return { key: m.id, label: text, icon: menuIcon(m.icon), children: m.children.map((c) => toItem(c, depth + 1)) };
    const disabled = !m.entity && !pageExists(m.page);
    return { key: m.id, label: disabled ? <span title={t('shell.pageUnavailable')}>{text}</span> : text, icon: depth === 0 ? menuIcon(m.icon) : undefined, disabled };
  };

  // Groups start open; folded to icons, a group opens as a popup on hover instead.
  const groups = all.filter((m) => m.children?.length).map((m) => m.id);
  const [openKeys, setOpenKeys] = useState(groups);
  // A group that appears later (a plugin just installed) starts open too; ones the user folded stay folded.
  const known = useRef(new Set(groups));
  const groupsKey = groups.join(',');
  useEffect(() => {
    const fresh = groupsKey.split(',').filter((id) => id && !known.current.has(id));
    fresh.forEach((id) => known.current.add(id));
    if (fresh.length) setOpenKeys((keys) => [...keys, ...fresh]);
  }, [groupsKey]);
  const byId = new Map<string, MenuItem>();
  const walk = (items: MenuItem[]) => items.forEach((m) => (byId.set(m.id, m), m.children && walk(m.children)));
  walk(all);

  const activeTab = tabs.tabs.find((x) => x.key === tabs.active);
  const activeEntity = activeTab && 'entity' in activeTab.spec ? activeTab.spec.entity : undefined;
  const activePage = activeTab?.spec.kind === 'portal' ? 'portal' : activeTab?.spec.kind === 'page' ? activeTab.spec.page : undefined;
  const selected = [...byId.values()].find((m) => (activePage ? m.page === activePage : m.entity && m.entity === activeEntity));

  // Folded to icons: the open popup is controlled too, so that choosing an entry closes it (a touch screen has no
  // mouse leaving the popup to close it).
  const [popupKeys, setPopupKeys] = useState<string[]>([]);
  const onClick: MenuProps['onClick'] = ({ key }) => {
    setPopupKeys([]);
    const m = byId.get(key);
    if (m?.entity) tabs.open({ kind: 'list', entity: m.entity });
    else if (m?.page === 'portal') tabs.open({ kind: 'portal' });
    else if (m?.page && pageExists(m.page)) tabs.open({ kind: 'page', page: m.page });
  };

  return (
    <Menu
      mode="inline"
      className="side-menu"
      items={all.map((m) => toItem(m, 0))}
      selectedKeys={selected ? [selected.id] : []}
      {...(collapsed ? { openKeys: popupKeys, onOpenChange: setPopupKeys } : { openKeys, onOpenChange: setOpenKeys })}
      onClick={onClick}
    />
  );
}
