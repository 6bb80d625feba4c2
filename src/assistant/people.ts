import type { Attendee } from '../domain/event';
import { normalizeWord } from './title-words';

/** Whether a name said ("dana") is this attendee: by first or last name, or the e-mail's local part. */
export function isPerson(name: string, attendee: Pick<Attendee, 'name' | 'email'>): boolean {
  const wanted = normalizeWord(name);
  const parts = [...(attendee.name ?? '').split(/\s+/), ...(attendee.email ?? '').split('@')[0]!.split(/[._-]/)];
  return parts.some((part) => part.length > 0 && normalizeWord(part) === wanted);
}
