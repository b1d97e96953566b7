// A thin wrapper over node:util parseArgs: unknown flags and missing values become bad_input (exit 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
  } catch (e) {
    throw new AppError('bad_input', (e as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
}

export function requireFlag(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new AppError('bad_input', `${flag} is required`);
  return value;
}

export function numberFlag(
  value: string | undefined,
  flag: string,
  bounds: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  if (value === undefined) return undefined;
  // Number('') is 0: an empty flag (an unset CI variable) must not become a limit of 0.
  if (value.trim() === '') throw new AppError('bad_input', `${flag} needs a number, got an empty value`);
  const n = Number(value);
  if (!Number.isFinite(n)) throw new AppError('bad_input', `${flag} must be a number, got "${value}"`);
  if (bounds.integer && !Number.isInteger(n))
    throw new AppError('bad_input', `${flag} must be a whole number, got "${value}"`);
  if (bounds.min !== undefined && n < bounds.min)
    throw new AppError('bad_input', `${flag} must be ≥ ${bounds.min}`);
  if (bounds.max !== undefined && n > bounds.max)
    throw new AppError('bad_input', `${flag} must be ≤ ${bounds.max}`);
  return n;
}

/** An ISO-8601 date or date-time as epoch ms. Date.parse alone takes "5" or "May 3" as dates. */
export function dateFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const t = /^\d{4}-\d{2}-\d{2}(?!\d)/.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(t))
    throw new AppError('bad_input', `${flag} must be an ISO-8601 time, got "${value}"`);
  return t;
}

export function regexFlag(value: string | undefined, flag: string): RegExp | undefined {
  if (value === undefined) return undefined;
  try {
    return new RegExp(value);
  } catch (e) {
    throw new AppError('bad_input', `${flag}: ${(e as Error).message}`);
  }
}
