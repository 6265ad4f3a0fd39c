// @ts-check
// The account mirror: the user's balances and open orders, folded from the `account` topic, as
// the Java SDK's AccountMirror (and the server's own AccountState) fold them. Part of the module
// served at /tickwire.js; import from there.

/**
 * One balance, as `balance.update` and `account.snapshot` carry it (decimal strings).
 * @typedef {{asset: string, avail: string, frozen: string}} Balance
 */

/**
 * One order, as `order.update` and `account.snapshot` carry it (docs/protocol.md, "order.update").
 * @typedef {{order_id: number, client_order_id: string | null, symbol: string, side: string,
 *   order_type: string, tif: string, price: string | null, qty: string, status: string,
 *   filled_qty: string, avg_price: string | null, updated_at: number, cancel_reason?: string}} Order
 */

const OPEN = new Set(['NEW', 'PARTIALLY_FILLED']);

/**
 * The user's balances and open orders, from `account.snapshot` and the events after it. The
 * client keeps one for a subscribed `account` topic (`client.account()`) and applies each event
 * before the subscription's handler sees it, in seq order with duplicates dropped and holes
 * resumed, so the mirror is never folded from a broken stream. A balance update replaces the
 * asset's balance; an order update replaces the order while it is open and removes it once it is
 * filled, canceled or rejected; trades change nothing by themselves (the balance updates that
 * follow them do). Empty until the first snapshot. Read-only: treat what it returns as such.
 */
export class AccountMirror {
  /** @type {Map<string, Balance>} */ #balances;
  /** @type {Map<number, Order>} */ #openOrders;
  /** @type {string | null} */ #epoch;
  /** @type {number} */ #seq;

  constructor() {
    this.#balances = new Map();
    this.#openOrders = new Map();
    this.#epoch = null;
    this.#seq = -1;
  }

  /** Whether a snapshot is in: before it the mirror is empty, whatever the account holds. */
  get loaded() { return this.#seq >= 0; }
  /** The epoch of the last event applied, or null. */
  get epoch() { return this.#epoch; }
  /** The seq of the last event applied (-1 before the first snapshot). */
  get seq() { return this.#seq; }

  /** The balance of `asset`, or null when the account has none. */
  balance(/** @type {string} */ asset) {
    return this.#balances.get(asset) ?? null;
  }

  /** @returns {Balance[]} every balance, by asset name */
  balances() {
    return [...this.#balances.values()].sort((a, b) => (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0));
  }

  /** @returns {Order[]} the open orders, oldest (lowest order_id) first */
  openOrders() {
    return [...this.#openOrders.values()].sort((a, b) => a.order_id - b.order_id);
  }

  /** The open order `orderId`, or null when it is not open. */
  openOrder(/** @type {number} */ orderId) {
    return this.#openOrders.get(orderId) ?? null;
  }

  /** @returns {Map<string, Order>} the open orders that have a client_order_id, by it */
  openOrdersByClientId() {
    /** @type {Map<string, Order>} */
    const out = new Map();
    for (const o of this.openOrders()) if (o.client_order_id != null) out.set(o.client_order_id, o);
    return out;
  }

  /**
   * Folds one event of the account stream (the client calls this; a page using its own socket may
   * too, but must then drop duplicates and resume holes itself). Returns the order the event
   * closed, or null.
   * @param {{type: string, epoch: string, seq: number, data?: any}} event
   * @returns {Order | null}
   */
  apply(event) {
    const d = event.data;
    if (event.type === 'account.snapshot') {
      this.#balances = new Map(d.balances.map((/** @type {Balance} */ b) => [b.asset, b]));
      this.#openOrders = new Map(d.open_orders.map((/** @type {Order} */ o) => [o.order_id, o]));
      this.#epoch = event.epoch;
      this.#seq = event.seq;
      return null;
    }
    if (!this.loaded) return null; // nothing to fold into before the first snapshot
    this.#epoch = event.epoch;
    this.#seq = event.seq;
    switch (event.type) {
      case 'balance.update':
        this.#balances.set(d.asset, d);
        return null;
      case 'order.update':
        if (OPEN.has(d.status)) {
          this.#openOrders.set(d.order_id, d);
          return null;
        }
        this.#openOrders.delete(d.order_id);
        return d;
      default:
        return null; // trades, notices and newer event types move the cursor only
    }
  }

  /** Forgets everything (another user's token): empty until the next snapshot. */
  clear() {
    this.#balances = new Map();
    this.#openOrders = new Map();
    this.#epoch = null;
    this.#seq = -1;
  }
}
