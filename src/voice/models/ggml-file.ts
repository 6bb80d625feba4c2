import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { VoiceError } from '../errors';

/**
 * Walks a whisper.cpp model file (the legacy ggml format) the way whisper.cpp's loader reads it,
 * without loading the weights. The binding crashes the whole process on a file that fails to
 * load (smart-whisper 0.8.1 prints timings of a null context), so nothing reaches it that this
 * walk has not accepted: bad magic, a header cut short, a tensor cut off, a tensor the loader does
 * not know, or a weight set that is neither complete nor empty.
 */
const GGML_MAGIC = 0x67676d6c;
const QUANTIZATION_FACTOR = 1000;

/** Bytes per block and elements per block of the ggml tensor types a whisper model may hold. */
const TYPE_LAYOUT: Record<number, { bytes: number; elements: number }> = {
  0: { bytes: 4, elements: 1 }, // f32
  1: { bytes: 2, elements: 1 }, // f16
  2: { bytes: 18, elements: 32 }, // q4_0
  3: { bytes: 20, elements: 32 }, // q4_1
  6: { bytes: 22, elements: 32 }, // q5_0
  7: { bytes: 24, elements: 32 }, // q5_1
  8: { bytes: 34, elements: 32 }, // q8_0
  10: { bytes: 84, elements: 256 }, // q2_k
  11: { bytes: 110, elements: 256 }, // q3_k
  12: { bytes: 144, elements: 256 }, // q4_k
  13: { bytes: 176, elements: 256 }, // q5_k
  14: { bytes: 210, elements: 256 }, // q6_k
};

const MODEL_TYPES: Record<number, string> = { 4: 'tiny', 6: 'base', 12: 'small', 24: 'medium', 32: 'large' };

export interface WhisperModelInfo {
  /** tiny, base, small, medium, large (by encoder depth). */
  type: string;
  /** The English-only models have the 51864-token vocabulary. */
  englishOnly: boolean;
  tensors: number;
  /** False for whisper.cpp's test models: real header and vocabulary, no weights; they decode to nothing. */
  hasWeights: boolean;
  bytes: number;
}

/** Every tensor name whisper.cpp's loader looks up, for a model of these depths. */
export function expectedTensorNames(audioLayers: number, textLayers: number): string[] {
  const names = ['encoder.positional_embedding', 'encoder.conv1.weight', 'encoder.conv1.bias', 'encoder.conv2.weight', 'encoder.conv2.bias', 'encoder.ln_post.weight', 'encoder.ln_post.bias'];
  const attention = (prefix: string) => [`${prefix}.query.weight`, `${prefix}.query.bias`, `${prefix}.key.weight`, `${prefix}.value.weight`, `${prefix}.value.bias`, `${prefix}.out.weight`, `${prefix}.out.bias`];
  const block = (prefix: string) => [
    `${prefix}.mlp_ln.weight`, `${prefix}.mlp_ln.bias`, `${prefix}.mlp.0.weight`, `${prefix}.mlp.0.bias`, `${prefix}.mlp.2.weight`, `${prefix}.mlp.2.bias`,
    `${prefix}.attn_ln.weight`, `${prefix}.attn_ln.bias`, ...attention(`${prefix}.attn`),
  ];
  for (let i = 0; i < audioLayers; i += 1) names.push(...block(`encoder.blocks.${i}`));
  names.push('decoder.positional_embedding', 'decoder.token_embedding.weight', 'decoder.ln.weight', 'decoder.ln.bias');
  for (let i = 0; i < textLayers; i += 1) {
    names.push(...block(`decoder.blocks.${i}`), `decoder.blocks.${i}.cross_attn_ln.weight`, `decoder.blocks.${i}.cross_attn_ln.bias`, ...attention(`decoder.blocks.${i}.cross_attn`));
  }
  return names;
}

