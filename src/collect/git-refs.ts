// Refs from users are checked before any git process sees them: a ref must be a name git itself
// would accept (git check-ref-format rules) or a hex object id, optionally followed by ~N / ^N.
// Nothing starting with '-' ever reaches git, so no ref can become an option.
import { AppError } from '../errors.ts';

const MAX_REF_LENGTH = 256;

function nameIsValid(name: string): boolean {
  if (name.length === 0 || name.length > MAX_REF_LENGTH) return false;
  if (name === '@') return true; // git's alias of HEAD
  if (name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.')) return false;
  if (name.includes('..') || name.includes('//') || name.includes('@{')) return false;
  // control characters, space, ~ ^ : ? * [ \ and DEL are forbidden by git
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return false;
  return name.split('/').every((part) => part.length > 0 && !part.startsWith('.') && !part.endsWith('.lock'));
}

/** Returns the ref unchanged when it is safe to hand to git; throws bad_input otherwise. */
export function validateRef(ref: string, what = 'ref'): string {
  if (typeof ref !== 'string' || ref.length === 0) throw new AppError('bad_input', `${what} is empty`);
  const m = /^(.*?)((?:[~^]\d{0,6})*)$/.exec(ref);
  const name = m?.[1] ?? '';
  if (!nameIsValid(name)) {
    throw new AppError('bad_input', `${what} "${ref.slice(0, 80)}" is not a valid git ref`, {
      [what]: ref.slice(0, 200),
    });
  }
  return ref;
}
