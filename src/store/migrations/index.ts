// Every migration, in order. Add new ones at the end with the next number; never edit a shipped one.
import type { Migration } from 'kysely';
import * as m001 from './001-git-history.ts';
import * as m002 from './002-deployments.ts';
import * as m003 from './003-test-runs.ts';
import * as m004 from './004-labels-and-models.ts';
import * as m005 from './005-szz-fixes.ts';
import * as m006 from './006-ancestry-history.ts';

export const MIGRATIONS: Record<string, Migration> = {
  '001-git-history': m001,
  '002-deployments': m002,
  '003-test-runs': m003,
  '004-labels-and-models': m004,
  '005-szz-fixes': m005,
  '006-ancestry-history': m006,
};
