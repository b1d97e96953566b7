import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dateFlag, numberFlag, regexFlag } from '../../src/cli/args.ts';
import { runCli } from '../helpers/cli.ts';

describe('flag parsers', () => {
  it('numberFlag refuses an empty value instead of reading it as 0', () => {
    expect(numberFlag('0.3', '--max-risk', { min: 0, max: 1 })).toBe(0.3);
    expect(numberFlag('0', '--max-risk', { min: 0, max: 1 })).toBe(0);
    expect(numberFlag(undefined, '--max-risk')).toBeUndefined();
    for (const blank of ['', '  '])
      expect(() => numberFlag(blank, '--max-risk')).toThrow(/--max-risk needs a number/);
  });

  it('numberFlag with integer refuses fractions instead of flooring them or failing later', () => {
    expect(numberFlag('8080', '--port', { min: 0, max: 65535, integer: true })).toBe(8080);
    expect(() => numberFlag('1.5', '--port', { integer: true })).toThrow(/--port must be a whole number/);
  });

  it('regexFlag turns a bad pattern into bad input', () => {
    expect(regexFlag('#(\\d+)', '--issue-pattern')?.test('#12')).toBe(true);
    expect(regexFlag(undefined, '--issue-pattern')).toBeUndefined();
    expect(() => regexFlag('(', '--issue-pattern')).toThrow(/--issue-pattern: Invalid regular expression/);
  });

  it('dateFlag takes ISO-8601 dates and date-times, not what Date.parse also guesses at', () => {
    expect(dateFlag('2024-06-04T10:00:00Z', '--at')).toBe(Date.parse('2024-06-04T10:00:00Z'));
    expect(dateFlag('2024-06-04', '--from')).toBe(Date.parse('2024-06-04'));
    expect(dateFlag(undefined, '--at')).toBeUndefined();
    for (const bad of ['5', 'May 3 2024', 'yesterday', '', '2024-13-45'])
      expect(() => dateFlag(bad, '--at')).toThrow(/--at must be an ISO-8601 time/);
  });

  it('the commands answer exit 2 for those values', async () => {
    const empty = await runCli(['plan', '--risk', '', '--json']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--risk/);
    const guessed = await runCli(['plan', '--risk', '0.1', '--at', '5', '--json']);
    expect(guessed.code).toBe(2);
    expect(guessed.stderr).toMatch(/--at must be an ISO-8601 time, got "5"/);
    expect((await runCli(['serve', '--port', '1.5'])).code).toBe(2);
  });

  it('learn: a bad pattern or repository is exit 2 before any store is created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deployrisk-args-'));
    try {
      const db = join(dir, 'store.db');
      const pattern = await runCli(['learn', '--repo', dir, '--issue-pattern', '(', '--db', db]);
      expect(pattern.code).toBe(2);
      expect(pattern.stderr).toMatch(/--issue-pattern: Invalid regular expression/);
      const repo = await runCli(['learn', '--repo', join(dir, 'nope'), '--db', db]);
      expect(repo.code).toBe(2);
      expect(existsSync(db)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
