// @ts-check
// tickwire.js: the Tickwire protocol's client half for browsers, as ES modules with no
// dependencies. Served by every Tickwire node at /tickwire.js, the one entry pages import; the
// modules beside it (/tickwire/*.js) are its parts. Documented in docs/js.md.
//
// It keeps the Java SDK's promises: reconnect with capped exponential backoff and full jitter,
// resume every topic from its cursor with duplicates dropped, local books that check seq and
// the CRC32 checksum and resync on a mismatch, an account mirror, session events apart from data
// events, and order commands tracked through ack, receipt and, when the connection died in
// between, reconciliation over REST. Its state words are the Java SDK's.

import { CloseCode, CommandState, ErrorCode, State, SubscriptionState } from './tickwire/codes.js';
import { TrackedCommand, recordCommandEvent, updateCommand } from './tickwire/command.js';
import { Subscription, TopicStream, safely } from './tickwire/subscription.js';

export { AccountMirror } from './tickwire/account.js';
export { LocalBook, bookChecksum, crc32 } from './tickwire/book.js';
export {
  CloseCode, CommandState, ErrorCode, PROTOCOL_VERSION, State, SubscriptionState,
} from './tickwire/codes.js';
export { TrackedCommand } from './tickwire/command.js';
export {
  addDecimals, compareDecimals, fromUnits, isZeroDecimal, scaleOf, subtractDecimals, toUnits,
} from './tickwire/decimal.js';
export { Subscription } from './tickwire/subscription.js';

/** @typedef {import('./tickwire/subscription.js').TopicEvent} TopicEvent */
/** @typedef {import('./tickwire/subscription.js').TopicHandler} TopicHandler */
/** @typedef {import('./tickwire/command.js').Receipt} Receipt */

/**
 * A session event: the connection's news, apart from the subscriptions' data (docs/js.md lists
 * every `type` and its fields). `at` is when it happened, ms since the Unix epoch.
 * @typedef {{type: string, at?: number, [field: string]: any}} SessionEvent
 */

/**
 * @typedef {object} ClientOptions
 * @property {string} url the node's WebSocket URL, e.g. ws://host:8080/ws
 * @property {string | null} [token] a JWT; without one only public topics are served
 * @property {() => (string | null | Promise<string | null>)} [tokenProvider] a fresh JWT for the same
 *   user: asked refreshBeforeMs before the token expires and sent on the live connection, and asked
 *   again when the server refuses the token, so a long-lived page never drops for an expiry
 * @property {number} [refreshBeforeMs] how long before expiry the token is refreshed (default 60 s)
 * @property {string} [restUrl] base of the REST API (default: the url's origin over http(s))
 * @property {{initialMs?: number, maxMs?: number}} [backoff] reconnect waits (default 500 ms to 30 s)
 * @property {{intervalMs?: number, timeoutMs?: number}} [heartbeat] a ping after intervalMs without a
 *   frame; the connection is given up as dead after timeoutMs without one (default 10 s and 30 s).
 *   Browsers answer the server's WebSocket pings but do not show them to the page, so a half-open
 *   connection would otherwise look quiet, not dead.
 * @property {boolean} [cancelOnDisconnect] ask the server to cancel this connection's orders when it ends
 * @property {() => number} [random] the jitter's source of [0, 1) numbers (tests)
 * @property {new (url: string) => WebSocket} [WebSocket] the WebSocket constructor (tests)
 */

/**
 * The wait before reconnection attempt `attempt` (0 for the first retry): uniform in
 * [0, min(maxMs, initialMs * 2^attempt)] (full jitter), so that clients cut off together do not
 * come back together.
 * @param {number} attempt
 * @param {{initialMs?: number, maxMs?: number}} [policy]
 * @param {() => number} [random]
 * @returns {number}
 */
export function backoffDelay(attempt, { initialMs = 500, maxMs = 30000 } = {}, random = Math.random) {
  const cap = Math.min(maxMs, initialMs * Math.pow(2, Math.min(Math.max(attempt, 0), 52)));
  return Math.floor(random() * (cap + 1));
}

/** Lookups of an unknown outcome that failed for a reason that may pass retry with this backoff, as Java's do. */
const LOOKUP_BACKOFF = { initialMs: 250, maxMs: 10000 };
/** Refusals that retrying a subscribe on the next connection may get past; any other is final. */
const PASSING_ERRORS = new Set([ErrorCode.RATE_LIMITED, ErrorCode.INTERNAL]);

/**
 * A connection to a Tickwire node that stays up: it reconnects, resumes and checks, and tells the
 * page what it is doing through session events.
 *
 *   const client = new TickwireClient({url: 'ws://127.0.0.1:8080/ws', token});
 *   client.on('session', (e) => console.log(e.type, e));
 *   client.subscribe('trades.BTC-USDT', (event) => console.log(event.data.price));
 *   await client.connect();  // connected and authenticated: orders can go out
 */
