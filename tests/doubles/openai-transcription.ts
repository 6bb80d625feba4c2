import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, sendJson } from './http-double';

/**
 * A local stand-in for OpenAI's POST /v1/audio/transcriptions, faithful to the documented
 * protocol: Bearer authentication, a multipart/form-data body with `file` and `model` (and
 * optional `language`, `response_format`, `prompt`, `temperature`), a JSON `{ "text": ... }`
 * answer, and OpenAI's error envelope `{ "error": { message, type, param, code } }` with 400,
 * 401, 429 (with retry-after) and 500. The multipart body is parsed by undici's own FormData
 * parser, so a malformed upload fails here as it would there.
 */
export interface TranscriptionRequest {
  model: string;
  language?: string;
  responseFormat?: string;
  fileName: string;
  fileType: string;
  file: Buffer;
  authorization: string;
}

export interface OpenAiDouble {
  /** The base URL to give the SDK (ends in /v1). */
  baseUrl: string;
  apiKey: string;
  /** What the next requests answer: a transcript, or an HTTP failure. */
  reply: { text: string } | { status: 401 | 429 | 500 };
  /** Holds each answer this long, for time-out tests. */
  delayMs: number;
  requests: TranscriptionRequest[];
  close(): Promise<void>;
}

const ERRORS = {
  401: { message: 'Incorrect API key provided: sk-te***ey. You can find your API key at the dashboard.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
  429: { message: 'Rate limit reached for whisper-1 on requests per min (RPM): Limit 3, Used 3, Requested 1.', type: 'requests', param: null, code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null },
} as const;

function invalid(response: ServerResponse, message: string, param: string | null): void {
  sendJson(response, 400, { error: { message, type: 'invalid_request_error', param, code: null } });
}

export async function startOpenAiDouble(apiKey = 'sk-test-key'): Promise<OpenAiDouble> {
  const double: Omit<OpenAiDouble, 'baseUrl' | 'close'> = { apiKey, reply: { text: '' }, delayMs: 0, requests: [] };
  const server = createServer(async (request, response) => {
    if (request.method !== 'POST' || request.url !== '/v1/audio/transcriptions') {
      sendJson(response, 404, { error: { message: `Invalid URL (${request.method} ${request.url})`, type: 'invalid_request_error', param: null, code: null } });
      return;
    }
    const body = await readBody(request);
    const authorization = request.headers.authorization ?? '';
    if (authorization !== `Bearer ${double.apiKey}`) {
      sendJson(response, 401, { error: ERRORS[401] });
      return;
    }
    const contentType = request.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) {
      invalid(response, 'Invalid Content-Type header; expected multipart/form-data', null);
      return;
    }
    let form: FormData;
    try {
      form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    } catch {
      invalid(response, 'Could not parse multipart form', null);
      return;
    }
    const file = form.get('file');
    const model = form.get('model');
    if (!(file instanceof Blob)) {
      invalid(response, "1 validation error for Request\nbody -> file\n  field required (type=value_error.missing)", 'file');
      return;
    }
    if (typeof model !== 'string' || model.length === 0) {
      invalid(response, 'you must provide a model parameter', 'model');
      return;
    }
    const bytes = Buffer.from(await file.arrayBuffer());
    if (bytes.toString('ascii', 0, 4) !== 'RIFF' && !/\.(mp3|mp4|mpeg|mpga|m4a|ogg|webm|flac)$/.test((file as File).name)) {
      invalid(response, 'Invalid file format. Supported formats: flac, m4a, mp3, mp4, mpeg, mpga, oga, ogg, wav, webm', 'file');
      return;
    }
    const language = form.get('language');
    const responseFormat = form.get('response_format');
    double.requests.push({
      model,
      ...(typeof language === 'string' && { language }),
      ...(typeof responseFormat === 'string' && { responseFormat }),
      fileName: (file as File).name,
      fileType: file.type,
      file: bytes,
      authorization,
    });
    if (double.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, double.delayMs));
    if ('status' in double.reply) {
      const status = double.reply.status;
      sendJson(response, status, { error: ERRORS[status] }, status === 429 ? { 'retry-after': '20' } : {});
      return;
    }
    sendJson(response, 200, { text: double.reply.text });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(double, {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
