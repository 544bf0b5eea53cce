import yauzl from 'yauzl';
import { invalid } from '../../core/errors';

/**
 * Bounds the work of reading an .xlsx BEFORE exceljs parses it (security/REVIEW.md S-23). An .xlsx
 * is a zip: 918 KB can unpack to gigabytes of XML (3 million rows), and exceljs inflates and parses
 * all of it before the 5,000-row limit could be checked — 42 s of CPU per call, enough to hold every
 * instance of the `member` function. The guard reads the zip's directory, refuses a workbook whose
 * entries claim more than MAX_UNZIPPED_BYTES, then inflates every entry counting its bytes
 * (an entry that inflates past its declared size is refused: a lying directory gains nothing) and counts the worksheets' `<row>` and `<c>` elements while streaming, stopping at
 * the first one over the limit. What reaches exceljs afterwards is at most a few MB of XML.
 */
/** Rows per import (any input form). */
export const MAX_ROWS = 5000;
export const MAX_UNZIPPED_BYTES = 16 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 500;
/** `<row>` elements over all worksheets: the roster's rows, a header, formatted blank rows. */
export const MAX_SHEET_ROWS = 2 * MAX_ROWS;
/** `<c>` elements over all worksheets: 5,000 rows × a few columns, generously. */
export const MAX_SHEET_CELLS = 40 * MAX_ROWS;

const ROW = /<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g;
const CELL = /<(?:[A-Za-z_][\w.-]*:)?c[\s>/]/g;
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;

class Refused extends Error {}

function count(re: RegExp, s: string): number {
  let n = 0;
  re.lastIndex = 0;
  while (re.exec(s)) n++;
  return n;
}

export async function guardXlsx(bytes: Buffer, field: string): Promise<void> {
  const refuse = (message: string) => new Refused(message);
  try {
    await new Promise<void>((resolve, reject) => {
      yauzl.fromBuffer(
        bytes,
        // sizes are checked below while inflating (yauzl's own check stalls the stream on a lie)
        { lazyEntries: true, validateEntrySizes: false, decodeStrings: true },
        (err, zip) => {
          if (err || !zip) return reject(err ?? new Error('no zip'));
          let entries = 0;
          let declared = 0;
          let rows = 0;
          let cells = 0;
          let failed = false;
          const fail = (e: Error) => {
            if (failed) return;
            failed = true;
            zip.close();
            reject(e);
          };
          zip.on('error', fail);
          zip.on('end', () => resolve());
          zip.on('entry', (entry: yauzl.Entry) => {
            entries++;
            declared += entry.uncompressedSize;
            if (entries > MAX_ZIP_ENTRIES) return fail(refuse(`more than ${MAX_ZIP_ENTRIES} parts`));
            if (declared > MAX_UNZIPPED_BYTES) {
              return fail(refuse(`the workbook unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB`));
            }
            if (entry.fileName.endsWith('/')) return zip.readEntry();
            zip.openReadStream(entry, (e2, stream) => {
              if (e2 || !stream) return fail(e2 ?? new Error('no stream'));
              const sheet = WORKSHEET.test(entry.fileName);
              let tail = '';
              let inflated = 0;
              stream.on('data', (chunk: Buffer) => {
                inflated += chunk.length;
                if (inflated > entry.uncompressedSize) {
                  stream.destroy();
                  return fail(refuse('a part of the workbook unpacks to more than it declares'));
                }
                if (!sheet) return;
                // a tag split across two chunks is seen whole in `tail + text` (tags are short)
                const text = tail + chunk.toString('latin1');
                const cut = Math.max(0, text.length - 32);
                rows += count(ROW, text.slice(0, cut));
                cells += count(CELL, text.slice(0, cut));
                tail = text.slice(cut);
                if (rows > MAX_SHEET_ROWS) {
                  stream.destroy();
                  fail(refuse(`at most ${MAX_ROWS} rows per import`));
                } else if (cells > MAX_SHEET_CELLS) {
                  stream.destroy();
                  fail(refuse(`at most ${MAX_SHEET_CELLS} cells per import`));
                }
              });
              stream.on('error', fail);
              stream.on('end', () => {
                rows += count(ROW, tail);
                cells += count(CELL, tail);
                if (rows > MAX_SHEET_ROWS) return fail(refuse(`at most ${MAX_ROWS} rows per import`));
                if (cells > MAX_SHEET_CELLS)
                  return fail(refuse(`at most ${MAX_SHEET_CELLS} cells per import`));
                zip.readEntry();
              });
            });
          });
          zip.readEntry();
        },
      );
    });
  } catch (e) {
    if (e instanceof Refused) throw invalid(field, e.message);
    throw invalid(field, 'not a readable .xlsx workbook');
  }
}
