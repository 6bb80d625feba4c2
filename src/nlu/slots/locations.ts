import { IN_IDIOMS } from '../lexicon/common-words';
import { PLACE_NAME_WORDS, STREET_WORDS, VENUES } from '../lexicon/event-words';
import { inflections } from '../lexicon/inflect';
import { isKnownWord } from '../lexicon/known-words';
import type { TokenView } from '../temporal/token-view';
import { stripPossessive } from '../tokens';
import type { Occupancy, SlotDraft } from './draft';

/**
 * Where an event happens: "at the library", "to my sister's house" (the house, the sister being
 * an attendee), "at jack's place", "in goshen new york", "at 1760 Polk Street". Taken only after
 * a preposition of place, without its article.
 */
export function tagLocations(v: TokenView, occupancy: Occupancy): SlotDraft[] {
  const found: SlotDraft[] = [];
  for (let i = 0; i < v.length; i += 1) {
    const preposition = v.word(i);
    if (!PLACE_PREPOSITIONS.has(preposition) || !occupancy.isFree(i)) continue;
    const start = afterDeterminers(v, occupancy, i + 1);
    if (start === undefined || !v.joined(start)) continue;
    // "move it to friday", "add dana to the list": after "to", only a journey leads to a named
    // place, and a name takes no article ("going to a Property viewing" is no place).
    const named = preposition !== 'to' || (TRAVEL_WORDS.has(v.previous(i)) && start === i + 1);
    const slot = venueAt(v, occupancy, start) ?? (named ? namedPlaceAt(v, occupancy, start, start > i + 1) : undefined);
    if (slot) {
      occupancy.claim(slot);
      found.push(slot);
      i = slot.to;
    }
  }
  return found;
}

const PLACE_PREPOSITIONS = new Set(['at', 'in', 'to', 'from', 'near', 'inside', 'outside', '@']);
/** Words of going somewhere, after which "to" leads to a place: "coming to sacramento", "a trip to cuba". */
const TRAVEL_WORDS: ReadonlySet<string> = new Set(
  ['go', 'come', 'fly', 'drive', 'travel', 'head', 'walk', 'ride', 'return', 'commute', 'sail', 'relocate']
    .flatMap(inflections)
    .concat(['went', 'gone', 'came', 'flew', 'flown', 'drove', 'driven', 'rode', 'trip', 'trips', 'flight', 'flights', 'journey', 'visit', 'way']),
);
const DETERMINERS = new Set(['the', 'a', 'an', 'my', 'our', 'his', 'her', 'their', 'your']);

/** Skips "the", "my" and an attendee's possessive ("my sisters"): where the place name begins. */
function afterDeterminers(v: TokenView, occupancy: Occupancy, i: number): number | undefined {
  let j = i;
  while (DETERMINERS.has(v.next(j))) j += 1;
  const owner = occupancy.ownerOf(j);
  if (owner?.value?.kind === 'attendee' && owner.value.attendee === 'relation') j = owner.to + 1;
  return j < v.length ? j : undefined;
}

/** A phrase of up to three words ending in a venue noun: "the public library", "jack's place". */
function venueAt(v: TokenView, occupancy: Occupancy, start: number): SlotDraft | undefined {
  for (let k = start; k < Math.min(v.length, start + 3); k += 1) {
    if (!occupancy.isFree(k) || (k > start && !v.joined(k))) return undefined;
    const word = v.word(k);
    if (VENUES.has(word)) {
      if (v.next(k + 1) !== '' && VENUES.has(v.next(k + 1)) && occupancy.isFree(k + 1)) continue;
      // "bistro italia", "Cafe Roma": a venue noun that opens its own name
      let to = k;
      while (occupancy.isFree(to + 1) && v.joined(to + 1) && (isNameWord(v, to + 1))) to += 1;
      if (to === k && NUMBERED_VENUES.has(word) && occupancy.isFree(k + 1) && UNIT_NUMBER.test(v.next(k + 1))) to = k + 1;
      return place(v, start, to);
    }
    if (isKnownWord(stripPossessive(word)) && k > start) return undefined;
  }
  return undefined;
}

/** Venues known by a number or a letter: "room four", "building 12", "court b". */
const NUMBERED_VENUES = new Set(['room', 'building', 'hall', 'studio', 'court', 'field', 'lab', 'suite', 'floor', 'gate', 'terminal', 'platform']);
const UNIT_NUMBER = /^(?:\d{1,4}[a-z]?|[b-z])$/;

/**
 * A proper name of a place: capitalised words in typed text ("in Boston", "at 1760 Polk
 * Street"), words outside every lexicon in speech ("in cuba", "in goshen new york").
 */
function namedPlaceAt(v: TokenView, occupancy: Occupancy, start: number, hadDeterminer: boolean): SlotDraft | undefined {
  if (IN_IDIOMS.has(v.word(start))) return undefined;
  let to = start - 1;
  let named = false;
  for (let k = start; k < v.length && occupancy.isFree(k) && (k === start || v.joined(k)); k += 1) {
    const token = v.tokens[k];
    const word = v.word(k);
    if (!token) break;
    const unknown = !isKnownWord(stripPossessive(word)) && !/^\d/.test(word);
    const capitalised = token.capitalised || (k === start && /^\p{Lu}/u.test(token.raw) && k > 0);
    const addressNumber = k === start && /^\d{2,5}$/.test(word) && isCapitalised(v, k + 1);
    const street = named && STREET_WORDS.has(word);
    if (!(unknown || capitalised || addressNumber || street || PLACE_NAME_WORDS.has(word))) break;
    named ||= unknown || capitalised;
    to = k;
  }
  if (!named || to < start || (hadDeterminer && !v.tokens[start]?.capitalised)) return undefined;
  return place(v, start, to);
}

function isNameWord(v: TokenView, i: number): boolean {
  const token = v.tokens[i];
  return token !== undefined && (token.capitalised || !isKnownWord(stripPossessive(token.norm)));
}

function isCapitalised(v: TokenView, i: number): boolean {
  return v.joined(i) && /^\p{Lu}/u.test(v.tokens[i]?.raw ?? '');
}

function place(v: TokenView, from: number, to: number): SlotDraft {
  const name = v.tokens.slice(from, to + 1).map((t) => t.raw).join(' ');
  return { type: 'location', from, to, value: { kind: 'location', name } };
}
