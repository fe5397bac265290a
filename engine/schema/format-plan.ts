// Prints a schema plan for people: one line per step with its impact, refusals with their reasons.
import type { SchemaPlan } from './schema-types.ts';

const MARK = { instant: 'instant', scan: 'scan   ', rewrite: 'rewrite', refused: 'REFUSED' } as const;

export function formatPlan(plan: SchemaPlan): string {
  if (plan.steps.length === 0) return `Schema is up to date with model ${plan.modelVersion}.`;
  const lines = plan.steps.map((s) => `  [${MARK[s.impact]}] ${s.description}${s.reason ? `\n            ${s.reason}` : ''}`);
  const head = `Plan for model ${plan.modelVersion}: ${plan.steps.length} step(s)`;
  const tail = plan.refused ? '\nSome steps are refused: nothing will be applied until the metadata or the data is fixed.' : '';
  return `${head}\n${lines.join('\n')}${tail}`;
}
