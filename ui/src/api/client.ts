// The one fetch wrapper: JSON in and out, the session cookie, the UI language, and errors as ApiError.
import type { ErrorDetail, Locale } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

let language: Locale = 'zh-CN';
const unauthorizedListeners = new Set<() => void>();

/** Validation messages come back in this language. */
export function setApiLanguage(locale: Locale): void {
  language = locale;
}

export function apiLanguage(): Locale {
  return language;
}

/** Called when any request finds the session gone (expired, signed out elsewhere). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export type Query = Record<string, string | number | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

export async function apiRequest<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json', 'accept-language': language, ...headers } };
  // A file (an imported table) goes as it is, under the content type the caller names.
  if (body instanceof Blob) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) throw failure(res, path, parsed);
  return parsed as T;
}

function failure(res: Response, path: string, parsed: unknown): ApiError {
  const err = (parsed as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | undefined)?.error;
  // The sign-in request itself answers 401 for a wrong password; that is not a lost session.
  if (res.status === 401 && path !== '/api/auth/login') unauthorizedListeners.forEach((l) => l());
  return new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? res.statusText, err?.details ?? []);
}

/** A file the server sends (an export): its bytes and the name it suggests; refusals come as ApiError like any call. */
export async function apiDownload(path: string): Promise<{ blob: Blob; filename: string }> {
  const answer = await apiFileOrAccepted(path);
  if ('accepted' in answer) throw new ApiError(202, 'ACCEPTED', 'The server filed the request instead of answering a file');
  return answer;
}

/** A file, or (202) the JSON the server answered instead of it, such as an export request waiting for approval. */
export async function apiFileOrAccepted<T = unknown>(path: string): Promise<{ blob: Blob; filename: string } | { accepted: T }> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', headers: { 'accept-language': language } });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) {
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    throw failure(res, path, parsed);
  }
  if (res.status === 202) return { accepted: (await res.json()) as T };
  const disposition = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  return { blob: await res.blob(), filename: encoded ? decodeURIComponent(encoded) : 'export.csv' };
}

export const apiGet = <T>(path: string, query?: Query) => apiRequest<T>('GET', withQuery(path, query));
