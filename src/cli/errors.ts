/** A mistake in how the command was typed: reported in one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
