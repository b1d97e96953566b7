// Factor values in plain words: counts read as numbers with their noun, one of a thing singular.
import { describe, expect, it } from 'vitest';
import { describeValue } from '../../src/summary/factors.ts';

describe('describeValue', () => {
  it('puts the noun after a count of 1 in the singular, and only that noun', () => {
    expect(describeValue('nf', 1)).toBe('1 file touched');
    expect(describeValue('nf', 2)).toBe('2 files touched');
    expect(describeValue('nd', 1)).toBe('1 directory touched');
    expect(describeValue('nuc', 1)).toBe('1 earlier commit to the touched files');
    expect(describeValue('age', 1)).toBe('touched files last changed 1 day ago on average');
    expect(describeValue('churnTests', 1)).toBe('1 line changed in tests');
    expect(describeValue('openIncidents', 1)).toBe('1 open incident');
    expect(describeValue('minutesSinceLastDeploy', 1)).toBe('1 minute since the previous deploy');
    expect(describeValue('testsFlaky', 0)).toBe('0 flaky tests');
    expect(describeValue('la', 1234)).toBe('1,234 lines added');
  });

  it('takes the singular by the number shown, not the exact value', () => {
    expect(describeValue('minutesSinceLastDeploy', 1.003)).toBe('1 minute since the previous deploy');
    expect(describeValue('minutesSinceLastDeploy', 1.5)).toBe('1.5 minutes since the previous deploy');
  });

  it('says the failure streak in words, over the deploys with a known outcome', () => {
    expect(describeValue('failureStreak', 0)).toBe(
      '0 failed deploys in a row before this one (of those with a known outcome)',
    );
    expect(describeValue('failureStreak', 1)).toBe(
      '1 failed deploy in a row before this one (of those with a known outcome)',
    );
    expect(describeValue('failureStreak', 4)).toBe(
      '4 failed deploys in a row before this one (of those with a known outcome)',
    );
    expect(describeValue('failureStreak', null)).toMatch(/: unknown$/);
  });
});
