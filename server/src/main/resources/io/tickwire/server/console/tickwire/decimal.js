// @ts-check
// Exact decimals, on the wire's strings: prices, quantities and balances are never floating point
// here. Shared by tickwire.js (ordering a book's levels) and the console (spreads, totals).
// Values are canonical decimal strings as the protocol sends them: digits, an optional fraction,
// a leading '-' only where the field is signed (fees).

/** The number of digits after the point ("85000.50" → 2, "3" → 0). */
export function scaleOf(/** @type {string} */ value) {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

/**
 * The value in units of 10^-scale, exactly ("1.5" at scale 3 → 1500n); digits beyond the scale
 * are cut, so pass at least scaleOf(value).
 * @param {string} value
 * @param {number} scale
 * @returns {bigint}
 */
export function toUnits(value, scale) {
  const negative = value.startsWith('-');
  const [i, f = ''] = (negative ? value.slice(1) : value).split('.');
  const units = BigInt(i + f.padEnd(scale, '0').slice(0, scale));
  return negative ? -units : units;
}

/**
 * The decimal string of units of 10^-scale (1500n at scale 3 → "1.500").
 * @param {bigint} units
 * @param {number} scale
 * @returns {string}
 */
export function fromUnits(units, scale) {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : digits.slice(0, -scale) + '.' + digits.slice(-scale);
  return (negative ? '-' : '') + text;
}

/**
 * Compares two non-negative decimal strings by value ("85000.5" equals "85000.50"): -1, 0 or 1.
 * On strings, without BigInt, because a busy book compares on every level it moves.
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
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
export function isZeroDecimal(/** @type {string} */ value) {
  return /^-?0*(\.0*)?$/.test(value);
}

/** a + b, exact, at the larger scale of the two. */
export function addDecimals(/** @type {string} */ a, /** @type {string} */ b) {
  const scale = Math.max(scaleOf(a), scaleOf(b));
  return fromUnits(toUnits(a, scale) + toUnits(b, scale), scale);
}

/** a - b, exact, at the larger scale of the two (a spread: ask minus bid). */
export function subtractDecimals(/** @type {string} */ a, /** @type {string} */ b) {
  const scale = Math.max(scaleOf(a), scaleOf(b));
  return fromUnits(toUnits(a, scale) - toUnits(b, scale), scale);
}
