// Real temporary git repositories for tests, built with the git CLI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Author {
  name: string;
  email: string;
}

export interface CommitSpec {
  author: Author;
  date: string; // ISO-8601
  message: string;
  /** path -> new content (string or bytes); null deletes the file. */
  write?: Record<string, string | Buffer | null>;
  /** [from, to] renames done with git mv before writing. */
  rename?: [string, string][];
}

/** Author and committer name, email and date for one git command (commits, merges, reverts). */
export function gitEnvFor(author: Author, date: string): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
    GIT_COMMITTER_DATE: date,
  };
}

export class TempRepo {
  readonly dir: string;

  constructor(dir?: string) {
    this.dir = dir ?? mkdtempSync(join(tmpdir(), 'deployrisk-repo-'));
    this.git(['init', '-q', '-b', 'main']);
    this.git(['config', 'user.name', 'Test']);
    this.git(['config', 'user.email', 'test@example.com']);
    this.git(['config', 'commit.gpgsign', 'false']);
  }

  git(args: string[], env: Record<string, string> = {}): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
  }

  commit(spec: CommitSpec): string {
    for (const [from, to] of spec.rename ?? []) {
      mkdirSync(dirname(join(this.dir, to)), { recursive: true });
      this.git(['mv', from, to]);
    }
    for (const [path, content] of Object.entries(spec.write ?? {})) {
      const full = join(this.dir, path);
      if (content === null) {
        unlinkSync(full);
      } else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
    this.git(['add', '-A']);
    this.git(['commit', '-q', '--allow-empty', '-m', spec.message], gitEnvFor(spec.author, spec.date));
    return this.head();
  }

  merge(branch: string, author: Author, date: string, message = `Merge ${branch}`): string {
    this.git(['merge', '-q', '--no-ff', '-m', message, branch], gitEnvFor(author, date));
    return this.head();
  }

  head(): string {
    return this.git(['rev-parse', 'HEAD']).trim();
  }

  checkout(ref: string, create = false): void {
    this.git(create ? ['checkout', '-q', '-b', ref] : ['checkout', '-q', ref]);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const lines = (n: number, prefix = 'line'): string =>
  Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';
