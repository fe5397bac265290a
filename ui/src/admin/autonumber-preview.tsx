// The next number a numbering rule (autonumber template + reset) would give, read from the server as it is typed
// (GET /api/admin/autonumber-preview: nothing is taken), for the new-entity dialog and the field editor alike.
import { useEffect, useState } from 'react';
import { Typography } from 'antd';
import { previewAutonumber } from '../api/admin-api';
import { ApiError } from '../api/client';
import { errorText } from '../common/error-text';
import { useI18n } from '../i18n/i18n-context';

type Preview = { number?: string; error?: string };

/** The preview for a template, asked again 300 ms after the last keystroke; undefined while there is no template. */
function useAutonumberPreview(template: string | undefined, reset: string | undefined, entity: string, field: string): Preview | undefined {
  const { t } = useI18n();
  const [preview, setPreview] = useState<Preview>();
  useEffect(() => {
    if (!template?.trim()) return setPreview(undefined);
    const timer = setTimeout(() => {
      previewAutonumber(template, reset ?? 'never', entity, field).then(
        (number) => setPreview({ number }),
        (e: unknown) => setPreview({ error: e instanceof ApiError && e.details[0] ? e.details[0].message : errorText(t, e) }),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [template, reset, entity, field, t]);
  return preview;
}

interface Props {
  template: string | undefined;
  reset: string | undefined;
  entity: string;
  field: string;
  testId: string;
}

/** "下一个编号: HT-202603-0001", or that the template is not valid (the server's reason on hover). */
export function AutonumberPreview({ template, reset, entity, field, testId }: Props) {
  const { t } = useI18n();
  const preview = useAutonumberPreview(template, reset, entity, field);
  if (!preview) return null;
  return (
    <div data-testid={testId}>
      {preview.number ? (
        <Typography.Text>
          {t('designer.entity.preview')}
          <Typography.Text strong code>
            {preview.number}
          </Typography.Text>
        </Typography.Text>
      ) : (
        <Typography.Text type="danger" title={preview.error}>
          {t('designer.entity.previewInvalid')}
        </Typography.Text>
      )}
    </div>
  );
}
