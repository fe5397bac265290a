// A Gantt-like chart in plain HTML and CSS: one row per record with its planned span (and progress) above its actual
// span, single dates as diamonds, month ticks, and a line for today. Late rows are marked red.
import { Typography } from 'antd';
import dayjs from 'dayjs';
import type { FieldMeta } from '../api/types';
import { FieldValue } from '../common/field-value';
import { useI18n } from '../i18n/i18n-context';
import { monthTicks, percentOf, rangeOf, type Range, type Span, type TimelineRow } from './timeline-layout';
import './timeline.css';

interface Props {
  rows: TimelineRow[];
  today: string;
  groupField?: FieldMeta;
  onOpen(id: string): void;
}

function SpanMark({ span, range, kind, late, progress, title }: { span: Span; range: Range; kind: 'planned' | 'actual'; late: boolean; progress?: number; title: string }) {
  const left = percentOf(span.start, range);
  const cls = `timeline-${kind}${late ? (kind === 'actual' ? ' timeline-late' : ' timeline-overdue') : ''}`;
  if (!span.end) return <span className={`${cls} timeline-point`} style={{ left: `${left}%` }} title={title} data-testid={`timeline-${kind}`} />;
  const width = Math.max(percentOf(span.end, range, true) - left, 0.4);
  return (
    <span className={`${cls} timeline-bar`} style={{ left: `${left}%`, width: `${width}%` }} title={title} data-testid={`timeline-${kind}`}>
      {progress !== undefined && <span className="timeline-progress" style={{ width: `${progress}%` }} />}
    </span>
  );
}

export function TimelineChart({ rows, today, groupField, onOpen }: Props) {
  const { t } = useI18n();
  const range = rangeOf(rows, today);
  // The middle of today's day.
  const todayAt = (percentOf(today, range) + percentOf(today, range, true)) / 2;
  const spanText = (s: Span) => (s.end && s.end !== s.start ? `${s.start} ~ ${s.end}` : s.start);
  const groups: { key: string; value: unknown; rows: TimelineRow[] }[] = [];
  for (const row of rows) {
    const key = JSON.stringify(row.group ?? null);
    const g = groups.find((x) => x.key === key) ?? (groups.push({ key, value: row.group, rows: [] }), groups[groups.length - 1]!);
    g.rows.push(row);
  }
  const ticks = monthTicks(range);
  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-legend">
        <span><span className="timeline-planned timeline-swatch" />{t('timeline.planned')}</span>
        <span><span className="timeline-actual timeline-swatch" />{t('timeline.actual')}</span>
        <span><span className="timeline-actual timeline-late timeline-swatch" />{t('timeline.late')}</span>
        <span><span className="timeline-today-swatch" />{t('timeline.today', { date: today })}</span>
      </div>
      <div className="timeline-row timeline-head">
        <div className="timeline-label" />
        <div className="timeline-track">
          {ticks.map((d) => (
            <span key={d} className="timeline-tick" style={{ left: `${percentOf(d, range)}%` }}>
              {dayjs(d).format(dayjs(d).month() === 0 || d === ticks[0] ? 'YYYY-MM' : 'MM')}
            </span>
          ))}
          <span className="timeline-today-label" style={{ left: `${todayAt}%` }} data-testid="timeline-today">
            {t('timeline.todayShort')}
          </span>
        </div>
      </div>
      {groups.map((g) => (
        <div key={g.key} className="timeline-group">
          {groupField && (
            <div className="timeline-group-title">
              <FieldValue field={groupField} value={g.value} />
            </div>
          )}
          {g.rows.map((r) => (
            <div key={r.id} className={`timeline-row${r.late ? ' is-late' : ''}`} data-testid="timeline-row">
              <div className="timeline-label">
                <Typography.Link ellipsis onClick={() => onOpen(r.id)} title={r.label}>
                  {r.label || r.id.slice(0, 8)}
                </Typography.Link>
              </div>
              <div className="timeline-track">
                {ticks.map((d) => (
                  <span key={d} className="timeline-gridline" style={{ left: `${percentOf(d, range)}%` }} />
                ))}
                {r.planned && <SpanMark span={r.planned} range={range} kind="planned" late={r.late && !r.actual} progress={r.progress} title={`${t('timeline.planned')} ${spanText(r.planned)}`} />}
                {r.actual && <SpanMark span={r.actual} range={range} kind="actual" late={r.late} title={`${t('timeline.actual')} ${spanText(r.actual)}`} />}
                <span className="timeline-today" style={{ left: `${todayAt}%` }} />
              </div>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
