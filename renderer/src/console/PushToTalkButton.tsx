import { useEffect } from 'react';
import type { PushToTalk } from './push-to-talk';

/** Space starts push-to-talk anywhere except where Space types (text fields) or presses (buttons, links). */
function spaceIsFree(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return true;
  if (target.isContentEditable) return false;
  return !target.closest('input, textarea, select, button, a, [role="button"]');
}

/** Hold to talk: the pointer on the button, or Space held while focus is not in a text field. */
export function PushToTalkButton({ controller, recording, disabled }: { controller: PushToTalk; recording: boolean; disabled: boolean }) {
  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      if (event.code !== 'Space' || event.repeat || !spaceIsFree(event.target)) return;
      event.preventDefault();
      void controller.press();
    };
    const up = (event: KeyboardEvent) => {
      if (event.code !== 'Space') return;
      void controller.release();
    };
    // Leaving the window with the key held would leave the microphone recording.
    const blur = () => void controller.release();
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, [controller]);

  return (
    <button
      type="button"
      className={`talk${recording ? ' recording' : ''}`}
      aria-pressed={recording}
      aria-describedby="voice-status"
      disabled={disabled}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        event.currentTarget.setPointerCapture(event.pointerId);
        void controller.press();
      }}
      onPointerUp={() => void controller.release()}
      onPointerCancel={() => void controller.release()}
      onKeyDown={(event) => {
        // On the button itself, Enter or Space hold to talk too.
        if ((event.key === 'Enter' || event.key === ' ') && !event.repeat) {
          event.preventDefault();
          void controller.press();
        }
      }}
      onKeyUp={(event) => {
        if (event.key === 'Enter' || event.key === ' ') void controller.release();
      }}
    >
      {recording ? 'Listening… release to stop' : 'Hold to talk'}
    </button>
  );
}
