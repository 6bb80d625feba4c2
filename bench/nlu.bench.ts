import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommand } from '../src/nlu/parse';
import { resolveTimes } from '../src/nlu/time/resolve';
import { measure, printTable, writeResults } from './support';

/**
 * Local understanding speed, warm: parse + resolve per command, over every sentence of the
 * shared SLURP and SGD development files (read here only as a source of realistic inputs).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.resolve(here, '../../shared/data');
const NOW = new Date('2026-11-25T10:00:00Z');
const ZONE = 'Europe/Berlin';

function sentences(file: string, field: 'sentence' | 'text'): string[] {
  return readFileSync(path.join(dataDir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => (JSON.parse(line) as Record<string, string>)[field]!)
    .filter((text): text is string => typeof text === 'string');
}

const spoken = sentences('slurp-calendar.dev.jsonl', 'sentence');
const typed = sentences('sgd-calendar.dev.jsonl', 'text');
const options = { now: NOW, zone: ZONE };

const timings = [
  measure('parse + resolve: spoken (SLURP)', spoken, (text) => parseCommand(text, options), { targetMs: 5 }),
  measure('parse + resolve: typed (SGD)', typed, (text) => parseCommand(text, options), { targetMs: 5 }),
  measure('time expressions only: spoken', spoken, (text) => resolveTimes(text, { now: NOW, zone: ZONE })),
];
printTable(`local understanding, warm (${spoken.length} spoken and ${typed.length} typed commands)`, timings);
writeResults(path.join(here, 'results', 'nlu.json'), { benchmark: 'nlu', params: { zone: ZONE, now: NOW.toISOString() }, timings });
