// Reads the --env JSON file into an EnvironmentState. Unlike JUnit reports (one bad report is a
// warning), a bad env file is the user's explicit input, so it stops the command with bad_input.
import { AppError } from '../errors.ts';
import { environmentStateSchema, type EnvironmentState } from '../features/environment.ts';
import { readFailureText, readTextCapped } from './read-capped.ts';

/** Env files are a few hundred bytes; a megabyte is already absurd. */
export const DEFAULT_MAX_ENV_BYTES = 1024 * 1024;

export async function readEnvFile(path: string, opts: { maxBytes?: number } = {}): Promise<EnvironmentState> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_ENV_BYTES;
  const read = await readTextCapped(path, maxBytes);
  if (!read.ok) {
    const why = readFailureText(read, maxBytes);
    throw new AppError(
      read.reason === 'too_big' ? 'payload_too_large' : 'bad_input',
      `env file ${path}: ${why}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch (e) {
    throw new AppError('bad_input', `env file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseEnvironmentState(json, `env file ${path}`);
}

/** zod issues in one line each, so a user sees every bad field at once. */
function parseEnvironmentState(input: unknown, where = 'environment'): EnvironmentState {
  const parsed = environmentStateSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`,
    );
    throw new AppError('bad_input', `${where}: ${issues.join('; ')}`, parsed.error.issues);
  }
  return parsed.data;
}
