// The top bar's bell: my unread messages counted (asked every 30 s, and at once after my own actions), and a drawer
// listing them with their record a click away; one or all can be marked read.
import { useCallback, useEffect, useRef, useState } from 'react';
import { App, Badge, Button, Drawer, Empty, List, Segmented, Space, Spin, Tooltip, Typography } from 'antd';
import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { fetchMessages, markMessagesRead, type Message } from '../api/messages-api';
import { downloadDelivery } from '../api/reports-api';
import type { EntitySummary } from '../api/types';
import { errorText } from '../common/error-text';
import { saveFile } from '../common/save-file';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import { onMessagesMayHaveChanged } from './messages-store';
import { useTabs } from './tabs-context';

const POLL_MS = 30_000;

export function MessagesBell({ entities }: { entities: Map<string, EntitySummary> }) {
  const { t, label } = useI18n();
  const tabs = useTabs();
  const { message } = App.useApp();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState<'unread' | 'all'>('unread');
  const [items, setItems] = useState<Message[]>();
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  // One request gives both the count and, while the drawer is open, its list.
  const refresh = useCallback(async () => {
    const run = ++seq.current;
    try {
      const page = await fetchMessages(open ? { unread: filter === 'unread', limit: 50 } : { unread: true, limit: 1 });
      if (run !== seq.current) return;
      setUnread(page.unread);
      if (open) setItems(page.data);
    } catch {
      // A missed poll is retried by the next one; the session-expired case is handled by the API client.
    } finally {
      if (run === seq.current) setLoading(false);
    }
  }, [open, filter]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => document.visibilityState === 'visible' && void refresh(), POLL_MS);
    // Actions commit before they answer, so their messages are there when we ask.
    const off = onMessagesMayHaveChanged(() => void refresh());
    return () => {
      clearInterval(timer);
      off();
    };
  }, [refresh]);

  const openDrawer = () => {
    setItems(undefined);
    setLoading(true);
    setOpen(true);
  };

  const markRead = async (ids?: string[]) => {
    try {
      await markMessagesRead(ids);
      await refresh();
    } catch (e) {
      message.error(errorText(t, e));
    }
  };

  // A scheduled report's file (定时发送), made under my rights when it was sent.
  const fetchDelivery = async (id: string) => {
    try {
      const { blob, filename } = await downloadDelivery(id);
      saveFile(blob, filename);
    } catch (e) {
      message.error(errorText(t, e));
    }
  };
  const openRecord = (m: Message) => {
    if (!m.entity || !m.record_id) return;
    tabs.openRecord(m.entity, m.record_id);
    setOpen(false);
    if (!m.read_at) void markRead([m.id]);
  };

  return (
    <>
      <Tooltip title={t('messages.title')}>
        <button type="button" className="bell-button" aria-label={t('messages.bellLabel', { count: unread })} data-testid="messages-bell" onClick={openDrawer}>
          <Badge count={unread} size="small" overflowCount={99} data-testid="messages-unread">
            <BellOutlined className="bell-icon" />
          </Badge>
        </button>
      </Tooltip>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('messages.title')}
        size={420}
        className="messages-drawer"
        extra={
          <Button size="small" icon={<CheckOutlined />} disabled={unread === 0} onClick={() => void markRead()} data-testid="messages-read-all">
            {t('messages.readAll')}
          </Button>
        }
      >
        <Space orientation="vertical" size="middle" className="full-width" data-testid="messages-drawer">
          <Segmented<'unread' | 'all'>
            value={filter}
            onChange={(v) => (setFilter(v), setLoading(true))}
            options={[
              { value: 'unread', label: t('messages.unreadTab', { count: unread }) },
              { value: 'all', label: t('messages.allTab') },
            ]}
          />
          {loading && !items ? (
            <Spin className="tab-loading" />
          ) : !items?.length ? (
            <Empty description={t(filter === 'unread' ? 'messages.noneUnread' : 'messages.none')} />
          ) : (
            <List<Message>
              className="messages-list"
              dataSource={items}
              renderItem={(m) => (
                <List.Item
                  className={m.read_at ? 'message-item' : 'message-item message-unread'}
                  data-testid="message-item"
                  actions={
                    m.read_at
                      ? []
                      : [
                          <Typography.Link key="read" onClick={() => void markRead([m.id])} data-testid="message-read">
                            {t('messages.markRead')}
                          </Typography.Link>,
                        ]
                  }
                >
                  <div className="message-main">
                    <div className="message-title">
                      {!m.read_at && <Badge status="processing" />}
                      <Typography.Text strong={!m.read_at}>{m.title}</Typography.Text>
                    </div>
                    {m.body && <div className="message-body">{m.body}</div>}
                    <div className="message-meta">
                      <Typography.Text type="secondary">{formatDateTime(m.created_at)}</Typography.Text>
                      {/* A delivery's own file; one held for export approval links its export request instead (opened below). */}
                      {m.kind === 'report_delivery' && m.record_id && !m.entity && (
                        <Typography.Link onClick={() => void fetchDelivery(m.record_id!)} data-testid="message-download">
                          {t('schedules.download')}
                        </Typography.Link>
                      )}
                      {m.entity && m.record_id && (
                        <Typography.Link onClick={() => openRecord(m)} data-testid="message-open">
                          {t('messages.open', { entity: label(entities.get(m.entity)?.labels, m.entity) })}
                        </Typography.Link>
                      )}
                    </div>
                  </div>
                </List.Item>
              )}
            />
          )}
        </Space>
      </Drawer>
    </>
  );
}
