import type { VoiceOutcome } from '../../../src/api/contract';
import type { ConsolePhase } from './push-to-talk';

interface Actions {
  onConfirm(): void;
  onUndo(): void;
  onDismiss(): void;
}

function Heard({ text, engine }: { text: string; engine: string }) {
  return (
    <p className="heard">
      <span className="label">Heard</span> <q data-testid="transcript">{text}</q> <span className="muted">({engine})</span>
    </p>
  );
}

function Planned({ outcome, actions }: { outcome: Extract<VoiceOutcome, { kind: 'planned' }>; actions: Actions }) {
  const conflicts = outcome.plan.kind === 'change' ? outcome.plan.conflicts : [];
  return (
    <>
      <Heard text={outcome.heard.text} engine={outcome.heard.engine} />
      <p className="plan">
        <span className="label">Planned</span> <strong data-testid="planned-action">{outcome.proposal}</strong>
      </p>
      {conflicts.length > 0 && <p className="warning">Overlaps {conflicts.map((c) => `'${c.title}'`).join(', ')}.</p>}
      <div className="actions">
        <button type="button" className="primary" onClick={actions.onConfirm}>
          Confirm
        </button>
        <button type="button" onClick={actions.onDismiss}>
          Discard
        </button>
      </div>
    </>
  );
}

/** What the last command came to: the plan waiting for Confirm, its result with Undo, or why there is none. */
export function OutcomeCard({ current, actions }: { current: ConsolePhase; actions: Actions }) {
  switch (current.phase) {
    case 'outcome': {
      const { outcome } = current;
      if (outcome.kind === 'planned') return <Planned outcome={outcome} actions={actions} />;
      if (outcome.kind === 'answered')
        return (
          <>
            <Heard text={outcome.heard.text} engine={outcome.heard.engine} />
            <p className="plan" data-testid="answer">{outcome.turn.reply}</p>
          </>
        );
      if (outcome.kind === 'microphone-problem')
        return (
          <p role="alert" className="problem" data-testid="microphone-problem">
            {outcome.message}
          </p>
        );
      return <p className="muted">{outcome.message} Hold the button and speak.</p>;
    }
    case 'applied':
      return (
        <>
          <p className="done" data-testid="applied">
            {current.turn.reply}
          </p>
          <div className="actions">
            <button type="button" onClick={actions.onUndo}>
              Undo
            </button>
          </div>
        </>
      );
    case 'undone':
      return <p className="done">Undid: {current.label}</p>;
    default:
      return null;
  }
}
