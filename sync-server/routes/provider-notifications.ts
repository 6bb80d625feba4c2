import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { HttpError, parseInput } from '../errors';
import { NOTIFICATION_PATHS } from '../providers/channels';
import type { ProviderService } from '../providers/service';

/**
 * The receivers of providers' change notifications. They sit outside device authentication (the
 * provider calls them) and trust a request only when it names a channel this server opened and
 * carries that channel's secret (docs/providers.md, "Change notifications"). A genuine
 * notification only asks for a prompt pass of the account; it is answered at once.
 */

/** Graph's validation token is short; a longer one is not Graph's, and is not echoed. */
const MAX_VALIDATION_TOKEN = 1024;

/** https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#receive-notifications */
const GraphNotificationsSchema = z.object({
  value: z
    .array(
      z.looseObject({
        subscriptionId: z.string().min(1).max(200),
        clientState: z.string().max(256).nullish(),
      }),
    )
    .min(1)
    .max(1000),
});

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function receiver(context: ServerContext): ProviderService {
  if (!context.providers) throw new HttpError(404, 'unknown-channel', 'this server has no provider accounts');
  return context.providers;
}

/** A JSON body read by hand: the receivers take any content type as text (see below). */
function jsonBody(body: unknown): unknown {
  if (typeof body !== 'string' || body.length === 0) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new HttpError(400, 'invalid-request', 'the notification body is not JSON');
  }
}

/**
 * Google's messages carry `Content-Type: application/json; utf-8` with an empty body, which the
 * server's JSON parser refuses; so in this scope every body is taken as text and read here.
 */
export async function registerProviderNotificationRoutes(app: FastifyInstance, context: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    registerReceivers(scope, context);
  });
}

function registerReceivers(app: FastifyInstance, context: ServerContext): void {
  /**
   * https://developers.google.com/calendar/api/guides/push#receiving-notifications: no body, the
   * channel in X-Goog-* headers; `sync` opens a channel and means no change. Any 2xx acknowledges.
   */
  app.post(NOTIFICATION_PATHS.google, async (request, reply) => {
    const channelId = header(request, 'x-goog-channel-id');
    const token = header(request, 'x-goog-channel-token');
    const state = header(request, 'x-goog-resource-state');
    if (!channelId || !state) throw new HttpError(400, 'invalid-request', 'not a Google Calendar notification (X-Goog-Channel-ID and X-Goog-Resource-State expected)');
    const providers = receiver(context);
    const check = await providers.checkNotification('google', channelId, token ?? '', header(request, 'x-goog-resource-id') ?? '');
    if (check.kind === 'unknown') throw new HttpError(404, 'unknown-channel', 'no such notification channel');
    if (check.kind === 'refused') throw new HttpError(403, 'notification-refused', 'the notification does not carry its channel’s token');
    if (state !== 'sync') await providers.notified(check.accountId);
    return reply.code(204).send();
  });

  /**
   * https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks: the validation
   * request (`?validationToken=`) is answered 200 with the token as text/plain; notifications
   * are answered 202 once every account they name has a pass requested.
   */
  app.post(NOTIFICATION_PATHS.microsoft, async (request, reply) => {
    const { validationToken } = request.query as { validationToken?: unknown };
    if (validationToken !== undefined) {
      if (typeof validationToken !== 'string' || validationToken.length === 0 || validationToken.length > MAX_VALIDATION_TOKEN) {
        throw new HttpError(400, 'invalid-request', 'a validation token must be one short text');
      }
      return reply.code(200).header('content-type', 'text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send(validationToken);
    }
    const { value } = parseInput(GraphNotificationsSchema, jsonBody(request.body), 'body');
    const providers = receiver(context);
    const accounts = new Set<string>();
    let refused = false;
    // A batch names each subscription once per change; one check per subscription is enough.
    const distinct = new Map(value.map((notification) => [`${notification.subscriptionId}\n${notification.clientState ?? ''}`, notification]));
    for (const notification of distinct.values()) {
      const check = await providers.checkNotification('microsoft', notification.subscriptionId, notification.clientState ?? '');
      if (check.kind === 'authentic') accounts.add(check.accountId);
      else refused ||= check.kind === 'refused';
    }
    if (accounts.size === 0 && refused) throw new HttpError(403, 'notification-refused', 'no notification carries its subscription’s clientState');
    if (accounts.size === 0) throw new HttpError(404, 'unknown-channel', 'no such subscription');
    for (const accountId of accounts) await providers.notified(accountId);
    return reply.code(202).send();
  });
}
