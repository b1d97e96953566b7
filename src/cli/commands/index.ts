// Every subcommand, in the order `deployrisk --help` lists them.
import type { Command } from '../command.ts';

export const COMMANDS: Command[] = [];
