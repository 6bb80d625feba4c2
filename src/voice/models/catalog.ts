/**
 * The models TempoPilot can download, pinned by size and SHA-256: a file that does not match both
 * is never used. English-only models: commands are spoken in English, and the .en models are
 * more accurate than the multilingual ones of the same size.
 */
export interface PinnedModel {
  name: string;
  file: string;
  bytes: number;
  sha256: string;
  description: string;
}

export const PINNED_MODELS: readonly PinnedModel[] = [
  {
    name: 'tiny.en',
    file: 'ggml-tiny.en.bin',
    bytes: 77_704_715,
    sha256: '921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f',
    description: 'fastest; the default for push-to-talk',
  },
  {
    name: 'base.en',
    file: 'ggml-base.en.bin',
    bytes: 147_964_211,
    sha256: 'a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002',
    description: 'more accurate, about twice the work per command',
  },
];

/** whisper.cpp's own model repository; any server with the same file names will do. */
export const DEFAULT_MODELS_BASE_URL = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';

export function findPinnedModel(name: string, catalog: readonly PinnedModel[] = PINNED_MODELS): PinnedModel | undefined {
  return catalog.find((model) => model.name === name || model.file === name);
}
