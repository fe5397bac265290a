// Workflows name roles (who may act, approver roles); those must be roles the system knows: the built-in role
// files here, since a role record created later by an admin can be named once it exists.
import type { ErrorDetail } from '../core/index.ts';
import type { ApproverRule, Model } from '../metadata/index.ts';

export function checkWorkflowRoles(model: Model, roles: ReadonlySet<string>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const wf of model.workflows.values()) {
    const file = wf.source.file;
    const role = (code: string | undefined, pointer: string) => {
      if (code !== undefined && !roles.has(code)) problems.push({ file, pointer, message: `unknown role "${code}"`, expected: `one of ${[...roles].sort().join(', ')}` });
    };
    const rules = (list: readonly ApproverRule[] | undefined, pointer: string) =>
      list?.forEach((r, i) => {
        role(r.role, `${pointer}/${i}/role`);
        role(r.untilRole, `${pointer}/${i}/untilRole`);
        role(r.from?.role, `${pointer}/${i}/from/role`);
      });
    wf.transitions.forEach((t, i) => {
      if (typeof t.who === 'object') t.who.roles?.forEach((r, j) => role(r, `/transitions/${i}/who/roles/${j}`));
      t.notify?.forEach((n, j) => rules(n.to, `/transitions/${i}/notify/${j}/to`));
      if (t.assign?.roundRobin.role) role(t.assign.roundRobin.role, `/transitions/${i}/assign/roundRobin/role`);
    });
    wf.approval?.steps.forEach((s, i) => rules(s.approvers, `/approval/steps/${i}/approvers`));
    wf.timers?.forEach((t, i) => rules(t.do.notify?.to, `/timers/${i}/do/notify/to`));
  }
  return problems;
}
