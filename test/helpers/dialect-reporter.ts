// Prints how many tests ran per store dialect, so CI logs show that the PostgreSQL part really ran.
// With TEST_PG_URL set and no PostgreSQL test run, the build fails: a silently skipped database
// is the failure this line exists to catch. (PostgreSQL test failures fail the run like any other.)
import type { Reporter, TestModule } from 'vitest/node';

const DIALECT_TAG = /\((sqlite|postgres)\)/;

export default class DialectReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts: Record<string, Record<string, number>> = {};
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const dialect = DIALECT_TAG.exec(t.fullName)?.[1];
        if (!dialect) continue;
        const state = t.result().state;
        const c = (counts[dialect] ??= {});
        c[state] = (c[state] ?? 0) + 1;
      }
    }
    const line = (d: string) => {
      const c = counts[d] ?? {};
      return `${c.passed ?? 0} passed, ${c.failed ?? 0} failed, ${c.skipped ?? 0} skipped`;
    };
    const pgSet = Boolean(process.env.TEST_PG_URL);
    process.stdout.write(
      `\n store tests by dialect — SQLite: ${line('sqlite')}; PostgreSQL: ${pgSet ? line('postgres') : 'not run (TEST_PG_URL unset)'}\n`,
    );
    const ran = (d: string) => (counts[d]?.passed ?? 0) + (counts[d]?.failed ?? 0);
    if (pgSet && ran('sqlite') > 0 && ran('postgres') === 0) {
      process.stdout.write(' TEST_PG_URL is set but no PostgreSQL test ran: failing the build\n');
      process.exitCode = 1;
    }
  }
}
