/** Text pre-processing shared by the NLU parts: spoken-form normalisation with offset maps. */
export { normalizeSpoken, type NormalizedText, type NormalizeOptions } from './normalize';
export { applyEdits, identityText, type MappedText, type TextEdit } from './offset-map';
export { readNumberWords, isNumberWord, ordinalSuffix, type NumberWordReading, type WordLike } from './number-words';
