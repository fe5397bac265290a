// The portal's dashboard: the reports whose `dashboard.roles` name one of the user's roles, as chart cards, each
// computed under the user's own rights; without any, a hint where reports come from.
import { Alert, Col, Row, Typography } from 'antd';
import { listReports } from '../api/reports-api';
import { useMe } from '../auth/session-context';
import { useAsync } from '../common/use-async';
import { useI18n } from '../i18n/i18n-context';
import { DashboardCard } from '../reports/dashboard-card';
import { useTabs } from '../shell/tabs-context';

export function DashboardCards() {
  const { t, locale } = useI18n();
  const me = useMe();
  const tabs = useTabs();
  const reports = useAsync(() => listReports(true), [me.user.id, locale]);
  if (reports.loading || reports.error) return null;
  if (!reports.data?.length) {
    return (
      <Alert
        className="portal-dashboard-empty"
        type="info"
        showIcon
        data-testid="dashboard-empty"
        title={t('portal.dashboardEmpty')}
        description={
          me.permissions.menus.includes('*') || me.permissions.menus.includes('reports') ? (
            <Typography.Link onClick={() => tabs.open({ kind: 'page', page: 'reports' })}>{t('portal.dashboardHint')}</Typography.Link>
          ) : (
            t('portal.dashboardAsk')
          )
        }
      />
    );
  }
  return (
    <Row gutter={[12, 12]} className="portal-dashboard" data-testid="portal-dashboard">
      {reports.data.map((r) => (
        <Col key={r.code} xs={24} xl={12}>
          <DashboardCard report={r} />
        </Col>
      ))}
    </Row>
  );
}
