// tickwire.js: the Tickwire protocol's client half for browsers, as an ES module with no
// dependencies. Served by every Tickwire node at /tickwire.js; documented in docs/js.md.
//
// It keeps the Java SDK's promises: reconnect with capped exponential backoff and full jitter,
// resume every topic from its cursor with duplicates dropped, local books that check seq and
// the CRC32 checksum and resync on a mismatch, session events apart from data events, and order
// commands tracked through ack, receipt and, when the connection died in between, reconciliation
// over REST.

/** The protocol version this module speaks. */
export const PROTOCOL_VERSION = '1.1';

/** Connection states, in the order a healthy connection goes through them. */
export const State = Object.freeze({
  CONNECTING: 'connecting', // the first connection; nothing received yet
  CONNECTED: 'connected', // frames flow, every subscription is live
  RESUMING: 'resuming', // back after a loss; subscriptions are being resumed from their cursors
  DEGRADED: 'degraded', // the connection is lost: what the page shows may be stale; reconnecting
  CLOSED: 'closed', // closed by close(), or by a refusal retrying cannot fix (a bad token)
});

// ---------------------------------------------------------------------------------------------
// Checksum

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

const UTF8 = new TextEncoder();

/** CRC32 (IEEE, as java.util.zip.CRC32) of a string's UTF-8 bytes, unsigned. */
export function crc32(text) {
  let crc = 0xffffffff;
  for (const byte of UTF8.encode(text)) {
    crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The book checksum of docs/protocol.md: CRC32 of the best 10 asks (lowest first) then the best
 * 10 bids (highest first), each "price:qty" with the strings as received, joined with "|".
 */
export function bookChecksum(asks, bids) {
  const parts = [];
  for (const [price, qty] of asks.slice(0, 10)) parts.push(price + ':' + qty);
  for (const [price, qty] of bids.slice(0, 10)) parts.push(price + ':' + qty);
  return crc32(parts.join('|'));
}

// ---------------------------------------------------------------------------------------------
// Decimals: prices are compared exactly, as strings, never as floating point.

/** Compares two non-negative decimal strings by value ("85000.5" equals "85000.50"). */
export function compareDecimals(a, b) {
  const [ai, af = ''] = a.split('.');
  const [bi, bf = ''] = b.split('.');
  const aInt = ai.replace(/^0+(?=\d)/, '');
  const bInt = bi.replace(/^0+(?=\d)/, '');
  if (aInt.length !== bInt.length) return aInt.length < bInt.length ? -1 : 1;
  if (aInt !== bInt) return aInt < bInt ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const aFrac = af.padEnd(width, '0');
  const bFrac = bf.padEnd(width, '0');
  return aFrac === bFrac ? 0 : aFrac < bFrac ? -1 : 1;
}

/** Whether a decimal string is zero ("0", "0.000"). */
export function isZeroDecimal(value) {
  return /^0*(\.0*)?$/.test(value);
}

// ---------------------------------------------------------------------------------------------
// Backoff

/**
 * The wait before reconnection attempt `attempt` (0 for the first retry): uniform in
 * [0, min(maxMs, initialMs * 2^attempt)] (full jitter), so that clients cut off together do not
 * come back together.
 */
export function backoffDelay(attempt, { initialMs = 500, maxMs = 30000 } = {}, random = Math.random) {
  const cap = Math.min(maxMs, initialMs * Math.pow(2, Math.min(Math.max(attempt, 0), 52)));
  return Math.floor(random() * (cap + 1));
}

// ---------------------------------------------------------------------------------------------
// Local book

/**
 * One market's book, kept from book.snapshot and book.delta events. Every change is checked:
 * seq must follow on, and the checksum of the result must equal the server's. A failed check
 * makes the book invalid until a fresh snapshot (apply() says why).
 */
export class LocalBook {
  constructor(market) {
    this.market = market;
    this.bids = []; // [price, qty] strings, best (highest) first
    this.asks = []; // best (lowest) first
    this.epoch = null;
    this.seq = -1;
    this.valid = false;
    this.checksum = 0;
    this.checksOk = 0;
    this.checksFailed = 0;
  }

  /**
   * Applies a book event (the whole envelope). Returns null when the book is consistent, else a
   * problem: {reason: 'checksum'|'sequence'|'invalidated', ...}; the book is then invalid.
   */
  apply(event) {
    const data = event.data;
    switch (event.type) {
      case 'book.snapshot':
        this.bids = data.bids.map((l) => [l[0], l[1]]);
        this.asks = data.asks.map((l) => [l[0], l[1]]);
        this.epoch = event.epoch;
        this.seq = event.seq;
        return this.#check(data.checksum);
      case 'book.delta':
        if (!this.valid) return null; // waiting for a snapshot: deltas before it mean nothing
        if (event.epoch !== this.epoch || event.seq !== this.seq + 1) {
          this.valid = false;
          return { reason: 'sequence', expected: this.seq + 1, received: event.seq };
        }
        for (const [side, price, qty] of data.changes) {
          setLevel(side === 'buy' ? this.bids : this.asks, side === 'buy', price, qty);
        }
        this.seq = event.seq;
        return this.#check(data.checksum);
      case 'book.invalidated':
        this.valid = false;
        this.seq = event.seq;
        return { reason: 'invalidated', detail: data.reason };
      default:
        return null;
    }
  }

  #check(expected) {
    this.checksum = bookChecksum(this.asks, this.bids);
    if (this.checksum === expected) {
      this.valid = true;
      this.checksOk++;
      return null;
    }
    this.valid = false;
    this.checksFailed++;
    return { reason: 'checksum', expected, computed: this.checksum };
  }
}

function setLevel(levels, descending, price, qty) {
  let lo = 0;
  let hi = levels.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareDecimals(levels[mid][0], price);
    if (c === 0) {
      if (isZeroDecimal(qty)) levels.splice(mid, 1);
      else levels[mid] = [price, qty];
      return;
    }
    if (descending ? c > 0 : c < 0) lo = mid + 1;
    else hi = mid;
  }
  if (!isZeroDecimal(qty)) levels.splice(lo, 0, [price, qty]);
}

