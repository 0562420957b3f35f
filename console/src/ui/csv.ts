import Papa from 'papaparse';

/** Rows → a CSV file the browser downloads (papaparse quotes what needs quoting). */
export function downloadCsv(fileName: string, header: string[], rows: (string | number | boolean | null | undefined)[][]): void {
  const text = Papa.unparse({ fields: header, data: rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : cell))) });
  const blob = new Blob([`\uFEFF${text}`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName.endsWith('.csv') ? fileName : `${fileName}.csv`;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export { Papa };
