import { parse } from 'csv-parse/sync';
import { ValidationError } from '../shared/errors.ts';
import { parseMajorUnits, type FieldProblem } from './catalog.ts';
import type { PlacementItem } from './product-placement.ts';

// The catalog's CSV format, read the same way by `dealcast import-catalog FILE` and by the
// admin API's chunked import (`POST /admin/products/import`): the columns, what a row means,
// and how a cell that is no amount is reported.

export const CATALOG_CSV_REQUIRED = ['brand', 'sku', 'title', 'url', 'price', 'currency'] as const;
export const CATALOG_CSV_OPTIONAL = ['list_price', 'image_url', 'category', 'commission_rate_bps', 'description', 'active'] as const;
export type CatalogColumn = (typeof CATALOG_CSV_REQUIRED)[number] | (typeof CATALOG_CSV_OPTIONAL)[number];
export const CATALOG_CSV_COLUMNS: readonly CatalogColumn[] = [...CATALOG_CSV_REQUIRED, ...CATALOG_CSV_OPTIONAL];

/** Problems name the CSV's columns, not the API's fields. */
const COLUMN_OF_FIELD: Record<string, CatalogColumn> = {
  listPrice: 'list_price', imageUrl: 'image_url', commissionRateBps: 'commission_rate_bps',
};
export const columnOfField = (field: string): string => COLUMN_OF_FIELD[field] ?? field;

/**
 * The columns of a header line, or why it does not fit (unknown, missing or repeated columns).
 * `brandOptional`: every row may leave out its brand (an import into one brand).
 */
export function readCatalogHeader(record: string[], options: { brandOptional?: boolean } = {}): { columns: CatalogColumn[] } | { problem: string } {
  const names = record.map((n) => n.trim().toLowerCase());
  const known = new Set<string>(CATALOG_CSV_COLUMNS);
  const problems: string[] = [];
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) problems.push(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => JSON.stringify(n)).join(', ')}`);
  const missing = CATALOG_CSV_REQUIRED.filter((c) => !names.includes(c) && !(c === 'brand' && options.brandOptional));
  if (missing.length > 0) problems.push(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) problems.push(`repeated column ${repeated.join(', ')}`);
  if (problems.length === 0) return { columns: names as CatalogColumn[] };
  return {
    problem: `The CSV header does not fit: ${problems.join('; ')}. Expected ${CATALOG_CSV_COLUMNS.join(',')} (the last ${CATALOG_CSV_OPTIONAL.length} optional)`,
  };
}

/**
 * One row as the catalog's placement takes it: money read exactly in the row's currency, the
 * rate and the active flag read from their text. What cannot be read is a known problem of its
 * field, so that the placement's checks do not report that field a second time. An empty brand
 * cell takes `defaultBrand` when there is one.
 */
export function readCatalogRow(header: CatalogColumn[], record: string[], defaultBrand?: string): Omit<PlacementItem, 'position'> {
  const cell = (column: CatalogColumn): string => (header.includes(column) ? record[header.indexOf(column)] ?? '' : '');
  const optional = (column: CatalogColumn): string | null => (cell(column) === '' ? null : cell(column));
  const knownProblems: FieldProblem[] = [];

  const currency = cell('currency').toUpperCase();
  const money = (column: 'price' | 'list_price', field: string): number | null => {
    const text = optional(column);
    if (text === null) return null;
    const parsed = parseMajorUnits(text, currency);
    if ('problem' in parsed) {
      // An unknown currency is reported once, on the currency column.
      if (!parsed.problem.startsWith('cannot read')) knownProblems.push({ field, problem: parsed.problem });
      return null;
    }
    return parsed.value;
  };
  const price = money('price', 'price');
  if (cell('price') === '') knownProblems.push({ field: 'price', problem: 'is required' });
  const listPrice = money('list_price', 'listPrice');

  let commissionRateBps: number | null = null;
  const rate = optional('commission_rate_bps');
  if (rate !== null) {
    if (/^\d{1,5}$/.test(rate)) commissionRateBps = Number(rate);
    else knownProblems.push({ field: 'commissionRateBps', problem: `${JSON.stringify(rate)} is not a whole number of basis points (0 to 10000)` });
  }
  let active = true;
  const activeText = optional('active')?.toLowerCase() ?? null;
  if (activeText !== null) {
    if (['true', '1', 'yes'].includes(activeText)) active = true;
    else if (['false', '0', 'no'].includes(activeText)) active = false;
    else knownProblems.push({ field: 'active', problem: `${JSON.stringify(activeText)} is not true or false` });
  }

  return {
    brand: cell('brand') || defaultBrand || '',
    product: {
      sku: cell('sku'), title: cell('title'), url: cell('url'), price: price ?? 0, currency, listPrice,
      imageUrl: optional('image_url'), category: optional('category'), description: optional('description'),
      commissionRateBps, active,
    },
    knownProblems,
  };
}

/** One row of a CSV text with the line it starts on (the header is line 1). */
export interface CsvLine {
  line: number;
  record: string[];
}

/**
 * The records of a CSV text, each with the physical line it starts on, counting line breaks
 * inside quoted cells (csv-parse miscounts them with CRLF endings; the raw text does not lie).
 * Broken quoting is a `validation_failed` naming where it happened.
 */
export function readCsvLines(text: string): CsvLine[] {
  let parsed: { record: string[]; raw: string }[];
  try {
    parsed = parse(text, { bom: true, trim: true, relax_column_count: true, raw: true, skip_empty_lines: false }) as unknown as { record: string[]; raw: string }[];
  } catch (error) {
    throw new ValidationError(`The CSV cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const lines: CsvLine[] = [];
  let line = 0;
  for (const { record, raw } of parsed) {
    const start = line + 1;
    line += (raw.match(/\r\n|\n|\r/g) ?? []).length || 1;
    lines.push({ line: start, record });
  }
  return lines;
}
