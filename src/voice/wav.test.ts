import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedModelFile } from '../../tests/support/shared';
import { readWav, writeWav } from './wav';

function tone(length: number, frequency: number, rate: number, amplitude = 0.5): Float32Array {
  return Float32Array.from({ length }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / rate));
}

describe('WAV files', () => {
  it('round-trip 16-bit PCM exactly, byte for byte', () => {
    const original = readFileSync(sharedModelFile('jfk.wav'));
    const decoded = readWav(original);
    expect(decoded.sampleRate).toBe(16_000);
    expect(decoded.channels).toHaveLength(1);
    expect(decoded.channels[0]!.length).toBe(176_000);
    const rewritten = writeWav(decoded);
    expect(readWav(rewritten).channels[0]).toEqual(decoded.channels[0]);
    // jfk.wav carries a LIST chunk; the canonical rewrite holds the same samples after a 44-byte header.
    expect(rewritten.subarray(44)).toEqual(original.subarray(original.indexOf('data') + 8));
  });

  it('round-trip stereo float32 and keep the channels apart', () => {
    const left = tone(4_800, 440, 48_000);
    const right = tone(4_800, 1_000, 48_000, 0.25);
    const decoded = readWav(writeWav({ sampleRate: 48_000, channels: [left, right] }, { encoding: 'float32' }));
    expect(decoded.sampleRate).toBe(48_000);
    expect(decoded.channels[0]).toEqual(left);
    expect(decoded.channels[1]).toEqual(right);
  });

  it('reads 8-, 24- and 32-bit PCM and the extensible header', () => {
    const header = (format: number, bits: number, extra = Buffer.alloc(0)) => {
      const fmt = Buffer.alloc(16);
      fmt.writeUInt16LE(format, 0);
      fmt.writeUInt16LE(1, 2);
      fmt.writeUInt32LE(8_000, 4);
      fmt.writeUInt32LE(8_000 * (bits / 8), 8);
      fmt.writeUInt16LE(bits / 8, 12);
      fmt.writeUInt16LE(bits, 14);
      return Buffer.concat([fmt, extra]);
    };
    const wav = (fmt: Buffer, data: Buffer) => {
      const chunk = (id: string, body: Buffer) => Buffer.concat([Buffer.from(id, 'ascii'), Buffer.from(Uint32Array.of(body.length).buffer), body]);
      const body = Buffer.concat([Buffer.from('WAVE'), chunk('fmt ', fmt), chunk('data', data)]);
      return Buffer.concat([Buffer.from('RIFF'), Buffer.from(Uint32Array.of(body.length).buffer), body]);
    };
    expect(readWav(wav(header(1, 8), Buffer.from([0, 128, 255]))).channels[0]).toEqual(Float32Array.of(-1, 0, 127 / 128));
    const s24 = Buffer.alloc(6);
    s24.writeIntLE(-8_388_608, 0, 3);
    s24.writeIntLE(4_194_304, 3, 3);
    expect(readWav(wav(header(1, 24), s24)).channels[0]).toEqual(Float32Array.of(-1, 0.5));
    const s32 = Buffer.alloc(4);
    s32.writeInt32LE(-1_073_741_824, 0);
    expect(readWav(wav(header(1, 32), s32)).channels[0]).toEqual(Float32Array.of(-0.5));
    const extensible = Buffer.alloc(24);
    extensible.writeUInt16LE(22, 0);
    extensible.writeUInt16LE(1, 8);
    const fmt = header(0xfffe, 16, extensible);
    expect(readWav(wav(fmt, Buffer.from(Int16Array.of(16_384).buffer))).channels[0]).toEqual(Float32Array.of(0.5));
  });

  it('reads a streaming writer\'s placeholder length to the end of the file', () => {
    const bytes = writeWav({ sampleRate: 22_050, channels: [tone(100, 300, 22_050)] });
    bytes.writeUInt32LE(0x7fff_f000, 40);
    expect(readWav(bytes).channels[0]).toHaveLength(100);
  });

  it.each([
    ['a text file', Buffer.from('this is not audio at all, just words'), /not a WAV file/],
    ['an empty file', Buffer.alloc(0), /not a WAV file/],
    ['a header without data', writeWav({ sampleRate: 16_000, channels: [new Float32Array(10)] }).subarray(0, 36), /no audio data/],
    ['a cut-off data chunk', writeWav({ sampleRate: 16_000, channels: [new Float32Array(1_000)] }).subarray(0, 500), /truncated WAV: the data chunk declares 2000 bytes but only 456/],
  ])('refuses %s with one clear line', (_, bytes, message) => {
    expect(() => readWav(bytes)).toThrow(message);
  });

  it('names an unsupported encoding', () => {
    const bytes = writeWav({ sampleRate: 16_000, channels: [new Float32Array(4)] });
    bytes.writeUInt16LE(0x0055, 20);
    expect(() => readWav(bytes)).toThrow(/unsupported WAV encoding \(format 0x0055, 16-bit\)/);
  });
});
