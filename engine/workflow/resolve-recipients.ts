// Who an approver rule (or a notification's recipient rule) names, along the org chart: named users, role holders
// (optionally within the record's department), managers N levels up, consecutive managers, department heads, a user
// field of the record, or the submitter's choice. Only active users; the order matters for sequential steps.
import type { OrgDirectory } from '../access/index.ts';
import type { ApproverRule } from '../metadata/index.ts';

export interface RecipientContext {
  directory: OrgDirectory;
  record: Record<string, unknown>;
  submitter: string;
  /** Users the submitter chose per step ("chosen" approvers), validated against the rule's allowed set. */
  chosen?: readonly string[];
}

export function resolveRecipients(rule: ApproverRule, ctx: RecipientContext): string[] {
  const { directory, record } = ctx;
  const active = (ids: (string | null | undefined)[]) => ids.filter((id): id is string => !!id && directory.users.get(id)?.active === true);
  const person = rule.of === 'owner' ? String(record.owner ?? '') : ctx.submitter;
  switch (rule.kind) {
    case 'users':
      return active((rule.users ?? []).map((name) => directory.userByName(name)?.id));
    case 'role': {
      const holders = directory.holders(rule.role!);
      if (!rule.withinDepartment) return holders;
      const department = record.department ? String(record.department) : undefined;
      const below = new Set(department ? directory.departmentsBelow(department) : []);
      return holders.filter((id) => below.has(directory.users.get(id)?.department ?? ''));
    }
    case 'manager': {
      const chain = directory.managersOf(person);
      return active([chain[(rule.level ?? 1) - 1]]);
    }
    case 'manager_chain': {
      const chain = directory.managersOf(person);
      const out: string[] = [];
      for (const [i, id] of chain.entries()) {
        if (rule.levels !== undefined && i >= rule.levels) break;
        out.push(id);
        if (rule.untilRole && directory.rolesOf(id).some((r) => r.code === rule.untilRole)) break;
      }
      return active(out);
    }
    case 'department_head':
      return active([departmentHead(directory, person, rule.level ?? 0)]);
    case 'field':
      return active([record[rule.field!] as string | null]);
    case 'chosen': {
      const allowed = new Set(chosenCandidates(rule, directory));
      return active([...(ctx.chosen ?? [])].filter((id) => allowed.has(id)));
    }
  }
}

/** The active users a submitter may pick from for a `chosen` rule: holders of its role and its named users. */
export function chosenCandidates(rule: ApproverRule, directory: OrgDirectory): string[] {
  const named = (rule.from?.users ?? []).map((n) => directory.userByName(n)?.id);
  const ids = [...(rule.from?.role ? directory.holders(rule.from.role) : []), ...named];
  return [...new Set(ids)].filter((id): id is string => !!id && directory.users.get(id)?.active === true);
}

/** The manager of the person's department `level` departments up (0 = their own). */
export function departmentHead(directory: OrgDirectory, userId: string, level: number): string | null {
  let department = directory.users.get(userId)?.department ?? null;
  for (let i = 0; i < level && department; i++) department = directory.departments.get(department)?.parent ?? null;
  return department ? (directory.departments.get(department)?.manager ?? null) : null;
}

/** The next head up from a vacant level: the first department above with a manager who is not the person. */
export function nextHeadAbove(directory: OrgDirectory, userId: string, level: number): string | null {
  for (let l = level + 1; l < level + 10; l++) {
    const head = departmentHead(directory, userId, l);
    if (head && head !== userId) return head;
    let department = directory.users.get(userId)?.department ?? null;
    for (let i = 0; i < l && department; i++) department = directory.departments.get(department)?.parent ?? null;
    if (!department) break;
  }
  return null;
}
