import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { Microphone, Recording } from './ports';

/** A recorder program and its arguments, writing 16 kHz mono signed 16-bit little-endian PCM to stdout. */
export interface RecorderCommand {
  program: string;
  args: string[];
}

export class RecorderError extends Error {
  override readonly name = 'RecorderError';
}

/** sox's output side: raw 16 kHz mono s16le on stdout. Exported for tests that feed sox another input. */
export const SOX_RAW_OUTPUT = ['-t', 'raw', '-r', '16000', '-e', 'signed-integer', '-b', '16', '-c', '1', '-L', '-'];

const RECORDERS: Record<'sox' | 'arecord', RecorderCommand> = {
  // -d: the default input device (ALSA or PulseAudio, whichever sox was built with).
  sox: { program: 'sox', args: ['-q', '-d', ...SOX_RAW_OUTPUT] },
  arecord: { program: 'arecord', args: ['-q', '-t', 'raw', '-f', 'S16_LE', '-r', '16000', '-c', '1'] },
};

export function findOnPath(program: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** sox if it is installed, else arecord; neither is an error that says what to install. */
export function findRecorder(env: NodeJS.ProcessEnv = process.env): RecorderCommand {
  for (const recorder of [RECORDERS.sox, RECORDERS.arecord]) {
    const program = findOnPath(recorder.program, env);
    if (program) return { program, args: recorder.args };
  }
  throw new RecorderError('no audio recorder found: install sox (`apt install sox`) or alsa-utils (`apt install alsa-utils`, for arecord)');
}

const STDERR_KEEP = 2_000;
/** A recorder that has not failed by then has opened its device. */
const STARTUP_GRACE_MS = 150;

/**
 * The microphone through a recorder process, started at key-down and stopped (SIGINT, which
 * both sox and arecord treat as "finish") at key-up. Audio arrives as the process writes it; a
 * recorder that fails says why when it is stopped.
 */
export class SpawnedMicrophone implements Microphone {
  constructor(private readonly command: RecorderCommand) {}

  async start(onChunk: (chunk: Int16Array) => void): Promise<Recording> {
    const { program, args } = this.command;
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let remainder: Buffer = Buffer.alloc(0);
    child.stderr?.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString()).slice(-STDERR_KEEP);
    });
    child.stdout?.on('data', (data: Buffer) => {
      const bytes = remainder.length > 0 ? Buffer.concat([remainder, data]) : data;
      const whole = bytes.length - (bytes.length % 2);
      remainder = Buffer.from(bytes.subarray(whole));
      if (whole === 0) return;
      // Copied into an aligned buffer: a Buffer's offset into its pool may be odd.
      const samples = new Int16Array(whole / 2);
      Buffer.from(samples.buffer).set(bytes.subarray(0, whole));
      onChunk(samples);
    });
    const closed = new Promise<{ code: number | null }>((resolve) => child.on('close', (code) => resolve({ code })));
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => reject(new RecorderError(`${path.basename(program)} could not be started: ${error.message}`)));
    });
    // A recorder without a device fails at once: say so at key-down, not after the user has spoken.
    const early = await Promise.race([closed, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), STARTUP_GRACE_MS))]);
    if (early && early.code !== 0) throw this.failure(early.code, stderr);
    return { stop: () => this.stopProcess(child, closed, () => stderr) };
  }

  private async stopProcess(child: ChildProcess, closed: Promise<{ code: number | null }>, stderr: () => string): Promise<void> {
    // However it ends after our SIGINT is fine (arecord exits 1 on a signal); before it, only a clean end is.
    const exitedEarly = child.exitCode !== null || child.signalCode !== null;
    if (!exitedEarly) child.kill('SIGINT');
    const { code } = await closed;
    if (exitedEarly && code !== 0) throw this.failure(code, stderr());
  }

  private failure(code: number | null, stderr: string): RecorderError {
    const said = stderr.trim().split('\n').slice(-3).join(' ');
    return new RecorderError(`${path.basename(this.command.program)} stopped with exit code ${code}${said ? `: ${said}` : ''}`);
  }
}

/** The system's recorder, looked up at each key-down, so installing sox later needs no restart. */
export function systemMicrophone(env: NodeJS.ProcessEnv = process.env): Microphone {
  return { start: (onChunk) => new SpawnedMicrophone(findRecorder(env)).start(onChunk) };
}
