// A record's 时间线 tab: the records of every entity that declares a timeline and refers to this one (a project's
// milestones and installations), each on its own chart.
import { Card, Spin } from 'antd';
import type { EntityMeta, EntitySummary } from '../api/types';
import { useEntityMeta } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import { TimelineView } from './timeline-view';

export interface TimelineRelation {
  entity: EntitySummary;
  field: string;
}

/** The record's own lines (a project's milestones) first, then other entities referring to it. */
export function timelineRelationsOf(meta: EntityMeta, summaries: Map<string, EntitySummary>): TimelineRelation[] {
  const owned = new Set(meta.fields.filter((f) => f.type === 'children').map((f) => f.target));
  const all = [...summaries.values()].filter((e) => e.timeline).flatMap((e) => (e.references ?? []).filter((r) => r.target === meta.name).map((r) => ({ entity: e, field: r.field })));
  return [...all.filter((r) => owned.has(r.entity.name)), ...all.filter((r) => !owned.has(r.entity.name))];
}

function RelatedTimeline({ relation, id }: { relation: TimelineRelation; id: string }) {
  const { label } = useI18n();
  const meta = useEntityMeta(relation.entity.name);
  return (
    <Card size="small" className="timeline-card" title={label(relation.entity.labels, relation.entity.name)} data-testid={`timeline-${relation.entity.name}`}>
      {meta.data ? <TimelineView meta={meta.data} filter={{ '==': [{ var: relation.field }, id] }} /> : <Spin />}
    </Card>
  );
}

export function TimelineTab({ relations, id }: { relations: TimelineRelation[]; id: string }) {
  return (
    <div className="timeline-cards">
      {relations.map((r) => (
        <RelatedTimeline key={`${r.entity.name}.${r.field}`} relation={r} id={id} />
      ))}
    </div>
  );
}
