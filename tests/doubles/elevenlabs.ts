import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for ElevenLabs' POST /v1/text-to-speech/{voice_id}: the key in `xi-api-key`,
 * a JSON body with `text` (and `model_id`), `output_format` in the query; the answer is audio in
 * that format (here pcm_16000: raw 16-bit little-endian mono at 16 kHz, a tone whose length
 * grows with the text), and errors in ElevenLabs' `{ "detail": ... }` envelope: 401 for a wrong
 * key, 422 for a body without text, 429 when the test asks for it.
 */
export interface ElevenLabsRequest {
  voiceId: string;
  outputFormat: string | null;
  text: string;
  modelId?: string;
}

export interface ElevenLabsDouble {
  url: string;
  apiKey: string;
  rateLimited: boolean;
  requests: ElevenLabsRequest[];
  close(): Promise<void>;
}

export async function startElevenLabsDouble(apiKey = 'xi-test-key'): Promise<ElevenLabsDouble> {
  const double: Omit<ElevenLabsDouble, 'url' | 'close'> = { apiKey, rateLimited: false, requests: [] };
  const server = createServer(async (request, response) => {
    const json = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const match = /^\/v1\/text-to-speech\/([^/]+)$/.exec(url.pathname);
    if (request.method !== 'POST' || !match) return json(404, { detail: 'Not Found' });
    if (request.headers['xi-api-key'] !== double.apiKey) {
      return json(401, { detail: { status: 'invalid_api_key', message: `Invalid API key: ${String(request.headers['xi-api-key']).slice(0, 4)}...` } });
    }
    if (double.rateLimited) return json(429, { detail: { status: 'too_many_concurrent_requests', message: 'Too many concurrent requests.' } });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: { text?: unknown; model_id?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      return json(400, { detail: { status: 'invalid_json', message: 'Body is not valid JSON.' } });
    }
    if (typeof body.text !== 'string' || body.text.length === 0) {
      return json(422, { detail: [{ loc: ['body', 'text'], msg: 'field required', type: 'value_error.missing' }] });
    }
    double.requests.push({
      voiceId: decodeURIComponent(match[1]!),
      outputFormat: url.searchParams.get('output_format'),
      text: body.text,
      ...(typeof body.model_id === 'string' && { modelId: body.model_id }),
    });
    // 60 ms of a 440 Hz tone per character, like speech at a brisk pace.
    const samples = Int16Array.from({ length: body.text.length * 960 }, (_, i) => Math.round(8_000 * Math.sin((2 * Math.PI * 440 * i) / 16_000)));
    response.writeHead(200, { 'content-type': 'audio/pcm' }).end(Buffer.from(samples.buffer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(double, { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}
