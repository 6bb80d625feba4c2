import { FIRST_NAMES } from '../lexicon/first-names';
import { EVENT_NOUNS, VENUES } from '../lexicon/event-words';
import { FUNCTION_WORDS } from '../lexicon/function-words';
import { isKnownWord } from '../lexicon/known-words';
import { RELATIONS, ROLE_HEADS } from '../lexicon/people-words';
import type { TokenView } from '../temporal/token-view';
import { isPossessive, stripPossessive } from '../tokens';
import type { Occupancy, SlotDraft } from './draft';

/**
 * People in a command: named ("dana", "Evan Parker", "sally's") or named by relation ("my
 * boss", "the cfo", "the vp of the department", "mom"). Names are recognised from a lexicon of
 * given names, from capital letters in typed text, and from places only a person fits ("meet
 * ___", "with ___ and ___").
 */
export function tagAttendees(v: TokenView, occupancy: Occupancy): SlotDraft[] {
  const found: SlotDraft[] = [];
  let i = 0;
  while (i < v.length) {
    const slot = occupancy.isFree(i) ? relationAt(v, occupancy, i) ?? personAt(v, occupancy, i) : undefined;
    if (slot) {
      occupancy.claim(slot);
      found.push(slot);
      i = slot.to + 1;
    } else {
      i += 1;
    }
  }
  return found;
}

/** Words before a name that say a person follows. */
const PERSON_CUES = new Set(['with', 'invite', 'meet', 'call', 'email', 'text', 'message', 'see', 'seeing', 'visit', 'visiting', 'ask', 'tell', 'remind', 'pick', 'include', 'add', 'uninvite', 'w', 'and']);

/** People one has appointments with: said alone, they name the appointment. */
const APPOINTMENT_RELATIONS = new Set(['dentist', 'doctor', 'doc', 'physician', 'dermatologist', 'pediatrician', 'psychiatrist', 'therapist', 'counselor', 'counsellor', 'vet', 'lawyer', 'attorney', 'accountant']);

/** Given names that are also common words: people only where the sentence says so. */
const AMBIGUOUS_NAMES = new Set([
  'mark', 'bill', 'will', 'grace', 'joy', 'faith', 'rose', 'ray', 'max', 'holly', 'ruby', 'dawn', 'sandy', 'misty',
  'gene', 'jan', 'june', 'april', 'pat', 'sue', 'don', 'frank', 'angel', 'crystal', 'amber', 'rob', 'hunter', 'mason',
  'austin', 'jordan', 'georgia', 'carol', 'lance', 'wade', 'dean', 'glen', 'penny', 'ed', 'al', 'jo', 'lee', 'jack',
  'summer', 'sidney', 'hank', 'ivy', 'may', 'chase', 'miles', 'art', 'pearl', 'violet', 'iris', 'olive', 'victoria',
  'virginia', 'brooke', 'cameron', 'sydney', 'logan', 'jean', 'trevor', 'eve', 'kelly', 'lily', 'ali',
]);

/**
 * A relation that opens a compound ending in an event noun names the event, not a person:
 * "doctor appointment", "team meeting", "parent teacher conference".
 */
function opensEventName(v: TokenView, i: number): boolean {
  for (let k = i; k < i + 3 && v.joined(k) && !FUNCTION_WORDS.has(v.word(k)); k += 1) {
    if (EVENT_NOUNS.has(v.word(k))) return true;
  }
  return false;
}

