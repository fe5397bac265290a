// The rejected rows, in the input's own format, with the original columns and one more saying what is wrong
// (行号 row, 列 column, 原因 message), ready to fix and import again.
import ExcelJS from 'exceljs';
import type { ImportResult } from './import-table.ts';
import type { SheetFormat } from './read-sheet.ts';

const REASON = '错误原因 (error)';

export async function writeErrorFile(result: ImportResult, format: SheetFormat): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('errors');
  sheet.addRow([...result.header, REASON]);
  for (const { row, cells } of result.rejectedRows) {
    const reasons = result.errors.filter((e) => e.row === row).map((e) => `第${e.row}行${e.column ? ` [${e.column}]` : ''}: ${e.message}`);
    const values = result.header.map((_, i) => cells[i] ?? null);
    sheet.addRow([...values, reasons.join('; ')]);
  }
  if (format === 'xlsx') return Buffer.from(await workbook.xlsx.writeBuffer());
  // UTF-8 with BOM so that Excel opens the Chinese text correctly.
  return Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(await workbook.csv.writeBuffer())]);
}
