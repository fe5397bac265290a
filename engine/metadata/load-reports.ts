// Saved reports from every layer (metadata/reports/<code>.json): the document's shape, its code matching its file, a
// plugin's codes under its prefix, each code once. Whether the definition fits the model is engine/reports' check,
// made when the model is assembled (it needs the report planner).
import type { ErrorDetail } from '../core/index.ts';
import { namedLikeItsFile, namespaceProblem, sourceFiles, type MetadataSource } from './metadata-source.ts';
import type { ReportDoc } from './model-types.ts';
import { validateDocument } from './validate-documents.ts';

export function loadReports(sources: readonly MetadataSource[], rootDir: string, problems: ErrorDetail[]): Map<string, ReportDoc> {
  const reports = new Map<string, ReportDoc>();
  for (const source of sources) {
    const read = sourceFiles(source, 'reports', rootDir);
    problems.push(...read.problems);
    for (const { file, json } of read.files) {
      const found = validateDocument('report', file, json);
      problems.push(...found);
      if (found.length) continue;
      const { $schema: _schema, ...doc } = json as Omit<ReportDoc, 'source'> & { $schema?: string };
      if (!namedLikeItsFile(file, doc.code)) problems.push({ file, pointer: '/code', message: `the report "${doc.code}" must be in a file named ${doc.code}.json` });
      const namespace = namespaceProblem(source, doc.code, 'report');
      if (namespace) problems.push({ file, pointer: '/code', message: namespace });
      const twin = reports.get(doc.code);
      if (twin) problems.push({ file, pointer: '/code', message: `report "${doc.code}" is already defined in ${twin.source.file}` });
      else reports.set(doc.code, { ...doc, source: { file, pointer: '' } });
    }
  }
  return reports;
}
