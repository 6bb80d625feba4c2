import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PinnedModel } from '../../src/voice/models/catalog';
import { sharedModelFile } from '../support/shared';

/**
 * A local stand-in for a model host (whisper.cpp's files are served as plain static files with
 * byte ranges): GET /<file> answers 200 with the whole file or, given `Range: bytes=N-`, 206 with
 * Content-Range; 416 when the range starts at the end. Behaviours a test can switch on per file:
 * cut the body off after some bytes (a dropped connection), or ignore Range requests.
 */
export interface ServedFile {
  body: Buffer;
  /** Close the connection after this many body bytes of each response. */
  cutAfter?: number;
  ignoreRange?: boolean;
}

export interface ModelServer {
  url: string;
  files: Map<string, ServedFile>;
  /** The Range header of every request, in order ("" for none). */
  ranges: string[];
  close(): Promise<void>;
}

function respond(request: IncomingMessage, response: ServerResponse, file: ServedFile | undefined, ranges: string[]): void {
  const range = request.headers.range ?? '';
  ranges.push(range);
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
    return;
  }
  const match = /^bytes=(\d+)-$/.exec(range);
  const start = match && !file.ignoreRange ? Number(match[1]) : 0;
  if (start >= file.body.length && match && !file.ignoreRange) {
    response.writeHead(416, { 'content-range': `bytes */${file.body.length}` }).end();
    return;
  }
  const body = file.body.subarray(start);
  const headers = { 'content-type': 'application/octet-stream', 'content-length': String(body.length), 'accept-ranges': 'bytes' };
  if (start > 0) response.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${file.body.length - 1}/${file.body.length}` });
  else response.writeHead(200, headers);
  if (file.cutAfter !== undefined && file.cutAfter < body.length) {
    response.write(body.subarray(0, file.cutAfter), () => response.destroy());
    return;
  }
  response.end(body);
}

export async function startModelServer(): Promise<ModelServer> {
  const files = new Map<string, ServedFile>();
  const ranges: string[] = [];
  const server = createServer((request, response) => respond(request, response, files.get(decodeURIComponent((request.url ?? '/').slice(1))), ranges));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    files,
    ranges,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** whisper.cpp's tiny test model pinned under a name of its own, to serve and download in tests. */
export function pinnedTestModel(): { body: Buffer; pinned: PinnedModel } {
  const body = readFileSync(sharedModelFile('for-tests-ggml-tiny.en.bin'));
  return {
    body,
    pinned: { name: 'test.en', file: 'ggml-test.en.bin', bytes: body.length, sha256: createHash('sha256').update(body).digest('hex'), description: 'whisper.cpp test model' },
  };
}
