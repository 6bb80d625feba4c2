import type { ArgsOf, MethodName, ResultOf } from '../api/contract';
import { contract } from '../api/contract';
import { ApiError } from '../api/errors';
import { createClient } from '../api/client';
import { createHost, describeIssues, inProcessTransport, type Host, type HostOptions } from '../app';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
  tz?: string;
}

/**
 * What a command has: output, the global options, and `call`, which checks a method's arguments
 * before the cache is opened (so bad input never creates or touches it) and then calls the host.
 */
export class CliContext {
  private host: Host | undefined;

  constructor(
    readonly io: CliIo,
    private readonly globals: () => GlobalOptions,
  ) {}

  get options(): GlobalOptions {
    return this.globals();
  }

  async call<K extends MethodName>(name: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
    const checked = contract[name].args.safeParse(args);
    if (!checked.success) throw new ApiError('invalid-args', describeIssues(checked.error));
    return createClient(inProcessTransport(this.openHost())).send(name, args);
  }

  /** The host itself, for faces that serve it (web, server) rather than call it once. */
  openHost(extra: Pick<HostOptions, 'encoder'> = {}): Host {
    this.host ??= createHost({ dataDir: this.options.dataDir, timeZone: this.options.tz, ...extra });
    return this.host;
  }

  get timeZone(): string {
    if (!this.host) throw new Error('the host has not been started');
    return this.host.context.timeZone;
  }

  /** Prints the result as one line of JSON with --json, or as the text `human` makes of it. */
  print<T>(result: T, human: (result: T) => string): void {
    this.io.stdout(this.options.json ? JSON.stringify(result) : human(result));
  }

  close(): void {
    this.host?.close();
  }
}
