// @ts-check
// Subscriptions: what subscribe() returns (Subscription), and the topic's stream behind it
// (TopicStream: cursor, duplicates, holes, the local book or account mirror), which is the
// client's and not the API. Part of the module served at /tickwire.js; import from there.

import { AccountMirror } from './account.js';
import { LocalBook } from './book.js';
import { SubscriptionState } from './codes.js';

/**
 * An event or snapshot of a topic, or the server's `gap` message, as the handler gets it.
 * @typedef {{type: string, topic: string, epoch: string, seq: number, ts?: number, data?: any,
 *   from_seq?: number, to_seq?: number, reason?: string}} TopicEvent
 */

/** @typedef {(event: TopicEvent, book: LocalBook | null) => void} TopicHandler */
/** @typedef {(state: string, previous: string) => void} StateListener */

const SNAPSHOTS = new Set(['book.snapshot', 'account.snapshot']);

/**
 * One subscribed topic, however many Subscriptions share it: its cursor, its handlers, its state
 * and its local copy. Decides what an arriving event is: the next one, a duplicate to drop, or a
 * hole that needs a resubscription. The client's, not the API: its fields are the client's to change.
 */
export class TopicStream {
  /** @param {string} topic */
  constructor(topic) {
    /** @type {string} */
    this.topic = topic;
    /** @type {Set<TopicHandler>} */
    this.handlers = new Set();
    /** @type {Set<StateListener>} */
    this.listeners = new Set();
    /** @type {number} the Subscriptions not yet unsubscribed */
    this.holders = 0;
    /** @type {{epoch: string, seq: number} | null} the last event or snapshot processed */
    this.cursor = null;
    /** @type {number | null} the id of a subscribe not yet answered */
    this.pendingId = null;
    /** @type {boolean} answered without a replay: the snapshot that follows makes it live */
    this.awaitingSnapshot = false;
    /** @type {number} */
    this.duplicates = 0;
    /** @type {string} one of SubscriptionState */
    this.state = SubscriptionState.SUBSCRIBING;
    /** @type {string | null} */
    this.refusal = null;
    /** @type {LocalBook | null} */
    this.book = topic.startsWith('book.') ? new LocalBook(topic.slice(5)) : null;
    /** @type {AccountMirror | null} */
    this.account = topic === 'account' ? new AccountMirror() : null;
    /** @type {(value: TopicStream) => void} */
    this.resolveReady = () => {};
    /** @type {(error: Error) => void} */
    this.rejectReady = () => {};
    /** @type {Promise<TopicStream>} settles once: live for the first time, or refused */
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {}); // a refusal nobody awaited is the session event's to report, not the console's
  }

  /** Whether the topic starts from a snapshot (books, the account), which makes a fresh subscription live. */
  get hasSnapshots() {
    return this.book !== null || this.account !== null;
  }

  /**
   * What an arriving event is.
   * @param {TopicEvent} event
   * @returns {'deliver' | 'duplicate' | 'hole'}
   */
  classify(event) {
    if (SNAPSHOTS.has(event.type) || event.type === 'book.invalidated') return 'deliver';
    const c = this.cursor;
    if (c === null || c.epoch !== event.epoch) return 'deliver'; // a gap message came first, or the first event
    if (event.seq <= c.seq) return 'duplicate';
    if (event.seq === c.seq + 1) return 'deliver';
    return 'hole';
  }

  /** @param {string} state one of SubscriptionState */
  move(state) {
    if (state === SubscriptionState.SUBSCRIBED) this.resolveReady(this);
    if (this.state === state) return;
    const previous = this.state;
    this.state = state;
    for (const l of this.listeners) safely(l, state, previous);
  }

  /** The server refused it for good: it is over, and those waiting for it are told why. */
  refuse(/** @type {string} */ why) {
    this.refusal = why;
    this.rejectReady(new Error(this.topic + ': ' + why));
    this.move(SubscriptionState.UNSUBSCRIBED);
  }
}

/**
 * What subscribe() returns: one topic's subscription, with its state and `ready`. It survives
 * reconnects (the client resumes it from its cursor every time) until unsubscribe() or a refusal.
 * Several subscriptions of one topic share its stream, its cursor and its local book.
 */
