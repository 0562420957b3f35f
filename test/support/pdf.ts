import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// Reads PDFs the way a person's viewer would, with poppler-utils (pdftotext, pdftoppm,
// pdfimages; Debian package poppler-utils, installed by .ci/run).

const run = promisify(execFile);

async function withPdfFile<T>(pdf: Uint8Array, use: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dc-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    await fs.writeFile(file, pdf);
    return await use(file, dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The text of the PDF with every run of white space (narrow no-break spaces of prices included) as one space. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  return withPdfFile(pdf, async (file) => {
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    return normalizeSpaces(stdout);
  });
}

export function normalizeSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Page size in points and page count, from pdfinfo. */
export async function pdfInfo(pdf: Uint8Array): Promise<{ pages: number; widthPt: number; heightPt: number }> {
  return withPdfFile(pdf, async (file) => {
    const { stdout } = await run('pdfinfo', [file]);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(stdout);
    const pages = /Pages:\s+(\d+)/.exec(stdout);
    return { pages: Number(pages?.[1]), widthPt: Number(size?.[1]), heightPt: Number(size?.[2]) };
  });
}

/** The raster images embedded in the PDF (pdfimages -list), with their pixel sizes. */
export async function pdfImages(pdf: Uint8Array): Promise<{ width: number; height: number }[]> {
  return withPdfFile(pdf, async (file) => {
    const { stdout } = await run('pdfimages', ['-list', file]);
    return stdout.split('\n').slice(2).filter((line) => line.trim() !== '').map((line) => {
      const columns = line.trim().split(/\s+/);
      return { width: Number(columns[3]), height: Number(columns[4]) };
    });
  });
}

/** The first page rendered to PNG at `dpi`, as a printer or a screen would show it. */
export async function pdfPageToPng(pdf: Uint8Array, dpi = 150): Promise<Buffer> {
  return withPdfFile(pdf, async (file, dir) => {
    await run('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', file, path.join(dir, 'page')]);
    return fs.readFile(path.join(dir, 'page.png'));
  });
}
