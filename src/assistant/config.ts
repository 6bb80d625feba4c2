/** What kind of event a new one is, for its default length. */
export type EventKind = 'meeting' | 'call' | 'breakfast' | 'brunch' | 'lunch' | 'dinner' | 'focus' | 'reminder';

export interface WorkingHours {
  /** Local wall times in the user's zone, HH:mm. */
  start: string;
  end: string;
  /** ISO weekdays (1 = Monday ... 7 = Sunday). */
  days: readonly number[];
}

export interface AssistantConfig {
  /** Default length in minutes of a new event of each kind, when the person gives none. */
  durations: Readonly<Record<EventKind, number>>;
  workingHours: WorkingHours;
  /** Kept free around existing busy blocks when looking for a slot. */
  bufferMinutes: number;
  /** Slots start on this grid of local wall time (15: :00, :15, :30, :45). */
  slotStepMinutes: number;
  /** A clarifying question waits this long for its answer; then the context is gone. */
  conversationTtlMs: number;
  /** How far ahead an event named without a time is looked for. */
  lookaheadDays: number;
  /** How far ahead free time or a focus block is looked for when no window is given. */
  searchDays: number;
  /** How many nearest free slots a double booking offers instead. */
  alternatives: number;
  /** The time of day of a reminder given only a date ("remind me to pay rent tomorrow"). */
  reminderTime: string;
  /** Where new events go; the first writable calendar when absent. */
  calendarId?: string;
}

export const DEFAULT_CONFIG: AssistantConfig = {
  durations: { meeting: 30, call: 30, breakfast: 45, brunch: 90, lunch: 60, dinner: 90, focus: 120, reminder: 15 },
  workingHours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
  bufferMinutes: 0,
  slotStepMinutes: 15,
  conversationTtlMs: 3 * 60_000,
  lookaheadDays: 30,
  searchDays: 7,
  alternatives: 2,
  reminderTime: '09:00',
};

export interface AssistantConfigInput extends Partial<Omit<AssistantConfig, 'durations' | 'workingHours'>> {
  durations?: Partial<Record<EventKind, number>>;
  workingHours?: Partial<WorkingHours>;
}

export function resolveConfig(input: AssistantConfigInput = {}): AssistantConfig {
  return {
    ...DEFAULT_CONFIG,
    ...input,
    durations: { ...DEFAULT_CONFIG.durations, ...input.durations },
    workingHours: { ...DEFAULT_CONFIG.workingHours, ...input.workingHours },
  };
}
