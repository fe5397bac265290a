// A portal card for one dashboard report: run under the viewer's own rights, drawn as its chart; clicking a segment
// opens the matching records. The chart (ECharts, the largest library we ship) loads only when a card is drawn, so
// the portal's first load stays small for users without dashboards.
import { lazy, Suspense } from 'react';
import { Card, Spin, Typography } from 'antd';
import { runSavedReport, type SavedReport } from '../api/reports-api';
import { errorText } from '../common/error-text';
import { useAsync } from '../common/use-async';
import { useI18n } from '../i18n/i18n-context';
import { useTabs } from '../shell/tabs-context';
import { segmentTab } from './open-segment';
import { orderedRows } from './report-values';

const ReportChart = lazy(() => import('./report-chart').then((m) => ({ default: m.ReportChart })));

export function DashboardCard({ report }: { report: SavedReport }) {
  const { t, locale } = useI18n();
  const tabs = useTabs();
  const state = useAsync(() => runSavedReport(report.code), [report.code, locale]);
  const result = state.data;
  return (
    <Card size="small" className="portal-card" title={report.label} loading={state.loading && !result} data-testid={`dashboard-${report.code}`}>
      {state.error ? (
        <Typography.Text type="danger">{errorText(t, state.error)}</Typography.Text>
      ) : (
        result && (
          <Suspense fallback={<Spin />}>
            <ReportChart
            result={result}
            rows={orderedRows(result, !!report.definition.sort?.length)}
            chart={report.chart ?? { type: 'table' }}
            testId={`dashboard-chart-${report.code}`}
            onSegment={(row) => {
              const spec = segmentTab(report.label, report.definition, result, row, locale, t('reports.empty'));
              if (spec) tabs.open(spec);
            }}
            />
          </Suspense>
        )
      )}
    </Card>
  );
}
