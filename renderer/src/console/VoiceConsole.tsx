import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ApiClient } from '../../../src/api/client';
import type { VoiceEngineState } from '../../../src/api/contract';
import { askNotificationPermission, notifyApplied } from './notifications';
import { OutcomeCard } from './OutcomeCard';
import { PushToTalk, type ConsolePhase } from './push-to-talk';
import { PushToTalkButton } from './PushToTalkButton';
import { Waveform } from './Waveform';

const PROBLEM_HELP: Record<Extract<ConsolePhase, { phase: 'problem' }>['problem'], string> = {
  denied: "Allow the microphone in the browser's site settings (the icon beside the address), then hold the button again.",
  'no-microphone': 'Connect a microphone, or choose one in the system sound settings, then try again.',
  unsupported: 'Open TempoPilot from the address `tempopilot web` printed.',
  failed: 'Try again; if it keeps failing, reload the page.',
  'no-audio': 'The microphone opened but sent nothing. Check that it is connected and not muted.',
  engine: 'Install a speech model with `tempopilot models download tiny.en`, or allow cloud transcription.',
  host: '',
};

function engineText(engine: VoiceEngineState | undefined): string {
  if (!engine) return 'Checking the speech engine…';
  if (engine.state === 'loading') return `Speech engine loading (${engine.engine})… you can talk already.`;
  if (engine.state === 'ready') return `Speech engine ready (${engine.engine}).`;
  return engine.reason;
}

function statusText(current: ConsolePhase): string {
  switch (current.phase) {
    case 'idle':
      return 'Hold the button, or hold Space, and say what to do.';
    case 'opening':
      return 'Opening the microphone…';
    case 'recording':
      return `Listening… ${(current.audioMs / 1000).toFixed(1)} s`;
    case 'thinking':
      return 'Working it out…';
    case 'problem':
      return current.message;
    default:
      return '';
  }
}

/** Push-to-talk, the live waveform, what was heard and planned, and Confirm / Undo. */
export function VoiceConsole({ client }: { client: ApiClient }) {
  const [controller] = useState(() => new PushToTalk(client, undefined, notifyApplied));
  useEffect(() => controller.connect(), [controller]);
  const { current, engine, partial } = useSyncExternalStore(controller.subscribe, controller.snapshot);
  const recording = current.phase === 'recording';

  return (
    <section className="console" aria-labelledby="console-heading">
      <h2 id="console-heading">Voice Console</h2>
      <p className={`engine ${engine?.state ?? 'checking'}`} data-testid="engine-state">
        {engineText(engine)}
      </p>
      <div
        onPointerDownCapture={askNotificationPermission}
        onKeyDownCapture={askNotificationPermission}
      >
        <PushToTalkButton controller={controller} recording={recording} disabled={engine?.state === 'unavailable'} />
      </div>
      <Waveform levels={controller.levels} live={recording} />
      <p id="voice-status" className={`status ${current.phase}`} role="status" aria-live="polite" data-testid="voice-status">
        {statusText(current)}
      </p>
      {current.phase === 'problem' && PROBLEM_HELP[current.problem] && <p className="help">{PROBLEM_HELP[current.problem]}</p>}
      {recording && current.deadInput && (
        <p role="alert" className="problem" data-testid="dead-input">
          No sound is reaching TempoPilot: the microphone delivers silence (all zeros). Check that it is connected, selected and not muted.
        </p>
      )}
      {partial && (recording || current.phase === 'thinking') && (
        <p className="partial" aria-label="Heard so far">
          {partial}
        </p>
      )}
      <div className="outcome" aria-live="polite">
        <OutcomeCard
          current={current}
          actions={{ onConfirm: () => void controller.confirm(), onUndo: () => void controller.undo(), onDismiss: () => controller.dismiss() }}
        />
      </div>
    </section>
  );
}
