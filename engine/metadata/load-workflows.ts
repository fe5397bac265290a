// Workflows from every layer; a plugin's flows are namespaced like its other names. The tenant admin's layer may
// name a shipped (core or plugin) flow: its document is an edited copy that replaces the shipped one.
import type { ErrorDetail } from '../core/index.ts';
import { checkWorkflow } from './check-workflow.ts';
import type { LoadedEntities } from './load-entities.ts';
import { namespaceProblem, sourceFiles, type MetadataSource } from './metadata-source.ts';
import { validateDocument } from './validate-documents.ts';
import type { WorkflowDoc } from './workflow-types.ts';

export function loadWorkflows(sources: readonly MetadataSource[], rootDir: string, { entities, broken }: LoadedEntities, problems: ErrorDetail[]) {
  const flows: { file: string; doc: WorkflowDoc }[] = [];
  for (const source of sources) {
    const read = sourceFiles(source, 'workflows', rootDir);
    problems.push(...read.problems);
    for (const { file, json } of read.files) {
      const found = validateDocument('workflow', file, json);
      problems.push(...found);
      if (found.length) continue;
      const doc = json as WorkflowDoc;
      const twin = flows.findIndex((f) => f.doc.name === doc.name);
      const replaces = twin >= 0 && isAdminFile(file) && !isAdminFile(flows[twin]!.file);
      if (twin >= 0 && !replaces) problems.push({ file, pointer: '/name', message: `workflow "${doc.name}" is already defined in ${flows[twin]!.file}` });
      const namespace = replaces ? undefined : namespaceProblem(source, doc.name, 'workflow');
      if (namespace) problems.push({ file, pointer: '/name', message: namespace });
      // A flow touching an entity whose own file is broken is checked once that file is fixed.
      const touched = [doc.entity, ...Object.values(doc.facts ?? {}).map((f) => f.entity), ...(doc.timers ?? []).map((t) => t.unlessRelated?.entity), ...(doc.creates ?? []).map((c) => c.entity)];
      if (!touched.some((e) => e && broken.has(e))) problems.push(...checkWorkflow(file, doc, entities));
      if (replaces) flows[twin] = { file, doc };
      else flows.push({ file, doc });
    }
  }
  return flows;
}

const isAdminFile = (file: string): boolean => file.startsWith('admin:');
