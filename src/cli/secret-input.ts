import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { UsageError } from './errors';

/**
 * A password from standard input (`--password-stdin`, for scripts and password managers) or
 * typed at a prompt without echo. Never taken as an argument: arguments end up in shell history
 * and in every other user's `ps`.
 */
export async function readSecret(prompt: string, fromStdin: boolean, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (fromStdin) {
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(chunk as Buffer);
    const secret = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    if (secret.length === 0) throw new UsageError('--password-stdin: standard input was empty');
    return secret;
  }
  if (!input.isTTY) throw new UsageError('there is no terminal to ask for the password on; pipe it in with --password-stdin');
  output.write(prompt);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input, output: silent, terminal: true });
  try {
    return await new Promise<string>((resolve) => reader.question('', resolve));
  } finally {
    reader.close();
    output.write('\n');
  }
}
