// An entity's records on a timeline, read through the list API (the user's scope and field rights), for a list's
// 时间线 mode or a parent record's 时间线 tab; an empty result says how records get onto it.
import { Alert, Empty, Spin } from 'antd';
import dayjs from 'dayjs';
import { listRecords } from '../api/records-api';
import type { EntityMeta } from '../api/types';
import { errorText } from '../common/error-text';
import { useAsync } from '../common/use-async';
import { useI18n } from '../i18n/i18n-context';
import { useTabs } from '../shell/tabs-context';
import { TimelineChart } from './timeline-chart';
import { timelineRows } from './timeline-layout';

/** The API's largest page: a timeline is a picture of one project's or one filter's records, not of thousands. */
const LIMIT = 500;

/** `narrowed`: the user's own filter or search is applied, so an empty timeline says that rather than how to fill it. */
export function TimelineView({ meta, filter, narrowed }: { meta: EntityMeta; filter?: unknown; narrowed?: boolean }) {
  const { t, label } = useI18n();
  const tabs = useTabs();
  const decl = meta.timeline!;
  const fields = [...new Set(['id', meta.displayField, ...Object.values(decl)])];
  const state = useAsync(() => listRecords(meta.name, { filter, sort: decl.start, limit: LIMIT, fields }), [meta.name, JSON.stringify(filter), fields.join(',')]);
  if (state.error) return <Alert type="error" showIcon title={errorText(t, state.error)} className="page-alert" />;
  if (!state.data) return <Spin className="tab-loading" />;
  const today = dayjs().format('YYYY-MM-DD');
  const rows = timelineRows(state.data.data, decl, meta.displayField, today).filter((r) => r.planned || r.actual);
  const fieldLabel = (name?: string) => (name ? label(meta.fields.find((f) => f.name === name)?.labels, name) : '');
  if (!rows.length && narrowed) return <Empty className="timeline-empty" description={t('timeline.noMatch', { entity: label(meta.labels, meta.name) })} />;
  if (!rows.length) {
    return (
      <Empty
        className="timeline-empty"
        description={t('timeline.emptyHint', { entity: label(meta.labels, meta.name), start: fieldLabel(decl.start), end: fieldLabel(decl.end ?? decl.actualStart) || fieldLabel(decl.start) })}
      />
    );
  }
  const groupField = decl.group ? meta.fields.find((f) => f.name === decl.group) : undefined;
  return <TimelineChart rows={rows} today={today} groupField={groupField} onOpen={(id) => tabs.openRecord(meta.name, id)} />;
}
