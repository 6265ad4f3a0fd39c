// @ts-check
// The names of tickwire.js: states, close codes and error codes, in one place (part of the module
// served at /tickwire.js; import them from there). The state words are the Java SDK's
// (ConnectionStatus, CommandStatus) in lower case, so a page and a Java service log one language.

/** The protocol version this module speaks. */
export const PROTOCOL_VERSION = '1.1';

/**
 * Where the connection stands: the Java SDK's `ConnectionStatus`.
 * @readonly
 * @enum {string}
 */
export const State = Object.freeze({
  /** Not connected yet: the first connection is being opened (and retried). */
  CONNECTING: 'connecting',
  /** Open and authenticated (or anonymous): commands can be sent; subscriptions are (re)subscribing. */
  CONNECTED: 'connected',
  /** Was connected and lost the connection: what the page shows may be stale; reconnecting. */
  DEGRADED: 'degraded',
  /** Closed by close(), or by a refusal that retrying cannot fix (a bad token). */
  CLOSED: 'closed',
});

/**
 * Where an order command stands: the Java SDK's `CommandStatus`. `accepted`, `rejected`,
 * `synchronized` and `not_executed` are final; `unknown_execution` is final only when the
 * outcome cannot be looked up.
 * @readonly
 * @enum {string}
 */
export const CommandState = Object.freeze({
  /** Written to the socket; nothing heard yet. */
  SENT: 'sent',
  /** Queued for the sequencer (`ack`); not durable yet. */
  ACKED: 'acked',
  /** Cut off before its receipt: it may or may not have run. It is looked up over REST. */
  UNKNOWN_EXECUTION: 'unknown_execution',
  /** Final: the durable receipt said accepted. */
  ACCEPTED: 'accepted',
  /** Final: the receipt said rejected, or the gateway refused the request with an `error`. */
  REJECTED: 'rejected',
  /** Final: an unknown outcome looked up over REST: the server has the order (`reconciled`). */
  SYNCHRONIZED: 'synchronized',
  /**
   * Final: it certainly did not run (not connected, dropped at the rate limit, or not found by the
   * lookup). Sending it again with the same `client_order_id` is safe.
   */
  NOT_EXECUTED: 'not_executed',
});

/**
 * Where a subscription stands.
 * @readonly
 * @enum {string}
 */
export const SubscriptionState = Object.freeze({
  /** Waiting for a connection, the server's answer, or (books, account) the first snapshot; or resuming. */
  SUBSCRIBING: 'subscribing',
  /** Live: events flow in seq order. */
  SUBSCRIBED: 'subscribed',
  /** Over: unsubscribed, or refused by the server (`refusal` says why). */
  UNSUBSCRIBED: 'unsubscribed',
});

/**
 * WebSocket close codes: the protocol's (docs/protocol.md, "Close codes"), the RFC's the client
 * meets, and the one this client closes a dead connection with.
 * @readonly
 * @enum {number}
 */
export const CloseCode = Object.freeze({
  /** A normal close: close(), setToken(). */
  NORMAL: 1000,
  /** The server is going away (shutdown, restart); a `notice` says when to come back. */
  GOING_AWAY: 1001,
  /** A frame RFC 6455 forbids. */
  PROTOCOL_ERROR: 1002,
  /** The connection dropped without a close frame (the browser's code). */
  ABNORMAL: 1006,
  /** A message over the server's size limit. */
  MESSAGE_TOO_BIG: 1009,
  /** This client's own: no frame within the heartbeat's timeout, the connection given up as dead. */
  HEARTBEAT_TIMEOUT: 4000,
  /** The token was refused (bad, expired, revoked): retrying with it cannot help. */
  UNAUTHORIZED: 4001,
  /** The connection fell behind on a topic that must not lose events; resume from the cursors. */
  SLOW_CONSUMER: 4008,
  /** The connection sent too fast. */
  RATE_LIMITED: 4029,
});

/**
 * The `code` of an `error` (docs/protocol.md, "Errors and close codes"), and this client's own
 * `not_connected`.
 * @readonly
 * @enum {string}
 */
export const ErrorCode = Object.freeze({
  BAD_REQUEST: 'bad_request',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  UNKNOWN_TOPIC: 'unknown_topic',
  RATE_LIMITED: 'rate_limited',
  TOO_LARGE: 'too_large',
  INTERNAL: 'internal',
  /** This client's own: a command made while not connected, never sent. */
  NOT_CONNECTED: 'not_connected',
});
