import { copyFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedModelFile } from '../../../tests/support/shared';
import { useTempDirs } from '../../../tests/support/temp';
import { writeSyntheticWhisperModel } from '../../../tests/doubles/synthetic-whisper-model';
import { expectedTensorNames, inspectWhisperModel } from './ggml-file';

const tempDir = useTempDirs();
const testModel = sharedModelFile('for-tests-ggml-tiny.en.bin');

/** A tiny-typed model with narrow layers: every tensor present, about 0.6 MB. */
function smallModel(): { file: string; dataOffsets: number[] } {
  const file = path.join(tempDir(), 'small.bin');
  const { dataOffsets } = writeSyntheticWhisperModel(file, { headerFrom: testModel, state: 8, audioContext: 16, textContext: 8 });
  return { file, dataOffsets };
}

describe('checking a whisper.cpp model file before the binding sees it', () => {
  it('accepts whisper.cpp\'s test models and says they have no weights', () => {
    expect(inspectWhisperModel(testModel)).toEqual({ type: 'tiny', englishOnly: true, tensors: 0, hasWeights: false, bytes: 586_836 });
    expect(inspectWhisperModel(sharedModelFile('for-tests-ggml-base.en.bin'))).toMatchObject({ type: 'base', hasWeights: false });
  });

  it('accepts a complete model and counts the tensors whisper.cpp expects (167 for tiny)', () => {
    expect(expectedTensorNames(4, 4)).toHaveLength(167);
    const { file } = smallModel();
    expect(inspectWhisperModel(file)).toMatchObject({ type: 'tiny', tensors: 167, hasWeights: true });
  });

  it('refuses a model cut inside a tensor, or with a tensor missing', () => {
    const { file, dataOffsets } = smallModel();
    const cut = path.join(tempDir(), 'cut.bin');
    copyFileSync(file, cut);
    truncateSync(cut, dataOffsets[100]! + 3);
    expect(() => inspectWhisperModel(cut)).toThrow(/truncated or damaged \(it ends inside the tensor "decoder\./);
    // Cut exactly at a tensor boundary: the structure parses, but tensors are missing.
    const boundary = path.join(tempDir(), 'boundary.bin');
    copyFileSync(file, boundary);
    const bytes = readFileSync(file);
    const lastHeaderStart = bytes.lastIndexOf(Buffer.from('decoder.blocks.3.cross_attn.out.bias')) - 16;
    truncateSync(boundary, lastHeaderStart);
    expect(() => inspectWhisperModel(boundary)).toThrow(/incomplete \(1 of its tensors are missing\)/);
  });

  it('refuses a truncated header, a foreign tensor and a file that is not a model', () => {
    const dir = tempDir();
    const header = path.join(dir, 'header.bin');
    writeFileSync(header, readFileSync(testModel).subarray(0, 1_000));
    expect(() => inspectWhisperModel(header)).toThrow(/truncated or damaged \(it ends inside the mel filters\)/);
    const foreign = path.join(dir, 'foreign.bin');
    const bytes = Buffer.from(readFileSync(smallModel().file));
    const at = bytes.indexOf(Buffer.from('encoder.conv1.bias'));
    bytes.write('encoder.convX.bias', at, 'utf8');
    writeFileSync(foreign, bytes);
    expect(() => inspectWhisperModel(foreign)).toThrow(/a tensor whisper.cpp does not expect \("encoder.convX.bias"\)/);
    const text = path.join(dir, 'notes.bin');
    writeFileSync(text, 'these are my notes, not a model');
    expect(() => inspectWhisperModel(text)).toThrow(/is not a whisper.cpp model \(no ggml header\)/);
    expect(() => inspectWhisperModel(path.join(dir, 'absent.bin'))).toThrow(/no model file at/);
  });
});
