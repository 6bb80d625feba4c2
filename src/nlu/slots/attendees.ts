import { FIRST_NAMES } from '../lexicon/first-names';
import { EVENT_NOUNS, PLACE_NAME_WORDS, STREET_WORDS, VENUES } from '../lexicon/event-words';
import { PARTS_OF_DAY } from '../lexicon/calendar-words';
import { FUNCTION_WORDS, LIGHT_VERBS, REQUEST_VERBS } from '../lexicon/function-words';
import { isKnownWord } from '../lexicon/known-words';
import { RELATIONS, ROLE_HEADS } from '../lexicon/people-words';
import type { TokenView } from '../temporal/token-view';
import { isPossessive, stripPossessive } from '../tokens';
import type { Occupancy, SlotDraft } from './draft';

/**
 * People in a command: named ("dana", "Evan Parker", "sally's") or named by relation ("my
 * boss", "the cfo", "the vp of the department", "mom"). Names are recognised from a lexicon of
 * given names, from capital letters in typed text, and from places only a person fits ("meet
 * ___", "with ___ and ___", "my friend ___", "___ birthday").
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
  'grant', 'guy', 'drew', 'cliff', 'clay', 'rod', 'rocky', 'rusty', 'ginger', 'junior', 'pierce', 'chuck', 'opal',
  'noel', 'madison', 'jackson', 'florence', 'orlando', 'savannah', 'santiago', 'bea', 'rowan',
]);

/**
 * A relation that opens a compound ending in an event noun names the event, not a person:
 * "doctor appointment", "team meeting", "parent teacher conference"; so does a group before
 * an activity: "team building", "family camping".
 */
function opensEventName(v: TokenView, relation: string, i: number): boolean {
  if (GROUPS.has(relation) && isActivity(v.next(i))) return true;
  for (let k = i; k < i + 3 && v.joined(k) && !FUNCTION_WORDS.has(v.word(k)); k += 1) {
    if (EVENT_NOUNS.has(v.word(k))) return true;
  }
  return false;
}

/** Relations that name a group of people, and so can qualify what the group does. */
const GROUPS = new Set(['team', 'family', 'staff', 'board', 'class', 'crew', 'squad', 'department', 'club']);

/** "building", "bonding", "camping": a verb's -ing form used as the name of an activity. */
function isActivity(word: string): boolean {
  return word.length > 5 && word.endsWith('ing') && !FUNCTION_WORDS.has(word) && !LIGHT_VERBS.has(word) && !REQUEST_VERBS.has(word) && !PARTS_OF_DAY.has(word);
}

function relationAt(v: TokenView, occupancy: Occupancy, i: number): SlotDraft | undefined {
  const hasThe = v.word(i) === 'the' && v.joined(i + 1);
  const j = hasThe ? i + 1 : i;
  const word = v.word(j);
  const base = stripPossessive(word);
  if (!occupancy.isFree(j)) return undefined;
  if (TITLES.has(word) && isTitledName(v, occupancy, j + 1)) {
    // "dr azadeh jafarnia": a given name and a surname
    const surname = !isPossessive(v.word(j + 1)) && isTitledName(v, occupancy, j + 2);
    return relation(v, j, surname ? j + 2 : j + 1);
  }
  if (!RELATIONS.has(base)) return undefined;
  if (!isPossessive(word) && opensEventName(v, base, j + 1)) return undefined;
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
  // "the sales team", "my soccer team": the group's trade or sport is part of its name.
  if (!hasThe && GROUPS.has(base) && isGroupQualifier(v, occupancy, j - 1)) {
    const from = v.previous(j - 1) === 'the' && occupancy.isFree(j - 2) ? j - 2 : j - 1;
    return relation(v, from, to);
  }
  return relation(v, hasThe ? i : j, to);
}

function isGroupQualifier(v: TokenView, occupancy: Occupancy, i: number): boolean {
  const word = v.word(i);
  return v.joined(i + 1) && occupancy.isFree(i) && !FUNCTION_WORDS.has(word) && !FIRST_NAMES.has(word) && !isKnownWordExceptTeam(word);
}

function relation(v: TokenView, from: number, to: number): SlotDraft {
  const name = v.tokens.slice(from, to + 1).map((t) => t.norm).join(' ');
  return { type: 'attendee', from, to, value: { kind: 'attendee', attendee: 'relation', name } };
}

