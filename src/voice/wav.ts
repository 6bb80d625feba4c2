import { VoiceError } from './errors';

/** Decoded audio: one Float32Array per channel, samples in [-1, 1]. */
export interface DecodedAudio {
  sampleRate: number;
  channels: Float32Array[];
}

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Streaming writers (espeak-ng --stdout, ffmpeg to a pipe) cannot know the length up front and
 * write a placeholder near 2^31 or 2^32; a data chunk that declares at least this much and runs
 * to the end of the file is read to the end rather than called truncated.
 */
const STREAMING_PLACEHOLDER = 0x7fff_0000;

interface Format {
  encoding: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
}

function badAudio(message: string): VoiceError {
  return new VoiceError('bad-audio', message);
}

function readFormat(bytes: Buffer, offset: number, size: number): Format {
  if (size < 16) throw badAudio('the WAV format chunk is too short');
  let encoding = bytes.readUInt16LE(offset);
  const channels = bytes.readUInt16LE(offset + 2);
  const sampleRate = bytes.readUInt32LE(offset + 4);
  const blockAlign = bytes.readUInt16LE(offset + 12);
  const bitsPerSample = bytes.readUInt16LE(offset + 14);
  if (encoding === FORMAT_EXTENSIBLE) {
    if (size < 40) throw badAudio('the WAV extensible format chunk is too short');
    // The sub-format GUID starts with the plain format code.
    encoding = bytes.readUInt16LE(offset + 24);
  }
  if (channels === 0 || sampleRate === 0) throw badAudio('the WAV header declares no channels or a zero sample rate');
  const supported =
    (encoding === FORMAT_PCM && [8, 16, 24, 32].includes(bitsPerSample)) || (encoding === FORMAT_FLOAT && [32, 64].includes(bitsPerSample));
  if (!supported) {
    throw badAudio(`unsupported WAV encoding (format 0x${encoding.toString(16).padStart(4, '0')}, ${bitsPerSample}-bit); use PCM or float`);
  }
  if (blockAlign !== channels * (bitsPerSample / 8)) throw badAudio('the WAV header is inconsistent (block size does not match channels and bit depth)');
  return { encoding, channels, sampleRate, bitsPerSample, blockAlign };
}

function sampleReader(format: Format): (bytes: Buffer, offset: number) => number {
  if (format.encoding === FORMAT_FLOAT) {
    return format.bitsPerSample === 32 ? (b, o) => b.readFloatLE(o) : (b, o) => b.readDoubleLE(o);
  }
  switch (format.bitsPerSample) {
    case 8:
      return (b, o) => (b.readUInt8(o) - 128) / 128;
    case 16:
      return (b, o) => b.readInt16LE(o) / 32_768;
    case 24:
      return (b, o) => b.readIntLE(o, 3) / 8_388_608;
    default:
      return (b, o) => b.readInt32LE(o) / 2_147_483_648;
  }
}

/** Reads a RIFF/WAVE file: PCM 8/16/24/32-bit or float 32/64-bit, any channel count and rate. */
export function readWav(bytes: Buffer): DecodedAudio {
  if (bytes.length < 12 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') {
    throw badAudio('not a WAV file (no RIFF/WAVE header)');
  }
  let format: Format | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const declared = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (body + declared > bytes.length) throw badAudio('truncated WAV: the format chunk is cut off');
      format = readFormat(bytes, body, declared);
    } else if (id === 'data') {
      if (!format) throw badAudio('the WAV data comes before its format chunk');
      const available = bytes.length - body;
      if (declared > available && declared < STREAMING_PLACEHOLDER) {
        throw badAudio(`truncated WAV: the data chunk declares ${declared} bytes but only ${available} are present`);
      }
      return decodeSamples(bytes.subarray(body, body + Math.min(declared, available)), format);
    }
    offset = body + declared + (declared % 2);
  }
  throw badAudio(format ? 'truncated WAV: no audio data found' : 'truncated WAV: no format chunk found');
}

function decodeSamples(data: Buffer, format: Format): DecodedAudio {
  const frames = Math.floor(data.length / format.blockAlign);
  const read = sampleReader(format);
  const width = format.bitsPerSample / 8;
  const channels = Array.from({ length: format.channels }, () => new Float32Array(frames));
  for (let frame = 0; frame < frames; frame += 1) {
    const base = frame * format.blockAlign;
    for (let c = 0; c < format.channels; c += 1) channels[c]![frame] = read(data, base + c * width);
  }
  return { sampleRate: format.sampleRate, channels };
}

/** The inverse of reading a 16-bit sample as value / 32768, clamped to the 16-bit range. */
export function toInt16(value: number): number {
  return Math.max(-32_768, Math.min(32_767, Math.round(value * 32_768)));
}

export interface WavOptions {
  /** 16-bit PCM (the default, what every player and the cloud accept) or 32-bit float. */
  encoding?: 'pcm16' | 'float32';
}

/** Writes interleaved channels as a canonical 44-byte-header WAV file. */
export function writeWav(audio: DecodedAudio, options: WavOptions = {}): Buffer {
  const float = options.encoding === 'float32';
  const width = float ? 4 : 2;
  const channelCount = audio.channels.length;
  const frames = audio.channels[0]?.length ?? 0;
  const dataSize = frames * channelCount * width;
  const out = Buffer.alloc(44 + dataSize);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataSize, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(float ? FORMAT_FLOAT : FORMAT_PCM, 20);
  out.writeUInt16LE(channelCount, 22);
  out.writeUInt32LE(audio.sampleRate, 24);
  out.writeUInt32LE(audio.sampleRate * channelCount * width, 28);
  out.writeUInt16LE(channelCount * width, 32);
  out.writeUInt16LE(width * 8, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataSize, 40);
  let offset = 44;
  for (let frame = 0; frame < frames; frame += 1) {
    for (const channel of audio.channels) {
      const value = channel[frame] ?? 0;
      if (float) out.writeFloatLE(value, offset);
      else out.writeInt16LE(toInt16(value), offset);
      offset += width;
    }
  }
  return out;
}
