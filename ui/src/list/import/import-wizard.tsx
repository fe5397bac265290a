// 导入: a spreadsheet into this list's entity in four steps: choose the file (CSV in UTF-8 or GBK, or XLSX), map its
// columns to fields (suggested from the headers, or a saved mapping), try it (a dry run that writes nothing), import
// with a progress bar; then the result with every rejected row and a file of them to fix.
import { useState } from 'react';
import { App, Button, Modal, Progress, Steps, Typography, Upload } from 'antd';
import { InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { previewImport, runImport, type ImportPreview, type ImportSummary } from '../../api/import-api';
import type { EntityMeta } from '../../api/types';
import { useMe } from '../../auth/session-context';
import { errorText } from '../../common/error-text';
import { useI18n } from '../../i18n/i18n-context';
import { applyMapping, loadMappings, saveMapping } from './import-mappings';
import { MappingStep, type MappingChoice } from './mapping-step';
import { ImportResult } from './import-result';

type Stage = 'file' | 'mapping' | 'running' | 'result';
const STAGES: Stage[] = ['file', 'mapping', 'running', 'result'];

export function ImportButton({ meta, onImported }: { meta: EntityMeta; onImported(): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="list-import">
        {t('import.button')}
      </Button>
      {open && <ImportWizard meta={meta} onClose={(imported) => (setOpen(false), imported && onImported())} />}
    </>
  );
}

function ImportWizard({ meta, onClose }: { meta: EntityMeta; onClose(imported: boolean): void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const [stage, setStage] = useState<Stage>('file');
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<ImportPreview>();
  const [choice, setChoice] = useState<MappingChoice>({ columns: {}, key: [], onDuplicate: 'skip', mode: 'valid' });
  const [saved, setSaved] = useState(() => loadMappings(me.user.id, meta.name));
  const [progress, setProgress] = useState(0);
  const [summary, setSummary] = useState<ImportSummary>();
  const [imported, setImported] = useState(false);

  const choose = async (f: File) => {
    try {
      const p = await previewImport(meta.name, f);
      setFile(f);
      setPreview(p);
      setChoice((c) => ({ ...c, columns: Object.fromEntries(p.columns.map((col) => [col.header, col.field])) }));
      setStage('mapping');
    } catch (e) {
      message.error(errorText(t, e));
    }
  };
  const run = async (dryRun: boolean) => {
    setStage('running');
    setProgress(0);
    try {
      const result = await runImport(meta.name, file!, { ...choice, dryRun }, (done, total) => setProgress(Math.floor((100 * done) / Math.max(total, 1))));
      setSummary(result);
      if (!dryRun && result.created + result.updated > 0) setImported(true);
      setStage('result');
    } catch (e) {
      message.error(errorText(t, e));
      setStage('mapping');
    }
  };

  const footer =
    stage === 'mapping' ? (
      <>
        <Button onClick={() => setStage('file')}>{t('import.back')}</Button>
        <Button onClick={() => void run(true)} data-testid="import-dry-run">{t('import.dryRun')}</Button>
        <Button type="primary" onClick={() => void run(false)} data-testid="import-run">{t('import.run')}</Button>
      </>
    ) : stage === 'result' ? (
      <>
        {summary?.dryRun && <Button onClick={() => setStage('mapping')}>{t('import.back')}</Button>}
        {summary?.dryRun && <Button type="primary" onClick={() => void run(false)} data-testid="import-run">{t('import.run')}</Button>}
        {!summary?.dryRun && <Button type="primary" onClick={() => onClose(imported)} data-testid="import-close">{t('import.finish')}</Button>}
      </>
    ) : null;

  return (
    <Modal open width={820} title={t('import.title', { entity: label(meta.labels, meta.name) })} onCancel={() => onClose(imported)} footer={footer} maskClosable={false} data-testid="import-wizard">
      <Steps
        size="small"
        current={STAGES.indexOf(stage)}
        items={[{ title: t('import.stepFile') }, { title: t('import.stepMapping') }, { title: t('import.stepRun') }, { title: t('import.stepResult') }]}
        style={{ marginBottom: 20 }}
      />
      {stage === 'file' && (
        <Upload.Dragger accept=".csv,.xlsx" showUploadList={false} beforeUpload={(f) => (void choose(f), false)} data-testid="import-file">
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{t('import.dropHint')}</p>
          <Typography.Text type="secondary">{t('import.fileHint')}</Typography.Text>
        </Upload.Dragger>
      )}
      {stage === 'mapping' && preview && (
        <MappingStep
          preview={preview}
          choice={choice}
          onChange={setChoice}
          saved={Object.keys(saved)}
          onUseSaved={(name) => setChoice((c) => ({ ...c, columns: applyMapping(saved[name]!, c.columns) }))}
          onSave={(name) => (setSaved(saveMapping(me.user.id, meta.name, name, choice.columns)), message.success(t('import.mappingSaved', { name })))}
        />
      )}
      {stage === 'running' && <Progress percent={progress} status="active" data-testid="import-progress" />}
      {stage === 'result' && summary && <ImportResult summary={summary} />}
    </Modal>
  );
}
