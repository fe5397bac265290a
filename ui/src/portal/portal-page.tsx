// 个人门户: the user's home: the dashboard reports of their roles, approvals waiting for me, open opportunities,
// service requests, follow-ups due and recently viewed records.
import { useEffect, useState } from 'react';
import { Card, Col, List, Row, Typography } from 'antd';
import dayjs from 'dayjs';
import { can } from '../auth/permissions';
import { useMe } from '../auth/session-context';
import { useEntitySummaries } from '../common/use-meta';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import { useTabs } from '../shell/tabs-context';
import { ApprovalsCard } from './approvals-card';
import { DashboardCards } from './dashboard-cards';
import { RecordsCard } from './records-card';
import { onRecentChange, readRecent } from './recent-records';

function RecentCard() {
  const { t, label } = useI18n();
  const me = useMe();
  const tabs = useTabs();
  const entities = useEntitySummaries().data;
  const [recent, setRecent] = useState(() => readRecent(me.user.id));
  useEffect(() => onRecentChange(() => setRecent(readRecent(me.user.id))), [me.user.id]);
  return (
    <Card size="small" className="portal-card" title={t('portal.recent')} data-testid="portal-recent">
      <List
        size="small"
        dataSource={recent.slice(0, 8)}
        locale={{ emptyText: t('portal.noRecent') }}
        renderItem={(r) => (
          <List.Item extra={<Typography.Text type="secondary">{formatDateTime(r.at)}</Typography.Text>}>
            <Typography.Text type="secondary" className="recent-entity">
              {label(entities?.get(r.entity)?.labels, r.entity)}
            </Typography.Text>
            <Typography.Link onClick={() => tabs.openRecord(r.entity, r.id)} ellipsis>
              {r.title}
            </Typography.Link>
          </List.Item>
        )}
      />
    </Card>
  );
}

export function PortalPage() {
  const { t } = useI18n();
  const me = useMe();
  const mine = { '==': [{ var: 'owner' }, me.user.id] };
  const today = dayjs().format('YYYY-MM-DD');
  const inAWeek = dayjs().add(7, 'day').format('YYYY-MM-DD');
  const cards = [
    <ApprovalsCard key="approvals" />,
    can(me, 'opportunity', 'read') && (
      <RecordsCard
        key="opp"
        testId="portal-opportunities"
        title={t('portal.opportunities')}
        empty={t('portal.noOpportunities')}
        entity="opportunity"
        filter={{ and: [mine, { '!': { in: [{ var: 'stage' }, ['won', 'lost', 'abandoned']] } }] }}
        sort="expected_close_date"
        fields={['stage', 'amount', 'expected_close_date']}
      />
    ),
    can(me, 'service_ticket', 'read') && (
      <RecordsCard
        key="tickets"
        testId="portal-tickets"
        title={t('portal.tickets')}
        empty={t('portal.noTickets')}
        entity="service_ticket"
        filter={{ and: [{ or: [mine, { '==': [{ var: 'assigned_to' }, me.user.id] }] }, { in: [{ var: 'status' }, ['submitted', 'assigned', 'processing']] }] }}
        sort="-reported_time"
        fields={['customer', 'priority', 'status']}
      />
    ),
    can(me, 'activity', 'read') && (
      <RecordsCard
        key="followups"
        testId="portal-followups"
        title={t('portal.followUps')}
        empty={t('portal.noFollowUps')}
        entity="activity"
        filter={{ and: [mine, { '<=': [{ var: 'next_follow_up_date' }, inAWeek] }, { '>=': [{ var: 'next_follow_up_date' }, today] }] }}
        sort="next_follow_up_date"
        fields={['customer', 'next_follow_up_date', 'next_step']}
      />
    ),
    <RecentCard key="recent" />,
  ].filter(Boolean);

  return (
    <div className="portal-page">
      <Typography.Title level={4} className="portal-welcome">
        {t('portal.welcome', { name: me.user.display_name || me.user.username })}
      </Typography.Title>
      <DashboardCards />
      <Row gutter={[12, 12]}>
        {cards.map((card, i) => (
          <Col key={i} xs={24} xl={12}>
            {card}
          </Col>
        ))}
      </Row>
    </div>
  );
}
