// @ts-check
// Tracked order commands. Part of the module served at /tickwire.js; import from there. The
// client moves a command through its states with updateCommand and recordCommandEvent, which are
// this module's and not the API: a page reads a command, it never writes one.

import { CommandState } from './codes.js';

/** @typedef {import('./account.js').Order} Order */

/**
 * The durable outcome, as the server sent it.
 * @typedef {{type: 'receipt', id?: number, request_id: string, status: 'accepted' | 'rejected',
 *   order_id?: number | null, client_order_id?: string | null, code: string | null,
 *   message: string | null, canceled?: number, [field: string]: any}} Receipt
 */

/**
 * Why a command was refused, dropped, not sent or not settled: the server's `error`
 * (`code`, `message`, `field`), or the client's own (`not_connected`, a failed lookup).
 * @typedef {{code: string, message: string, field?: string}} CommandError
 */

/**
 * What the client changes on a command.
 * @typedef {{requestId?: string, receipt?: Receipt, error?: CommandError | null, orderId?: number | null,
 *   reconciled?: Order | null}} CommandChange
 */

/** @type {Set<string>} */
const FINAL = new Set([CommandState.ACCEPTED, CommandState.REJECTED, CommandState.SYNCHRONIZED,
  CommandState.NOT_EXECUTED]);

/**
 * Moves a command (state null: stays) and sets what changed; `settled` marks an
 * `unknown_execution` that no lookup can settle as final. The client's, not the API.
 * @type {(command: TrackedCommand, state: string | null, change?: CommandChange, settled?: boolean) => void}
 */
export let updateCommand;

/**
 * Adds an `order.update` or `trade` of the command's order. The client's, not the API.
 * @type {(command: TrackedCommand, event: object) => void}
 */
export let recordCommandEvent;

/**
 * One order command on its way: its state, the ack, the receipt, the events that followed, and
 * the outcome as a promise. `done` resolves with the command once the outcome is known (receipt,
 * refusal, reconciliation, or an unknown outcome nothing can settle); it never rejects.
 */
export class TrackedCommand {
  /** @type {string} */ #kind;
  /** @type {number | null} */ #id;
  /** @type {string | null} */ #clientOrderId;
  /** @type {number | null} */ #orderId;
  /** @type {string} */ #state;
  /** @type {string[]} */ #history;
  /** @type {string | null} */ #requestId;
  /** @type {Receipt | null} */ #receipt;
  /** @type {CommandError | null} */ #error;
  /** @type {Order | null | undefined} */ #reconciled;
  /** @type {object[]} */ #events;
  /** @type {Promise<TrackedCommand>} */ #done;
  /** @type {(command: TrackedCommand) => void} */ #resolveDone;
  /** @type {Set<(command: TrackedCommand) => void>} */ #listeners;

  /**
   * Made by the client's place, cancel, amend and cancelAll; not by pages.
   * @param {{type: string, id?: number, client_order_id?: string, order_id?: number}} message what is sent
   * @param {CommandError | null} [notSent] why it was not sent at all: then it is `not_executed` from the start
   */
  constructor(message, notSent = null) {
    this.#kind = message.type;
    this.#id = message.id ?? null;
    this.#clientOrderId = message.client_order_id ?? null;
    this.#orderId = message.order_id ?? null;
    this.#state = notSent ? CommandState.NOT_EXECUTED : CommandState.SENT;
    this.#history = [this.#state];
    this.#requestId = null;
    this.#receipt = null;
    this.#error = notSent;
    this.#reconciled = undefined;
    this.#events = [];
    this.#resolveDone = () => {};
    this.#done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
    this.#listeners = new Set();
    if (notSent) this.#resolveDone(this);
  }

  /** The message type: `order.place`, `order.cancel`, `order.amend`, `order.cancel_all`. */
  get kind() { return this.#kind; }
  /** The request `id` it was sent with (null when it was not sent). */
  get id() { return this.#id; }
  /** One of `CommandState`. */
  get state() { return this.#state; }
  /** Every state it went through, in order. */
  get history() { return [...this.#history]; }
  /** The server's `request_id` (from the ack), or null. */
  get requestId() { return this.#requestId; }
  /** The `receipt`, or null. */
  get receipt() { return this.#receipt; }
  /** Why it was refused, dropped, not sent or could not be settled, or null. */
  get error() { return this.#error; }
  /** The order's client id (made by place() when the order had none), or null. */
  get clientOrderId() { return this.#clientOrderId; }
  /** The order's id, once known (the receipt, the lookup), or null. */
  get orderId() { return this.#orderId; }
  /** After `unknown_execution`: the order the lookup found, null when there is none, undefined before. */
  get reconciled() { return this.#reconciled; }
  /** The `order.update` and `trade` events of this order seen on the `account` topic. */
  get events() { return [...this.#events]; }
  /** A promise of this command once its outcome is known; it never rejects. */
  get done() { return this.#done; }

  /**
   * Calls `listener(command)` on every change; returns a function that stops it.
   * @param {(command: TrackedCommand) => void} listener
   * @returns {() => void}
   */
  onChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed() {
    for (const l of this.#listeners) {
      try {
        l(this);
      } catch (err) {
        console.error('tickwire: a command listener threw', err);
      }
    }
  }

  static {
    updateCommand = (command, state, change = {}, settled = false) => {
      if (FINAL.has(command.#state)) return; // a late message never reopens a known outcome
      if (change.requestId !== undefined) command.#requestId = change.requestId;
      if (change.receipt !== undefined) command.#receipt = change.receipt;
      if (change.error !== undefined) command.#error = change.error;
      if (change.orderId != null) command.#orderId = change.orderId;
      if (change.reconciled !== undefined) command.#reconciled = change.reconciled;
      if (state !== null && state !== command.#state) {
        command.#state = state;
        command.#history.push(state);
      }
      command.#changed();
      if (FINAL.has(command.#state) || settled) command.#resolveDone(command);
    };
    recordCommandEvent = (command, event) => {
      command.#events.push(event);
      command.#changed();
    };
  }
}