export class TickwireClient {
  // Settings.
  /** @type {string} */ #url;
  /** @type {string} */ #restUrl;
  /** @type {string | null} */ #token;
  /** @type {(() => (string | null | Promise<string | null>)) | null} */ #tokenProvider;
  /** @type {number} */ #refreshBeforeMs;
  /** @type {{initialMs: number, maxMs: number}} */ #backoff;
  /** @type {{intervalMs: number, timeoutMs: number}} */ #heartbeat;
  /** @type {boolean} */ #cancelOnDisconnect;
  /** @type {() => number} */ #random;
  /** @type {new (url: string) => WebSocket} */ #WebSocket;
  // The connection.
  /** @type {string} */ #state;
  /** @type {WebSocket | null} */ #socket;
  /** @type {boolean} auth.ok (or no token) on the current socket */ #authenticated;
  /** @type {boolean} */ #everConnected;
  /** @type {string | null} */ #userId;
  /** @type {number} */ #reconnects;
  /** @type {number} failed attempts since the last frame: the next backoff's exponent */ #attempt;
  /** @type {number | null} */ #lastMessageAt;
  /** @type {number} */ #lastFrameAt;
  /** @type {number} a shutdown notice's reconnect_after_ms, added to the next wait */ #noticeDelay;
  /** @type {string | null} the server's words for a refused token, for the close that follows */ #refusal;
  /** @type {number} */ #nextId;
  /** @type {number | null} the id of a token refresh sent on the live connection */ #refreshId;
  /** @type {ReturnType<typeof setTimeout> | undefined} */ #retryTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */ #refreshTimer;
  /** @type {ReturnType<typeof setInterval> | undefined} */ #heartbeatTimer;
  /**
   * What connect() returned while not connected: settled by the next authentication, or a close.
   * @type {{promise: Promise<TickwireClient>, resolve: (c: TickwireClient) => void, reject: (e: Error) => void} | null}
   */
  #connecting;
  /** @type {{session: Set<(event: SessionEvent) => void>, state: Set<(state: string, previous: string) => void>}} */
  #listeners;
  // Subscriptions and commands.
  /** @type {Map<string, TopicStream>} */ #streams;
  /** @type {Map<number, TrackedCommand>} by the request id every command is sent with and replies echo */ #commands;
  /** @type {Map<string, TrackedCommand>} by client_order_id, for the account topic's events */ #trackedOrders;
  /** @type {Map<number, {resolve: (m: any) => void, reject: (e: Error) => void, replyType: string}>} */
  #pendingRequests;
  /** @type {string} */ #clientOrderPrefix;
  /** @type {number} */ #clientOrderSeq;

  /** @param {ClientOptions} options */
  constructor(options) {
    if (!options || typeof options.url !== 'string') throw new TypeError('TickwireClient: options.url is required');
    this.#url = options.url;
    this.#restUrl = options.restUrl || options.url.replace(/^ws/, 'http').replace(/\/ws(\?.*)?$/, '');
    this.#token = options.token || null;
    this.#tokenProvider = options.tokenProvider || null;
    this.#refreshBeforeMs = options.refreshBeforeMs ?? 60000;
    this.#backoff = { initialMs: 500, maxMs: 30000, ...(options.backoff || {}) };
    this.#heartbeat = { intervalMs: 10000, timeoutMs: 30000, ...(options.heartbeat || {}) };
    this.#cancelOnDisconnect = !!options.cancelOnDisconnect;
    this.#random = options.random || Math.random;
    this.#WebSocket = options.WebSocket || globalThis.WebSocket;
    this.#state = State.CONNECTING;
    this.#socket = null;
    this.#authenticated = false;
    this.#everConnected = false;
    this.#userId = null;
    this.#reconnects = 0;
    this.#attempt = 0;
    this.#lastMessageAt = null;
    this.#lastFrameAt = 0;
    this.#noticeDelay = 0;
    this.#refusal = null;
    this.#nextId = 1;
    this.#refreshId = null;
    this.#retryTimer = undefined;
    this.#refreshTimer = undefined;
    this.#heartbeatTimer = undefined;
    this.#connecting = null;
    this.#listeners = { session: new Set(), state: new Set() };
    this.#streams = new Map();
    this.#commands = new Map();
    this.#trackedOrders = new Map();
    this.#pendingRequests = new Map();
    this.#clientOrderPrefix = 'tw' + Math.floor(this.#random() * 36 ** 6).toString(36);
    this.#clientOrderSeq = 0;
  }

