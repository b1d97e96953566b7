#!/usr/bin/env node
// Entry point for `npx deployrisk` and `npm start`: registers tsx so the TypeScript sources run
// as they are (no build step between `npm install` and a working CLI).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
