// A timer's "not done once a related record was created since the record entered the state" (`unlessRelated`): the
// other entity, and how its records relate (their ref field points at this record, or at what one of this record's
// ref fields points at: an activity logged on the quote's customer). The ways come from the entities' references
// (flow-related.ts); their fields are named by the entity's metadata.
import { useMemo } from 'react';
import { Checkbox, Select, Space } from 'antd';
import type { ErrorDetail, FieldMeta } from '../api/types';
import { useEntityMeta, useEntitySummaries } from '../common/use-meta';
import { useI18n } from '../i18n/i18n-context';
import { linkKey, relatableEntities, relatedLinks, unlessRelatedOf, type Reference, type UnlessRelated } from './flow-related';
import { problemsUnder } from './flow-pointers';
import { InlineProblems } from './flow-problem-list';

interface Props {
  value: UnlessRelated | undefined;
  /** The flow's entity and its fields. */
  entity: string;
  fields: FieldMeta[];
  /** `/timers/<i>/unlessRelated`, for the server's problems. */
  pointer: string;
  problems: readonly ErrorDetail[];
  onChange(value: UnlessRelated | undefined): void;
}

export function FlowUnlessRelated({ value, entity, fields, pointer, problems, onChange }: Props) {
  const { t, label } = useI18n();
  const summaries = useEntitySummaries().data;
  const references = useMemo(() => new Map<string, Reference[]>([...(summaries?.values() ?? [])].map((e) => [e.name, e.references ?? []])), [summaries]);
  const entities = relatableEntities(entity, references);
  const linksOf = (other: string) => relatedLinks(entity, references.get(entity) ?? [], references.get(other) ?? []);
  const pick = (other: string) => {
    const first = linksOf(other)[0];
    if (first) onChange({ entity: other, ...first });
  };
  return (
    <div className="flow-related" data-testid="flow-related">
      <Checkbox checked={!!value} disabled={!value && !entities.length} onChange={(e) => (e.target.checked ? pick(entities[0]!) : onChange(undefined))} data-testid="flow-related-on">
        {t('flows.related.enable')}
      </Checkbox>
      {value && (
        <Space wrap size={6}>
          <Select
            className="flow-role-select"
            value={value.entity}
            onChange={pick}
            options={entities.map((name) => ({ value: name, label: label(summaries?.get(name)?.labels, name) }))}
            showSearch={{ optionFilterProp: 'label' }}
            popupMatchSelectWidth={false}
            data-testid="flow-related-entity"
          />
          <RelatedLinkSelect value={value} links={linksOf(value.entity).map(linkKey)} fields={fields} onChange={(key) => onChange(unlessRelatedOf(value.entity, key))} />
        </Space>
      )}
      <InlineProblems problems={problemsUnder(problems, pointer)} testId="flow-related-problems" />
    </div>
  );
}

/** How the other entity's records relate, named by its fields' labels and the flow entity's. */
function RelatedLinkSelect({ value, links, fields, onChange }: { value: UnlessRelated; links: string[]; fields: FieldMeta[]; onChange(key: string): void }) {
  const { t, label } = useI18n();
  const theirs = useEntityMeta(value.entity).data?.fields ?? [];
  const name = (list: FieldMeta[], code: string) => label(list.find((f) => f.name === code)?.labels, code);
  const current = linkKey(value);
  const text = (key: string) => {
    const link = unlessRelatedOf(value.entity, key);
    return link.via ? t('flows.related.via', { field: name(theirs, link.field), via: name(fields, link.via) }) : t('flows.related.self', { field: name(theirs, link.field) });
  };
  return (
    <Select
      value={current}
      onChange={onChange}
      options={(links.includes(current) ? links : [current, ...links]).map((key) => ({ value: key, label: text(key) }))}
      popupMatchSelectWidth={false}
      data-testid="flow-related-link"
    />
  );
}
