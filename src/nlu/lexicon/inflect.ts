/** A whitespace-separated word list as an array. */
export function words(list: string): string[] {
  return list.trim().split(/\s+/);
}

/** The usual inflections of a regular verb: "prepare" -> prepares, prepared, preparing. */
export function inflections(verb: string): string[] {
  const stem = /[^aeiouy]e$/.test(verb) ? verb.slice(0, -1) : verb;
  const past = verb.endsWith('e') ? `${verb}d` : /[^aeiou]y$/.test(verb) ? `${verb.slice(0, -1)}ied` : `${verb}ed`;
  const third = /(?:s|sh|ch|x|z|o)$/.test(verb) ? `${verb}es` : /[^aeiou]y$/.test(verb) ? `${verb.slice(0, -1)}ies` : `${verb}s`;
  return [verb, third, past, `${stem}ing`];
}
