import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * A stand-in for a real whisper.cpp model: the header, mel filters and vocabulary of one of
 * whisper.cpp's test models, followed by every tensor the loader expects, with the shapes it
 * expects, filled with small random weights. No real weights can be downloaded here; a file
 * like this loads, runs the full encoder and decoder (so its timing is the real compute of a
 * model of that size) and transcribes nothing meaningful.
 */
export interface SyntheticModelOptions {
  /** A whisper.cpp test model (header and vocabulary, no tensors) to start from. */
  headerFrom: string;
  /** Smaller widths make a small file for structure tests; the layer counts keep the model type. */
  state?: number;
  audioContext?: number;
  textContext?: number;
  seed?: number;
}

const F32 = 0;
const F16 = 1;

interface TensorSpec {
  name: string;
  type: number;
  shape: number[];
}

function tensorSpecs(h: { vocab: number; audioCtx: number; state: number; audioLayers: number; textCtx: number; textLayers: number; mels: number }): TensorSpec[] {
  const specs: TensorSpec[] = [];
  const add = (name: string, type: number, ...shape: number[]) => specs.push({ name, type, shape });
  const s = h.state;
  const block = (p: string) => {
    add(`${p}.mlp_ln.weight`, F32, s);
    add(`${p}.mlp_ln.bias`, F32, s);
    add(`${p}.mlp.0.weight`, F16, s, 4 * s);
    add(`${p}.mlp.0.bias`, F32, 4 * s);
    add(`${p}.mlp.2.weight`, F16, 4 * s, s);
    add(`${p}.mlp.2.bias`, F32, s);
    add(`${p}.attn_ln.weight`, F32, s);
    add(`${p}.attn_ln.bias`, F32, s);
    attention(`${p}.attn`);
  };
  const attention = (p: string) => {
    add(`${p}.query.weight`, F16, s, s);
    add(`${p}.query.bias`, F32, s);
    add(`${p}.key.weight`, F16, s, s);
    add(`${p}.value.weight`, F16, s, s);
    add(`${p}.value.bias`, F32, s);
    add(`${p}.out.weight`, F16, s, s);
    add(`${p}.out.bias`, F32, s);
  };
  add('encoder.positional_embedding', F32, s, h.audioCtx);
  add('encoder.conv1.weight', F16, 3, h.mels, s);
  add('encoder.conv1.bias', F32, 1, s);
  add('encoder.conv2.weight', F16, 3, s, s);
  add('encoder.conv2.bias', F32, 1, s);
  add('encoder.ln_post.weight', F32, s);
  add('encoder.ln_post.bias', F32, s);
  for (let i = 0; i < h.audioLayers; i += 1) block(`encoder.blocks.${i}`);
  add('decoder.positional_embedding', F32, s, h.textCtx);
  add('decoder.token_embedding.weight', F16, s, h.vocab);
  add('decoder.ln.weight', F32, s);
  add('decoder.ln.bias', F32, s);
  for (let i = 0; i < h.textLayers; i += 1) {
    block(`decoder.blocks.${i}`);
    add(`decoder.blocks.${i}.cross_attn_ln.weight`, F32, s);
    add(`decoder.blocks.${i}.cross_attn_ln.bias`, F32, s);
    attention(`decoder.blocks.${i}.cross_attn`);
  }
  return specs;
}

/** Writes the model and returns the byte offsets where each tensor's data starts (for damaging it on purpose). */
export function writeSyntheticWhisperModel(file: string, options: SyntheticModelOptions): { tensors: number; dataOffsets: number[] } {
  const header = Buffer.from(readFileSync(options.headerFrom));
  const read = (index: number) => header.readInt32LE(4 + 4 * index);
  if (options.state !== undefined) {
    header.writeInt32LE(options.state, 4 + 4 * 2);
    header.writeInt32LE(options.state, 4 + 4 * 6);
  }
  if (options.audioContext !== undefined) header.writeInt32LE(options.audioContext, 4 + 4 * 1);
  if (options.textContext !== undefined) header.writeInt32LE(options.textContext, 4 + 4 * 5);
  const specs = tensorSpecs({ vocab: read(0), audioCtx: read(1), state: read(2), audioLayers: read(4), textCtx: read(5), textLayers: read(8), mels: read(9) });

  let seed = options.seed ?? 1;
  const random = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed;
  };
  const fd = openSync(file, 'w');
  let offset = 0;
  const put = (bytes: Uint8Array) => {
    writeSync(fd, bytes);
    offset += bytes.length;
  };
  const dataOffsets: number[] = [];
  try {
    put(header);
    for (const spec of specs) {
      const elements = spec.shape.reduce((a, b) => a * b, 1);
      const name = Buffer.from(spec.name);
      const head = Buffer.alloc(12 + 4 * spec.shape.length);
      head.writeInt32LE(spec.shape.length, 0);
      head.writeInt32LE(name.length, 4);
      head.writeInt32LE(spec.type, 8);
      spec.shape.forEach((size, i) => head.writeInt32LE(size, 12 + 4 * i));
      put(head);
      put(name);
      dataOffsets.push(offset);
      if (spec.type === F32) {
        const isNormWeight = spec.shape.length === 1 && /ln(_post)?\.weight$|_ln\.weight$/.test(spec.name);
        put(new Uint8Array(Float32Array.from({ length: elements }, () => (isNormWeight ? 1 : (random() / 2 ** 32 - 0.5) * 0.04)).buffer));
      } else {
        // Half floats of magnitude 2^-8 to 2^-5 with random sign and mantissa: small enough that nothing overflows.
        put(new Uint8Array(Uint16Array.from({ length: elements }, () => {
          const r = random();
          return ((r & 1) << 15) | ((7 + ((r >>> 1) % 4)) << 10) | ((r >>> 4) & 0x3ff);
        }).buffer));
      }
    }
  } finally {
    closeSync(fd);
  }
  return { tensors: specs.length, dataOffsets };
}
