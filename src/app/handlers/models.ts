import type { Handlers } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { ModelManager } from '../../voice/models/model-manager';
import type { ModelStatus } from '../../voice/models/model-types';
import type { HostContext } from '../context';
import { toApiError } from '../voice/speech-engines';

type ModelMethods = 'models.list' | 'models.download' | 'models.verify' | 'models.use';

/** At most this many progress events a second: a UI repaints a bar, not a log. */
const PROGRESS_INTERVAL_MS = 200;

/**
 * The local speech models for a UI, as `tempopilot models` offers them on the command line.
 * A download reports progress as `models.progress` events; a second request for a model already
 * downloading joins the first (two writers of one `.partial` file would spoil it). When the
 * model in use may have changed, `onModelChanged` lets the voice engines load it.
 */
export function modelHandlers(ctx: HostContext, manager: ModelManager, onModelChanged: () => Promise<void>): Pick<Handlers, ModelMethods> {
  const downloading = new Map<string, Promise<ModelStatus>>();

  const guarded = async <T>(work: () => Promise<T> | T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw toApiError(error);
    }
  };

  const download = async (name: string): Promise<ModelStatus> => {
    let lastSent = 0;
    const status = await manager.download(name, {
      onProgress: (progress) => {
        const now = ctx.now();
        if (now - lastSent < PROGRESS_INTERVAL_MS && progress.receivedBytes < progress.totalBytes) return;
        lastSent = now;
        ctx.emit('models.progress', { name, ...progress });
      },
    });
    if (status.active) await onModelChanged();
    return status;
  };

  return {
    'models.list': () => guarded(() => ({ models: manager.list(), active: manager.active() ?? null, modelsDir: manager.modelsDir })),
    'models.download': ({ name }) =>
      guarded(() => {
        const known = manager.list().find((model) => model.name === name);
        if (!known) throw new ApiError('invalid-args', `unknown model "${name}"; choose one of ${manager.list().map((m) => m.name).join(', ')}`);
        let running = downloading.get(name);
        if (!running) {
          running = download(name).finally(() => downloading.delete(name));
          downloading.set(name, running);
        }
        return running;
      }),
    'models.verify': () => guarded(async () => ({ results: await manager.verify() })),
    'models.use': ({ model }) =>
      guarded(async () => {
        const active = manager.use(model);
        await onModelChanged();
        return active;
      }),
  };
}
