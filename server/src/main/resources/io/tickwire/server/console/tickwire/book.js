// @ts-check
// Local order books and the protocol's book checksum (docs/protocol.md, "Book checksum"). Part of
// the module served at /tickwire.js; import from there.

import { compareDecimals, isZeroDecimal } from './decimal.js';

/** @typedef {[price: string, qty: string]} Level  a price level, the wire's strings as received */

/**
 * Why a book stopped being trustworthy: a checksum that differs from the server's, a `seq` that
 * does not follow on, or the server's `book.invalidated` (`detail` is its reason, e.g. `lag`).
 * @typedef {{reason: 'checksum', expected: number, computed: number}
 *   | {reason: 'sequence', expected: number, received: number}
 *   | {reason: 'invalidated', detail: string}} BookProblem
 */

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
export function crc32(/** @type {string} */ text) {
  let crc = 0xffffffff;
  for (const byte of UTF8.encode(text)) {
    crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The book checksum of docs/protocol.md: CRC32 of the best 10 asks (lowest first) then the best
 * 10 bids (highest first), each "price:qty" with the strings as received, joined with "|".
 * @param {readonly Level[]} asks
 * @param {readonly Level[]} bids
 * @returns {number}
 */
export function bookChecksum(asks, bids) {
  const parts = [];
  for (const [price, qty] of asks.slice(0, 10)) parts.push(price + ':' + qty);
  for (const [price, qty] of bids.slice(0, 10)) parts.push(price + ':' + qty);
  return crc32(parts.join('|'));
}

/**
 * One market's book, kept from book.snapshot and book.delta events. Every change is checked:
 * seq must follow on, and the checksum of the result must equal the server's. A failed check
 * makes the book invalid until a fresh snapshot (apply() says why). While `valid` is false the
 * book must not be acted on.
 */
export class LocalBook {
  /** @type {string} */ #market;
  /** @type {Level[]} best (highest) first */ #bids;
  /** @type {Level[]} best (lowest) first */ #asks;
  /** @type {string | null} */ #epoch;
  /** @type {number} */ #seq;
  /** @type {boolean} */ #valid;
  /** @type {number} */ #checksum;
  /** @type {number} */ #checksOk;
  /** @type {number} */ #checksFailed;

  /** @param {string} market */
  constructor(market) {
    this.#market = market;
    this.#bids = [];
    this.#asks = [];
    this.#epoch = null;
    this.#seq = -1;
    this.#valid = false;
    this.#checksum = 0;
    this.#checksOk = 0;
    this.#checksFailed = 0;
  }

  /** The market, e.g. `BTC-USDT`. */
  get market() { return this.#market; }
  /** `[price, qty]` strings, best (highest) first, exactly as the wire sent them. Do not change them. */
  get bids() { return this.#bids; }
  /** `[price, qty]` strings, best (lowest) first. Do not change them. */
  get asks() { return this.#asks; }
  /** The epoch of the last event applied, or null before the first snapshot. */
  get epoch() { return this.#epoch; }
  /** The seq of the last event applied (-1 before the first snapshot). */
  get seq() { return this.#seq; }
  /** Whether the book may be acted on: a snapshot is in and every check since passed. */
  get valid() { return this.#valid; }
  /** The client's own checksum of the current top 10 levels. */
  get checksum() { return this.#checksum; }
  /** Checksums that matched the server's. */
  get checksOk() { return this.#checksOk; }
  /** Checksums that did not. */
  get checksFailed() { return this.#checksFailed; }

  /**
   * Applies a book event (the whole envelope). Returns null when the book is consistent, else the
   * problem; the book is then invalid.
   * @param {{type: string, epoch: string, seq: number, data?: any}} event
   * @returns {BookProblem | null}
   */
  apply(event) {
    const data = event.data;
    switch (event.type) {
      case 'book.snapshot':
        this.#bids = data.bids.map((/** @type {Level} */ l) => [l[0], l[1]]);
        this.#asks = data.asks.map((/** @type {Level} */ l) => [l[0], l[1]]);
        this.#epoch = event.epoch;
        this.#seq = event.seq;
        return this.#check(data.checksum);
      case 'book.delta':
        if (!this.#valid) return null; // waiting for a snapshot: deltas before it mean nothing
        if (event.epoch !== this.#epoch || event.seq !== this.#seq + 1) {
          this.#valid = false;
          return { reason: 'sequence', expected: this.#seq + 1, received: event.seq };
        }
        for (const [side, price, qty] of data.changes) {
          setLevel(side === 'buy' ? this.#bids : this.#asks, side === 'buy', price, qty);
        }
        this.#seq = event.seq;
        return this.#check(data.checksum);
      case 'book.invalidated':
        this.#valid = false;
        this.#seq = event.seq;
        return { reason: 'invalidated', detail: data.reason };
      default:
        return null;
    }
  }

  /** @param {number} expected @returns {BookProblem | null} */
  #check(expected) {
    this.#checksum = bookChecksum(this.#asks, this.#bids);
    if (this.#checksum === expected) {
      this.#valid = true;
      this.#checksOk++;
      return null;
    }
    this.#valid = false;
    this.#checksFailed++;
    return { reason: 'checksum', expected, computed: this.#checksum };
  }
}

/**
 * Sets one level in a side kept sorted best first (a zero quantity removes it), by binary search.
 * @param {Level[]} levels
 * @param {boolean} descending
 * @param {string} price
 * @param {string} qty
 */
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