/** Sequential reads over a file descriptor, in chunks, with a position that can skip ahead. */
class FileCursor {
  private buffer = Buffer.alloc(1 << 16);
  private bufferStart = 0;
  private bufferEnd = 0;
  position = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly fail: (what: string) => never,
  ) {}

  bytes(count: number, what: string): Buffer {
    if (count < 0 || this.position + count > this.size) this.fail(what);
    if (this.position < this.bufferStart || this.position + count > this.bufferEnd) {
      if (count > this.buffer.length) this.buffer = Buffer.alloc(count);
      this.bufferStart = this.position;
      this.bufferEnd = this.position + readSync(this.fd, this.buffer, 0, this.buffer.length, this.position);
    }
    const from = this.position - this.bufferStart;
    this.position += count;
    return this.buffer.subarray(from, from + count);
  }

  int32(what: string): number {
    return this.bytes(4, what).readInt32LE(0);
  }

  skip(count: number, what: string): void {
    if (count < 0 || this.position + count > this.size) this.fail(what);
    this.position += count;
  }
}

export function inspectWhisperModel(file: string): WhisperModelInfo {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new VoiceError(code === 'ENOENT' ? 'no-model' : 'bad-model', code === 'ENOENT' ? `no model file at ${file}` : `cannot read the model file ${file} (${code})`);
  }
  try {
    const size = fstatSync(fd).size;
    const cursor = new FileCursor(fd, size, (what) => {
      throw new VoiceError('bad-model', `the model file ${file} is truncated or damaged (it ends inside ${what}); download it again`);
    });
    if (size < 4 || cursor.bytes(4, 'the header').readUInt32LE(0) !== GGML_MAGIC) {
      throw new VoiceError('bad-model', `${file} is not a whisper.cpp model (no ggml header)`);
    }
    const header = Array.from({ length: 11 }, () => cursor.int32('the header'));
    const [nVocab = 0, , audioState, , audioLayers = 0, , textState, , textLayers = 0, , ftype = 0] = header;
    const type = MODEL_TYPES[audioLayers];
    if (!type || audioState !== textState || !(ftype % QUANTIZATION_FACTOR in TYPE_LAYOUT)) {
      throw new VoiceError('bad-model', `${file} is not a whisper model this version can load (unexpected header values)`);
    }
    const melBins = cursor.int32('the mel filters');
    const fftBins = cursor.int32('the mel filters');
    cursor.skip(melBins * fftBins * 4, 'the mel filters');
    const vocabulary = cursor.int32('the vocabulary');
    for (let i = 0; i < vocabulary; i += 1) cursor.skip(cursor.int32('the vocabulary'), 'the vocabulary');

    const expected = new Set(expectedTensorNames(audioLayers, textLayers));
    let tensors = 0;
    while (cursor.position < size) {
      const dims = cursor.int32('a tensor header');
      const nameLength = cursor.int32('a tensor header');
      const layout = TYPE_LAYOUT[cursor.int32('a tensor header')];
      if (dims < 1 || dims > 4 || nameLength < 1 || nameLength > 256 || !layout) {
        throw new VoiceError('bad-model', `the model file ${file} is damaged (a tensor header makes no sense); download it again`);
      }
      let elements = 1;
      for (let d = 0; d < dims; d += 1) elements *= cursor.int32('a tensor header');
      const name = cursor.bytes(nameLength, 'a tensor name').toString('utf8');
      if (!expected.delete(name)) throw new VoiceError('bad-model', `the model file ${file} holds a tensor whisper.cpp does not expect ("${name}")`);
      cursor.skip(Math.ceil(elements / layout.elements) * layout.bytes, `the tensor "${name}"`);
      tensors += 1;
    }
    if (tensors > 0 && expected.size > 0) {
      throw new VoiceError('bad-model', `the model file ${file} is incomplete (${expected.size} of its tensors are missing); download it again`);
    }
    return { type, englishOnly: nVocab === 51_864, tensors, hasWeights: tensors > 0, bytes: size };
  } finally {
    closeSync(fd);
  }
}