function relationAt(v: TokenView, occupancy: Occupancy, i: number): SlotDraft | undefined {
  const hasThe = v.word(i) === 'the' && v.joined(i + 1);
  const j = hasThe ? i + 1 : i;
  const word = v.word(j);
  const base = stripPossessive(word);
  if (!RELATIONS.has(base) || !occupancy.isFree(j)) return undefined;
  if (!isPossessive(word) && opensEventName(v, j + 1)) return undefined;
  // "cancel the dentist", "when is my therapist": the appointment, unless the person is met.
  if (APPOINTMENT_RELATIONS.has(base) && !isPossessive(word) && !PERSON_CUES.has(wordBeforeDeterminers(v, j))) return undefined;
  let to = j;
  // "the vp of the department", "the head of sales"
  if (ROLE_HEADS.has(base) && v.next(j + 1) === 'of') {
    const k = v.next(j + 2) === 'the' ? j + 3 : j + 2;
    if (v.joined(k) && !isKnownWordExceptTeam(v.word(k)) && occupancy.isFree(k)) to = k;
  }
  // "best friend", "mother in law"
  if ((base === 'mother' || base === 'father' || base === 'sister' || base === 'brother') && v.next(j + 1) === 'in' && v.next(j + 2) === 'law') to = j + 2;
  const from = hasThe ? i : j;
  const name = v.tokens.slice(from, to + 1).map((t) => t.norm).join(' ');
  return { type: 'attendee', from, to, value: { kind: 'attendee', attendee: 'relation', name } };
}

function wordBeforeDeterminers(v: TokenView, i: number): string {
  let k = i;
  while (['the', 'my', 'our', 'your', 'his', 'her', 'their'].includes(v.previous(k))) k -= 1;
  return v.previous(k);
}

/** "the department", "the board": departments are not proper names but do follow "of the". */
function isKnownWordExceptTeam(word: string): boolean {
  return isKnownWord(word) && !['department', 'team', 'company', 'board', 'sales', 'marketing', 'engineering', 'finance'].includes(word);
}

function personAt(v: TokenView, occupancy: Occupancy, i: number): SlotDraft | undefined {
  if (!isNameAt(v, occupancy, i)) return undefined;
  const word = v.word(i);
  // "jack's place" is a place, named after its owner.
  if (isPossessive(word) && VENUES.has(v.next(i + 1))) return undefined;
  let to = i;
  // A surname: a capitalised word, or an unknown one, right after the given name.
  if (!isPossessive(word) && occupancy.isFree(i + 1) && v.joined(i + 1)) {
    const next = v.tokens[i + 1];
    const nextWord = v.word(i + 1);
    const capitalisedPair = next?.capitalised === true && v.tokens[i]?.capitalised === true && !isKnownWord(stripPossessive(nextWord));
    const unknown = !isKnownWord(stripPossessive(nextWord)) && !FIRST_NAMES.has(stripPossessive(nextWord));
    if (capitalisedPair || unknown) to = i + 1;
  }
  const name = v.tokens.slice(i, to + 1).map((t) => stripPossessive(t.norm)).join(' ');
  return { type: 'attendee', from: i, to, value: { kind: 'attendee', attendee: 'person', name } };
}

function isNameAt(v: TokenView, occupancy: Occupancy, i: number): boolean {
  const token = v.tokens[i];
  if (!token || !occupancy.isFree(i)) return false;
  const base = stripPossessive(token.norm);
  const listed = continuesPersonList(v, occupancy, i);
  if (FIRST_NAMES.has(base)) {
    if (!AMBIGUOUS_NAMES.has(base) || listed || token.capitalised || PERSON_CUES.has(v.previous(i))) return true;
    return isPossessive(token.norm) && EVENT_NOUNS.has(v.next(i + 1));
  }
  if (isKnownWord(base)) return false;
  return listed || STRONG_PERSON_CUES.has(v.previous(i));
}

/** Words after which any unknown word is a name: "with xiaoming", "meet reveca". */
const STRONG_PERSON_CUES = new Set(['with', 'invite', 'uninvite', 'w', 'meet']);

/** "with mike, jim and bob": a word after "and" or a comma that follows a person. */
function continuesPersonList(v: TokenView, occupancy: Occupancy, i: number): boolean {
  const before = v.previous(i);
  const last = before === 'and' || before === '&' ? i - 2 : v.tokens[i]?.breakBefore ? i - 1 : -1;
  const owner = last >= 0 ? occupancy.ownerOf(last) : undefined;
  return owner?.value?.kind === 'attendee' && owner.value.attendee === 'person';
}
