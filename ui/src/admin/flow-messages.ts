// The flow designer's words for the server's problems, as message keys. No imports: the units run it under node as it is.
type Say = (key: FlowMessageKey, vars: Record<string, string>) => string;
export type FlowMessageKey = 'flows.problem.unreachable' | 'flows.problem.unknownState' | 'flows.problem.unknownField' | 'flows.problem.duplicateAction' | 'flows.problem.notOption' | 'flows.problem.stateInUse' | 'flows.problem.duplicateStep'
  | 'flows.problem.templateSyntax' | 'flows.problem.templateUnescaped' | 'flows.problem.templateHelper' | 'flows.problem.timerNoStart' | 'flows.problem.timerNegative'
  | 'flows.problem.unknownVariable' | 'flows.problem.unknownOperator' | 'flows.problem.argCount' | 'flows.problem.notUserField' | 'flows.problem.notRefField';

// The workflow checks' messages (engine/metadata/check-workflow.ts, the admin door) in the user's language, the state
// named by its label; anything else falls back to the general metadata messages.
const PATTERNS: [RegExp, (say: Say, m: RegExpExecArray, state: (code: string) => string) => string][] = [
  [/^state "(.+)" cannot be reached/, (say, m, state) => say('flows.problem.unreachable', { state: state(m[1]!) })],
  [/^unknown state "(.+)"$/, (say, m) => say('flows.problem.unknownState', { state: m[1]! })],
  [/^unknown field "(.+?)"(?: of "(.+)")?$/, (say, m) => say('flows.problem.unknownField', { field: m[1]! })],
  [/^duplicate action "(.+)"$/, (say, m) => say('flows.problem.duplicateAction', { action: m[1]! })],
  [/^"(.+)" is not an option of /, (say, m) => say('flows.problem.notOption', { state: m[1]! })],
  [/^state "(.+)" still holds (\d+) record/, (say, m, state) => say('flows.problem.stateInUse', { state: state(m[1]!), count: m[2]! })],
  [/^duplicate step "(.+)"$/, (say, m) => say('flows.problem.duplicateStep', { id: m[1]! })],
  // Templates (engine/rules/template/check-template.ts) and timers, as the designer's notifications and timers meet them.
  [/^syntax error: /, (say) => say('flows.problem.templateSyntax', {})],
  [/^unescaped output /, (say) => say('flows.problem.templateUnescaped', {})],
  [/^unknown (?:block )?helper "(.+)"$/, (say, m) => say('flows.problem.templateHelper', { name: m[1]! })],
  [/^a timer needs a state or a date field/, (say) => say('flows.problem.timerNoStart', {})],
  [/^a negative duration counts back from a date field/, (say) => say('flows.problem.timerNegative', {})],
  // Formulas and conditions (engine/rules/check-structure.ts), an assignment's field and a timer's related records.
  [/^unknown variable "(.+)"$/, (say, m) => say('flows.problem.unknownVariable', { name: m[1]! })],
  [/^unknown operator "(.+)"$/, (say, m) => say('flows.problem.unknownOperator', { op: m[1]! })],
  [/^"(.+)" takes .+, got \d+$/, (say, m) => say('flows.problem.argCount', { op: m[1]! })],
  [/^"(.+)" is not a user field of /, (say, m) => say('flows.problem.notUserField', { field: m[1]! })],
  [/^"(.+)" is not a ref field of /, (say, m) => say('flows.problem.notRefField', { field: m[1]! })],
];

/** A flow problem said in the user's language, or undefined when it is not one of the flow checks' messages. */
export function flowMessage(say: Say, detail: { message: string }, state: (code: string) => string): string | undefined {
  for (const [re, text] of PATTERNS) {
    const m = re.exec(detail.message);
    if (m) return text(say, m, state);
  }
  return undefined;
}
