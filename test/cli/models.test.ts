import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('deployrisk models: usage errors', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'deployrisk-models-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [['bogus'], /usage: deployrisk models list/],
    [['toString'], /usage: deployrisk models list/],
    [[], /usage: deployrisk models list/],
    [['show'], /usage: deployrisk models show VERSION/],
    [['compare', 'a'], /usage: deployrisk models compare A B/],
    [['compare', 'a', 'b', '--level', 'commits'], /--level must be auto, commit, deploy/],
  ])('%j: exit 2 before any store is created', async (args, message) => {
    const db = join(dir, `${args.join('-') || 'none'}.db`);
    const r = await runCli(['models', ...args, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(db)).toBe(false);
  });

  it('a valid subcommand opens the store', async () => {
    const db = join(dir, 'list.db');
    const r = await runCli(['models', 'list', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    // Nothing registered: only the shipped default, marked as such.
    const items = JSON.parse(r.stdout).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ shipped: true, active: false });
    expect(existsSync(db)).toBe(true);
  });
});
