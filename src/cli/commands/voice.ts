import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ApiError } from '../../api/errors';
import { toApiError } from '../../app/voice/speech-engines';
import { defaultDataDir } from '../../app/paths';
import { systemTimeZone } from '../../domain/time';
import type { Turn } from '../../assistant';
import type { Command as ParsedCommand } from '../../nlu/command';
import { parseCommand } from '../../nlu/parse';
import { durationMs, SPEECH_RATE, toSpeechAudio } from '../../voice/audio';
import { VoiceError } from '../../voice/errors';
import { finishVoiceCommand, type VoiceCommandResult } from '../../voice/listen/voice-command';
import { ListenSession } from '../../voice/listen/listen-session';
import { findPinnedModel, PINNED_MODELS } from '../../voice/models/catalog';
import type { DownloadProgress } from '../../voice/models/download';
import { ModelManager } from '../../voice/models/model-manager';
import type { ModelStatus } from '../../voice/models/model-types';
import { createVoiceSetup } from '../../voice/voice-setup';
import { readWav } from '../../voice/wav';
import type { CliContext } from '../context';
import { UsageError } from '../errors';

/** Voice errors leave as api errors, so the CLI prints them in one line with the right exit code. */
async function voiceAction(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    throw toApiError(error);
  }
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function formatModels(models: readonly ModelStatus[]): string {
  const state = (m: ModelStatus) =>
    m.state === 'partial' ? `partial (${megabytes(m.partialBytes ?? 0)} of ${megabytes(m.bytes)})` : m.state === 'wrong-size' ? 'damaged (wrong size)' : m.state;
  return models.map((m) => `${m.active ? '*' : ' '} ${m.name.padEnd(8)} ${megabytes(m.bytes).padStart(9)}  ${state(m).padEnd(10)}  ${m.description}`).join('\n');
}

