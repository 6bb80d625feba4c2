import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/support/temp';
import { findRecorder, RecorderError, SOX_RAW_OUTPUT, SpawnedMicrophone } from './recorder';

const tempDir = useTempDirs();

function collect() {
  const chunks: Int16Array[] = [];
  return {
    onChunk: (chunk: Int16Array) => chunks.push(chunk),
    samples: () => Int16Array.from(chunks.flatMap((c) => [...c])),
  };
}

describe('the spawned recorder', () => {
  it('delivers 16 kHz mono 16-bit audio from sox (a 440 Hz synth as the input)', async () => {
    const sink = collect();
    const mic = new SpawnedMicrophone({ program: 'sox', args: ['-q', '-n', ...SOX_RAW_OUTPUT, 'synth', '1', 'sine', '440'] });
    const recording = await mic.start(sink.onChunk);
    await recording.stop();
    const samples = sink.samples();
    expect(samples.length).toBe(16_000);
    const peak = samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
    expect(peak).toBeGreaterThan(20_000);
    // 440 Hz crosses zero 880 times a second.
    let crossings = 0;
    for (let i = 1; i < samples.length; i++) if ((samples[i - 1]! < 0) !== (samples[i]! < 0)) crossings++;
    expect(crossings).toBeGreaterThan(860);
    expect(crossings).toBeLessThan(900);
  });

  it('ends a live recording at stop', async () => {
    const sink = collect();
    const live = new SpawnedMicrophone({ program: '/bin/sh', args: ['-c', 'while true; do head -c 3200 /dev/zero; sleep 0.05; done'] });
    const recording = await live.start(sink.onChunk);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await recording.stop();
    const length = sink.samples().length;
    expect(length).toBeGreaterThan(1_600);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(sink.samples().length).toBe(length);
  });

  it('says why, at start, when the recorder fails or does not exist', async () => {
    const failing = new SpawnedMicrophone({ program: 'sox', args: ['-q', '/nonexistent/input.wav', ...SOX_RAW_OUTPUT] });
    await expect(failing.start(() => undefined)).rejects.toThrow(RecorderError);
    await expect(failing.start(() => undefined)).rejects.toThrow(/sox stopped with exit code 2: .*nonexistent\/input\.wav/);
    const missing = new SpawnedMicrophone({ program: '/nonexistent/arecord', args: [] });
    await expect(missing.start(() => undefined)).rejects.toThrow(/arecord could not be started: spawn \/nonexistent\/arecord ENOENT/);
  });
});

describe('finding a recorder', () => {
  function pathWith(...programs: string[]) {
    const dir = tempDir();
    for (const program of programs) {
      writeFileSync(path.join(dir, program), '#!/bin/sh\n');
      chmodSync(path.join(dir, program), 0o755);
    }
    return { PATH: dir };
  }

  it('prefers sox, takes arecord, and otherwise says what to install', () => {
    expect(findRecorder(pathWith('sox', 'arecord')).program).toMatch(/[\\/]sox$/);
    expect(findRecorder(pathWith('arecord'))).toMatchObject({ program: expect.stringMatching(/[\\/]arecord$/), args: expect.arrayContaining(['S16_LE', '16000']) });
    expect(() => findRecorder(pathWith())).toThrow(/no audio recorder found: install sox \(`apt install sox`\) or alsa-utils/);
  });
});
