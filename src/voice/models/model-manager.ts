import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { VoiceError } from '../errors';
import { DEFAULT_MODELS_BASE_URL, findPinnedModel, PINNED_MODELS, type PinnedModel } from './catalog';
import { downloadVerified, partialPath, sha256Of, type DownloadProgress } from './download';
import { inspectWhisperModel, type WhisperModelInfo } from './ggml-file';
import type { ActiveModel, ModelState, ModelStatus, VerifyResult } from './model-types';
import { readVoiceSettings, writeVoiceSettings } from './voice-settings';

/** The environment variable that names a model file directly, ahead of any setting. */
export const MODEL_PATH_VARIABLE = 'TEMPO_WHISPER_MODEL';
export const MODELS_BASE_URL_VARIABLE = 'TEMPO_MODELS_BASE_URL';

export interface ModelManagerOptions {
  dataDir: string;
  baseUrl?: string;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** The pinned models; tests pin files of their own. */
  catalog?: readonly PinnedModel[];
}

function fileSize(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

/**
 * The user's models folder (`<data dir>/models`): what is installed, downloading a pinned model,
 * verifying what is there, and which model the local engine uses.
 */
export class ModelManager {
  readonly modelsDir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly catalog: readonly PinnedModel[];

  constructor(private readonly options: ModelManagerOptions) {
    this.modelsDir = path.join(options.dataDir, 'models');
    this.env = options.env ?? process.env;
    this.catalog = options.catalog ?? PINNED_MODELS;
  }

  get baseUrl(): string {
    return (this.options.baseUrl ?? this.env[MODELS_BASE_URL_VARIABLE] ?? DEFAULT_MODELS_BASE_URL).replace(/\/+$/, '');
  }

  pathOf(model: PinnedModel): string {
    return path.join(this.modelsDir, model.file);
  }

  list(): ModelStatus[] {
    const active = this.active();
    return this.catalog.map((model) => {
      const file = this.pathOf(model);
      const size = fileSize(file);
      const partial = fileSize(partialPath(file));
      const state: ModelState = size === undefined ? (partial ? 'partial' : 'missing') : size === model.bytes ? 'installed' : 'wrong-size';
      return {
        name: model.name,
        file: model.file,
        path: file,
        bytes: model.bytes,
        description: model.description,
        state,
        ...(partial !== undefined && { partialBytes: partial }),
        active: active?.path === file,
      };
    });
  }

  async download(name: string, options: { onProgress?: (progress: DownloadProgress) => void; signal?: AbortSignal } = {}): Promise<ModelStatus> {
    const model = this.pinned(name);
    mkdirSync(this.modelsDir, { recursive: true });
    const destination = this.pathOf(model);
    if (fileSize(destination) !== model.bytes) {
      await downloadVerified({
        url: `${this.baseUrl}/${model.file}`,
        destination,
        bytes: model.bytes,
        sha256: model.sha256,
        ...options,
        ...(this.options.fetch && { fetch: this.options.fetch }),
      });
    }
    return this.list().find((status) => status.name === model.name)!;
  }

  /** Hashes every installed pinned model and walks the structure of a model chosen by path. */
  async verify(): Promise<VerifyResult[]> {
    const results: VerifyResult[] = [];
    for (const status of this.list()) {
      const model = this.pinned(status.name);
      if (status.state === 'missing') continue;
      if (status.state === 'partial') {
        results.push({ name: model.name, path: status.path, ok: false, detail: `incomplete download (${status.partialBytes} of ${model.bytes} bytes): run \`tempopilot models download ${model.name}\` to continue` });
        continue;
      }
      if (status.state === 'wrong-size') {
        results.push({ name: model.name, path: status.path, ok: false, detail: `wrong size (${fileSize(status.path)} bytes, pinned ${model.bytes}): download it again` });
        continue;
      }
      const digest = await sha256Of(status.path);
      results.push(
        digest === model.sha256
          ? { name: model.name, path: status.path, ok: true, detail: 'size and SHA-256 match the pinned values' }
          : { name: model.name, path: status.path, ok: false, detail: `SHA-256 does not match (got ${digest.slice(0, 12)}…): download it again` },
      );
    }
    const active = this.active();
    if (active && !active.name) results.push(this.verifyByStructure(active.path));
    return results;
  }

  /** Chooses the local model: a pinned name that is installed, or the path of a model file. */
  use(nameOrPath: string): ActiveModel {
    const model = findPinnedModel(nameOrPath, this.catalog);
    if (model) {
      const status = this.list().find((s) => s.name === model.name)!;
      if (status.state !== 'installed') {
        throw new VoiceError('no-model', `${model.name} is not downloaded yet: run \`tempopilot models download ${model.name}\` first`);
      }
      writeVoiceSettings(this.options.dataDir, { ...readVoiceSettings(this.options.dataDir), model: model.name });
      return { path: status.path, source: 'settings', name: model.name };
    }
    const file = path.resolve(nameOrPath);
    if (!existsSync(file)) {
      const names = this.catalog.map((m) => m.name).join(', ');
      throw new VoiceError('no-model', `"${nameOrPath}" is neither a model name (${names}) nor an existing file`);
    }
    inspectWhisperModel(file);
    writeVoiceSettings(this.options.dataDir, { ...readVoiceSettings(this.options.dataDir), model: file });
    return { path: file, source: 'settings' };
  }

  /** A pinned name or a path, for one run, without changing the setting. */
  resolve(nameOrPath: string): ActiveModel {
    const model = findPinnedModel(nameOrPath, this.catalog);
    return model ? { path: this.pathOf(model), source: 'option', name: model.name } : { path: path.resolve(nameOrPath), source: 'option' };
  }

  /** The model the local engine should load, if any: environment, then setting, then installed. */
  active(): ActiveModel | undefined {
    const fromEnv = this.env[MODEL_PATH_VARIABLE];
    if (fromEnv) return { path: path.resolve(fromEnv), source: 'environment', ...this.nameFor(path.resolve(fromEnv)) };
    const chosen = readVoiceSettings(this.options.dataDir).model;
    if (chosen) {
      const model = findPinnedModel(chosen, this.catalog);
      return model ? { path: this.pathOf(model), source: 'settings', name: model.name } : { path: chosen, source: 'settings' };
    }
    const installed = this.catalog.find((model) => fileSize(this.pathOf(model)) === model.bytes);
    return installed ? { path: this.pathOf(installed), source: 'installed', name: installed.name } : undefined;
  }

  private nameFor(file: string): { name?: string } {
    const model = this.catalog.find((m) => this.pathOf(m) === file);
    return model ? { name: model.name } : {};
  }

  private verifyByStructure(file: string): VerifyResult {
    try {
      const info: WhisperModelInfo = inspectWhisperModel(file);
      const weights = info.hasWeights ? `${info.tensors} tensors` : 'no weights (a test model: it decodes to nothing)';
      return { name: path.basename(file), path: file, ok: true, detail: `a whisper ${info.type}${info.englishOnly ? '.en' : ''} model, structure intact, ${weights}` };
    } catch (error) {
      return { name: path.basename(file), path: file, ok: false, detail: (error as Error).message };
    }
  }

  private pinned(name: string): PinnedModel {
    const model = findPinnedModel(name, this.catalog);
    if (!model) throw new VoiceError('no-model', `unknown model "${name}"; the pinned models are ${this.catalog.map((m) => m.name).join(', ')}`);
    return model;
  }
}
