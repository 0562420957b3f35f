import { Papa } from '../../ui/csv.ts';

// A catalog CSV as the browser cuts it for `POST /admin/products/import`: records split at
// line breaks outside quotes (a quoted cell may span lines), each with the line of the file it
// starts on, then chunks of ~200 rows, each the header line plus a contiguous slice of the
// file, so that the server's line numbers (firstLine + line in the chunk) are the file's.

/** The columns of `dealcast import-catalog` and of the API's import, in the template's order. */
export const CATALOG_COLUMNS = [
  'brand', 'sku', 'title', 'url', 'price', 'currency', 'list_price', 'image_url', 'category', 'commission_rate_bps', 'description', 'active',
] as const;

export interface CsvRecord {
  /** The line of the file the record starts on (the header is line 1). */
  line: number;
  text: string;
  blank: boolean;
}

export interface CsvChunk {
  csv: string;
  firstLine: number;
  /** The non-blank records in it. */
  rows: CsvRecord[];
}

/** The header and the records of a CSV text (a leading BOM dropped). */
export function splitCsv(input: string): { header: string; records: CsvRecord[] } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let start = 0;
  let line = 1;
  let startLine = 1;
  let quoted = false;
  const end = (at: number) => {
    const raw = text.slice(start, at);
    records.push({ line: startLine, text: raw, blank: raw.trim() === '' });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' || c === '\r') {
      const width = c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      if (!quoted) {
        end(i);
        start = i + width;
        startLine = line + 1;
      }
      line += 1;
      i += width - 1;
    }
  }
  if (start < text.length) end(text.length);
  const [header, ...rest] = records;
  return { header: header?.text ?? '', records: rest };
}

/** Chunks of at most `size` rows; blank lines inside a chunk stay, so that its lines stay the file's. */
export function chunkCsv(header: string, records: CsvRecord[], size = 200): CsvChunk[] {
  const chunks: CsvChunk[] = [];
  let slice: CsvRecord[] = [];
  let rows: CsvRecord[] = [];
  const flush = () => {
    if (rows.length === 0) return;
    const last = slice.lastIndexOf(rows[rows.length - 1]!);
    const kept = slice.slice(0, last + 1);
    chunks.push({ csv: [header, ...kept.map((r) => r.text)].join('\n'), firstLine: kept[0]!.line, rows });
    slice = [];
    rows = [];
  };
  for (const record of records) {
    if (slice.length === 0 && record.blank) continue;
    slice.push(record);
    if (!record.blank) rows.push(record);
    if (rows.length >= size) flush();
  }
  flush();
  return chunks;
}

/** The fields of one record's text, as a spreadsheet would read them. */
export function recordFields(text: string): string[] {
  return (Papa.parse<string[]>(text, { header: false }).data[0] ?? []).map(String);
}

/** A template with the columns and two example rows. */
export function templateRows(brandSlug: string): string[][] {
  return [
    [brandSlug, 'LAMP-1', 'Desk lamp', 'https://shop.example/lamp-1', '19.99', 'EUR', '24.99', 'https://shop.example/img/lamp-1.jpg', 'Home', '', 'A warm desk lamp', 'true'],
    [brandSlug, 'MUG-2', 'Tea mug', 'https://shop.example/mug-2', '7.50', 'EUR', '', '', 'Kitchen', '1200', '', 'true'],
  ];
}
