// Door of engine/workflow: state machines and approvals over records, inbox and messages.
import './state-guard.ts';
import './timer-job.ts';
import './delay-alerts.ts';

export { runRecordAction, workflowView, type WorkflowView } from './record-actions.ts';
export { inbox, listMessages, markMessagesRead, type InboxItem } from './inbox.ts';
export { sendMessages, type Message } from './workflow-log.ts';
export { workflowFor, workflowsOf } from './governing-workflow.ts';
export { publishedVersion } from './definition-versions.ts';
export { checkWorkflowRoles } from './check-workflow-roles.ts';
export { listFlows, flowVersions, type FlowSummary, type FlowVersion, type RunningRecord } from './flow-versions.ts';
export { expireRecord } from './expire-record.ts';
