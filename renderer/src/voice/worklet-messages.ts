/** 50 ms at 16 kHz: the waveform moves 20 times a second and each message stays small. */
export const CHUNK_SAMPLES = 800;

/** What the page and the capture worklet say to each other over its port. */
export type WorkletMessage =
  | { type: 'chunk'; pcm: Int16Array }
  /** Page to worklet at key-up: post what is buffered now. */
  | { type: 'flush' }
  /** Worklet to page: everything captured so far has been posted. */
  | { type: 'flushed' };
