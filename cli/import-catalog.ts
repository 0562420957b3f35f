import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { Presets, SingleBar } from 'cli-progress';
import type { Kysely } from 'kysely';
import { systemCaller } from '../core/access/access.ts';
import { CATALOG_CSV_COLUMNS, columnOfField, readCatalogHeader, readCatalogRow, type CatalogColumn } from '../core/catalog/catalog-csv.ts';
import type { PlacementItem } from '../core/catalog/product-placement.ts';
import type { Database } from '../db/schema.ts';
import { buildProductsService } from './services/catalog.services.ts';

export interface ImportCatalogOptions {
  /** Draw a progress bar on `output` (when it is a terminal, or `forceProgress`). */
  progress?: boolean;
  /** Where the progress bar goes; stderr by default. */
  output?: NodeJS.WritableStream;
  /** Draw the bar even when `output` is not a terminal. */
  forceProgress?: boolean;
  /** Rows per upsert statement. */
  chunkSize?: number;
}

export interface ImportCatalogReport {
  imported: number;
  created: number;
  updated: number;
  /** Bad rows by their line in the file (the header is line 1), with every reason. */
  failed: { row: number; errors: string[] }[];
  /** `FILE.errors.csv` next to the file, written when some rows failed; null otherwise. */
  errorsFile: string | null;
}

/**
 * `dealcast import-catalog FILE.csv`: streams the CSV (header `brand,sku,title,url,price,
 * currency,list_price,image_url,category,commission_rate_bps`, prices in major units such as
 * 19.99), reads each row as core/catalog/catalog-csv.ts does for the admin API's import (money
 * exactly), and hands the rows in chunks to the catalog's
 * one product placement (core/catalog/product-placement.ts), which checks each row on its own;
 * the good ones are upserted by (vendor, sku) — the vendor is the brand's — and the bad ones
 * reported by line, also as `FILE.errors.csv`.
 * A header it cannot use or an unreadable file stops it before anything is written; broken
 * CSV quoting stops it where it occurs, with the chunks before it already imported (a re-run
 * of the fixed file updates them in place).
 */
export async function importCatalogFile(db: Kysely<Database>, filePath: string, options: ImportCatalogOptions = {}): Promise<ImportCatalogReport> {
  const output = options.output ?? process.stderr;
  const chunkSize = options.chunkSize ?? 500;
  const totalBytes = await fs.promises.stat(filePath).then((s) => s.size, (error: NodeJS.ErrnoException) => {
    throw new Error(`Cannot read ${filePath}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`, { cause: error });
  });
  const bar = options.progress
    ? new SingleBar({
      stream: output as NodeJS.WriteStream, noTTYOutput: options.forceProgress ?? false, hideCursor: true, fps: 5,
      format: 'import-catalog [{bar}] {percentage}% | {rows} rows | {failed} failed',
    }, Presets.shades_classic)
    : undefined;

  const report: ImportCatalogReport = { imported: 0, created: 0, updated: 0, failed: [], errorsFile: null };
  const failedValues = new Map<number, string[]>();
  const fail = (line: number, errors: string[], values: string[]) => {
    report.failed.push({ row: line, errors });
    failedValues.set(line, values);
  };
  const catalogImport = buildProductsService(db).startImport(systemCaller('cli'), path.basename(filePath));
  const valuesOfLine = new Map<number, string[]>();
  let pending: PlacementItem[] = [];

  const flush = async () => {
    const rows = pending;
    pending = [];
    if (rows.length === 0) return;
    const { created, updated, problems } = await catalogImport.importRows(rows);
    report.created += created;
    report.updated += updated;
    const errorsOfLine = new Map<number, string[]>();
    for (const p of problems) errorsOfLine.set(p.position, [...(errorsOfLine.get(p.position) ?? []), `${columnOfField(p.field)}: ${p.problem}`]);
    for (const [line, errors] of errorsOfLine) fail(line, errors, valuesOfLine.get(line) ?? []);
    valuesOfLine.clear();
  };

  const parser = fs.createReadStream(filePath).pipe(parse({ bom: true, trim: true, relax_column_count: true, info: true, raw: true }));
  let header: CatalogColumn[] | undefined;
  let line = 0;
  let rows = 0;
  bar?.start(totalBytes, 0, { rows: 0, failed: 0 });
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: { bytes: number }; raw: string }>) {
      const startLine = line + 1;
      // csv-parse miscounts lines inside quoted fields with CRLF endings; the raw text does not lie.
      line += (raw.match(/\r\n|\n|\r/g) ?? []).length || 1;
      if (!header) {
        header = readHeader(record);
        continue;
      }
      if (record.every((v) => v === '')) continue;
      rows++;
      if (record.length !== header.length) {
        fail(startLine, [`has ${record.length} fields where the header has ${header.length}`], record);
      } else {
        pending.push({ position: startLine, ...readCatalogRow(header, record) });
        valuesOfLine.set(startLine, record);
      }
      if (pending.length >= chunkSize) await flush();
      bar?.update(info.bytes, { rows, failed: report.failed.length });
    }
    if (!header) throw new Error(`${filePath} is empty; the first line must be the header: ${CATALOG_CSV_COLUMNS.join(',')}`);
    await flush();
    bar?.update(totalBytes, { rows, failed: report.failed.length });
  } catch (error) {
    // What earlier chunks stored stands; the audit log says so before the error goes on.
    if (report.created + report.updated > 0) {
      await catalogImport.finish({ failed: report.failed.length, interrupted: error instanceof Error ? error.message : String(error) });
    }
    throw error;
  } finally {
    bar?.stop();
  }

  report.imported = report.created + report.updated;
  report.failed.sort((a, b) => a.row - b.row);
  report.errorsFile = await writeErrorsFile(filePath, header, report.failed, failedValues);
  await catalogImport.finish({ failed: report.failed.length });
  return report;
}

function readHeader(record: string[]): CatalogColumn[] {
  const read = readCatalogHeader(record);
  if ('problem' in read) throw new Error(read.problem);
  return read.columns;
}

/** Writes the failed rows, with their line and reasons, next to the file; removes a stale one when all rows passed. */
async function writeErrorsFile(filePath: string, header: CatalogColumn[] | undefined, failed: ImportCatalogReport['failed'], values: Map<number, string[]>): Promise<string | null> {
  const target = filePath.toLowerCase().endsWith('.csv') ? `${filePath.slice(0, -4)}.errors.csv` : `${filePath}.errors.csv`;
  if (failed.length === 0) {
    await fs.promises.rm(target, { force: true });
    return null;
  }
  const lines = [csvLine(['line', 'errors', ...(header ?? [])])];
  for (const f of failed) lines.push(csvLine([String(f.row), f.errors.join('; '), ...(values.get(f.row) ?? [])]));
  await fs.promises.writeFile(target, `${lines.join('\n')}\n`, 'utf8');
  return target;
}

function csvLine(fields: string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) || /^\s|\s$/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}