  /** One of `State`: `connecting`, `connected`, `degraded`, `closed`. */
  get state() { return this.#state; }
  /** The user of the accepted token, or null (anonymous, or not authenticated yet). */
  get userId() { return this.#userId; }
  /** The token in use, or null. */
  get token() { return this.#token; }
  /** Reconnections since the client was made. */
  get reconnects() { return this.#reconnects; }
  /** When the last frame arrived (ms since the Unix epoch), or null. */
  get lastMessageAt() { return this.#lastMessageAt; }

  /**
   * Registers a listener of 'state' (`fn(state, previous)` on every change) or 'session'
   * (`fn(event)` for the connection's news); returns its remover.
   * @param {'state' | 'session'} type
   * @param {(...args: any[]) => void} listener
   * @returns {() => void}
   */
  on(type, listener) {
    const set = /** @type {Set<(...args: any[]) => void> | undefined} */ (this.#listeners[type]);
    if (!set) throw new TypeError("TickwireClient.on: 'session' or 'state', was " + type);
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Opens the connection (and keeps it open until close()). Resolves with the client once it is
   * connected and authenticated (at once when it is), so an order sent then goes out; while the
   * connection is down it waits for the next one. Rejects when the client is closed first, or the
   * token is refused and there is no other (close code 4001): the error's `code` and `reason` say
   * so. Calling it again is harmless.
   * @returns {Promise<TickwireClient>}
   */
  connect() {
    if (this.#state !== State.CLOSED && this.#socket === null && this.#retryTimer === undefined) this.#open();
    return this.#whenConnected();
  }

  /** Closes for good: no reconnect; commands awaiting receipts become `unknown_execution`. */
  close() {
    this.#setState(State.CLOSED);
    clearInterval(this.#heartbeatTimer);
    clearTimeout(this.#refreshTimer);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const socket = this.#socket;
    this.#socket = null;
    this.#authenticated = false;
    if (socket) socket.close(CloseCode.NORMAL, 'client closed');
    this.#connectionLost('the client was closed');
    for (const command of this.#commands.values()) {
      updateCommand(command, CommandState.UNKNOWN_EXECUTION, {}, true);
    }
    this.#commands.clear();
  }

  /**
   * Replaces the token: the connection is opened again with it, and every subscription resumed.
   * null: anonymous (public topics only). Reopens a closed client.
   * @param {string | null} token
   */
  setToken(token) {
    this.#token = token || null;
    this.#userId = null;
    // Another token may be another user: the account stream's cursor and mirror are not theirs.
    const account = this.#streams.get('account');
    if (account) {
      account.cursor = null;
      account.account?.clear();
    }
    const s = this.#socket;
    this.#socket = null;
    if (s) {
      s.close(CloseCode.NORMAL, 'new token');
      this.#connectionLost('a new token');
    }
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#setState(State.CONNECTING);
    this.#open();
  }

  /**
   * Subscribes to a topic. `handler(event, book)` gets its events in seq order, each once
   * (snapshots and `gap` messages included), after the local book or account mirror applied
   * them; `book` is the topic's LocalBook for `book.*` topics, else null. Several subscriptions
   * of one topic share it.
   * @param {string} topic
   * @param {TopicHandler} [handler]
   * @returns {Subscription}
   */
  subscribe(topic, handler) {
    let stream = this.#streams.get(topic);
    if (!stream) {
      stream = new TopicStream(topic);
      this.#streams.set(topic, stream);
      if (this.#live()) this.#sendSubscribe(stream);
    }
    const mine = stream;
    return new Subscription(mine, handler ?? null, () => {
      if (mine.holders > 0 || this.#streams.get(topic) !== mine) return;
      this.#streams.delete(topic);
      mine.move(SubscriptionState.UNSUBSCRIBED);
      if (this.#live()) this.#send({ type: 'unsubscribe', id: this.#nextId++, topic });
    });
  }

  /**
   * The local book of a subscribed `book.<market>`, or null.
   * @param {string} market
   * @returns {import('./tickwire/book.js').LocalBook | null}
   */
  book(market) {
    return this.#streams.get('book.' + market)?.book ?? null;
  }

  /**
   * The account mirror of a subscribed `account` topic, or null.
   * @returns {import('./tickwire/account.js').AccountMirror | null}
   */
  account() {
    return this.#streams.get('account')?.account ?? null;
  }

  /**
   * Every subscribed topic's cursor (null before its first event).
   * @returns {Record<string, {epoch: string, seq: number} | null>}
   */
  cursors() {
    /** @type {Record<string, {epoch: string, seq: number} | null>} */
    const out = {};
    for (const [topic, s] of this.#streams) out[topic] = s.cursor ? { ...s.cursor } : null;
    return out;
  }

  /** Events dropped as duplicates on resume, over every topic. */
  duplicatesDropped() {
    let n = 0;
    for (const s of this.#streams.values()) n += s.duplicates;
    return n;
  }

  /**
   * Places an order: {market, side, order_type, tif, price?, qty, client_order_id?, deadline?},
   * prices and quantities as decimal strings. A client_order_id is made when absent, so that an
   * unknown outcome can be looked up.
   * @param {{market: string, side: string, order_type: string, tif?: string, price?: string, qty: string,
   *   client_order_id?: string, deadline?: number}} order
   * @returns {TrackedCommand}
   */
  place(order) {
    const message = { type: 'order.place', ...order };
    if (!message.client_order_id) message.client_order_id = this.#clientOrderId();
    return this.#command(message);
  }

  /**
   * Cancels by {order_id} or {client_order_id}.
   * @param {{order_id?: number, client_order_id?: string}} which
   * @returns {TrackedCommand}
   */
  cancel(which) {
    return this.#command({ type: 'order.cancel', ...which });
  }

  /**
   * Amends {order_id | client_order_id, price?, qty?}.
   * @param {{order_id?: number, client_order_id?: string, price?: string, qty?: string}} change
   * @returns {TrackedCommand}
   */
  amend(change) {
    return this.#command({ type: 'order.amend', ...change });
  }

  /**
   * Cancels every open order, or those in `market`.
   * @param {string} [market]
   * @returns {TrackedCommand}
   */
  cancelAll(market) {
    return this.#command(market ? { type: 'order.cancel_all', market } : { type: 'order.cancel_all' });
  }

  /**
   * Arms the dead man's switch (every open order canceled `timeoutMs` after the last arming);
   * 0 disarms. Resolves with the server's trigger_at (null when disarmed).
   * @param {number} timeoutMs
   * @returns {Promise<number | null>}
   */
  cancelAllAfter(timeoutMs) {
    return this.#request({ type: 'order.cancel_all_after', timeout_ms: timeoutMs }, 'cancel_all_after')
      .then((m) => m.trigger_at);
  }

  /**
   * Turns cancel on disconnect on or off for this connection, and every later one.
   * @param {boolean} enabled
   * @returns {Promise<boolean>}
   */
  setCancelOnDisconnect(enabled) {
    this.#cancelOnDisconnect = !!enabled;
    if (this.#live() && this.#userId !== null) {
      return this.#request({ type: 'session.cancel_on_disconnect', enabled: this.#cancelOnDisconnect },
        'session.cancel_on_disconnect').then((m) => m.enabled);
    }
    return Promise.resolve(this.#cancelOnDisconnect);
  }

  /**
   * A request to the node's REST API with this client's token; resolves with the JSON body or
   * rejects with an Error carrying `status` and `code`.
   * @param {string} path e.g. /api/v1/orders?status=open
   * @param {RequestInit} [init]
   * @returns {Promise<any>}
   */
  async rest(path, init = {}) {
    /** @type {Record<string, string>} */
    const headers = { ...(/** @type {Record<string, string>} */ (init.headers || {})) };
    if (this.#token) headers.Authorization = 'Bearer ' + this.#token;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(this.#restUrl + path, { ...init, headers });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw Object.assign(new Error(body?.message || response.statusText),
        { status: response.status, code: body?.code });
    }
    return body;
  }

  // --- connection ------------------------------------------------------------------------------

  #live() {
    return this.#socket !== null && this.#socket.readyState === 1 && this.#authenticated;
  }

  /** @returns {Promise<TickwireClient>} */
  #whenConnected() {
    if (this.#live()) return Promise.resolve(this);
    if (this.#state === State.CLOSED) {
      const closed = Promise.reject(Object.assign(new Error('the client is closed'),
        { code: CloseCode.NORMAL, reason: 'closed' }));
      closed.catch(() => {}); // rejected for those who wait, not reported for those who do not
      return closed;
    }
    if (!this.#connecting) {
      /** @type {(c: TickwireClient) => void} */
      let resolve = () => {};
      /** @type {(e: Error) => void} */
      let reject = () => {};
      const promise = new Promise((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // A page that never awaits connect() hears of a refusal through the 'closed' session event.
      promise.catch(() => {});
      this.#connecting = { promise, resolve, reject };
    }
    return this.#connecting.promise;
  }

  #open() {
    if (this.#state === State.CLOSED) return;
    this.#retryTimer = undefined;
    this.#authenticated = false;
    const socket = new this.#WebSocket(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#lastFrameAt = Date.now();
      this.#startHeartbeat(socket);
      if (this.#token) {
        this.#send({ type: 'auth', id: this.#nextId++, token: this.#token });
      } else {
        this.#onAuthenticated();
      }
    };
    socket.onmessage = (m) => {
      if (this.#socket !== socket) return;
      this.#lastMessageAt = Date.now();
      this.#lastFrameAt = this.#lastMessageAt;
      // A frame arrived: this connection works, so the next loss starts its backoff afresh.
      this.#attempt = 0;
      let message;
      try {
        message = JSON.parse(m.data);
      } catch (e) {
        this.#session({ type: 'error', message: 'a frame that is not JSON: ' + String(m.data).slice(0, 80) });
        return;
      }
      this.#dispatch(message);
    };
    socket.onclose = (e) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#lost(e.code, e.reason);
    };
    socket.onerror = () => {
      // onclose follows with the code; nothing to do here.
    };
  }

  /**
   * Pings a quiet connection, and gives up on one silent past the timeout without waiting for TCP to notice.
   * @param {WebSocket} socket
   */
  #startHeartbeat(socket) {
    clearInterval(this.#heartbeatTimer);
    const every = Math.max(100, Math.min(this.#heartbeat.intervalMs, this.#heartbeat.timeoutMs / 3));
    this.#heartbeatTimer = setInterval(() => {
      if (this.#socket !== socket) {
        clearInterval(this.#heartbeatTimer);
        return;
      }
      const quiet = Date.now() - this.#lastFrameAt;
      if (quiet >= this.#heartbeat.timeoutMs) {
        clearInterval(this.#heartbeatTimer);
        this.#socket = null;
        socket.close(CloseCode.HEARTBEAT_TIMEOUT, 'no frame for ' + quiet + ' ms');
        this.#lost(CloseCode.HEARTBEAT_TIMEOUT, 'no frame for ' + quiet + ' ms: the connection is given up as dead');
      } else if (quiet >= this.#heartbeat.intervalMs && socket.readyState === 1) {
        socket.send(JSON.stringify({ type: 'ping' }));
      }
    }, every);
  }

  /** The connection is open and the token accepted (or there is none): connected. */
  #onAuthenticated() {
    this.#authenticated = true;
    if (this.#cancelOnDisconnect && this.#userId !== null) {
      this.#send({ type: 'session.cancel_on_disconnect', id: this.#nextId++, enabled: true });
    }
    for (const stream of this.#streams.values()) this.#sendSubscribe(stream);
    this.#everConnected = true;
    this.#setState(State.CONNECTED);
    const waiting = this.#connecting;
    this.#connecting = null;
    waiting?.resolve(this);
    this.#reconcileUnknown();
  }

  /**
   * What every end of a connection undoes: subscriptions wait for the next one, commands in doubt
   * become unknown, one-reply requests fail.
   * @param {string} why
   */
  #connectionLost(why) {
    this.#authenticated = false;
    clearTimeout(this.#refreshTimer);
    for (const stream of this.#streams.values()) {
      stream.pendingId = null;
      stream.move(SubscriptionState.SUBSCRIBING);
    }
    for (const command of this.#commands.values()) {
      if (command.state === CommandState.SENT || command.state === CommandState.ACKED) {
        updateCommand(command, CommandState.UNKNOWN_EXECUTION);
      }
    }
    for (const pending of this.#pendingRequests.values()) pending.reject(new Error('connection lost: ' + why));
    this.#pendingRequests.clear();
  }

  /**
   * @param {number} code
   * @param {string} reason
   */
  #lost(code, reason) {
    this.#connectionLost(reason || 'closed with ' + code);
    if (this.#state === State.CLOSED) return;
    if (code === CloseCode.UNAUTHORIZED && this.#tokenProvider) {
      this.#renewAfterRefusal(reason);
      return;
    }
    if (code === CloseCode.UNAUTHORIZED) {
      // The token was refused: retrying with the same token cannot help.
      const why = this.#refusal || reason || 'unauthorized';
      this.#setState(State.CLOSED, code, why);
      this.#session({ type: 'closed', code, reason: why });
      return;
    }
    const attempt = this.#attempt;
    const delay = backoffDelay(attempt, this.#backoff, this.#random) + this.#noticeDelay;
    this.#noticeDelay = 0;
    this.#attempt++;
    this.#setState(this.#everConnected ? State.DEGRADED : State.CONNECTING);
    this.#session({ type: 'disconnected', code, reason: reason || '', retryInMs: delay, attempt });
    this.#retryTimer = setTimeout(() => {
      this.#reconnects++;
      this.#open();
    }, delay);
  }

  /**
   * A refused token (expired, say) with a provider: reconnect at once with a fresh one, or close if there is none.
   * @param {string} reason
   */
  #renewAfterRefusal(reason) {
    const refused = this.#token;
    const why = this.#refusal || reason || 'unauthorized';
    this.#setState(this.#everConnected ? State.DEGRADED : State.CONNECTING);
    this.#session({ type: 'disconnected', code: CloseCode.UNAUTHORIZED, reason: why, retryInMs: 0,
      attempt: this.#attempt });
    /** @param {string} detail */
    const giveUp = (detail) => {
      this.#setState(State.CLOSED, CloseCode.UNAUTHORIZED, why + detail);
      this.#session({ type: 'closed', code: CloseCode.UNAUTHORIZED, reason: why + detail });
    };
    const provider = /** @type {() => (string | null | Promise<string | null>)} */ (this.#tokenProvider);
    Promise.resolve().then(() => provider()).then((fresh) => {
      if (this.#state === State.CLOSED) return;
      if (!fresh || fresh === refused) {
        giveUp('; the token provider has no other token');
        return;
      }
      this.#token = fresh;
      this.#refusal = null;
      this.#reconnects++;
      this.#open();
    }, (e) => giveUp('; the token provider failed: ' + (e?.message ?? e)));
  }

  /**
   * Asks the provider for a fresh token refreshBeforeMs before this one expires, and sends it on this connection.
   * @param {number | undefined} expiresAt
   */
  #scheduleRefresh(expiresAt) {
    clearTimeout(this.#refreshTimer);
    const provider = this.#tokenProvider;
    if (!provider || typeof expiresAt !== 'number') return;
    const socket = this.#socket;
    const delay = Math.max(0, expiresAt - Date.now() - this.#refreshBeforeMs);
    this.#refreshTimer = setTimeout(() => {
      Promise.resolve().then(() => provider()).then((fresh) => {
        if (this.#socket !== socket || !this.#live() || !fresh) return;
        this.#token = fresh;
        this.#refreshId = this.#nextId++;
        this.#send({ type: 'auth', id: this.#refreshId, token: fresh });
      }, (e) => {
        this.#session({ type: 'error', code: 'token_provider', message: 'the token provider failed: '
          + (e?.message ?? e) + '; asking again in 5 s' });
        if (this.#socket === socket) this.#scheduleRefresh(Date.now() + this.#refreshBeforeMs + 5000);
      });
    }, delay);
  }

  /**
   * @param {string} state
   * @param {number} [code] for CLOSED: the close code that connect() rejects with
   * @param {string} [reason]
   */
  #setState(state, code = CloseCode.NORMAL, reason = 'closed') {
    if (state === State.CLOSED && this.#connecting) {
      const waiting = this.#connecting;
      this.#connecting = null;
      waiting.reject(Object.assign(new Error('not connected: ' + reason), { code, reason }));
    }
    if (this.#state === state) return;
    const previous = this.#state;
    this.#state = state;
    for (const l of this.#listeners.state) safely(l, state, previous);
  }

  /** @param {SessionEvent} event */
  #session(event) {
    event.at = Date.now();
    for (const l of this.#listeners.session) safely(l, event);
  }

  /** @param {object} message */
  #send(message) {
    /** @type {WebSocket} */ (this.#socket).send(JSON.stringify(message));
  }

  // --- subscriptions ---------------------------------------------------------------------------

  /** @param {TopicStream} stream */
  #sendSubscribe(stream) {
    const id = this.#nextId++;
    stream.pendingId = id;
    stream.awaitingSnapshot = false;
    stream.move(SubscriptionState.SUBSCRIBING);
    /** @type {{type: string, id: number, topic: string, since?: {epoch: string, seq: number}}} */
    const message = { type: 'subscribe', id, topic: stream.topic };
    if (stream.cursor) message.since = { epoch: stream.cursor.epoch, seq: stream.cursor.seq };
    this.#send(message);
  }

  /**
   * Throws the topic's copy away and subscribes afresh (a snapshot follows), on this connection.
   * @param {TopicStream} stream
   * @param {string} why
   */
  #resync(stream, why) {
    this.#session({ type: 'resync', topic: stream.topic, reason: why });
    if (!this.#live()) return;
    this.#send({ type: 'unsubscribe', id: this.#nextId++, topic: stream.topic });
    if (why !== 'hole') stream.cursor = null;
    this.#sendSubscribe(stream);
  }

  /** @param {any} m a server message */
  #dispatch(m) {
    switch (m.type) {
      case 'auth.ok':
        if (this.#authenticated && m.id != null && m.id === this.#refreshId) {
          // A fresh token on the live connection: subscriptions carry on untouched.
          this.#session({ type: 'token.refreshed', expiresAt: m.expires_at });
        } else {
          this.#userId = m.user_id;
          this.#session({ type: 'authenticated', userId: m.user_id, expiresAt: m.expires_at });
          this.#onAuthenticated();
        }
        this.#scheduleRefresh(m.expires_at);
        return;
      case 'subscribed': {
        const stream = this.#streams.get(m.topic);
        if (stream && stream.pendingId === m.id) {
          stream.pendingId = null;
          // Without a replay a snapshot follows where the topic has one: live once it is in.
          if (m.recovered === false && stream.hasSnapshots) stream.awaitingSnapshot = true;
          else stream.move(SubscriptionState.SUBSCRIBED);
        }
        return;
      }
      case 'gap': {
        const stream = this.#streams.get(m.topic);
        if (stream) {
          // The events up to to_seq are not coming: the cursor moves past them (the snapshot, if
          // any, follows), and the page is told plainly what it missed.
          stream.cursor = m.to_seq != null ? { epoch: m.epoch, seq: m.to_seq } : null;
          this.#session({ type: 'gap', topic: m.topic, epoch: m.epoch, fromSeq: m.from_seq, toSeq: m.to_seq,
            reason: m.reason });
          for (const h of stream.handlers) safely(h, m, stream.book);
        }
        return;
      }
      case 'unsubscribed':
      case 'pong':
        return;
      case 'ack':
      case 'receipt':
      case 'cancel_all_after':
      case 'session.cancel_on_disconnect':
        this.#reply(m);
        return;
      case 'error':
        this.#error(m);
        return;
      case 'notice':
        if (m.reconnect_after_ms) this.#noticeDelay = m.reconnect_after_ms;
        this.#session({ type: 'notice', code: m.code, message: m.message, reconnectAfterMs: m.reconnect_after_ms });
        return;
      default:
        if (typeof m.topic === 'string' && typeof m.seq === 'number') this.#event(m);
    }
  }

  /** @param {TopicEvent} event */
  #event(event) {
    const stream = this.#streams.get(event.topic);
    if (!stream || stream.pendingId !== null) return; // unsubscribed, or events of a subscription being replaced
    switch (stream.classify(event)) {
      case 'duplicate':
        stream.duplicates++;
        return;
      case 'hole':
        this.#resync(stream, 'hole');
        return;
      default:
    }
    stream.cursor = { epoch: event.epoch, seq: event.seq };
    if (stream.book) {
      const problem = stream.book.apply(event);
      if (problem) {
        this.#session({ type: 'book.invalidated', market: stream.book.market, ...problem });
        if (problem.reason !== 'invalidated') this.#resync(stream, problem.reason);
      }
    }
    if (stream.account) stream.account.apply(event);
    if (stream.awaitingSnapshot && (event.type === 'book.snapshot' || event.type === 'account.snapshot')) {
      stream.awaitingSnapshot = false;
      if (stream.pendingId === null) stream.move(SubscriptionState.SUBSCRIBED);
    }
    if (event.topic === 'account') this.#accountEvent(event);
    for (const h of stream.handlers) safely(h, event, stream.book);
  }

  // --- commands --------------------------------------------------------------------------------

  #clientOrderId() {
    return this.#clientOrderPrefix + '-' + Date.now().toString(36) + '-' + (++this.#clientOrderSeq);
  }

  /**
   * @param {{type: string, id?: number, client_order_id?: string, order_id?: number, [field: string]: any}} message
   * @returns {TrackedCommand}
   */
  #command(message) {
    if (!this.#live()) {
      return new TrackedCommand(message, { code: ErrorCode.NOT_CONNECTED,
        message: 'not connected: the command was not sent (await client.connect() first)' });
    }
    message.id = this.#nextId++;
    const command = new TrackedCommand(message);
    this.#commands.set(message.id, command);
    if (command.clientOrderId) this.#trackedOrders.set(command.clientOrderId, command);
    this.#send(message);
    return command;
  }

  /**
   * @param {{type: string, id?: number, [field: string]: any}} message
   * @param {string} replyType
   * @returns {Promise<any>}
   */
  #request(message, replyType) {
    if (!this.#live()) return Promise.reject(new Error('not connected'));
    const id = this.#nextId++;
    message.id = id;
    return new Promise((resolve, reject) => {
      this.#pendingRequests.set(id, { resolve, reject, replyType });
      this.#send(message);
    });
  }

  /** @param {any} m an ack, receipt or one-reply answer */
  #reply(m) {
    const pending = this.#pendingRequests.get(m.id);
    if (pending && m.type === pending.replyType) {
      this.#pendingRequests.delete(m.id);
      pending.resolve(m);
      return;
    }
    const command = this.#commands.get(m.id);
    if (!command) return;
    if (m.type === 'ack') {
      updateCommand(command, command.state === CommandState.SENT ? CommandState.ACKED : null,
        { requestId: m.request_id });
    } else if (m.type === 'receipt') {
      this.#commands.delete(m.id);
      updateCommand(command, m.status === 'accepted' ? CommandState.ACCEPTED : CommandState.REJECTED,
        { receipt: m, orderId: m.order_id });
    }
  }

  /** @param {any} m an error */
  #error(m) {
    if (m.code === ErrorCode.UNAUTHORIZED && !this.#authenticated && this.#token) {
      this.#refusal = m.message;
      this.#session({ type: 'error', code: m.code, message: 'token refused: ' + m.message });
      return;
    }
    const pending = this.#pendingRequests.get(m.id);
    if (pending) {
      this.#pendingRequests.delete(m.id);
      pending.reject(Object.assign(new Error(m.message), { code: m.code }));
      return;
    }
    const command = this.#commands.get(m.id);
    if (command) {
      this.#commands.delete(m.id);
      // Dropped at the rate limit, it never reached the sequencer: certainly not executed.
      updateCommand(command, m.code === ErrorCode.RATE_LIMITED ? CommandState.NOT_EXECUTED : CommandState.REJECTED,
        { error: { code: m.code, message: m.message, field: m.field } });
      return;
    }
    for (const stream of this.#streams.values()) {
      if (stream.pendingId === m.id) {
        stream.pendingId = null;
        this.#session({ type: 'error', code: m.code, message: stream.topic + ': ' + m.message, topic: stream.topic });
        // A refusal is final (an unknown topic, a token that may not read it); a dropped subscribe
        // is tried again on the next connection.
        if (!PASSING_ERRORS.has(m.code)) {
          this.#streams.delete(stream.topic);
          stream.refuse(m.code + ': ' + m.message);
        }
        return;
      }
    }
    this.#session({ type: 'error', code: m.code, message: m.message });
  }

  /** @param {TopicEvent} event */
  #accountEvent(event) {
    const d = event.data;
    if (event.type !== 'order.update' && event.type !== 'trade') return;
    for (const command of this.#trackedOrders.values()) {
      const mine = (d.client_order_id != null && d.client_order_id === command.clientOrderId)
        || (d.order_id != null && d.order_id === command.orderId);
      if (mine) recordCommandEvent(command, event);
    }
    if (event.type === 'order.update' && ['FILLED', 'CANCELED', 'REJECTED'].includes(d.status)
        && d.client_order_id != null) {
      const command = this.#trackedOrders.get(d.client_order_id);
      if (command && command.state !== CommandState.SENT && command.state !== CommandState.ACKED) {
        this.#trackedOrders.delete(d.client_order_id);
      }
    }
  }

  /** Looks up each command whose outcome is unknown, over REST: the order by client_order_id or order_id. */
  #reconcileUnknown() {
    for (const [id, command] of this.#commands) {
      if (command.state !== CommandState.UNKNOWN_EXECUTION) continue;
      this.#commands.delete(id);
      this.#lookUp(command, 0);
    }
  }

  /**
   * One lookup of an unknown outcome: the server has the order (synchronized), or has none
   * (not_executed); a failure that may pass is retried with backoff, one that cannot settles it
   * as unknown.
   * @param {TrackedCommand} command
   * @param {number} attempt
   */
  #lookUp(command, attempt) {
    const query = command.kind === 'order.cancel_all' ? null
      : command.clientOrderId != null ? '/api/v1/orders?client_order_id=' + encodeURIComponent(command.clientOrderId)
        : command.orderId != null ? '/api/v1/orders/' + command.orderId : null;
    if (query === null) {
      // Nothing to look up (a cancel-all): the outcome stays unknown; sending it again is safe.
      updateCommand(command, null, {}, true);
      return;
    }
    this.rest(query).then((body) => {
      /** @type {import('./tickwire/account.js').Order | null} */
      const order = Array.isArray(body) ? (body[0] ?? null) : body;
      const stillOpen = order !== null && (order.status === 'NEW' || order.status === 'PARTIALLY_FILLED');
      const notExecuted = order === null || (command.kind === 'order.cancel' && stillOpen);
      updateCommand(command, notExecuted ? CommandState.NOT_EXECUTED : CommandState.SYNCHRONIZED,
        { reconciled: order, orderId: order?.order_id ?? null });
    }, (error) => {
      if (error.status === 404) {
        updateCommand(command, CommandState.NOT_EXECUTED, { reconciled: null });
      } else if (error.status === 400 || error.status === 401 || error.status === 403
          || this.#state === State.CLOSED) {
        // Retrying cannot get past this: the outcome stays unknown, with the reason.
        updateCommand(command, null, { error: { code: error.code ?? String(error.status), message: error.message } },
          true);
      } else {
        const delay = backoffDelay(attempt, LOOKUP_BACKOFF, this.#random);
        setTimeout(() => this.#lookUp(command, attempt + 1), delay);
      }
    });
  }
}
