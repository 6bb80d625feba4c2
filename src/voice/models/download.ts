import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { VoiceError } from '../errors';

export interface DownloadProgress {
  receivedBytes: number;
  totalBytes: number;
  /** True when this run continued a partial file rather than starting over. */
  resumed: boolean;
}

export interface DownloadRequest {
  url: string;
  /** The final path; the bytes arrive in `${destination}.partial` and are renamed only when they check out. */
  destination: string;
  bytes: number;
  sha256: string;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export const partialPath = (destination: string) => `${destination}.partial`;

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** The SHA-256 of what is already on disk, so a resumed download is checked whole. */
async function hashExisting(file: string, hash: ReturnType<typeof createHash>): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
}

function write(stream: WriteStream, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

function failed(message: string): VoiceError {
  return new VoiceError('download-failed', message);
}

/**
 * Downloads to a `.partial` file, continuing one left by an earlier run with an HTTP Range
 * request, checks the pinned size and SHA-256 over the whole file, and only then renames it into
 * place (atomic on one file system), so a half-written or corrupted file is never at the final path.
 */
export async function downloadVerified(request: DownloadRequest): Promise<void> {
  const partial = partialPath(request.destination);
  let offset = await sizeOf(partial);
  if (offset > request.bytes) {
    await rm(partial, { force: true });
    offset = 0;
  }
  const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
  let response: Response;
  try {
    response = await (request.fetch ?? fetch)(request.url, { headers, signal: request.signal, redirect: 'follow' });
  } catch (error) {
    if (request.signal?.aborted) throw failed('the download was cancelled; run it again to continue where it stopped');
    throw failed(`cannot reach ${new URL(request.url).host}: ${(error as Error).message}`);
  }
  const resumed = offset > 0 && response.status === 206 && response.headers.get('content-range')?.startsWith(`bytes ${offset}-`) === true;
  if (response.status === 416 && offset === request.bytes) {
    await response.body?.cancel();
  } else if (response.status !== 200 && !resumed) {
    await response.body?.cancel();
    throw failed(`the server answered ${response.status} ${response.statusText} for ${request.url}`);
  }

  const hash = createHash('sha256');
  if (resumed || response.status === 416) await hashExisting(partial, hash);
  else offset = 0;
  let received = offset;
  if (response.status !== 416) {
    const out = createWriteStream(partial, { flags: resumed ? 'a' : 'w' });
    try {
      request.onProgress?.({ receivedBytes: received, totalBytes: request.bytes, resumed });
      for await (const chunk of response.body ?? []) {
        received += chunk.length;
        if (received > request.bytes) throw failed(`the server sent more than the ${request.bytes} bytes pinned for this model`);
        hash.update(chunk);
        await write(out, chunk);
        request.onProgress?.({ receivedBytes: received, totalBytes: request.bytes, resumed });
      }
    } catch (error) {
      if (error instanceof VoiceError) throw error;
      if (request.signal?.aborted) throw failed(`the download was cancelled at ${received} of ${request.bytes} bytes; run it again to continue`);
      throw failed(`the download broke off at ${received} of ${request.bytes} bytes (${(error as Error).message}); run it again to continue`);
    } finally {
      await new Promise<void>((resolve) => out.end(resolve));
    }
  }
  if (received < request.bytes) {
    throw failed(`the download stopped early at ${received} of ${request.bytes} bytes; run it again to continue`);
  }
  const digest = hash.digest('hex');
  if (digest !== request.sha256) {
    // A wrong hash means wrong bytes somewhere: continuing from them can never succeed.
    await rm(partial, { force: true });
    throw failed(`the downloaded file does not match its pinned SHA-256 (got ${digest.slice(0, 12)}…, expected ${request.sha256.slice(0, 12)}…); it was deleted`);
  }
  const handle = await open(partial, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, request.destination);
}

/** SHA-256 of a whole file, streamed. */
export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await hashExisting(file, hash);
  return hash.digest('hex');
}
