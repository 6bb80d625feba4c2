/**
 * Words of titles and of what people say about events, compared loosely: case, possessives,
 * simple plurals and split compounds ("Stand-up" / "standups") do not matter.
 */

/** Words that say an event is meant without saying which one. */
export const GENERIC_WORDS: ReadonlySet<string> = new Set([
  'meeting', 'appointment', 'event', 'thing', 'session', 'one', 'invite', 'invitation', 'calendar', 'entry', 'booking', 'slot',
]);

export function normalizeWord(word: string): string {
  const plain = word.toLowerCase().replace(/['’]s$|['’]$/u, '').replace(/[^\p{L}\p{N}]/gu, '');
  return plain.length > 3 && plain.endsWith('s') && !plain.endsWith('ss') ? plain.slice(0, -1) : plain;
}

/** A title's words, plus each pair of neighbours joined ("stand", "up" -> "standup"). */
export function titleWordSet(title: string): Set<string> {
  const words = title.split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(normalizeWord);
  const set = new Set(words);
  for (let i = 0; i + 1 < words.length; i += 1) set.add(normalizeWord(`${words[i]}${words[i + 1]}`));
  return set;
}

/** "design review" -> "Design review"; named people keep their capitals ("lunch with Priya"). */
export function titleFromWords(words: string, names: readonly string[] = []): string {
  const people = new Set(names.map((name) => name.toLowerCase()));
  const text = words
    .trim()
    .split(/\s+/)
    .map((word) => (people.has(word.toLowerCase()) ? capitalize(word) : word))
    .join(' ');
  return capitalize(text);
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
