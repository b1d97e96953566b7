// CSV → Dataset: detects the layout by its columns (or takes --format), maps columns onto the
// feature schema and lists every column it did not use.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AppError } from '../errors.ts';
import { FEATURE_NAMES, featureDef } from '../features/schema.ts';
import { validateFeatureValue } from './validate-row.ts';
import { parseCsv } from './csv.ts';
import { isDatasetLevel, type Dataset, type DatasetFormat, type LabelledRow } from './dataset.ts';
import { FORMAT_SPECS, detectFormat, parseLabel, type Cells } from './import-formats.ts';

export interface ImportOptions {
  source: string;
  format?: DatasetFormat;
  label?: string;
  time?: string;
  sha256?: string | null;
}

export function importCsvText(text: string, opts: ImportOptions): Dataset {
  const { header, rows } = parseCsv(text, opts.source);
  if (header.length === 0) throw new AppError('bad_input', `${opts.source}: empty CSV`);
  const format = opts.format ?? detectFormat(header);
  const knownLabels = ['label', ...Object.values(FORMAT_SPECS).map((f) => f.label)];
  if (
    !format &&
    header.some((h) => FEATURE_NAMES.includes(h)) &&
    !header.some((h) => knownLabels.includes(h))
  ) {
    throw new AppError(
      'bad_input',
      `${opts.source}: no label column: the native layout needs "failed" (or "label"), or pass --format native --label COL`,
      { columns: header },
    );
  }
  if (!format) {
    throw new AppError(
      'bad_input',
      `${opts.source}: unknown CSV layout; pass --format kamei|apachejit|travis|native`,
      {
        columns: header,
      },
    );
  }
  const spec = FORMAT_SPECS[format];
  let labelColumn = opts.label ?? spec.label;
  if (!opts.label && format === 'native' && !header.includes('failed') && header.includes('label'))
    labelColumn = 'label';
  if (!header.includes(labelColumn)) {
    throw new AppError('bad_input', `${opts.source}: label column "${labelColumn}" not found`, {
      columns: header,
    });
  }
  const timeColumn = opts.time ?? (spec.time !== null && header.includes(spec.time) ? spec.time : null);
  if (opts.time && !header.includes(opts.time)) {
    throw new AppError('bad_input', `${opts.source}: time column "${opts.time}" not found`, {
      columns: header,
    });
  }

  const out: LabelledRow[] = [];
  let dropped = 0;
  // The native layout says its rows' level in a `level` column (`dataset export` writes it);
  // one value throughout names the dataset's level, anything else keeps the format's default.
  const levels = new Set<string>();
  for (const r of rows) {
    const cells: Cells = {};
    header.forEach((h, i) => (cells[h] = r[i] ?? ''));
    if (format === 'native' && cells.level !== undefined) levels.add(cells.level.trim());
    const label = parseLabel(cells[labelColumn]);
    if (label === null) {
      dropped++;
      continue;
    }
    const features = spec.map(cells);
    for (const [k, v] of Object.entries(features)) features[k] = validateFeatureValue(k, v);
    let time: number | null = null;
    if (timeColumn !== null) {
      if (opts.time) {
        const s = cells[timeColumn] ?? '';
        const n = Number(s);
        time =
          Number.isFinite(n) && s.trim() !== '' ? n : Number.isFinite(Date.parse(s)) ? Date.parse(s) : null;
      } else time = spec.parseTime?.(cells) ?? null;
    }
    const group = spec.groupOf?.(cells) ?? null;
    out.push({ features, label, time, ...(group ? { group } : {}) });
  }
  if (out.length === 0)
    throw new AppError('bad_input', `${opts.source}: no rows with a 0/1 label in "${labelColumn}"`);
  // One unreadable time sends the whole split back to file order, which need not be time order:
  // refuse rather than train on the future. A time column left empty throughout means "no time".
  const untimed = out.filter((r) => r.time === null).length;
  if (timeColumn !== null && untimed > 0 && untimed < out.length) {
    const i = out.findIndex((r) => r.time === null);
    throw new AppError(
      'bad_input',
      `${opts.source}: ${untimed} of ${out.length} labelled rows have no readable time in "${opts.time ? timeColumn : (spec.timeColumns ?? timeColumn)}" (the first is labelled row ${i + 1}); without every time the split cannot be chronological`,
      { timeColumn, untimed },
    );
  }

  const derived = spec.fromEarlierRows ? spec.fromEarlierRows(out) : out;

  const used = new Set<string>([labelColumn, ...(timeColumn ? [timeColumn] : [])]);
  const mapped: Record<string, string> = {};
  for (const [col, feat] of Object.entries(spec.consumes)) {
    if (header.includes(col) && col !== labelColumn) {
      mapped[col] = feat;
      used.add(col);
    }
  }
  const notes = [...spec.notes];
  if (dropped > 0) notes.push(`${dropped} rows without a 0/1 label were skipped.`);
  const unreadable = unreadableCells(header, rows, mapped);
  if (unreadable.length > 0)
    notes.push(
      `Cells that are neither a number, true/false nor empty were read as missing: ${unreadable.join(', ')}.`,
    );
  const [onlyLevel] = levels;
  const level = levels.size === 1 && isDatasetLevel(onlyLevel) ? onlyLevel : spec.level;
  if (level !== spec.level) {
    used.add('level');
    notes.push(`Every row says level "${level}": the dataset is ${level}-level.`);
  }
  return {
    source: opts.source,
    sha256: opts.sha256 ?? createHash('sha256').update(text).digest('hex'),
    format,
    level,
    labelColumn,
    timeColumn,
    rows: derived,
    mapped,
    ignoredColumns: header.filter((h) => !used.has(h)),
    notes,
  };
}

const EMPTY = /^\s*(|na|nan|null|none)\s*$/i;
const BOOLEAN = /^\s*(true|false)\s*$/i;

/** "col (n of m)" for each mapped numeric column with cells that do not read as a number. */
function unreadableCells(header: string[], rows: string[][], mapped: Record<string, string>): string[] {
  const out: string[] = [];
  header.forEach((col, i) => {
    const feat = mapped[col];
    if (feat === undefined || featureDef(feat)?.kind === 'category') return;
    const bad = rows.filter((r) => {
      const s = r[i] ?? '';
      return !EMPTY.test(s) && !BOOLEAN.test(s) && !Number.isFinite(Number(s));
    }).length;
    if (bad > 0) out.push(`${col} (${bad} of ${rows.length})`);
  });
  return out;
}

export async function importCsvFile(
  path: string,
  opts: Omit<ImportOptions, 'source'> = {},
): Promise<Dataset> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    throw new AppError('bad_input', `cannot read ${path}: ${(e as Error).message}`);
  }
  const sha256 = createHash('sha256').update(buf).digest('hex');
  return importCsvText(buf.toString('utf8'), { ...opts, source: path, sha256 });
}
