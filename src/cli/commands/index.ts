// Every subcommand, in the order `deployrisk --help` lists them. Modules load lazily so that a
// light command (collect, features) never pays for tfjs or the HTTP stack at start-up.
// To add one: append { name, summary, load: async () => (await import('./x.ts')).xCommand }.
import type { Command } from '../command.ts';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

export const COMMANDS: CommandEntry[] = [
  {
    name: 'collect',
    summary: "Mine a repository's history (HEAD) into the store, incrementally",
    load: async () => (await import('./collect.ts')).collectCommand,
  },
  {
    name: 'features',
    summary: 'Print the feature vector of a deploy range (git, JUnit, environment)',
    load: async () => (await import('./features.ts')).featuresCommand,
  },
  {
    name: 'train',
    summary: 'Train, evaluate and save a failure model from labelled data',
    load: async () => (await import('./train.ts')).trainCommand,
  },
  {
    name: 'evaluate',
    summary: 'Score a labelled CSV with an existing model: AUC, PR-AUC, ECE, Brier, failures captured',
    load: async () => (await import('./evaluate.ts')).evaluateCommand,
  },
  {
    name: 'plan',
    summary: 'Print the rollout plan for a failure probability (pace, windows, error budget)',
    load: async () => (await import('./plan.ts')).planCommand,
  },
  {
    name: 'simulate',
    summary: 'Monte Carlo: risk-paced rollouts vs Argo, Flagger, all-at-once and blue-green',
    load: async () => (await import('./simulate.ts')).simulateCommand,
  },
  {
    name: 'serve',
    summary: 'Serve the scoring API (POST /v1/score, gates, outcomes, summaries, /docs)',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    name: 'score',
    summary: 'Score a deploy and gate it: exit 0 proceed, 1 blocked (locally or against a server)',
    load: async () => (await import('./score.ts')).scoreCommand,
  },
  {
    name: 'migrate',
    summary: 'Apply pending store migrations (run before a rollout when replicas skip auto-migration)',
    load: async () => (await import('./migrate.ts')).migrateCommand,
  },
  {
    name: 'label',
    summary: 'Label history and deploys: reverts, SZZ from fix commits, recorded outcomes',
    load: async () => (await import('./label.ts')).labelCommand,
  },
  {
    name: 'outcome',
    summary: 'Record the outcome of a scored deploy (succeeded, failed, rolled_back)',
    load: async () => (await import('./outcome.ts')).outcomeCommand,
  },
  {
    name: 'dataset',
    summary: "Export the store's labelled rows (commits, deploys) as a CSV that train --data reads",
    load: async () => (await import('./dataset.ts')).datasetCommand,
  },
  {
    name: 'models',
    summary: 'Model registry: list, show, activate, compare two models, drift and live calibration',
    load: async () => (await import('./models.ts')).modelsCommand,
  },
  {
    name: 'learn',
    summary: 'History to model in one command: collect → label → train → report on a local repository',
    load: async () => (await import('./learn.ts')).learnCommand,
  },
];
