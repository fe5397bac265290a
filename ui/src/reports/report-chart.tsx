// A report's result drawn as ECharts (bar, line, pie, funnel) or as a table / pivot table. Clicking a bar, slice,
// stage or row hands its row to `onSegment` (the caller opens the matching records).
import { useEffect, useRef } from 'react';
import { Empty, Table } from 'antd';
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartSpec, ReportColumn, ReportResult } from '../api/reports-api';
import { useI18n } from '../i18n/i18n-context';
import { categoryAxisLabel } from './category-axis';
import { groupText, measureText } from './report-values';

echarts.use([BarChart, LineChart, PieChart, FunnelChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Row = Record<string, unknown>;

interface Props {
  result: ReportResult;
  rows: Row[];
  chart: ChartSpec;
  height?: number;
  onSegment?(row: Row): void;
  testId?: string;
}

export function ReportChart({ result, rows, chart, height = 280, onSegment, testId }: Props) {
  const { t } = useI18n();
  if (!rows.length) return <Empty description={t('reports.noRows')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  if (chart.type === 'table' || chart.type === 'pivot' || !result.columns.some((c) => c.role === 'group')) return <ReportTable result={result} rows={rows} onSegment={onSegment} testId={testId} />;
  return <EChart result={result} rows={rows} chart={chart} height={height} onSegment={onSegment} testId={testId} />;
}

function EChart({ result, rows, chart, height, onSegment, testId }: Props) {
  const { t, locale } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const clicked = useRef(onSegment);
  clicked.current = onSegment;
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const instance = echarts.init(node);
    const groups = result.columns.filter((c) => c.role === 'group');
    const category = groups.find((c) => c.key === chart.category) ?? groups[0]!;
    const others = groups.filter((c) => c !== category);
    const measures = result.columns.filter((c) => c.role === 'measure' && !c.measure && (!chart.values || chart.values.includes(c.key)));
    const names = rows.map((r) => [category, ...others].map((c) => groupText(c, r, locale, t('reports.empty'))).join(' · '));
    const value = (m: ReportColumn, r: Row) => (r[m.key] === null || r[m.key] === undefined ? 0 : Number(r[m.key]));
    const tooltipValue = (m: ReportColumn) => (v: unknown) => measureText(m, v, locale);
    // Measures of one kind (money, counts) share a value axis: a target and what was signed against it must be read
    // on one scale. A second kind gets the right-hand axis; the value axes' labels take about 75 px each.
    const kinds = [...new Set(measures.map((m) => m.type))];
    const axisLabel = () => {
      const { mode, ...label } = categoryAxisLabel(names, node.clientWidth - (kinds.length > 1 ? 150 : 75));
      node.dataset.axisLabels = mode;
      return label;
    };
    if (chart.type === 'pie' || chart.type === 'funnel') {
      const m = measures[0]!;
      instance.setOption({
        tooltip: { trigger: 'item', valueFormatter: tooltipValue(m) },
        legend: { type: 'scroll', bottom: 0 },
        series: [
          chart.type === 'pie'
            ? { type: 'pie', name: m.label, radius: ['35%', '65%'], data: rows.map((r, i) => ({ name: names[i], value: value(m, r) })) }
            : { type: 'funnel', name: m.label, sort: 'none', left: '10%', width: '80%', top: 10, bottom: 40, label: { show: true, position: 'inside', formatter: '{b}: {c}' }, data: rows.map((r, i) => ({ name: names[i], value: value(m, r) })) },
        ],
      });
    } else {
      instance.setOption({
        tooltip: { trigger: 'axis' },
        legend: measures.length > 1 ? { bottom: 0 } : undefined,
        grid: { left: 12, right: 12, top: 24, bottom: measures.length > 1 ? 36 : 12, containLabel: true },
        // The label's own tooltip names a category whose label was cut short.
        xAxis: { type: 'category', data: names, axisLabel: axisLabel(), tooltip: { show: true, formatter: (p: { value?: unknown }) => String(p.value ?? '') } },
        // Counts are whole numbers: no 0.5 between 0 and 1 on their axis.
        yAxis: kinds.map((kind, i) => ({ type: 'value', show: i < 2, splitLine: { show: i === 0 }, minInterval: kind === 'integer' ? 1 : undefined })),
        series: measures.map((m) => ({ type: chart.type, name: m.label, yAxisIndex: kinds.indexOf(m.type), data: rows.map((r) => value(m, r)), tooltip: { valueFormatter: tooltipValue(m) } })),
      });
    }
    instance.on('click', (p) => clicked.current?.(rows[p.dataIndex]!));
    const resize = new ResizeObserver(() => {
      instance.resize();
      if (chart.type !== 'pie' && chart.type !== 'funnel') instance.setOption({ xAxis: { axisLabel: axisLabel() } });
    });
    resize.observe(node);
    return () => {
      resize.disconnect();
      instance.dispose();
    };
  }, [result, rows, chart.type, chart.category, chart.values?.join(), locale, t]);
  return <div ref={el} style={{ height }} className="report-chart" data-testid={testId} data-chart={chart.type} />;
}

/** Groups, then measures (spread across pivot values when pivoted), then a totals row. */
export function ReportTable({ result, rows, onSegment, testId }: Pick<Props, 'result' | 'rows' | 'onSegment' | 'testId'>) {
  const { t, locale } = useI18n();
  const groups = result.columns.filter((c) => c.role === 'group');
  const columns = result.columns.map((c) => ({
    key: c.key,
    title: c.label,
    align: c.role === 'measure' ? ('right' as const) : undefined,
    render: (_: unknown, r: Row) => (c.role === 'group' ? groupText(c, r, locale, t('reports.empty')) : measureText(c, r[c.key], locale)),
  }));
  const totals = groups.length ? [{ ...result.totals, __totals: true }] : [];
  return (
    <Table<Row>
      size="small"
      data-testid={testId}
      rowKey={(r) => (r.__totals ? '__totals' : JSON.stringify(groups.map((g) => r[g.key])))}
      columns={columns.map((c, i) => (i === 0 && groups.length ? { ...c, render: (v: unknown, r: Row) => (r.__totals ? t('reports.total') : c.render(v, r)) } : c))}
      dataSource={[...rows, ...totals]}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      onRow={(r) => ({ onClick: () => !r.__totals && onSegment?.(r), className: onSegment && !r.__totals ? 'report-row-link' : undefined })}
    />
  );
}