// ---------------------------------------------------------------------------------------------
// Streams: cursors, duplicates, gaps

const SNAPSHOTS = new Set(['book.snapshot', 'account.snapshot']);

/**
 * One subscribed topic: its cursor and its handlers. Decides what an arriving event is: the next
 * one, a duplicate to drop, or a hole that needs a resubscription.
 */
class TopicStream {
  constructor(topic) {
    this.topic = topic;
    this.handlers = new Set();
    this.cursor = null; // {epoch, seq} of the last event or snapshot processed
    this.pendingId = null; // the id of a subscribe not yet answered
    this.duplicates = 0;
    this.book = topic.startsWith('book.') ? new LocalBook(topic.slice(5)) : null;
  }

  /** 'deliver', 'duplicate' or 'hole'. */
  classify(event) {
    if (SNAPSHOTS.has(event.type) || event.type === 'book.invalidated') return 'deliver';
    const c = this.cursor;
    if (c === null || c.epoch !== event.epoch) return 'deliver'; // a gap message came first, or the first event
    if (event.seq <= c.seq) return 'duplicate';
    if (event.seq === c.seq + 1) return 'deliver';
    return 'hole';
  }
}

// ---------------------------------------------------------------------------------------------
// Orders

/** What a tracked command goes through. */
export const CommandState = Object.freeze({
  SENT: 'sent', // written to the socket
  ACKED: 'acked', // queued for the sequencer
  ACCEPTED: 'accepted', // durable receipt: accepted
  REJECTED: 'rejected', // durable receipt: rejected (code, message)
  REFUSED: 'refused', // the gateway answered an error: never queued
  UNKNOWN: 'unknown', // the connection died before the receipt: it may or may not have run
  RECONCILED: 'reconciled', // an unknown outcome looked up over REST (order, or null: never placed)
});

/**
 * One order command on its way: state, the ack, the receipt, the events that followed, and the
 * outcome as a promise. `done` resolves with the handle when the outcome is known (receipt,
 * refusal or reconciliation); it never rejects.
 */
class TrackedCommand {
  constructor(kind, message) {
    this.kind = kind;
    this.message = message;
    this.id = message.id;
    this.clientOrderId = message.client_order_id ?? null;
    this.orderId = message.order_id ?? null;
    this.state = CommandState.SENT;
    this.requestId = null;
    this.receipt = null;
    this.error = null;
    this.reconciled = undefined;
    this.events = [];
    this.history = [CommandState.SENT];
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    this.listeners = new Set();
  }

