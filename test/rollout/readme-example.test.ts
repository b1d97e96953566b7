// The README's Argo Rollouts example says which command produced it; it must still be what that
// command plans with the shipped policy (a re-optimised policy once left it stale).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planRollout } from '../../src/rollout/index.ts';

describe('README: the Argo Rollouts canary example', () => {
  it('equals the plan for --risk 0.7 --level critical in production', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /# deployrisk plan --risk 0\.7 --level critical --json[^\n]*\n([\s\S]*?)```/.exec(readme);
    expect(block, 'the example block is in README.md').not.toBeNull();
    const steps: unknown[] = [];
    for (const line of block![1]!.split('\n')) {
      const weight = /^\s*- setWeight: (\d+)/.exec(line);
      const pause = /^\s*- pause: \{(?:duration: (\w+))?\}/.exec(line);
      if (weight) steps.push({ setWeight: Number(weight[1]) });
      else if (pause) steps.push({ pause: pause[1] ? { duration: pause[1] } : {} });
    }
    const delay = /scaleDownDelaySeconds: (\d+)/.exec(block![1]!);
    const plan = planRollout(
      { probability: 0.7 },
      { environment: 'production', at: new Date('2026-11-25T10:00:00Z') },
    );
    expect(steps).toEqual(plan.steps);
    expect(Number(delay?.[1])).toBe(plan.scaleDownDelaySeconds);
  });
});
