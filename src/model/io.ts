// File IO for tfjs models. Pure @tensorflow/tfjs has no file:// handler (only tfjs-node does), so
// this writes and reads the standard layers-model pair: model.json + one weights.bin shard.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.ts';
import { tf } from './backend.ts';

type LayersModel = ReturnType<typeof tf.model>;
type ModelArtifacts = Parameters<Parameters<typeof tf.io.withSaveHandler>[0]>[0];
type WeightSpec = NonNullable<ModelArtifacts['weightSpecs']>[number];

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

export interface ModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

function concatWeightData(data: ModelArtifacts['weightData']): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), off);
    off += p.byteLength;
  }
  return out;
}

export async function saveModelFiles(
  model: LayersModel,
  dir: string,
): Promise<{ modelJson: ModelJson; weights: Uint8Array }> {
  await mkdir(dir, { recursive: true });
  let saved: { modelJson: ModelJson; weights: Uint8Array } | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = concatWeightData(artifacts.weightData);
      const modelJson: ModelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFile(join(dir, MODEL_FILE), JSON.stringify(modelJson));
      await writeFile(join(dir, WEIGHTS_FILE), weights);
      saved = { modelJson, weights };
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: weights.byteLength,
        },
      };
    }),
  );
  if (!saved) throw new AppError('internal', 'tfjs did not call the save handler');
  return saved;
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

/** Loads the tfjs model itself (for tests and re-training; the scorer uses the forward pass). */
export async function loadTfModel(dir: string): Promise<LayersModel> {
  const { modelJson, weights } = await readModelFiles(dir);
  const weightData = weights.slice().buffer;
  return tf.loadLayersModel({
    load: async () => ({
      modelTopology: modelJson.modelTopology as never,
      weightSpecs: modelJson.weightsManifest[0]!.weights,
      weightData,
    }),
  });
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
