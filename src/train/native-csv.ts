// Writes the "native" CSV layout that `train --data` reads back: one column per schema feature
// (empty = unknown), `failed` (0/1), `time` (ISO-8601 UTC) and provenance columns (`labelSource`,
// `level`, `id`, `service`) that the importer lists as ignored.
import { FEATURE_NAMES } from '../features/schema.ts';
import type { StoreRow } from './from-store.ts';

export const NATIVE_EXTRA_COLUMNS = ['failed', 'time', 'labelSource', 'level', 'id', 'service'] as const;

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toNativeCsv(rows: readonly StoreRow[]): string {
  const header = [...FEATURE_NAMES, ...NATIVE_EXTRA_COLUMNS];
  const lines = [header.join(',')];
  for (const r of rows) {
    lines.push(
      [
        ...FEATURE_NAMES.map((n) => cell(r.features[n])),
        cell(r.label),
        cell(new Date(r.time).toISOString()),
        cell(r.labelSource),
        cell(r.level),
        cell(r.id),
        cell(r.service),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}
