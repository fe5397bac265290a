// Every problem of a refused role save, one line each, named by where it is in the matrix (the entity, the menus,
// modules or functions tab): a right the editor does not hold (403), or one the model does not know (422) such as a
// grant on an entity that no longer exists, which has no cell to show it at and can be taken out from here.
import { Button } from 'antd';
import type { ErrorDetail } from '../../api/types';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh-CN';
import { metadataMessage } from '../metadata-messages';

interface Props {
  problems: readonly ErrorDetail[];
  /** 403: rights the editor does not hold; otherwise the model's own checks. */
  notHeld: boolean;
  entityLabel(entity: string): string | undefined;
  /** Takes the grant on an unknown entity out of the role being edited. */
  onRemoveEntity(entity: string): void;
}

/** The matrix cell's text for a problem: the one message of a 403, else the problem itself in the user's language. */
export function roleProblemText(t: ReturnType<typeof useI18n>['t'], detail: ErrorDetail, notHeld: boolean): string {
  if (notHeld) return t('role.notHeld');
  const unknown = /^unknown entity "(.+)"$/.exec(detail.message);
  if (unknown) return t('role.problem.unknownEntity', { entity: unknown[1]! });
  const field = /^entity "(.+)" has no field "(.+)"$/.exec(detail.message);
  if (field) return t('role.problem.unknownField', { field: field[2]! });
  const module = /^unknown module "(.+)"$/.exec(detail.message);
  if (module) return t('role.problem.unknownModule', { module: module[1]! });
  return metadataMessage(t, detail).text;
}

export function RoleProblemList({ problems, notHeld, entityLabel, onRemoveEntity }: Props) {
  const { t } = useI18n();
  return (
    <ul className="flow-problem-list" data-testid="role-problems">
      {problems.map((d, i) => {
        const [, , area, name, action] = (d.path ?? '').split('/');
        const known = area === 'entities' && name ? entityLabel(name) : undefined;
        const where = area === 'entities' && name ? (known ?? name) + (action && action !== 'fields' ? ` · ${t(`role.action.${action}` as MessageKey)}` : '') : area ? t(`role.tab.${area}` as MessageKey) : '';
        return (
          <li key={i}>
            {where && <strong>{where}:</strong>}
            <span>{roleProblemText(t, d, notHeld)}</span>
            {area === 'entities' && name && !known && !notHeld && (
              <Button type="link" size="small" onClick={() => onRemoveEntity(name)} data-testid={`role-remove-${name}`}>
                {t('role.problem.removeGrant')}
              </Button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