/** A bar redrawn in place on a terminal; a line every 10% elsewhere (logs, CI, tests). */
function progressPrinter(ctx: CliContext, file: string): (progress: DownloadProgress) => void {
  let lastDecile = -1;
  return ({ receivedBytes, totalBytes, resumed }) => {
    const fraction = totalBytes === 0 ? 1 : receivedBytes / totalBytes;
    const text = `${file}: ${Math.floor(fraction * 100)}% ${megabytes(receivedBytes)} of ${megabytes(totalBytes)}${resumed ? ' (resumed)' : ''}`;
    if (process.stderr.isTTY && !ctx.options.json) {
      const bar = '#'.repeat(Math.round(fraction * 30)).padEnd(30, '.');
      process.stderr.write(`\r[${bar}] ${text}${fraction >= 1 ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile > lastDecile) {
      lastDecile = decile;
      ctx.io.stderr(text);
    }
  };
}

const ms = (value: number | undefined) => (value === undefined ? '' : `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`);

function describeCommand(command: ParsedCommand): string[] {
  const lines = [`intent: ${command.intent}  (confidence ${command.confidence.toFixed(2)})`];
  if (command.subject) lines.push(`  about: "${command.subject.text}"`);
  if (command.when) lines.push(`  when: ${command.when.start}${command.when.end ? ` – ${command.when.end}` : ''}${command.when.allDay ? ' (all day)' : ''}`);
  if (command.reference) lines.push(`  refers to: "${command.reference.text}"`);
  if (command.slots.length > 0) lines.push(`  slots: ${command.slots.map((s) => `${s.type} "${s.text}"`).join(', ')}`);
  if (command.clarification) lines.push(`  would ask: ${command.clarification}`);
  return lines;
}

interface ListenReport {
  result: VoiceCommandResult<ParsedCommand, Turn>;
  timings: { readMs: number; modelLoadMs: number };
  model?: { path: string; hasWeights?: boolean };
  note: string;
}

const NO_WEIGHTS = 'the model has no weights (a whisper.cpp test model): it transcribes nothing, so this run checks the path, not recognition';

function formatListen(report: ListenReport): string {
  const { result, timings } = report;
  const lines: string[] = [];
  if (result.kind !== 'command') {
    lines.push(result.message);
    if ('heard' in result && result.heard) lines.push(`(the engine returned "${result.heard.trim()}")`);
  } else {
    const { transcript } = result.outcome;
    const how = [transcript.engine, transcript.confidence === undefined ? '' : `confidence ${transcript.confidence.toFixed(2)}`, transcript.fallback ? `fallback: ${transcript.fallback.reason} (${transcript.fallback.detail})` : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`heard: "${transcript.text}"  (${how})`, ...describeCommand(result.command));
  }
  const stt = result.kind === 'command' ? result.outcome.timings : result.timings;
  const stages = [`read ${ms(timings.readMs)}`, `model load ${ms(timings.modelLoadMs)} (before key-up)`, `key-up→transcript ${ms(stt.keyUpToTranscriptMs)}`];
  if (result.kind === 'command') stages.push(`understand ${ms(result.timings.understandMs)}`, `key-up→command ${ms(result.timings.keyUpToCommandMs)}`);
  if (result.kind === 'command' && result.applied) {
    lines.push(`${result.applied.outcome}: ${result.applied.reply}`);
    if (result.timings.applyMs !== undefined) stages.push(`plan+apply ${ms(result.timings.applyMs)}`);
    if (result.timings.keyUpToAppliedMs !== undefined) stages.push(`key-up→done ${ms(result.timings.keyUpToAppliedMs)}`);
  }
  lines.push(`latency: ${stages.join(' · ')}`, report.note);
  return lines.join('\n');
}

export function registerVoiceCommands(program: Command, ctx: CliContext): void {
  const manager = (baseUrl?: string) => new ModelManager({ dataDir: ctx.options.dataDir ?? defaultDataDir(), ...(baseUrl && { baseUrl }) });
  const models = program.command('models').description('local speech models: list, download, verify, choose');

  models
    .command('list')
    .description('the pinned models, what is installed, and which one is used (*)')
    .action(() =>
      voiceAction(async () => {
        const m = manager();
        const active = m.active();
        const listed = m.list();
        const custom = active && !active.name ? `\n* ${active.path}  (${active.source === 'environment' ? 'from TEMPO_WHISPER_MODEL' : 'chosen with models use'})` : '';
        ctx.print({ models: listed, active: active ?? null }, (r) => `${formatModels(r.models)}${custom}${active ? '' : '\nNo model in use: run `tempopilot models download tiny.en`.'}\nfolder: ${m.modelsDir}`);
      }),
    );

  models
    .command('download')
    .description('download a pinned model (resumes an interrupted download; checks size and SHA-256)')
    .argument('<name>', `one of ${PINNED_MODELS.map((m) => m.name).join(', ')}`)
    .option('--base-url <url>', 'where the model files are served (default: TEMPO_MODELS_BASE_URL, then whisper.cpp\'s repository)')
    .action((name: string, options: { baseUrl?: string }) =>
      voiceAction(async () => {
        const model = findPinnedModel(name);
        if (!model) throw new UsageError(`unknown model "${name}"; choose one of ${PINNED_MODELS.map((m) => m.name).join(', ')}`);
        const status = await manager(options.baseUrl).download(model.name, { onProgress: progressPrinter(ctx, model.file) });
        ctx.print(status, (s) => `${s.name} is installed at ${s.path} (size and SHA-256 checked)${s.active ? ' and in use' : ''}.`);
      }),
    );

  models
    .command('verify')
    .description('check installed models against their pinned SHA-256, and a chosen model file\'s structure')
    .action(() =>
      voiceAction(async () => {
        const results = await manager().verify();
        ctx.print({ results }, (r) => (r.results.length === 0 ? 'No models installed.' : r.results.map((x) => `${x.ok ? 'ok  ' : 'BAD '} ${x.name}: ${x.detail}`).join('\n')));
        const bad = results.find((r) => !r.ok);
        if (bad) throw new VoiceError('bad-model', `${bad.name}: ${bad.detail}`);
      }),
    );

  models
    .command('use')
    .description('choose the local model: a pinned name, or the path of a whisper.cpp model file')
    .argument('<name-or-path>')
    .action((nameOrPath: string) =>
      voiceAction(async () => {
        const active = manager().use(nameOrPath);
        ctx.print(active, (a) => `Using ${a.name ?? a.path} for local speech recognition.`);
      }),
    );

  program
    .command('listen')
    .description('run a spoken command from a WAV file: speech -> transcript -> command, with the latency of each stage')
    .requiredOption('--wav <file>', 'the recording (any WAV: PCM or float, any rate and channel count)')
    .option('--model <name-or-path>', 'the local model for this run (default: TEMPO_WHISPER_MODEL, then `models use`, then what is installed)')
    .option('--cloud', 'allow cloud transcription for this run (OpenAI; needs OPENAI_API_KEY)')
    .action((options: { wav: string; model?: string; cloud?: boolean }) =>
      voiceAction(async () => {
        if (!existsSync(options.wav)) throw new UsageError(`--wav: no such file "${options.wav}"`);
        const readStarted = performance.now();
        const audio = toSpeechAudio(readWav(readFileSync(options.wav)));
        const readMs = performance.now() - readStarted;
        const setup = createVoiceSetup({
          models: manager(),
          ...(options.cloud && { allowCloud: true }),
          ...(options.model && { model: options.model }),
        });
        try {
          // Hotkey-down: the model is loaded before the audio ends, as it is on the desktop.
          const loadStarted = performance.now();
          await setup.router.warm();
          const modelLoadMs = performance.now() - loadStarted;
          const session = new ListenSession(setup.router);
          const chunk = SPEECH_RATE / 10;
          for (let i = 0; i < audio.samples.length; i += chunk) session.push(audio.samples.subarray(i, i + chunk));
          const zone = ctx.options.tz ?? systemTimeZone();
          // The assistant reads the transcript itself; the Command here is what the report shows.
          const assistant = { apply: (_command: ParsedCommand, transcript: string) => ctx.call('assistant.say', { text: transcript }) };
          const result = await finishVoiceCommand<ParsedCommand, Turn>(session, (text) => parseCommand(text, { zone }), assistant);
          // A dead input is the machine in the way (exit 1); not catching the words is an answer.
          if (result.kind === 'microphone-problem') throw new ApiError('unavailable', result.message);
          const info = setup.local?.modelInfo;
          const notes = [info && !info.hasWeights ? `Note: ${NO_WEIGHTS}.` : ''].filter(Boolean);
          const report: ListenReport = {
            result,
            timings: { readMs, modelLoadMs },
            ...(setup.model && { model: { path: setup.model.path, ...(info && { hasWeights: info.hasWeights }) } }),
            note: notes.join('\n'),
          };
          const applied = result.kind === 'command' && result.applied?.outcome === 'applied';
          ctx.print({ ...report, audioMs: durationMs(audio), applied }, () => formatListen(report));
        } finally {
          await setup.close();
        }
      }),
    );
}