/** Titles of the people one sees in their role: "dr greens", "professor li's". */
const TITLES = new Set(['dr', 'doctor', 'doc', 'professor', 'prof', 'coach']);

/** The surname after a title: a given name or a word outside every lexicon ("lopez's"). */
function isTitledName(v: TokenView, occupancy: Occupancy, i: number): boolean {
  const base = stripPossessive(v.word(i));
  return v.joined(i) && occupancy.isFree(i) && (FIRST_NAMES.has(base) || !isKnownWord(base));
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
  if (!isPossessive(word) && !isUnmarkedPossessive(word) && occupancy.isFree(i + 1) && v.joined(i + 1)) {
    const next = v.tokens[i + 1];
    const nextWord = v.word(i + 1);
    const capitalisedPair = next?.capitalised === true && v.tokens[i]?.capitalised === true && !isKnownWord(stripPossessive(nextWord));
    const unknown = !isKnownWord(stripPossessive(nextWord)) && !FIRST_NAMES.has(stripPossessive(nextWord));
    if (capitalisedPair || unknown) to = i + 1;
  }
  // "the maggie rogers concert": the performer's name is part of what the event is called.
  if (!isPossessive(v.word(to)) && PERFORMANCES.has(v.next(to + 1))) return undefined;
  if (namesPlace(v, i, to)) return undefined;
  const name = v.tokens.slice(i, to + 1).map((t) => stripPossessive(t.norm)).join(' ');
  return { type: 'attendee', from: i, to, value: { kind: 'attendee', attendee: 'person', name } };
}

/** "san francisco", "600 wilbur avenue", "300 hilary way": a given name inside a place's name. */
function namesPlace(v: TokenView, from: number, to: number): boolean {
  const before = v.previous(from);
  return PLACE_NAME_WORDS.has(before) || /^\d{2,5}$/.test(before) || STREET_WORDS.has(v.next(to + 1));
}

/** Transcripts drop the apostrophe: "sams business" is sam's business, not a Mr Business. */
function isUnmarkedPossessive(word: string): boolean {
  return word.endsWith('s') && !FIRST_NAMES.has(word) && FIRST_NAMES.has(word.slice(0, -1));
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
  return listed || STRONG_PERSON_CUES.has(v.previous(i)) || followsRelation(v, occupancy, i) || ownsBirthday(v, i);
}

/** "add bola birthday", "remind me about swatishs birthday": whose birthday, the apostrophe unsaid. */
function ownsBirthday(v: TokenView, i: number): boolean {
  return BIRTHDAYS.has(v.next(i + 1)) && !DETERMINERS.has(v.previous(i));
}

const BIRTHDAYS = new Set(['birthday', 'birthdays', 'bday']);
const DETERMINERS = new Set(['a', 'an', 'the', 'my', 'our', 'your', 'his', 'her', 'their', 'this', 'that', 'next']);

/** "my friend sams", "my boss xiaoming": a word nobody knows, right after a relation, is their name. */
function followsRelation(v: TokenView, occupancy: Occupancy, i: number): boolean {
  const owner = v.previous(i) === '' ? undefined : occupancy.ownerOf(i - 1);
  // A capitalised "Kids" opens a proper name ("Kinder Cuts Kids Hair Salon"), not a relation.
  return owner?.value?.kind === 'attendee' && owner.value.attendee === 'relation' && !isPossessive(v.word(i - 1)) && v.tokens[i - 1]?.capitalised !== true;
}

/** Events named after who performs in them. */
const PERFORMANCES = new Set(['concert', 'concerts', 'show', 'shows', 'gig', 'gigs', 'tour', 'performance', 'recital']);

/** Words after which any unknown word is a name: "with xiaoming", "meet reveca". */
const STRONG_PERSON_CUES = new Set(['with', 'invite', 'uninvite', 'w', 'meet']);

/** "with mike, jim and bob": a word after "and" or a comma that follows a person. */
function continuesPersonList(v: TokenView, occupancy: Occupancy, i: number): boolean {
  const before = v.previous(i);
  const last = before === 'and' || before === '&' ? i - 2 : v.tokens[i]?.breakBefore ? i - 1 : -1;
  const owner = last >= 0 ? occupancy.ownerOf(last) : undefined;
  return owner?.value?.kind === 'attendee' && owner.value.attendee === 'person';
}
