// Sign-in, sign-out and "who am I"; the session itself is the httpOnly cookie the server sets.
import { apiGet, apiRequest } from './client';
import type { Health, Me } from './types';

export function login(username: string, password: string): Promise<unknown> {
  return apiRequest('POST', '/api/auth/login', { username, password });
}

export function logout(): Promise<void> {
  return apiRequest<void>('POST', '/api/auth/logout');
}

export function fetchMe(): Promise<Me> {
  return apiGet<Me>('/api/me');
}

/** Server status; `mode` says whether this is a demo installation (sign-ins shown) or production. */
export function fetchHealth(): Promise<Health> {
  return apiGet<Health>('/api/health');
}
