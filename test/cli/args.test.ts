import { describe, expect, it } from 'vitest';
import { dateFlag, numberFlag } from '../../src/cli/args.ts';
import { runCli } from '../helpers/cli.ts';

describe('flag parsers', () => {
  it('numberFlag refuses an empty value instead of reading it as 0', () => {
    expect(numberFlag('0.3', '--max-risk', { min: 0, max: 1 })).toBe(0.3);
    expect(numberFlag('0', '--max-risk', { min: 0, max: 1 })).toBe(0);
    expect(numberFlag(undefined, '--max-risk')).toBeUndefined();
    for (const blank of ['', '  '])
      expect(() => numberFlag(blank, '--max-risk')).toThrow(/--max-risk needs a number/);
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
  });
});
