// A small RFC 4180 CSV reader: the datasets are a few MB, so one pass over a string is enough.
import { AppError } from '../errors.ts';

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Throws bad_input on a quote that never closes: it would swallow the rest of the file. */
export function parseCsv(text: string, where = 'CSV'): CsvTable {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  let quoteAt = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += c;
    } else if (c === '"') {
      inQuotes = true;
      quoteAt = i;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
    } else field += c;
  }
  if (inQuotes) {
    const line = text.slice(0, quoteAt).split(/\r\n|\r|\n/).length;
    throw new AppError('bad_input', `${where}: the quoted field opened on line ${line} never closes`);
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h.trim()), rows };
}
