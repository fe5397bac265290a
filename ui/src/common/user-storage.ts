// localStorage as JSON, namespaced per user so two people sharing a browser never see each other's drafts or views.
export function userKey(userId: string, ...parts: string[]): string {
  return ['crm', userId, ...parts].join(':');
}

export function readJson<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(key);
    return text === null ? fallback : (JSON.parse(text) as T);
  } catch {
    return fallback;
  }
}

export function writeJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the UI keeps working, only without persistence.
  }
}

export function removeKey(key: string): void {
  localStorage.removeItem(key);
}
