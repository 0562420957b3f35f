import type { Caller } from '../access/access.ts';
import { DomainError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { isBrandId, normalizeBrandRef } from './catalog.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import type { BrandLookup, ProductStores } from './catalog.ports.ts';
import { columnOfField, readCatalogHeader, readCatalogRow, readCsvLines } from './catalog-csv.ts';
import { productPlacer, type PlacementItem, type PlacementProblem } from './product-placement.ts';

/** An import of many products in chunks (a CSV file), each row on its own. */
export interface CatalogImport {
  /**
   * Places a chunk of rows and stores the good ones in one upsert by (vendor, sku); answers the
   * counts and the problems of the bad rows by position. A sku repeated for one vendor is
   * refused across chunks, naming the line it was first seen on.
   */
  importRows(rows: PlacementItem[]): Promise<{ created: number; updated: number; problems: PlacementProblem[] }>;
  /** Writes the import's one audit row with its counts (also after an interruption, for what was stored). */
  finish(details: { failed: number; interrupted?: string; firstLine?: number; lastLine?: number }): Promise<{ created: number; updated: number }>;
}

type ImportDeps = { unitOfWork: UnitOfWork<ProductStores>; products: BrandLookup };

/**
 * Starts an import on behalf of `caller`: products go under their brand's vendor, confined to
 * the caller's vendor when it has one (whose rates must then lie within its vendor's limits).
 * Each chunk is its own transaction, so that a file broken half-way keeps the chunks before
 * the break (a re-run of the fixed file updates them).
 */
export function startCatalogImport(deps: ImportDeps, caller: Caller, file: string): CatalogImport {
  const placer = productPlacer(deps.products, caller.scope.vendorId, (line) => `on line ${line}`, { limitRates: caller.scope.vendorId !== null });
  const totals = { created: 0, updated: 0 };
  return {
    async importRows(rows) {
      const { placed, problems } = await placer.place(rows);
      const counts = placed.length === 0
        ? { created: 0, updated: 0 }
        : await deps.unitOfWork(({ products }) => products.upsertProducts(placed.map((p) => p.product)));
      totals.created += counts.created;
      totals.updated += counts.updated;
      return { ...counts, problems };
    },
    async finish(details) {
      await deps.unitOfWork(({ audit }) => audit.record({
        actor: caller.actor, action: 'catalog.import', entity: 'catalog', entityId: null,
        details: { file, created: totals.created, updated: totals.updated, ...details },
      }));
      return { ...totals };
    },
  };
}

/** One chunk of a CSV file sent over HTTP: its header line first, then up to `MAX_CHUNK_ROWS` rows. */
export interface CatalogChunk {
  csv: string;
  /** Every row without a brand cell goes under this brand (by id); it must be the caller's. */
  brandId?: string;
  /** The line of the whole file that the chunk's first row stands on (the header is line 1); default 2. */
  firstLine?: number;
  /** The file's name, for the audit log. */
  file?: string;
}

export interface ChunkReport {
  rows: number;
  created: number;
  updated: number;
  /** Rows refused, each listed in `errors` with every problem. */
  failed: number;
  errors: { line: number; field: string; message: string }[];
}

export const MAX_CHUNK_ROWS = 1000;

/**
 * Imports one chunk of a CSV file with the columns and rules of `dealcast import-catalog`
 * (core/catalog/catalog-csv.ts), through the same placement: good rows are upserted by
 * (vendor, sku), bad ones reported by their line in the whole file. A header that does not fit
 * or unreadable quoting refuses the chunk (`validation_failed`); a `brandId` outside the
 * caller's scope is `not_found`, and a vendor account's chunk naming another vendor's brand is
 * refused whole (`forbidden`, as a catalog push is). One audit row per chunk. A sku repeated in
 * two chunks is not noticed: the later row updates the earlier.
 */
export async function importCatalogChunk(deps: ImportDeps, caller: Caller, chunk: CatalogChunk): Promise<ChunkReport> {
  if (chunk.brandId !== undefined) {
    const [brand] = await deps.products.findBrandsByRefs({ ids: [chunk.brandId], slugs: [] });
    if (!brand || (caller.scope.vendorId !== null && brand.vendorId !== caller.scope.vendorId)) throw new NotFoundError('brand', chunk.brandId);
  }
  const [head, ...lines] = readCsvLines(chunk.csv);
  if (!head) throw new ValidationError('The CSV chunk is empty; its first line must be the header', { field: 'csv' });
  const header = readCatalogHeader(head.record, { brandOptional: chunk.brandId !== undefined });
  if ('problem' in header) throw new ValidationError(header.problem, { field: 'csv', line: 1 });
  const rows = lines.filter((l) => !l.record.every((v) => v === ''));
  if (rows.length > MAX_CHUNK_ROWS) throw new ValidationError(`A chunk holds at most ${MAX_CHUNK_ROWS} rows; this one has ${rows.length}. Send the file in smaller chunks`, { field: 'csv' });

  const offset = (chunk.firstLine ?? 2) - 2;
  const errors: ChunkReport['errors'] = [];
  const items: PlacementItem[] = [];
  for (const { line, record } of rows) {
    const fileLine = line + offset;
    if (record.length !== header.columns.length) {
      errors.push({ line: fileLine, field: 'row', message: `has ${record.length} fields where the header has ${header.columns.length}` });
    } else {
      items.push({ position: fileLine, ...readCatalogRow(header.columns, record, chunk.brandId) });
    }
  }
  await refuseForeignBrands(deps.products, caller, items);
  const run = startCatalogImport(deps, caller, chunk.file ?? 'upload.csv');
  const { created, updated, problems } = await run.importRows(items);
  for (const p of problems) errors.push({ line: p.position, field: columnOfField(p.field), message: p.problem });
  errors.sort((a, b) => a.line - b.line);
  const failed = new Set(errors.map((e) => e.line)).size;
  const first = rows[0]?.line;
  await run.finish({ failed, firstLine: first === undefined ? undefined : first + offset, lastLine: rows.length ? rows[rows.length - 1]!.line + offset : undefined });
  return { rows: rows.length, created, updated, failed, errors };
}

/** A vendor account's rows must name its own brands only; the lines that do not are listed, the brands not named. */
async function refuseForeignBrands(brands: BrandLookup, caller: Caller, items: PlacementItem[]): Promise<void> {
  const owner = caller.scope.vendorId;
  if (owner === null || items.length === 0) return;
  const refs = [...new Set(items.map((item) => normalizeBrandRef(item.brand)).filter((ref) => ref !== ''))];
  const found = await brands.findBrandsByRefs({ ids: refs.filter(isBrandId), slugs: refs.filter((r) => !isBrandId(r)) });
  const foreign = new Set(found.filter((b) => b.vendorId !== owner).flatMap((b) => [b.id, b.slug]));
  const lines = items.filter((item) => foreign.has(normalizeBrandRef(item.brand))).map((item) => item.position);
  if (lines.length === 0) return;
  throw new DomainError('forbidden', `Line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? '…' : ''} name${lines.length > 1 ? '' : 's'} a brand of another vendor; nothing of this chunk was written`, { lines });
}
