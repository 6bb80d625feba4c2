import type { ArgsOf, HostEvents, MethodName, ResultOf } from '../api/contract';
import { contract } from '../api/contract';
import { ApiError } from '../api/errors';
import { createClient } from '../api/client';
import { createHost, describeIssues, inProcessTransport, type Host, type HostOptions } from '../app';
import type { SyncServerLauncher } from './services';

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
  private llm: HostOptions['llm'];
  /**
   * The command printed its answer, but it is a failure (the assistant could not do what was
   * asked): the process exits 1 so scripts can tell, without a second error line.
   */
  failedWithAnswer = false;

  constructor(
    readonly io: CliIo,
    private readonly globals: () => GlobalOptions,
    /** Starts the built-in sync server when a command needs one (provider accounts). */
    private readonly embeddedServer?: SyncServerLauncher,
  ) {}

  get options(): GlobalOptions {
    return this.globals();
  }

  async call<K extends MethodName>(name: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
    const checked = contract[name].args.safeParse(args);
    if (!checked.success) throw new ApiError('invalid-args', describeIssues(checked.error));
    return createClient(inProcessTransport(this.openHost())).send(name, args);
  }

  /** The cloud models the host will use on this run (`--llm`), before it is opened. */
  useCloudModels(llm: NonNullable<HostOptions['llm']>): void {
    this.llm = llm;
  }

  /** The host itself, for faces that serve it (web, server) rather than call it once. */
  openHost(extra: Pick<HostOptions, 'encoder' | 'speechEngines' | 'backgroundSync'> = {}): Host {
    this.host ??= createHost({
      dataDir: this.options.dataDir,
      timeZone: this.options.tz,
      ...(this.llm && { llm: this.llm }),
      ...(this.embeddedServer && { embeddedServer: this.embeddedServer }),
      ...extra,
    });
    return this.host;
  }

  get timeZone(): string {
    if (!this.host) throw new Error('the host has not been started');
    return this.host.context.timeZone;
  }

  /** Listens to the host's sync progress until the returned function is called. */
  onProgress(listener: (progress: HostEvents['sync.progress']) => void): () => void {
    return this.openHost().onEvent((event) => {
      if (event.name === 'sync.progress') listener(event.payload as HostEvents['sync.progress']);
    });
  }

  /** Listens for consent pages to show until the returned function is called. */
  onConsent(listener: (consent: HostEvents['accounts.consent']) => void): () => void {
    return this.openHost().onEvent((event) => {
      if (event.name === 'accounts.consent') listener(event.payload as HostEvents['accounts.consent']);
    });
  }

  /** Prints the result as one line of JSON with --json, or as the text `human` makes of it. */
  print<T>(result: T, human: (result: T) => string): void {
    this.io.stdout(this.options.json ? JSON.stringify(result) : human(result));
  }

  close(): void {
    this.host?.close();
  }
}
