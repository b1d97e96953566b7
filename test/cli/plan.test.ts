import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, spawnCli } from '../helpers/cli.ts';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'deployrisk-plan-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const firstWeight = (plan: { steps: ({ setWeight: number } | object)[] }) =>
  (plan.steps.find((s) => 'setWeight' in s) as { setWeight: number }).setWeight;

describe('deployrisk plan', () => {
  it('--risk 0.9 has a smaller first weight and a longer total than --risk 0.05', async () => {
    const high = await runCli(['plan', '--risk', '0.9', '--json', '--at', '2024-06-04T10:00:00Z']);
    const low = await runCli(['plan', '--risk', '0.05', '--json', '--at', '2024-06-04T10:00:00Z']);
    expect(high.code).toBe(0);
    expect(low.code).toBe(0);
    const h = JSON.parse(high.stdout);
    const l = JSON.parse(low.stdout);
    expect(firstWeight(h)).toBeLessThan(firstWeight(l));
    expect(h.expectedMinutesToFull).toBeGreaterThan(l.expectedMinutesToFull);
  });

  it('holds outside a YAML allow window, exits 1 and names the next start', async () => {
    const windows = join(dir, 'windows.yaml');
    writeFileSync(
      windows,
      'windows:\n  - kind: allow\n    schedule: "0 9 * * 1-5"\n    duration: 8h\n    timeZone: Europe/Berlin\n    services: ["*"]\n',
    );
    const r = await runCli([
      'plan',
      '--risk',
      '0.05',
      '--windows',
      windows,
      '--at',
      '2024-06-08T10:00:00Z',
      '--json',
    ]);
    expect(r.code).toBe(1);
    const plan = JSON.parse(r.stdout);
    expect(plan.decision).toBe('hold');
    expect(plan.nextAllowedAt).toBe('2024-06-10T07:00:00.000Z');
  });

  it('reads the shared env file: exhausted budget holds, --fix lets it through', async () => {
    const env = join(dir, 'env.json');
    writeFileSync(env, JSON.stringify({ environment: 'production', errorBudgetRemaining: 0 }));
    const held = await runCli([
      'plan',
      '--risk',
      '0.05',
      '--env',
      env,
      '--json',
      '--at',
      '2024-06-04T10:00:00Z',
    ]);
    expect(held.code).toBe(1);
    const fix = await runCli([
      'plan',
      '--risk',
      '0.05',
      '--env',
      env,
      '--fix',
      '--json',
      '--at',
      '2024-06-04T10:00:00Z',
    ]);
    expect(fix.code).toBe(0);
    expect(JSON.parse(fix.stdout).strategy).toBe('canary');
  });

  it('refuses a bad probability and a bad windows file with exit 2', async () => {
    expect((await runCli(['plan', '--risk', '1.5'])).code).toBe(2);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ kind: 'maybe', schedule: '* * * * *', duration: '1h' }]));
    expect((await runCli(['plan', '--risk', '0.1', '--windows', bad])).code).toBe(2);
  });

  it('--risk 0.3 is high on the one scale; --level must agree with it', async () => {
    const at = ['--at', '2024-06-04T10:00:00Z'];
    const text = await runCli(['plan', '--risk', '0.3', ...at]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^risk: 30\.0 %, level high \(≥ 30 %\)\ndecision: caution/);
    expect(text.stdout).toContain('failure probability 30 % → level high (≥ 30 %)');
    expect(JSON.parse((await runCli(['plan', '--risk', '0.3', '--json', ...at])).stdout).band).toBe('high');
    // The same level given explicitly is accepted; another one is refused with the reason.
    expect((await runCli(['plan', '--risk', '0.3', '--level', 'high', ...at])).code).toBe(0);
    const wrong = await runCli(['plan', '--risk', '0.3', '--level', 'critical', ...at]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      '--level critical disagrees with --risk 0.3: that probability is level high (≥ 30 %)',
    );
    expect((await runCli(['plan', '--risk', '0.3', '--level', 'severe'])).code).toBe(2);
  });

  it('refuses a policy file that still sets thresholds, saying where the cuts live', async () => {
    const policy = join(dir, 'policy-thresholds.yaml');
    writeFileSync(policy, 'production:\n  thresholds: { medium: 0.05, high: 0.12, critical: 0.25 }\n');
    const r = await runCli(['plan', '--risk', '0.2', '--policy', policy]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('production.thresholds: `thresholds` is no longer a policy setting');
    expect(r.stderr).toContain('one risk scale (src/risk/scale.ts');
  });
});

describe('deployrisk simulate', () => {
  it('--json prints the issue shape; --risk-dist takes a JSON array; --svg writes a plot', async () => {
    const dist = join(dir, 'scores.json');
    writeFileSync(dist, JSON.stringify(Array.from({ length: 200 }, (_, i) => (i + 0.5) / 400)));
    const svg = join(dir, 'out.svg');
    const r = await runCli([
      'simulate',
      '--seed',
      '3',
      '--deploys',
      '2000',
      '--risk-dist',
      dist,
      '--json',
      '--svg',
      svg,
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report).sort()).toEqual(['bestFixed', 'exposureReduction', 'policies']);
    expect(Object.keys(report.policies[0]).sort()).toEqual([
      'badExposureUserMinutes',
      'byRiskDecile',
      'meanMinutesToFull',
      'meanRollbackWindowMinutes',
      'name',
    ]);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*ours[\s\S]*<\/svg>\n$/);
  });

  it("without --risk-dist reads the shipped model's release scores from any working directory", () => {
    const r = spawnCli(['simulate', '--seed', '1', '--deploys', '500', '--json'], {
      cwd: dir,
      env: { DEPLOYRISK_LOG_LEVEL: 'info' },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /risk distribution: [^/\s]+\/release-scores\.json \(\d+ scores: deploy risk of the last 10 release ranges of 5 public repositories/,
    );
  });
});