  /** Calls listener(handle) on every change; returns a function that stops it. */
  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  move(state) {
    this.state = state;
    this.history.push(state);
    this.#changed();
    if (state !== CommandState.SENT && state !== CommandState.ACKED && state !== CommandState.UNKNOWN) {
      this.resolveDone(this);
    }
  }

  event(e) {
    this.events.push(e);
    this.#changed();
  }

  #changed() {
    for (const l of this.listeners) {
      try {
        l(this);
      } catch (err) {
        console.error('tickwire: a command listener threw', err);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Client

const ORDER_COMMANDS = new Set(['order.place', 'order.cancel', 'order.amend', 'order.cancel_all', 'order.batch']);

/**
 * A connection to a Tickwire node that stays up: it reconnects, resumes and checks, and tells the
 * page what it is doing through session events.
 *
 *   const client = new TickwireClient({url: 'ws://127.0.0.1:8080/ws', token});
 *   client.on('session', (e) => console.log(e.type, e));
 *   client.subscribe('trades.BTC-USDT', (event) => console.log(event.data.price));
 *   client.connect();
 */
export class TickwireClient {
  /**
   * @param {object} options
   * @param {string} options.url        the node's WebSocket URL, e.g. ws://host:8080/ws
   * @param {string} [options.token]    a JWT; without one only public topics are served
   * @param {function} [options.tokenProvider] () => a fresh JWT (or a promise of one), for the same user: asked
   *        refreshBeforeMs before the token expires and sent on the live connection, and asked again when the
   *        server refuses the token, so a long-lived page never drops for an expiry
   * @param {number} [options.refreshBeforeMs] how long before expiry the token is refreshed (default 60 s)
   * @param {string} [options.restUrl]  base of the REST API (default: the url's origin over http(s))
   * @param {{initialMs:number,maxMs:number}} [options.backoff] reconnect waits (default 500 ms to 30 s)
   * @param {{intervalMs:number,timeoutMs:number}} [options.heartbeat] a ping after intervalMs without a frame;
   *        the connection is given up as dead after timeoutMs without one (default 10 s and 30 s). Browsers
   *        answer the server's WebSocket pings but do not show them to the page, so a half-open
   *        connection would otherwise look quiet, not dead.
   * @param {boolean} [options.cancelOnDisconnect] ask the server to cancel this connection's orders when it ends
   * @param {function} [options.random] the jitter's source of [0, 1) numbers (tests)
   * @param {function} [options.WebSocket] the WebSocket constructor (tests)
   */
  constructor(options) {
    if (!options || typeof options.url !== 'string') throw new TypeError('TickwireClient: options.url is required');
    this.url = options.url;
    this.token = options.token || null;
    this.tokenProvider = options.tokenProvider || null;
    this.refreshBeforeMs = options.refreshBeforeMs ?? 60000;
    this.refreshTimer = null;
    this.refreshId = null;
    this.restUrl = options.restUrl || options.url.replace(/^ws/, 'http').replace(/\/ws(\?.*)?$/, '');
    this.backoff = { initialMs: 500, maxMs: 30000, ...(options.backoff || {}) };
    this.heartbeat = { intervalMs: 10000, timeoutMs: 30000, ...(options.heartbeat || {}) };
    this.heartbeatTimer = null;
    this.cancelOnDisconnect = !!options.cancelOnDisconnect;
    this.random = options.random || Math.random;
    this.WebSocketImpl = options.WebSocket || globalThis.WebSocket;
    this.state = State.CONNECTING;
    this.userId = null;
    this.reconnects = 0;
    this.attempt = 0;
    this.lastMessageAt = null;
    this.socket = null;
    this.nextId = 1;
    this.streams = new Map();
    this.commands = new Map(); // by the message's id, which every command is sent with and replies echo
    this.pendingRequests = new Map(); // requests answered by one reply (cancel_all_after, ...), by id
    this.authenticated = false;
    this.everConnected = false;
    this.trackedOrders = new Map(); // client_order_id -> command (for the account events)
    this.listeners = { session: new Set(), state: new Set() };
    this.retryTimer = null;
    this.clientOrderSeq = 0;
    this.clientOrderPrefix = 'tw' + Math.floor(this.random() * 36 ** 6).toString(36);
  }

  /** Registers a listener of 'session' (connection-wide events) or 'state' (the state's changes); returns its remover. */
  on(type, listener) {
    const set = this.listeners[type];
    if (!set) throw new TypeError("TickwireClient.on: 'session' or 'state', was " + type);
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Opens the connection (and keeps it open until close()). */
  connect() {
    if (this.socket || this.retryTimer) return this;
    this.#open();
    return this;
  }

  /** Closes for good: no reconnect; commands awaiting receipts become unknown. */
  close() {
    this.#setState(State.CLOSED);
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.refreshTimer);
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.socket) this.socket.close(1000, 'client closed');
    this.socket = null;
  }

  /**
   * Replaces the token: the connection is opened again with it, and every subscription resumed.
   * null: anonymous (public topics only).
   */
  setToken(token) {
    this.token = token || null;
    this.userId = null;
    // Another token may be another user: the account stream's cursor is not theirs.
    const account = this.streams.get('account');
    if (account) account.cursor = null;
    const s = this.socket;
    this.socket = null;
    if (s) s.close(1000, 'new token');
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.#setState(State.CONNECTING);
    this.#open();
  }

  /**
   * Subscribes to a topic; `handler(event)` gets its data events (snapshots included) in seq
   * order, each once. For book topics the client keeps a checked LocalBook, passed as the
   * handler's second argument. Returns a function that unsubscribes this handler.
   */
  subscribe(topic, handler) {
    let stream = this.streams.get(topic);
    if (!stream) {
      stream = new TopicStream(topic);
      this.streams.set(topic, stream);
      if (this.#live()) this.#sendSubscribe(stream);
    }
    stream.handlers.add(handler);
    return () => {
      stream.handlers.delete(handler);
      if (stream.handlers.size === 0 && this.streams.get(topic) === stream) {
        this.streams.delete(topic);
        if (this.#live()) this.#send({ type: 'unsubscribe', id: this.nextId++, topic });
      }
    };
  }

  /** The local book of a subscribed book topic's market, or null. */
  book(market) {
    return this.streams.get('book.' + market)?.book ?? null;
  }

  /** Every subscribed topic's cursor: {topic: {epoch, seq}} (null before its first event). */
  cursors() {
    const out = {};
    for (const [topic, s] of this.streams) out[topic] = s.cursor ? { ...s.cursor } : null;
    return out;
  }

  /** Events dropped as duplicates on resume, over every topic. */
  duplicatesDropped() {
    let n = 0;
    for (const s of this.streams.values()) n += s.duplicates;
    return n;
  }

  /**
   * Places an order: {market, side, order_type, tif, price?, qty, client_order_id?, deadline?}.
   * A client_order_id is made when absent, so that an unknown outcome can be looked up.
   * Returns the tracked command.
   */
  place(order) {
    const message = { type: 'order.place', ...order };
    if (!message.client_order_id) message.client_order_id = this.#clientOrderId();
    return this.#command(message);
  }

  /** Cancels by {order_id} or {client_order_id}. */
  cancel(which) {
    return this.#command({ type: 'order.cancel', ...which });
  }

  /** Amends {order_id | client_order_id, price?, qty?}. */
  amend(change) {
    return this.#command({ type: 'order.amend', ...change });
  }

  /** Cancels every open order, or those in `market`. */
  cancelAll(market) {
    return this.#command(market ? { type: 'order.cancel_all', market } : { type: 'order.cancel_all' });
  }

  /**
   * Arms the dead man's switch (every open order canceled `timeoutMs` after the last arming);
   * 0 disarms. Resolves with the server's trigger_at (null when disarmed).
   */
  cancelAllAfter(timeoutMs) {
    return this.#request({ type: 'order.cancel_all_after', timeout_ms: timeoutMs }, 'cancel_all_after')
      .then((m) => m.trigger_at);
  }

  /** Turns cancel on disconnect on or off for this connection, and every later one. */
  setCancelOnDisconnect(enabled) {
    this.cancelOnDisconnect = !!enabled;
    if (this.#live() && this.userId !== null) {
      return this.#request({ type: 'session.cancel_on_disconnect', enabled: this.cancelOnDisconnect },
        'session.cancel_on_disconnect').then((m) => m.enabled);
    }
    return Promise.resolve(this.cancelOnDisconnect);
  }

  /** A REST GET of the node's API with this client's token; resolves with the JSON body or rejects with {status, code, message}. */
  async rest(path, init = {}) {
    const headers = { ...(init.headers || {}) };
    if (this.token) headers.Authorization = 'Bearer ' + this.token;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(this.restUrl + path, { ...init, headers });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = new Error(body?.message || response.statusText);
      error.status = response.status;
      error.code = body?.code;
      throw error;
    }
    return body;
  }

  // --- connection ------------------------------------------------------------------------------

  #live() {
    return this.socket !== null && this.socket.readyState === 1 && this.authenticated;
  }

  #open() {
    if (this.state === State.CLOSED) return;
    this.retryTimer = null;
    this.authenticated = false;
    const socket = new this.WebSocketImpl(this.url);
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.lastFrameAt = Date.now();
      this.#startHeartbeat(socket);
      if (this.token) {
        this.#send({ type: 'auth', id: this.nextId++, token: this.token });
      } else {
        this.#authenticated();
      }
    };
    socket.onmessage = (m) => {
      if (this.socket !== socket) return;
      this.lastMessageAt = Date.now();
      this.lastFrameAt = this.lastMessageAt;
      // A frame arrived: this connection works, so the next loss starts its backoff afresh.
      this.attempt = 0;
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
      if (this.socket !== socket) return;
      this.socket = null;
      this.#lost(e.code, e.reason);
    };
    socket.onerror = () => {
      // onclose follows with the code; nothing to do here.
    };
  }

  /** Pings a quiet connection, and gives up on one silent past the timeout without waiting for TCP to notice. */
  #startHeartbeat(socket) {
    clearInterval(this.heartbeatTimer);
    const every = Math.max(100, Math.min(this.heartbeat.intervalMs, this.heartbeat.timeoutMs / 3));
    this.heartbeatTimer = setInterval(() => {
      if (this.socket !== socket) {
        clearInterval(this.heartbeatTimer);
        return;
      }
      const quiet = Date.now() - this.lastFrameAt;
      if (quiet >= this.heartbeat.timeoutMs) {
        clearInterval(this.heartbeatTimer);
        this.socket = null;
        socket.close(4000, 'no frame for ' + quiet + ' ms');
        this.#lost(-1, 'no frame for ' + quiet + ' ms: the connection is given up as dead');
      } else if (quiet >= this.heartbeat.intervalMs && socket.readyState === 1) {
        socket.send(JSON.stringify({ type: 'ping' }));
      }
    }, every);
  }

  #authenticated() {
    this.authenticated = true;
    const resuming = this.everConnected;
    if (this.cancelOnDisconnect && this.userId !== null) {
      this.#send({ type: 'session.cancel_on_disconnect', id: this.nextId++, enabled: true });
    }
    for (const stream of this.streams.values()) this.#sendSubscribe(stream);
    this.everConnected = true;
    if (this.#pendingSubscriptions() === 0) this.#setState(State.CONNECTED);
    else this.#setState(resuming ? State.RESUMING : State.CONNECTING);
    this.#reconcileUnknown();
  }

  #lost(code, reason) {
    this.authenticated = false;
    clearTimeout(this.refreshTimer);
    for (const stream of this.streams.values()) stream.pendingId = null;
    for (const command of this.commands.values()) {
      if (command.state === CommandState.SENT || command.state === CommandState.ACKED) {
        command.move(CommandState.UNKNOWN);
      }
    }
    for (const pending of this.pendingRequests.values()) pending.reject(new Error('connection lost'));
    this.pendingRequests.clear();
    if (this.state === State.CLOSED) return;
    if (code === 4001 && this.tokenProvider) {
      this.#renewAfterRefusal(reason);
      return;
    }
    if (code === 4001) {
      // The token was refused: retrying with the same token cannot help.
      this.#setState(State.CLOSED);
      this.#session({ type: 'closed', code, reason: this.refusal || reason || 'unauthorized' });
      return;
    }
    const delay = backoffDelay(this.attempt, this.backoff, this.random) + (this.noticeDelay || 0);
    this.noticeDelay = 0;
    this.attempt++;
    this.#setState(State.DEGRADED);
    this.#session({ type: 'disconnected', code, reason: reason || '', retryInMs: delay });
    this.retryTimer = setTimeout(() => {
      this.reconnects++;
      this.#open();
    }, delay);
  }

  /** A refused token (expired, say) with a provider: reconnect at once with a fresh one, or close if there is none. */
  #renewAfterRefusal(reason) {
    const refused = this.token;
    const why = this.refusal || reason || 'unauthorized';
    this.#setState(State.DEGRADED);
    this.#session({ type: 'disconnected', code: 4001, reason: why, retryInMs: 0 });
    const giveUp = (detail) => {
      this.#setState(State.CLOSED);
      this.#session({ type: 'closed', code: 4001, reason: why + detail });
    };
    Promise.resolve().then(() => this.tokenProvider()).then((fresh) => {
      if (this.state === State.CLOSED) return;
      if (!fresh || fresh === refused) {
        giveUp('; the token provider has no other token');
        return;
      }
      this.token = fresh;
      this.refusal = null;
      this.reconnects++;
      this.#open();
    }, (e) => giveUp('; the token provider failed: ' + (e?.message ?? e)));
  }

  /** Asks the provider for a fresh token refreshBeforeMs before this one expires, and sends it on this connection. */
  #scheduleRefresh(expiresAt) {
    clearTimeout(this.refreshTimer);
    if (!this.tokenProvider || typeof expiresAt !== 'number') return;
    const socket = this.socket;
    const delay = Math.max(0, expiresAt - Date.now() - this.refreshBeforeMs);
    this.refreshTimer = setTimeout(() => {
      Promise.resolve().then(() => this.tokenProvider()).then((fresh) => {
        if (this.socket !== socket || !this.#live() || !fresh) return;
        this.token = fresh;
        this.refreshId = this.nextId++;
        this.#send({ type: 'auth', id: this.refreshId, token: fresh });
      }, (e) => {
        this.#session({ type: 'error', code: 'token_provider', message: 'the token provider failed: '
          + (e?.message ?? e) + '; asking again in 5 s' });
        if (this.socket === socket) this.#scheduleRefresh(Date.now() + this.refreshBeforeMs + 5000);
      });
    }, delay);
  }

  #setState(state) {
    if (this.state === state) return;
    const previous = this.state;
    this.state = state;
    for (const l of this.listeners.state) safely(l, state, previous);
  }

  #session(event) {
    event.at = Date.now();
    for (const l of this.listeners.session) safely(l, event);
  }

  #send(message) {
    this.socket.send(JSON.stringify(message));
  }

  // --- subscriptions ---------------------------------------------------------------------------

  #sendSubscribe(stream) {
    const id = this.nextId++;
    stream.pendingId = id;
    const message = { type: 'subscribe', id, topic: stream.topic };
    if (stream.cursor) message.since = { epoch: stream.cursor.epoch, seq: stream.cursor.seq };
    this.#send(message);
  }

  /** Throws the topic's copy away and subscribes afresh (a snapshot follows), on this connection. */
  #resync(stream, why) {
    this.#session({ type: 'resync', topic: stream.topic, reason: why });
    if (!this.#live()) return;
    this.#send({ type: 'unsubscribe', id: this.nextId++, topic: stream.topic });
    if (why !== 'hole') stream.cursor = null;
    this.#sendSubscribe(stream);
  }

  #pendingSubscriptions() {
    let n = 0;
    for (const s of this.streams.values()) if (s.pendingId !== null) n++;
    return n;
  }

  #dispatch(m) {
    switch (m.type) {
      case 'auth.ok':
        if (this.authenticated && m.id != null && m.id === this.refreshId) {
          // A fresh token on the live connection: subscriptions carry on untouched.
          this.#session({ type: 'token.refreshed', expiresAt: m.expires_at });
        } else {
          this.userId = m.user_id;
          this.#session({ type: 'authenticated', userId: m.user_id, expiresAt: m.expires_at });
          this.#authenticated();
        }
        this.#scheduleRefresh(m.expires_at);
        return;
      case 'subscribed': {
        const stream = this.streams.get(m.topic);
        if (stream && stream.pendingId === m.id) {
          stream.pendingId = null;
          if (this.#pendingSubscriptions() === 0 && this.authenticated) this.#setState(State.CONNECTED);
        }
        return;
      }
      case 'gap': {
        const stream = this.streams.get(m.topic);
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
        if (m.reconnect_after_ms) this.noticeDelay = m.reconnect_after_ms;
        this.#session({ type: 'notice', code: m.code, message: m.message, reconnectAfterMs: m.reconnect_after_ms });
        return;
      default:
        if (typeof m.topic === 'string' && typeof m.seq === 'number') this.#event(m);
    }
  }

  #event(event) {
    const stream = this.streams.get(event.topic);
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
    if (event.topic === 'account') this.#accountEvent(event);
    for (const h of stream.handlers) safely(h, event, stream.book);
  }

  // --- commands --------------------------------------------------------------------------------

  #clientOrderId() {
    return this.clientOrderPrefix + '-' + Date.now().toString(36) + '-' + (++this.clientOrderSeq);
  }

  #command(message) {
    if (!this.#live()) {
      const command = new TrackedCommand(message.type, message);
      command.error = { code: 'not_connected', message: 'not connected: the command was not sent' };
      command.move(CommandState.REFUSED);
      return command;
    }
    message.id = this.nextId++;
    const command = new TrackedCommand(message.type, message);
    this.commands.set(message.id, command);
    if (command.clientOrderId) this.trackedOrders.set(command.clientOrderId, command);
    this.#send(message);
    return command;
  }

  #request(message, replyType) {
    if (!this.#live()) return Promise.reject(new Error('not connected'));
    message.id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pendingRequests.set(message.id, { resolve, reject, replyType });
      this.#send(message);
    });
  }

  #reply(m) {
    const pending = this.pendingRequests.get(m.id);
    if (pending && m.type === pending.replyType) {
      this.pendingRequests.delete(m.id);
      pending.resolve(m);
      return;
    }
    const command = this.commands.get(m.id);
    if (!command) return;
    if (m.type === 'ack') {
      command.requestId = m.request_id;
      if (command.state === CommandState.SENT) command.move(CommandState.ACKED);
    } else if (m.type === 'receipt') {
      command.receipt = m;
      if (m.order_id != null) command.orderId = m.order_id;
      this.commands.delete(command.id);
      command.move(m.status === 'accepted' ? CommandState.ACCEPTED : CommandState.REJECTED);
    }
  }

  #error(m) {
    if (m.code === 'unauthorized' && !this.authenticated && this.token) {
      this.refusal = m.message;
      this.#session({ type: 'error', code: m.code, message: 'token refused: ' + m.message });
      return;
    }
    const pending = this.pendingRequests.get(m.id);
    if (pending) {
      this.pendingRequests.delete(m.id);
      const error = new Error(m.message);
      error.code = m.code;
      pending.reject(error);
      return;
    }
    const command = this.commands.get(m.id);
    if (command) {
      this.commands.delete(m.id);
      command.error = { code: m.code, message: m.message, field: m.field };
      command.move(CommandState.REFUSED);
      return;
    }
    for (const stream of this.streams.values()) {
      if (stream.pendingId === m.id) {
        stream.pendingId = null;
        this.#session({ type: 'error', code: m.code, message: stream.topic + ': ' + m.message, topic: stream.topic });
        return;
      }
    }
    this.#session({ type: 'error', code: m.code, message: m.message });
  }

  #accountEvent(event) {
    const d = event.data;
    if (event.type !== 'order.update' && event.type !== 'trade') return;
    for (const command of this.trackedOrders.values()) {
      const mine = (d.client_order_id != null && d.client_order_id === command.clientOrderId)
        || (d.order_id != null && d.order_id === command.orderId);
      if (mine) command.event(event);
    }
    if (event.type === 'order.update' && ['FILLED', 'CANCELED', 'REJECTED'].includes(d.status)
        && d.client_order_id != null) {
      const command = this.trackedOrders.get(d.client_order_id);
      if (command && command.state !== CommandState.SENT && command.state !== CommandState.ACKED) {
        this.trackedOrders.delete(d.client_order_id);
      }
    }
  }

  /** Looks up each command whose outcome is unknown, over REST: the order by client_order_id or order_id. */
  #reconcileUnknown() {
    for (const [id, command] of this.commands) {
      if (command.state !== CommandState.UNKNOWN) continue;
      this.commands.delete(id);
      const query = command.clientOrderId != null
        ? '/api/v1/orders?client_order_id=' + encodeURIComponent(command.clientOrderId)
        : command.orderId != null ? '/api/v1/orders/' + command.orderId : null;
      if (query === null) {
        command.reconciled = null;
        command.move(CommandState.RECONCILED);
        continue;
      }
      this.rest(query).then((body) => {
        command.reconciled = Array.isArray(body) ? (body[0] ?? null) : body;
      }, (error) => {
        command.reconciled = null;
        if (error.status !== 404) command.error = { code: error.code, message: error.message };
      }).finally(() => {
        if (command.reconciled?.order_id != null) command.orderId = command.reconciled.order_id;
        command.move(CommandState.RECONCILED);
      });
    }
  }
}

function safely(listener, ...args) {
  try {
    listener(...args);
  } catch (err) {
    console.error('tickwire: a listener threw', err);
  }
}
