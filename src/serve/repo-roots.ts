// A request may only name a repository under a configured root. Both sides are resolved with
// realpath, so `..` tricks and symlinks pointing outside a root are refused.
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { AppError } from '../errors.ts';

export function resolveRepoPath(requested: string, roots: readonly string[]): string {
  if (roots.length === 0) {
    throw new AppError(
      'forbidden',
      'this server has no DEPLOYRISK_REPO_ROOTS; send a feature vector instead of git',
    );
  }
  if (requested.split(/[\\/]/).includes('..'))
    throw new AppError('bad_input', 'repository path must not contain ".."');
  const realRoots = roots.flatMap((r) => {
    try {
      return [realpathSync(r)];
    } catch {
      return [];
    }
  });
  const candidates = isAbsolute(requested) ? [requested] : realRoots.map((r) => resolve(r, requested));
  for (const candidate of candidates) {
    let real: string;
    try {
      real = realpathSync(candidate);
    } catch {
      continue;
    }
    const inside = realRoots.some((root) => {
      const rel = relative(root, real);
      return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
    });
    if (!inside) throw new AppError('forbidden', `repository ${requested} is outside DEPLOYRISK_REPO_ROOTS`);
    if (!statSync(real).isDirectory())
      throw new AppError('bad_input', `repository ${requested} is not a directory`);
    return real;
  }
  throw new AppError('bad_input', `repository ${requested} not found under DEPLOYRISK_REPO_ROOTS`);
}
