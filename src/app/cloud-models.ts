import type { Handlers } from '../api/contract';
import type { AiCallRecord, LlmChoice, LlmRouter } from '../ai';
import { summarizeCalls } from '../ai/stats';
import type { CloudUnderstanding } from '../assistant';
import type { HostContext } from './context';
import type { SecretBox } from './secrets';

export interface CloudModelOptions {
  /** This run's choice (`--llm`); the stored setting otherwise. */
  llm?: LlmChoice;
  env?: NodeJS.ProcessEnv;
}

export interface CloudModels {
  understanding: CloudUnderstanding;
  handlers: Pick<Handlers, 'ai.stats'>;
}

/**
 * The cloud models as the host uses them: a second opinion for the assistant and the audit log's
 * summary. The router (and the two SDKs behind it) loads on the first request that may leave the
 * machine, so a host with cloud processing off, or a one-shot CLI command, never pays for it.
 */
export function cloudModels(ctx: HostContext, secrets: SecretBox, options: CloudModelOptions = {}): CloudModels {
  let router: Promise<LlmRouter> | undefined;
  const audit = { record: (call: AiCallRecord) => (ctx.store.readOnly ? undefined : ctx.store.logAiCall(call)) };
  const load = () =>
    (router ??= import('../ai').then(({ createAiRouter }) =>
      createAiRouter({ dataDir: ctx.dataDir, secrets, ...(options.env && { env: options.env }), ...(options.llm && { llm: options.llm }), audit }),
    ));
  return {
    understanding: {
      async understand(text, context) {
        if (options.llm === 'off') return undefined;
        const ai = await load();
        if (!ai.allows('command')) return undefined;
        try {
          const routed = await ai.understand({ text, ...context });
          return { command: routed.value, engine: routed.provider };
        } catch (error) {
          // Every failure is already in the audit log; the local reading (and its question) stands.
          ctx.emit('background.failed', { task: 'asking a cloud model', message: error instanceof Error ? error.message : String(error) });
          return undefined;
        }
      },
    },
    handlers: {
      'ai.stats': () => summarizeCalls(ctx.store.aiCalls()),
    },
  };
}
