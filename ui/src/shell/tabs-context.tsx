// The multi-document workspace: which tabs are open and which is active, kept per user in localStorage and
// mirrored in the URL hash. Tabs stay mounted while hidden, so switching never loses typed input; drafts
// (record/use-draft.ts) cover reloads and re-logins.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { readJson, userKey, writeJson } from '../common/user-storage';
import { hashOf, newDraftKey, PORTAL_KEY, specFromHash, tabKey, type OpenTab, type TabSpec } from './tab-specs';

interface Tabs {
  tabs: OpenTab[];
  active: string;
  dirty: ReadonlySet<string>;
  open(spec: TabSpec): void;
  openRecord(entity: string, id: string): void;
  openNew(entity: string, defaults?: Record<string, unknown>): void;
  activate(key: string): void;
  close(key: string): void;
  /** Swaps a tab for another in place (a new record that was just saved becomes that record's tab). */
  replace(key: string, spec: TabSpec, title?: string): void;
  setTitle(key: string, title: string): void;
  setDirty(key: string, dirty: boolean): void;
}

const TabsContext = createContext<Tabs | null>(null);
const PORTAL: OpenTab = { key: PORTAL_KEY, spec: { kind: 'portal' } };

interface Saved {
  tabs: OpenTab[];
  active: string;
}

function restore(storageKey: string): Saved {
  const saved = readJson<Saved>(storageKey, { tabs: [], active: PORTAL_KEY });
  const tabs = [PORTAL, ...saved.tabs.filter((t) => t.key !== PORTAL_KEY && t.spec && tabKey(t.spec) === t.key)];
  const fromHash = specFromHash(location.hash);
  if (fromHash) {
    const key = tabKey(fromHash);
    if (!tabs.some((t) => t.key === key)) tabs.push({ key, spec: fromHash });
    return { tabs, active: key };
  }
  return { tabs, active: tabs.some((t) => t.key === saved.active) ? saved.active : PORTAL_KEY };
}

export function TabsProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const storageKey = userKey(userId, 'tabs');
  const [state, setState] = useState<Saved>(() => restore(storageKey));
  const [dirty, setDirtySet] = useState<ReadonlySet<string>>(new Set());
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => writeJson(storageKey, state), [storageKey, state]);

  // The hash follows the active tab; a hash typed or navigated to (back button, link) opens its tab.
  useEffect(() => {
    const tab = state.tabs.find((t) => t.key === state.active);
    if (tab && location.hash !== hashOf(tab.spec)) history.replaceState(null, '', hashOf(tab.spec));
  }, [state]);
  useEffect(() => {
    const onHash = () => {
      const spec = specFromHash(location.hash);
      if (spec) openSpec(spec);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  });

  const openSpec = useCallback((spec: TabSpec) => {
    const key = tabKey(spec);
    setState((s) => ({ tabs: s.tabs.some((t) => t.key === key) ? s.tabs : [...s.tabs, { key, spec }], active: key }));
  }, []);

  const close = useCallback((key: string) => {
    if (key === PORTAL_KEY) return;
    setState((s) => {
      const i = s.tabs.findIndex((t) => t.key === key);
      if (i < 0) return s;
      const tabs = s.tabs.filter((t) => t.key !== key);
      const active = s.active === key ? (tabs[Math.min(i, tabs.length - 1)]?.key ?? PORTAL_KEY) : s.active;
      return { tabs, active };
    });
    setDirtySet((d) => (d.has(key) ? new Set([...d].filter((k) => k !== key)) : d));
  }, []);

  const replace = useCallback((key: string, spec: TabSpec, title?: string) => {
    const next = tabKey(spec);
    setState((s) => {
      const tabs = s.tabs.filter((t) => t.key !== next).map((t) => (t.key === key ? { key: next, spec, title } : t));
      return { tabs, active: s.active === key ? next : s.active };
    });
  }, []);

  const setTitle = useCallback((key: string, title: string) => {
    setState((s) => (s.tabs.some((t) => t.key === key && t.title !== title) ? { ...s, tabs: s.tabs.map((t) => (t.key === key ? { ...t, title } : t)) } : s));
  }, []);

  const setDirty = useCallback((key: string, value: boolean) => {
    setDirtySet((d) => {
      if (d.has(key) === value) return d;
      const next = new Set(d);
      if (value) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);

  const value = useMemo<Tabs>(
    () => ({
      tabs: state.tabs,
      active: state.active,
      dirty,
      open: openSpec,
      openRecord: (entity, id) => openSpec({ kind: 'record', entity, id }),
      openNew: (entity, defaults) => openSpec({ kind: 'new', entity, draftKey: newDraftKey(), ...(defaults ? { defaults } : {}) }),
      activate: (key) => setState((s) => (s.tabs.some((t) => t.key === key) ? { ...s, active: key } : s)),
      close,
      replace,
      setTitle,
      setDirty,
    }),
    [state, dirty, openSpec, close, replace, setTitle, setDirty],
  );
  return <TabsContext.Provider value={value}>{children}</TabsContext.Provider>;
}

export function useTabs(): Tabs {
  const found = useContext(TabsContext);
  if (!found) throw new Error('useTabs outside TabsProvider');
  return found;
}
