// An attachment field of a saved record: its files with size, download and (images, PDF) an inline preview; several
// files uploaded at once within the field's limits, which are shown before choosing; a file the server refuses is
// named under the field with the server's reason. A new record gets its files once it is saved.
import { useCallback, useEffect, useState } from 'react';
import { Button, Form, Modal, Popconfirm, Typography, Upload } from 'antd';
import { DeleteOutlined, EyeOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import type { EntityMeta, FieldMeta } from '../../api/types';
import { fileUrl, isPreviewable, listFiles, removeFile, uploadFile, type StoredFile } from '../../api/files-api';
import { ApiError } from '../../api/client';
import { errorText } from '../../common/error-text';
import { useI18n } from '../../i18n/i18n-context';

const DEFAULT_MAX_SIZE = 20 * 1024 * 1024;
const DEFAULT_MAX_FILES = 20;
const LABEL_COL = { span: 24 };

export function formatSize(bytes: number): string {
  const short = (n: number) => n.toFixed(1).replace(/\.0$/, '');
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${short(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${short(bytes / 1024 / 1024)} MB`;
  return `${short(bytes / 1024 / 1024 / 1024)} GB`;
}

/** The accept list in words a user knows: PDF, 图片, DOCX… rather than MIME types. */
function typeNames(accept: readonly string[], t: ReturnType<typeof useI18n>['t'], locale: string): string {
  const names = accept.map((a) => (a === 'application/pdf' ? 'PDF' : a === 'image/*' ? t('files.type.images') : a.startsWith('.') ? a.slice(1).toUpperCase() : (a.split('/')[1] ?? a).toUpperCase()));
  return [...new Set(names)].join(locale === 'zh-CN' ? '、' : ', ');
}

interface Props {
  entity: string;
  recordId?: string;
  field: FieldMeta;
  /** The user may change the field (upload, remove). */
  writable: boolean;
}

export function AttachmentField({ entity, recordId, field, writable }: Props) {
  const { t, label, locale } = useI18n();
  const [files, setFiles] = useState<StoredFile[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<StoredFile>();
  const maxSize = field.maxSize ?? DEFAULT_MAX_SIZE;
  const maxFiles = field.maxFiles ?? DEFAULT_MAX_FILES;
  const reload = useCallback(async () => {
    if (!recordId) return;
    try {
      setFiles(await listFiles(entity, recordId, field.name));
    } catch (e) {
      setErrors([errorText(t, e)]);
    }
  }, [entity, recordId, field.name, t]);
  useEffect(() => void reload(), [reload]);

  // One batch at a time: each file is checked against the limits first, then sent; refusals are collected.
  const send = async (chosen: File[]) => {
    setBusy(true);
    const problems: string[] = [];
    let room = maxFiles - files.length;
    for (const file of chosen) {
      if (file.size > maxSize) problems.push(t('files.tooLarge', { name: file.name, size: formatSize(maxSize) }));
      else if (room <= 0) problems.push(t('files.tooMany', { name: file.name, count: maxFiles }));
      else {
        try {
          await uploadFile(entity, recordId!, field.name, file);
          room--;
        } catch (e) {
          // The server names the accepted types as MIME types; the user gets them in words.
          const wrongType = e instanceof ApiError && e.details.some((d) => d.path === 'Content-Type');
          problems.push(wrongType ? t('files.wrongType', { name: file.name, types: typeNames(field.accept ?? [], t, locale) }) : `${file.name}:${errorText(t, e)}`);
        }
      }
    }
    setErrors(problems);
    setBusy(false);
    await reload();
  };

  const remove = async (file: StoredFile) => {
    try {
      await removeFile(file.id);
      setErrors([]);
    } catch (e) {
      setErrors([errorText(t, e)]);
    }
    await reload();
  };

  const limits = [t('files.limitCount', { count: maxFiles }), t('files.limitSize', { size: formatSize(maxSize) }), ...(field.accept?.length ? [t('files.limitTypes', { types: typeNames(field.accept, t, locale) })] : [])].join(',');
  return (
    <Form.Item
      label={label(field.labels, field.name)}
      labelCol={LABEL_COL}
      wrapperCol={LABEL_COL}
      tooltip={field.description ? label(field.description) : undefined}
      validateStatus={errors.length ? 'error' : undefined}
      help={errors.length ? <div data-testid={`files-error-${field.name}`}>{errors.map((e) => <div key={e}>{e}</div>)}</div> : undefined}
      className="attachment-field"
    >
      <div data-testid={`files-${field.name}`}>
        {!recordId ? (
          <Typography.Text type="secondary">{t('files.saveFirst')}</Typography.Text>
        ) : (
          <>
            {files.length === 0 && <Typography.Text type="secondary">{writable ? t('files.noneYet') : t('files.none')}</Typography.Text>}
            <ul className="attachment-list">
              {files.map((f) => (
                <li key={f.id} data-testid="attachment-item">
                  <PaperClipOutlined />
                  <a href={fileUrl(f.id)} download={f.name}>
                    {f.name}
                  </a>
                  <Typography.Text type="secondary">{formatSize(f.size)}</Typography.Text>
                  {isPreviewable(f.content_type) && (
                    <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setPreview(f)} data-testid="attachment-preview">
                      {t('files.preview')}
                    </Button>
                  )}
                  {writable && (
                    <Popconfirm title={t('files.confirmRemove', { name: f.name })} okText={t('files.remove')} cancelText={t('shell.cancel')} onConfirm={() => remove(f)}>
                      <Button size="small" type="link" danger icon={<DeleteOutlined />} aria-label={t('files.remove')} />
                    </Popconfirm>
                  )}
                </li>
              ))}
            </ul>
            {writable && (
              <Upload multiple showUploadList={false} accept={field.accept?.join(',')} beforeUpload={(file, batch) => {
                  // antd asks once per chosen file; the batch goes to the server once, when the last one is asked about.
                  if (file === batch[batch.length - 1]) void send(batch);
                  return false;
                }}>
                <Button icon={<UploadOutlined />} loading={busy} disabled={files.length >= maxFiles} data-testid={`files-upload-${field.name}`}>
                  {t('files.upload')}
                </Button>
              </Upload>
            )}
            {writable && <div className="attachment-limits">{limits}</div>}
          </>
        )}
      </div>
      <Modal open={!!preview} title={preview?.name} footer={null} width={880} onCancel={() => setPreview(undefined)} destroyOnHidden>
        {preview &&
          (preview.content_type === 'application/pdf' ? (
            <iframe className="attachment-preview-pdf" src={fileUrl(preview.id, true)} title={preview.name} data-testid="attachment-preview-frame" />
          ) : (
            <img className="attachment-preview-image" src={fileUrl(preview.id, true)} alt={preview.name} data-testid="attachment-preview-image" />
          ))}
      </Modal>
    </Form.Item>
  );
}

/** The entity's attachment fields a form layout does not place, in a block of their own under the form. */
export function AttachmentFields({ meta, recordId, placed, readonly }: { meta: EntityMeta; recordId?: string; placed: ReadonlySet<string>; readonly: boolean }) {
  const fields = meta.fields.filter((f) => f.type === 'attachment' && !placed.has(f.name));
  if (!fields.length) return null;
  return (
    <div className="attachment-fields">
      {fields.map((f) => (
        <AttachmentField key={f.name} entity={meta.name} recordId={recordId} field={f} writable={!readonly && f.writable !== false} />
      ))}
    </div>
  );
}
