// Every subcommand, in the order `deployrisk --help` lists them.
import type { Command } from '../command.ts';
import { collectCommand } from './collect.ts';
import { featuresCommand } from './features.ts';
import { trainCommand } from './train.ts';

export const COMMANDS: Command[] = [
  collectCommand,
  featuresCommand,
  trainCommand,
];
