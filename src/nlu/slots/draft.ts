import type { SlotType, SlotValue } from '../command';
import type { TemporalMeaning } from '../temporal/types';

/** A slot while the parser is still working: token positions (inclusive), value if known. */
export interface SlotDraft {
  readonly type: SlotType;
  readonly from: number;
  readonly to: number;
  readonly value?: SlotValue;
  /** For time slots: what the phrase means, to be resolved against "now" at the end. */
  readonly temporal?: TemporalMeaning;
}

/** Marks words that belong to no slot: a wake word or filler ("hey tempo", "um"). */
const SET_ASIDE: SlotDraft = { type: 'event_title', from: -1, to: -1 };

/** Which tokens a slot already owns: one token belongs to at most one slot. */
export class Occupancy {
  private readonly owner: (SlotDraft | undefined)[];

  constructor(size: number) {
    this.owner = new Array<SlotDraft | undefined>(size).fill(undefined);
  }

  setAside(i: number): void {
    this.owner[i] = SET_ASIDE;
  }

  isFree(i: number): boolean {
    return i >= 0 && i < this.owner.length && this.owner[i] === undefined;
  }

  areFree(from: number, to: number): boolean {
    for (let i = from; i <= to; i += 1) if (!this.isFree(i)) return false;
    return true;
  }

  ownerOf(i: number): SlotDraft | undefined {
    const owner = this.owner[i];
    return owner === SET_ASIDE ? undefined : owner;
  }

  claim(slot: SlotDraft): void {
    for (let i = slot.from; i <= slot.to; i += 1) this.owner[i] = slot;
  }
}
