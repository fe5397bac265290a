// Saved views of a list (name + filter + sort + columns), kept per user in localStorage.
import { App, Button, Dropdown, Input } from 'antd';
import { DeleteOutlined, DownOutlined, SaveOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n-context';
import type { SavedView } from './list-prefs';

interface Props {
  views: SavedView[];
  current?: string;
  onApply(view: SavedView | undefined): void;
  onSave(name: string): void;
  onDelete(name: string): void;
}

export function SavedViews({ views, current, onApply, onSave, onDelete }: Props) {
  const { t } = useI18n();
  const { modal } = App.useApp();

  const askName = () => {
    let typed = current ?? '';
    modal.confirm({
      title: t('list.saveView'),
      icon: <SaveOutlined />,
      content: <Input autoFocus defaultValue={typed} placeholder={t('list.viewName')} maxLength={40} onChange={(e) => (typed = e.target.value)} />,
      okText: t('record.save'),
      cancelText: t('shell.cancel'),
      onOk: () => {
        if (typed.trim()) onSave(typed.trim());
      },
    });
  };

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [current ?? ''],
        items: [
          { key: '', label: t('list.allRecords'), onClick: () => onApply(undefined) },
          ...views.map((v) => ({
            key: v.name,
            onClick: () => onApply(v),
            label: (
              <span className="view-item">
                <span>{v.name}</span>
                <DeleteOutlined
                  className="view-delete"
                  aria-label={t('list.deleteView')}
                  onClick={(e) => {
                    e.stopPropagation();
                    onDelete(v.name);
                  }}
                />
              </span>
            ),
          })),
          { type: 'divider' as const },
          { key: '__save', icon: <SaveOutlined />, label: t('list.saveView'), onClick: askName },
        ],
      }}
    >
      <Button>
        {current ?? t('list.views')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
