// 数据权限: per entity, each action × record scope; expanding an entity shows its fields with 隐藏 / 只读 / 可写.
import { Radio, Table, Tag } from 'antd';
import { RECORD_ACTIONS, type EntityGrant, type FieldRightValue, type RecordAction, type Scope } from '../../api/roles-api';
import type { EntitySummary } from '../../api/types';
import { useEntityMeta } from '../../common/use-meta';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh-CN';
import { ScopeSelect } from './scope-select';

interface Props {
  entities: EntitySummary[];
  grants: Record<string, EntityGrant>;
  onChange(entity: string, grant: EntityGrant | undefined): void;
  /** JSON pointer under /permissions/entities → the server's refusal. */
  problemAt(pointer: string): string | undefined;
}

export const ALL_ENTITIES = '*';

export function EntityMatrix({ entities, grants, onChange, problemAt }: Props) {
  const { t, label } = useI18n();
  const rows = [...(grants[ALL_ENTITIES] ? [{ name: ALL_ENTITIES, labels: {}, displayField: '' } as EntitySummary] : []), ...entities];
  const setScope = (entity: string, action: RecordAction, scope: Scope | undefined) => {
    const next: EntityGrant = { ...grants[entity] };
    if (scope === undefined) delete next[action];
    else next[action] = scope;
    onChange(entity, Object.keys(next).length ? next : undefined);
  };
  return (
    <Table<EntitySummary>
      rowKey="name"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 1200 }}
      data-testid="role-entity-matrix"
      expandable={{ rowExpandable: (e) => e.name !== ALL_ENTITIES, expandedRowRender: (e) => <FieldRights entity={e.name} grant={grants[e.name]} onChange={(g) => onChange(e.name, g)} problemAt={problemAt} /> }}
      columns={[
        {
          key: 'entity',
          title: t('role.col.entity'),
          fixed: 'left',
          width: 150,
          render: (_, e) => (e.name === ALL_ENTITIES ? <Tag color="blue">{t('role.allEntities')}</Tag> : <span>{label(e.labels, e.name)}</span>),
        },
        ...RECORD_ACTIONS.map((action) => ({
          key: action,
          title: t(`role.action.${action}` as MessageKey),
          width: 140,
          render: (_: unknown, e: EntitySummary) => (
            <ScopeSelect entity={e.name === ALL_ENTITIES ? 'customer' : e.name} value={grants[e.name]?.[action]} onChange={(s) => setScope(e.name, action, s)} problem={problemAt(`/permissions/entities/${e.name}/${action}`)} testId={`scope-${e.name}-${action}`} />
          ),
        })),
      ]}
    />
  );
}

function FieldRights({ entity, grant, onChange, problemAt }: { entity: string; grant: EntityGrant | undefined; onChange(g: EntityGrant | undefined): void; problemAt(pointer: string): string | undefined }) {
  const { t, label } = useI18n();
  const meta = useEntityMeta(entity);
  const set = (field: string, right: FieldRightValue) => {
    const fields = { ...grant?.fields };
    // Unlisted fields are writable, so 可写 is stored as the absence of a rule.
    if (right === 'write') delete fields[field];
    else fields[field] = right;
    const next: EntityGrant = { ...grant, fields };
    if (!Object.keys(fields).length) delete next.fields;
    onChange(Object.keys(next).length ? next : undefined);
  };
  const fields = (meta.data?.fields ?? []).filter((f) => !f.system);
  return (
    <div className="role-field-rights" data-testid={`field-rights-${entity}`}>
      {!grant?.read && <p className="role-hint">{t('role.fieldsNeedRead')}</p>}
      <Table
        rowKey="name"
        size="small"
        loading={meta.loading}
        pagination={false}
        dataSource={fields}
        locale={{ emptyText: t('role.noFields') }}
        columns={[
          { key: 'field', title: t('role.col.field'), width: 220, render: (_, f) => label(f.labels, f.name) },
          {
            key: 'right',
            title: t('role.col.fieldRight'),
            render: (_, f) => {
              const problem = problemAt(`/permissions/entities/${entity}/fields/${f.name}`);
              return (
                <>
                  <Radio.Group size="small" value={grant?.fields?.[f.name] ?? 'write'} onChange={(e) => set(f.name, e.target.value as FieldRightValue)} optionType="button" data-testid={`field-right-${entity}-${f.name}`}>
                    <Radio.Button value="hidden">{t('role.field.hidden')}</Radio.Button>
                    <Radio.Button value="read">{t('role.field.read')}</Radio.Button>
                    <Radio.Button value="write">{t('role.field.write')}</Radio.Button>
                  </Radio.Group>
                  {problem && <div className="role-cell-problem">{problem}</div>}
                </>
              );
            },
          },
        ]}
      />
    </div>
  );
}
