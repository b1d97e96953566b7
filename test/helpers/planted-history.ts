// A generated history with planted bug/fix pairs and reverts, for learn / train --from-store.
// Blocks of six daily commits: a large bug-introducing commit (new module), small clean edits,
// a fix that corrects one line of the module, and in every other block a feature that is
// reverted with git revert. Positives (bugs, reverted features) are the larger changes, so a
// model has something real to learn; the history ends with fixes, so no planted bug is censored.
import { TempRepo } from './git-repo.ts';
import { alice, bob, carol, dave, gitRevert } from './szz-history.ts';

export interface PlantedHistory {
  repo: TempRepo;
  bugs: string[];
  fixes: string[];
  reverted: string[];
  commits: number;
}

const AUTHORS = [alice, bob, carol, dave];
const day = (i: number) => new Date(Date.UTC(2024, 0, 1, 12) + i * 86_400_000).toISOString();
const module = (k: number, wrong: boolean, size: number) =>
  Array.from({ length: size }, (_, i) =>
    i === 4 ? `export const limit${k} = ${wrong ? -1 : 100};` : `export const v${k}_${i} = ${i};`,
  ).join('\n') + '\n';

export function buildPlantedHistory(blocks = 14): PlantedHistory {
  const repo = new TempRepo();
  const bugs: string[] = [];
  const fixes: string[] = [];
  const reverted: string[] = [];
  let n = 0;
  let notes = '';
  const small = (msg: string, i: number) => {
    notes += `note ${i}\n`;
    return repo.commit({
      author: AUTHORS[i % 4]!,
      date: day(n++),
      message: msg,
      write: { 'docs/notes.md': notes, 'src/util.ts': `export const u = ${i};\n` },
    });
  };
  for (let k = 0; k < blocks; k++) {
    const size = 30 + ((k * 7) % 25);
    bugs.push(
      repo.commit({
        author: AUTHORS[k % 4]!,
        date: day(n++),
        message: `add module ${k}`,
        write: { [`src/m${k}.ts`]: module(k, true, size) },
      }),
    );
    small(`tidy notes ${k}`, k);
    small(`update util ${k}`, k + 1);
    fixes.push(
      repo.commit({
        author: AUTHORS[(k + 1) % 4]!,
        date: day(n++),
        message: `Fix limit in module ${k}`,
        write: { [`src/m${k}.ts`]: module(k, false, size) },
      }),
    );
    if (k % 2 === 0) {
      const feat = repo.commit({
        author: AUTHORS[(k + 2) % 4]!,
        date: day(n++),
        message: `add feature ${k}`,
        write: {
          [`src/f${k}.ts`]:
            Array.from({ length: 20 }, (_, i) => `export const f${k}_${i} = ${i};`).join('\n') + '\n',
        },
      });
      reverted.push(feat);
      gitRevert(repo, feat, AUTHORS[(k + 3) % 4]!, day(n++));
    } else {
      small(`docs ${k}`, k + 2);
      small(`util ${k}`, k + 3);
    }
  }
  return { repo, bugs, fixes, reverted, commits: n };
}
