/** The version of the push/pull protocol that the client and the sync server speak. */
export const SYNC_PROTOCOL_VERSION = 1;
