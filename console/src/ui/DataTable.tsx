import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import { useMemo, useState, type ReactNode } from 'react';
import type { Page } from '../http/client.ts';
import { useTexts } from '../i18n/i18n.ts';
import { downloadCsv } from './csv.ts';
import { Empty, ErrorState, Loading } from './States.tsx';

/** One column: how a row shows, how it exports to CSV, and whether it sorts (on the loaded rows). */
export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** The CSV value; default: the text of `sortValue`, else the column is left out of the export. */
  csv?: (row: T) => string | number | boolean | null | undefined;
  sortValue?: (row: T) => string | number;
  align?: 'right';
}

export type FetchPage<T> = (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>;

export interface CursorListOptions<T> {
  queryKey: QueryKey;
  fetchPage: FetchPage<T>;
  enabled?: boolean;
}

/** Pages of a server list through its cursors; `loadMore` asks for the next page. */
export function useCursorList<T>({ queryKey, fetchPage, enabled = true }: CursorListOptions<T>) {
  const query = useInfiniteQuery({
    queryKey,
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  return { ...query, rows };
}

/** Every row of a list with the current filters, page by page (the CSV export "as filtered"). */
export async function fetchAllPages<T>(fetchPage: FetchPage<T>, onProgress: (rows: number) => void, max = 100_000): Promise<T[]> {
  const rows: T[] = [];
  const controller = new AbortController();
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor, controller.signal);
    rows.push(...page.items);
    onProgress(rows.length);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < max);
  return rows;
}

export interface CursorTableProps<T> extends CursorListOptions<T> {
  columns: Column<T>[];
  /** What an empty list says: how to fill it. */
  empty: ReactNode;
  /** File name of the CSV export; none: no export button. */
  csvName?: string;
  rowKey?: (row: T) => string;
  onRowClick?: (row: T) => void;
  caption?: string;
}

/** A server-paged table: load more through cursors, sort the loaded rows, export every filtered row. */
export function CursorTable<T>(props: CursorTableProps<T>) {
  const { t } = useTexts('common');
  const list = useCursorList(props);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [exporting, setExporting] = useState<number | null>(null);

  const columnDefs = useMemo<ColumnDef<T>[]>(() => props.columns.map((column) => ({
    id: column.id,
    header: column.header,
    accessorFn: (row: T) => column.sortValue?.(row) ?? '',
    enableSorting: Boolean(column.sortValue),
    cell: (context) => column.cell(context.row.original),
    meta: { align: column.align },
  })), [props.columns]);

  const table = useReactTable({
    data: list.rows,
    columns: columnDefs,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: props.rowKey ? (row) => props.rowKey!(row) : undefined,
  });

  async function exportCsv() {
    setExporting(0);
    try {
      const rows = await fetchAllPages(props.fetchPage, setExporting);
      const columns = props.columns.filter((c) => c.csv || c.sortValue);
      downloadCsv(props.csvName!, columns.map((c) => c.header), rows.map((row) => columns.map((c) => (c.csv ? c.csv(row) : c.sortValue!(row)))));
    } finally {
      setExporting(null);
    }
  }

  if (list.isPending) return <Loading />;
  if (list.isError && list.rows.length === 0) return <ErrorState error={list.error} retry={() => void list.refetch()} />;
  if (list.rows.length === 0) return <Empty>{props.empty}</Empty>;

  return (
    <div className="table-wrap">
      {props.csvName && (
        <div className="table-tools">
          <span className="muted">{t('table.rows', { count: list.rows.length })}</span>
          <button type="button" className="btn btn-ghost" onClick={() => void exportCsv()} disabled={exporting !== null}>
            {exporting === null ? t('table.exportCsv') : t('table.exporting', { count: exporting })}
          </button>
        </div>
      )}
      <div className="table-scroll">
        <table className="table">
          {props.caption && <caption>{props.caption}</caption>}
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const align = (header.column.columnDef.meta as { align?: string } | undefined)?.align;
                  return (
                    <th key={header.id} className={align === 'right' ? 'num' : undefined} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
                      {header.column.getCanSort()
                        ? <button type="button" className="th-sort" onClick={header.column.getToggleSortingHandler()}>{flexRender(header.column.columnDef.header, header.getContext())}{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</button>
                        : flexRender(header.column.columnDef.header, header.getContext())}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className={props.onRowClick ? 'clickable' : undefined} onClick={props.onRowClick ? () => props.onRowClick!(row.original) : undefined}>
                {row.getVisibleCells().map((cell) => {
                  const align = (cell.column.columnDef.meta as { align?: string } | undefined)?.align;
                  return <td key={cell.id} className={align === 'right' ? 'num' : undefined} data-label={String(cell.column.columnDef.header)}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-more">
        {list.hasNextPage
          ? <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>{list.isFetchingNextPage ? t('state.loading') : t('table.more')}</button>
          : <span className="muted">{t('table.end')}</span>}
        {list.isError && <ErrorState error={list.error} retry={() => void list.fetchNextPage()} />}
      </div>
    </div>
  );
}
