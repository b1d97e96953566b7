// The one place that chooses a TensorFlow.js backend. tfjs-node is an optional native addon that
// often fails to build; a half-installed one throws at import, so it is probed inside try/catch.
// Everything else under src/model gets `tf` from here, never by importing tfjs itself.
import * as tfjs from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Logger } from '../log.ts';

export const tf = tfjs;
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

let chosen: Promise<BackendName> | null = null;

async function tryTfjsNode(): Promise<boolean> {
  try {
    // The specifier is a variable so bundlers and tsc do not require the optional package.
    const name = '@tensorflow/tfjs-node';
    await import(name);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // In Node the .wasm binaries are read from disk: setWasmPaths wants the dist/ directory as a
    // plain path ending in a slash, not a file:// URL.
    const require = createRequire(import.meta.url);
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    wasm.setWasmPaths(join(dist, '/'));
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

/** Picks tfjs-node, else wasm, else cpu; idempotent. */
export function initBackend(log?: Logger): Promise<BackendName> {
  if (chosen) return chosen;
  chosen = (async () => {
    let name: BackendName = 'cpu';
    if (await tryTfjsNode()) {
      name = 'tensorflow';
    } else if (await tryWasm()) {
      name = 'wasm';
    } else {
      await tf.setBackend('cpu');
    }
    await tf.ready();
    log?.info(`tfjs backend: ${name}`);
    return name;
  })();
  return chosen;
}

/** Live tensors of the process (the bench checks that scoring leaks none). */
export const tensorCount = (): number => tfjs.memory().numTensors;
