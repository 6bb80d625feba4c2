import type { Command } from 'commander';
import { createClient } from '../../api/client';
import { ApiError } from '../../api/errors';
import { inProcessTransport } from '../../app';
import { ChordError, DEFAULT_CHORD, parseChord, type Chord } from '../../app/desktop/chord';
import { runDaemon } from '../../app/desktop/daemon';
import { chooseHotkeyMode } from '../../app/desktop/hotkey';
import { GlobalKeyHotkey, HotkeyError } from '../../app/desktop/key-listener';
import type { HotkeyListener, Microphone } from '../../app/desktop/ports';
import { findRecorder, RecorderError, SpawnedMicrophone } from '../../app/desktop/recorder';
import { systemNotifier } from '../../app/desktop/system-notifier';
import { contractVoiceTurns } from '../../app/desktop/voice-turns';
import { speechEnginesFrom } from '../../app/voice/speech-engines';
import { defaultDataDir } from '../../app/paths';
import { universalSentenceEncoder } from '../../nlu/embeddings/universal-sentence-encoder';
import { ModelManager } from '../../voice/models/model-manager';
import { createVoiceSetup } from '../../voice/voice-setup';
import type { CliContext } from '../context';
import type { DaemonServices } from '../services';
import { UsageError } from '../errors';
import { untilInterrupted } from './web';

const HOTKEY_ENV = 'TEMPO_HOTKEY';

/** The real key listener, where it can report key-up; otherwise a message that says why not. */
function systemHotkey(chord: Chord): HotkeyListener {
  const choice = chooseHotkeyMode();
  if (choice.mode !== 'hold') {
    throw new ApiError('unavailable', `tempopilot daemon needs to see key-up, and here ${choice.reason}; use the desktop app, whose hotkey falls back to press-to-start/press-to-stop`);
  }
  return new GlobalKeyHotkey(chord);
}

/** Adapter failures leave as api errors: printed in one line, exit code 1. */
function unavailable(error: unknown): never {
  if (error instanceof HotkeyError || error instanceof RecorderError) throw new ApiError('unavailable', error.message);
  throw error;
}

export function registerDaemonCommands(program: Command, ctx: CliContext, services: DaemonServices = {}): void {
  program
    .command('daemon')
    .description('the push-to-talk agent without Electron (Linux/X11): hold the hotkey, speak, release; replies by notify-send')
    .option('--hotkey <chord>', `the push-to-talk chord (default: ${HOTKEY_ENV}, then ${DEFAULT_CHORD})`)
    .option('--model <name-or-path>', 'the local speech model (default: TEMPO_WHISPER_MODEL, then `models use`, then what is installed)')
    .option('--cloud', 'allow cloud transcription (OpenAI; needs OPENAI_API_KEY)')
    .action(async (options: { hotkey?: string; model?: string; cloud?: boolean }) => {
      let chord: Chord;
      try {
        chord = parseChord(options.hotkey ?? process.env[HOTKEY_ENV] ?? DEFAULT_CHORD);
      } catch (error) {
        if (error instanceof ChordError) throw new UsageError(error.message);
        throw error;
      }
      const print = (line: string) => ctx.io.stdout(line);
      let hotkey: HotkeyListener;
      let microphone: Microphone;
      try {
        hotkey = services.hotkey ? services.hotkey(chord) : systemHotkey(chord);
        microphone = services.microphone ? services.microphone() : new SpawnedMicrophone(findRecorder());
      } catch (error) {
        unavailable(error);
      }
      const encoder = services.encoder === undefined ? universalSentenceEncoder() : services.encoder;
      // --model and --cloud choose the host's engines for this run; otherwise the host's defaults (docs/voice.md).
      const chosenEngines =
        options.model || options.cloud
          ? () =>
              speechEnginesFrom(
                createVoiceSetup({
                  models: new ModelManager({ dataDir: ctx.options.dataDir ?? defaultDataDir() }),
                  ...(options.cloud && { allowCloud: true }),
                  ...(options.model && { model: options.model }),
                }),
              )
          : undefined;
      const speechEngines = services.speechEngines ?? chosenEngines;
      const host = ctx.openHost({ ...(encoder && { encoder }), ...(speechEngines && { speechEngines }), backgroundSync: true });
      const client = createClient(inProcessTransport(host));
      try {
        await runDaemon({
          client,
          timeZone: host.context.timeZone,
          hotkey,
          microphone,
          voice: contractVoiceTurns(client),
          notifier: services.notifier ? services.notifier(print) : systemNotifier(print),
          print,
          until: services.until ?? untilInterrupted(),
        });
      } catch (error) {
        unavailable(error);
      }
    });
}
