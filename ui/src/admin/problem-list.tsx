// Problems the server found in metadata (a plugin bundle, field definitions), each with the file and the JSON
// pointer inside it, so an administrator can find the place.
import { Typography } from 'antd';
import type { ErrorDetail } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { metadataMessage } from './metadata-messages';

export function ProblemList({ problems, testId }: { problems: ErrorDetail[]; testId?: string }) {
  const { t } = useI18n();
  if (!problems.length) return null;
  return (
    <ul className="problem-list" data-testid={testId}>
      {problems.map((p, i) => (
        <li key={i}>
          {(p.file || p.pointer || p.path) && (
            <Typography.Text code className="problem-where">
              {[p.file, p.pointer ?? p.path].filter(Boolean).join(' ')}
            </Typography.Text>
          )}
          <ProblemText detail={p} t={t} />
        </li>
      ))}
    </ul>
  );
}

function ProblemText({ detail, t }: { detail: ErrorDetail; t: ReturnType<typeof useI18n>['t'] }) {
  const said = metadataMessage(t, detail);
  // A translated message keeps the server's words as a tooltip, for whoever edits the file.
  return said.translated ? (
    <span className="problem-message" title={detail.expected ? `${detail.message} (${detail.expected})` : detail.message}>
      {said.text}
    </span>
  ) : (
    <>
      <span className="problem-message">{detail.message}</span>
      {detail.expected && <Typography.Text type="secondary" className="problem-expected">({detail.expected})</Typography.Text>}
    </>
  );
}
