// DOM helpers and the console's figures (totals, changes, shares), exact on the wire's decimal
// strings through tickwire.js's decimal module. Text goes in as text nodes, never as HTML, so
// nothing a server or a user sends can become markup.

import { fromUnits, scaleOf, toUnits } from '/tickwire/decimal.js';

/** An element with attributes (`class`, `data-*`, `aria-*`, ...) and children (strings or nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return node;
}

/** Replaces a container's children. */
export function fill(container, nodes) {
  container.replaceChildren(...nodes);
}

/** A table row of text cells; a cell may also be {text, class} or a node. */
export function row(cells, attrs = {}) {
  return el('tr', attrs, ...cells.map((c) => {
    if (c instanceof Node) return el('td', {}, c);
    if (c !== null && typeof c === 'object') return el('td', { class: c.class }, c.text);
    return el('td', {}, c ?? '–');
  }));
}

/** Shows or hides an element with a message. */
export function say(node, message) {
  node.textContent = message || '';
  node.hidden = !message;
}

// --- exact decimals, for totals and changes computed in the page: tickwire.js's own arithmetic ------

/** Running totals of the levels' quantities: [[price, qty, total]...]. */
export function cumulate(levels) {
  const scale = Math.max(0, ...levels.map((l) => scaleOf(l[1])));
  let total = 0n;
  return levels.map(([p, q]) => {
    total += toUnits(q, scale);
    return [p, q, fromUnits(total, scale)];
  });
}

/** (last - open) / open as a signed percentage string with 2 decimals, exact to the last digit shown. */
export function percentChange(open, last) {
  const scale = Math.max(scaleOf(open), scaleOf(last));
  const o = toUnits(open, scale);
  if (o === 0n) return null;
  const basisPoints = ((toUnits(last, scale) - o) * 10000n) / o;
  const text = fromUnits(basisPoints, 2);
  return (basisPoints > 0n ? '+' : '') + text + ' %';
}

/** A share of a total as a CSS percentage (for depth bars only). */
export function share(part, whole) {
  const scale = Math.max(scaleOf(part), scaleOf(whole));
  const w = toUnits(whole, scale);
  return w === 0n ? '0%' : Number((toUnits(part, scale) * 1000n) / w) / 10 + '%';
}

/** hh:mm:ss in local time. */
export function clock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour12: false });
}

/** The claims of a JWT, read without verifying it (the server verifies; the page only adapts). */
export function jwtClaims(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload.padEnd(payload.length + (4 - payload.length % 4) % 4, '=')));
  } catch (e) {
    return null;
  }
}
