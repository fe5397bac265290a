// The list's table columns from metadata and the user's column settings: headers sort on the server, widths can
// be dragged, cells show values by type and the display field opens the record.
import { Typography } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { EntityMeta, FieldMeta, RecordData } from '../api/types';
import { isNumericField } from '../common/field-types';
import { FieldValue } from '../common/field-value';
import { displayOf } from '../common/ref-names';
import { defaultWidth, isSortable, type ListPrefs, type SortSpec } from './list-prefs';
import type { ResizableHeaderProps } from './resizable-header';

interface Options {
  meta: EntityMeta;
  prefs: ListPrefs;
  label(field: FieldMeta): string;
  onOpen(id: string): void;
  onResize(field: string, width: number): void;
}

export function listColumns({ meta, prefs, label, onOpen, onResize }: Options): ColumnType<RecordData>[] {
  const byName = new Map(meta.fields.map((f) => [f.name, f]));
  return prefs.columns.flatMap((name) => {
    const field = byName.get(name);
    if (!field) return [];
    const isDisplay = name === meta.displayField;
    const width = prefs.widths[name] ?? defaultWidth(field, isDisplay);
    const sort: SortSpec | undefined = prefs.sort;
    const column: ColumnType<RecordData> = {
      key: name,
      dataIndex: name,
      title: label(field),
      width,
      ellipsis: true,
      align: isNumericField(field) ? 'right' : undefined,
      sorter: isSortable(field),
      sortOrder: sort?.field === name ? (sort.desc ? 'descend' : 'ascend') : null,
      sortDirections: ['ascend', 'descend'],
      onHeaderCell: () => ({ width, onResize: (w: number) => onResize(name, w) }) as ResizableHeaderProps,
      render: (_: unknown, row: RecordData) =>
        isDisplay ? (
          <Typography.Link onClick={() => onOpen(row.id)} className="display-link">
            {displayOf(row, name) || row.id.slice(0, 8)}
          </Typography.Link>
        ) : (
          <FieldValue field={field} value={row[name]} />
        ),
    };
    return [column];
  });
}
