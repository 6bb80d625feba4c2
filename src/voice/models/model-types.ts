// What the model manager reports, free of Node: the api contract, which the renderer loads, names it.

export type ModelState = 'installed' | 'partial' | 'missing' | 'wrong-size';

export interface ModelStatus {
  name: string;
  file: string;
  path: string;
  bytes: number;
  description: string;
  state: ModelState;
  /** What a `.partial` file already holds: a download run again continues from there. */
  partialBytes?: number;
  active: boolean;
}

export interface ActiveModel {
  path: string;
  /** Where the choice came from: a command's option, the environment, `models use`, or the first installed pinned model. */
  source: 'option' | 'environment' | 'settings' | 'installed';
  /** The pinned model's name, when it is one. */
  name?: string;
}

export interface VerifyResult {
  name: string;
  path: string;
  ok: boolean;
  detail: string;
}
