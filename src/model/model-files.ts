// Reading the tfjs layers-model files without tfjs: the scorer decodes weights straight into
// Float32Arrays, so serving never loads TensorFlow.js.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.ts';

/** The weight entry of a tfjs weights manifest. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

export interface ModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

export async function readModelFiles(
  dir: string,
): Promise<{ modelJson: ModelJson; text: string; weights: Uint8Array }> {
  let text: string;
  let weights: Buffer;
  try {
    text = await readFile(join(dir, MODEL_FILE), 'utf8');
    weights = await readFile(join(dir, WEIGHTS_FILE));
  } catch (e) {
    throw new AppError('bad_input', `model files missing in ${dir}: ${(e as Error).message}`);
  }
  let modelJson: ModelJson;
  try {
    modelJson = JSON.parse(text) as ModelJson;
  } catch {
    throw new AppError('bad_input', `${join(dir, MODEL_FILE)} is not valid JSON`);
  }
  if (modelJson.format !== 'layers-model' || !Array.isArray(modelJson.weightsManifest?.[0]?.weights)) {
    throw new AppError('bad_input', `${join(dir, MODEL_FILE)} is not a tfjs layers model`);
  }
  return { modelJson, text, weights: new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength) };
}

/** Weight tensors by name ("m0_hidden/kernel" …) as Float32Arrays, checked against the manifest. */
export function decodeWeights(
  modelJson: ModelJson,
  weights: Uint8Array,
): Map<string, { shape: number[]; data: Float32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  let off = 0;
  for (const spec of modelJson.weightsManifest[0]!.weights) {
    if (spec.dtype !== 'float32')
      throw new AppError('bad_input', `weight ${spec.name}: unsupported dtype ${spec.dtype}`);
    const count = spec.shape.reduce((a, b) => a * b, 1);
    if (off + count * 4 > weights.byteLength)
      throw new AppError('bad_input', `weights.bin is truncated at ${spec.name}`);
    const data = new Float32Array(weights.slice(off, off + count * 4).buffer);
    out.set(spec.name, { shape: spec.shape, data });
    off += count * 4;
  }
  if (off !== weights.byteLength)
    throw new AppError('bad_input', `weights.bin has ${weights.byteLength - off} unexpected trailing bytes`);
  return out;
}
