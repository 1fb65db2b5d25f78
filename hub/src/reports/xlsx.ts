/**
 * XLSX workbooks for the union's filing (exceljs): one sheet per table, a title row, Chinese headers, numbers kept
 * numbers, text cells that begin like a formula stored as text (as the CSV neutralises them).
 */
import ExcelJS from 'exceljs';

export interface Sheet {
  name: string;
  title: string;
  headers: string[];
  rows: (string | number)[][];
}

export async function workbookOf(sheets: readonly Sheet[], creator = 'Yizhan 驿站'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = creator;
  for (const sheet of sheets) {
    // Excel refuses these in a sheet's name, and names of more than 31 characters.
    const ws = book.addWorksheet(sheet.name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31));
    ws.addRow([sheet.title]).font = { bold: true, size: 14 };
    const header = ws.addRow(sheet.headers);
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3E5E5' } };
    for (const row of sheet.rows)
      ws.addRow(row.map((cell) => (typeof cell === 'string' && /^[=+\-@]/.test(cell) ? `'${cell}` : cell)));
    ws.views = [{ state: 'frozen', ySplit: 2 }];
    sheet.headers.forEach((h, i) => {
      const longest = Math.max(h.length * 2, ...sheet.rows.slice(0, 200).map((r) => String(r[i] ?? '').length * 1.6));
      ws.getColumn(i + 1).width = Math.min(50, Math.max(8, Math.ceil(longest) + 2));
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
