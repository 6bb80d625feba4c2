import type { z } from 'zod';
import { ApiError, type ApiErrorBody, type Reply } from '../api/errors';
import { contract, isMethodName, type Handlers } from '../api/contract';
import { StoreError, type StoreErrorCode } from '../store';

const STORE_TO_API: Record<StoreErrorCode, ApiError['code']> = {
  corrupt: 'unavailable',
  'cannot-open': 'unavailable',
  busy: 'unavailable',
  'newer-schema': 'unavailable',
  'read-only': 'read-only',
  'not-found': 'not-found',
  invalid: 'invalid-args',
};

/** One line per problem, naming the argument: "start: expected a date ...". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown argument${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return `${where}${issue.message}`;
    })
    .join('; ');
}

export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof ApiError) return error.toBody();
  if (error instanceof StoreError) return { code: STORE_TO_API[error.code], message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** The host's one entry point: checks the method and its arguments, runs it, wraps the outcome. */
export type Dispatch = (name: string, args: unknown) => Promise<Reply<unknown>>;

export function createDispatch(handlers: Handlers): Dispatch {
  return async (name, rawArgs) => {
    if (!isMethodName(name)) return { ok: false, error: { code: 'unknown-method', message: `unknown method "${name}"` } };
    const parsed = contract[name].args.safeParse(rawArgs ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'invalid-args', message: describeIssues(parsed.error) } };
    try {
      const handler = handlers[name] as (args: unknown) => unknown;
      return { ok: true, data: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error) };
    }
  };
}

/** Joins per-area handler maps, refusing two areas that define the same method. */
export function combineHandlers(...parts: Partial<Handlers>[]): Handlers {
  const combined: Partial<Handlers> = {};
  for (const part of parts) {
    for (const name of Object.keys(part) as (keyof Handlers)[]) {
      if (name in combined) throw new Error(`two handler maps define "${name}"`);
      (combined as Record<string, unknown>)[name] = part[name];
    }
  }
  const missing = Object.keys(contract).filter((name) => !(name in combined));
  if (missing.length > 0) throw new Error(`no handler for ${missing.join(', ')}`);
  return combined as Handlers;
}
