// My in-app messages (approval tasks, decisions, reminders): the list, the unread count, marking them read.
import { apiGet, apiRequest } from './client';

export interface Message {
  id: string;
  title: string;
  body: string | null;
  entity: string | null;
  record_id: string | null;
  kind: string;
  created_at: string;
  read_at: string | null;
}

export interface MessagePage {
  data: Message[];
  unread: number;
}

export function fetchMessages(options: { unread?: boolean; limit?: number } = {}): Promise<MessagePage> {
  return apiGet<MessagePage>('/api/messages', { unread: options.unread ? 'true' : undefined, limit: options.limit });
}

/** Marks the given messages read, or all of mine when no ids are given. */
export function markMessagesRead(ids?: string[]): Promise<{ updated: number }> {
  return apiRequest('POST', '/api/messages/read', ids ? { ids } : {});
}