export class Subscription {
  /** @type {TopicStream} */ #stream;
  /** @type {TopicHandler | null} */ #handler;
  /** @type {boolean} */ #active;
  /** @type {Promise<Subscription>} */ #ready;
  /** @type {(error: Error) => void} */ #rejectReady;
  /** @type {Map<StateListener, StateListener>} the caller's listeners, by the stream's wrappers of them */
  #listeners;
  /** @type {() => void} */ #release;

  /**
   * Made by the client's subscribe(); not by pages.
   * @param {TopicStream} stream
   * @param {TopicHandler | null} handler
   * @param {() => void} release called once, when this subscription is unsubscribed
   */
  constructor(stream, handler, release) {
    this.#stream = stream;
    this.#active = true;
    this.#listeners = new Map();
    this.#release = release;
    // Each subscription's own wrapper, so that subscribing one function twice is two subscriptions.
    this.#handler = handler ? (event, book) => handler(event, book) : null;
    if (this.#handler) stream.handlers.add(this.#handler);
    stream.holders++;
    this.#rejectReady = () => {};
    this.#ready = new Promise((resolve, reject) => {
      this.#rejectReady = reject;
      stream.ready.then(() => resolve(this), reject);
    });
    this.#ready.catch(() => {}); // rejected only for those who wait for it
  }

  /** The topic, e.g. `book.BTC-USDT`. */
  get topic() { return this.#stream.topic; }

  /** One of `SubscriptionState`: `subscribing`, `subscribed`, `unsubscribed`. */
  get state() { return this.#active ? this.#stream.state : SubscriptionState.UNSUBSCRIBED; }

  /**
   * Resolves with this subscription once it is live for the first time: the server confirmed it
   * and, for `book.*` and `account`, the first snapshot is in, so `book` and `account` reflect the
   * venue. Rejects when the server refuses it (`refusal` says why) or it is unsubscribed first.
   * Reconnects later do not change it.
   */
  get ready() { return this.#ready; }

  /** Why the server refused this subscription (an unknown topic, a token that may not read it), or null. */
  get refusal() { return this.#stream.refusal; }

  /** The cursor `{epoch, seq}` of the last event processed, or null. */
  get cursor() { return this.#stream.cursor ? { ...this.#stream.cursor } : null; }

  /** The topic's LocalBook for `book.*` topics, else null. */
  get book() { return this.#stream.book; }

  /** The AccountMirror for the `account` topic, else null. */
  get account() { return this.#stream.account; }

  /**
   * Calls `listener(state, previous)` on every change of `state`; returns a function that stops it.
   * @param {'state'} type
   * @param {StateListener} listener
   * @returns {() => void}
   */
  on(type, listener) {
    if (type !== 'state') throw new TypeError("Subscription.on: 'state', was " + type);
    /** @type {StateListener} */
    const wrapper = (state, previous) => listener(state, previous);
    this.#listeners.set(wrapper, listener);
    if (this.#active) this.#stream.listeners.add(wrapper);
    return () => {
      this.#listeners.delete(wrapper);
      this.#stream.listeners.delete(wrapper);
    };
  }

  /** Stops this subscription: its handler gets nothing more (the last one of a topic unsubscribes it). Idempotent. */
  unsubscribe() {
    if (!this.#active) return;
    const previous = this.#stream.state;
    this.#active = false;
    if (this.#handler) this.#stream.handlers.delete(this.#handler);
    for (const wrapper of this.#listeners.keys()) this.#stream.listeners.delete(wrapper);
    this.#rejectReady(new Error(this.topic + ': unsubscribed before it was ready'));
    this.#stream.holders--;
    this.#release();
    if (previous !== SubscriptionState.UNSUBSCRIBED) {
      for (const l of this.#listeners.values()) safely(l, SubscriptionState.UNSUBSCRIBED, previous);
    }
  }
}

/**
 * Calls a page's listener; one that throws is logged and does not stop the others.
 * @template {any[]} A
 * @param {(...args: A) => void} listener
 * @param {A} args
 */
export function safely(listener, ...args) {
  try {
    listener(...args);
  } catch (err) {
    console.error('tickwire: a listener threw', err);
  }
}
