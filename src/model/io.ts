// File IO for tfjs models. Pure @tensorflow/tfjs has no file:// handler (only tfjs-node does), so
// this writes and reads the standard layers-model pair: model.json + one weights.bin shard.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.ts';
import { tf } from './backend.ts';
import { MODEL_FILE, WEIGHTS_FILE, readModelFiles, type ModelJson } from './model-files.ts';

export { MODEL_FILE, WEIGHTS_FILE, readModelFiles, decodeWeights, type ModelJson } from './model-files.ts';

type LayersModel = ReturnType<typeof tf.model>;
type ModelArtifacts = Parameters<Parameters<typeof tf.io.withSaveHandler>[0]>[0];

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

/** Loads the tfjs model itself (for tests and re-training; the scorer uses the forward pass). */
export async function loadTfModel(dir: string): Promise<LayersModel> {
  const { modelJson, weights } = await readModelFiles(dir);
  const weightData = weights.slice().buffer;
  return tf.loadLayersModel({
    load: async () => ({
      modelTopology: modelJson.modelTopology as never,
      weightSpecs: modelJson.weightsManifest[0]!.weights as never,
      weightData,
    }),
  });
}
