// The Tickwire console: a live market, the user's account and the connection's health, through
// tickwire.js and the public protocol only. No build step: plain ES modules from the node.
//
// For tests and curious operators, the page's state is readable: window.tickwireConsole, and
// data- attributes on #connection (state, cursors, gaps, resyncs) and #book (epoch, seq,
// checksum, valid).

import { CommandState, State, SubscriptionState, TickwireClient, subtractDecimals } from '/tickwire.js';
import { clock, cumulate, el, fill, jwtClaims, percentChange, row, say, share } from './views.js';
import { drawCandles, drawDepth } from './charts.js';

// The page's elements, typed loosely: the type check (js/tsconfig.console.json) is for this page's
// use of tickwire.js, not for its DOM.
/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'tickwire.token';
const LADDER_LEVELS = 15;
const TAPE_LENGTH = 60;
const COMMANDS_SHOWN = 30;
const LOG_LENGTH = 40;

const page = {
  market: null,
  interval: '1m',
  candles: [],
  trades: [],
  ticker: null,
  marketSubscriptions: [],
  candleSubscription: null,
  accountSubscription: null, // its balances and open orders are the client's mirror: client.account()
  commands: [],
  log: [],
  gaps: 0,
  resyncs: 0,
  checks: new Map(), // market -> {ok, failed} of books no longer subscribed
  tradeStats: { first: null, last: null, count: 0 },
  amending: null,
  deadManTimer: null,
  operatorTimer: null,
};

// --- token: from ?token= (then out of the address bar), else this tab's session storage -----------

const params = new URLSearchParams(location.search);
if (params.has('token')) {
  sessionStorage.setItem(TOKEN_KEY, params.get('token'));
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
}

const client = new TickwireClient({
  url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
  restUrl: location.origin,
  token: sessionStorage.getItem(TOKEN_KEY),
});
/** @type {any} */ (window).tickwireConsole = { client, page };

// --- rendering, coalesced: a busy book redraws at most every 50 ms ---------------------------------

const dirty = new Set();
let renderTimer = null;
function invalidate(...parts) {
  for (const p of parts) dirty.add(p);
  renderTimer ??= setTimeout(() => {
    renderTimer = null;
    const parts = [...dirty];
    dirty.clear();
    for (const p of parts) RENDERERS[p]();
  }, 50);
}

const RENDERERS = {
  book: renderBook,
  tape: renderTape,
  ticker: renderTicker,
  candles: () => drawCandles($('candle-chart'), page.candles),
  balances: renderBalances,
  orders: renderOpenOrders,
  commands: renderCommands,
  log: renderLog,
};

// --- market data ------------------------------------------------------------------------------------

async function loadMarkets() {
  const markets = await client.rest('/api/v1/markets');
  const wanted = params.get('market');
  fill($('market'), markets.map((m) => el('option', { value: m.market }, m.market)));
  const first = markets.find((m) => m.market === wanted) ?? markets[0];
  if (first) {
    $('market').value = first.market;
    selectMarket(first.market);
  }
}

function selectMarket(market) {
  for (const subscription of page.marketSubscriptions) subscription.unsubscribe();
  const book = page.market && client.book(page.market);
  if (book) addChecks(page.checks, page.market, book);
  page.market = market;
  page.trades = [];
  page.ticker = null;
  page.tradeStats = { first: null, last: null, count: 0 };
  page.marketSubscriptions = [
    client.subscribe('book.' + market, () => invalidate('book')),
    client.subscribe('trades.' + market, onTrade),
    client.subscribe('ticker.' + market, (e) => {
      if (e.type === 'ticker') {
        page.ticker = e.data;
        invalidate('ticker');
      }
    }),
  ];
  selectInterval(page.interval);
  client.rest('/api/v1/trades/' + encodeURIComponent(market) + '?limit=' + TAPE_LENGTH).then((trades) => {
    if (page.market !== market) return;
    const live = new Set(page.trades.map((t) => t.trade_id));
    page.trades = [...page.trades, ...trades.filter((t) => !live.has(t.trade_id)).map((t) => ({ ...t, ts: t.ts ?? null }))]
      .slice(0, TAPE_LENGTH);
    invalidate('tape');
  }, (e) => logEvent('error', 'trades: ' + e.message));
  invalidate('book', 'tape', 'ticker');
}

/** Adds a book's checks to the market's totals in `checks` (those of books no longer subscribed). */
function addChecks(checks, market, book) {
  const total = checks.get(market) ?? { ok: 0, failed: 0 };
  checks.set(market, { ok: total.ok + book.checksOk, failed: total.failed + book.checksFailed });
}

function onTrade(event) {
  if (event.type === 'gap') return;
  const s = page.tradeStats;
  s.first ??= event.seq;
  s.last = event.seq;
  s.count++;
  page.trades.unshift({ ...event.data, ts: event.ts });
  page.trades.length = Math.min(page.trades.length, TAPE_LENGTH);
  invalidate('tape');
}

function selectInterval(interval) {
  page.interval = interval;
  for (const b of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-interval]'))) {
    b.setAttribute('aria-pressed', String(b.dataset.interval === interval));
  }
  page.candleSubscription?.unsubscribe();
  page.candles = [];
  const market = page.market;
  page.candleSubscription = client.subscribe('candles.' + market + '.' + interval, (e) => {
    if (e.type === 'candle') mergeCandle(e.data);
  });
  client.rest('/api/v1/candles/' + encodeURIComponent(market) + '?interval=' + interval + '&limit=200')
    .then((candles) => {
      if (page.market !== market || page.interval !== interval) return;
      for (const c of candles) mergeCandle(c);
    }, (e) => logEvent('error', 'candles: ' + e.message));
  invalidate('candles');
}

function mergeCandle(candle) {
  const i = page.candles.findIndex((c) => c.open_time === candle.open_time);
  if (i >= 0) page.candles[i] = candle;
  else {
    page.candles.push(candle);
    page.candles.sort((a, b) => a.open_time - b.open_time);
  }
  invalidate('candles');
}

function renderBook() {
  const book = page.market ? client.book(page.market) : null;
  const table = $('book');
  if (!book) return;
  table.dataset.market = book.market;
  table.dataset.epoch = book.epoch ?? '';
  table.dataset.seq = String(book.seq);
  table.dataset.checksum = String(book.checksum);
  table.dataset.valid = String(book.valid);
  const asks = cumulate(book.asks.slice(0, LADDER_LEVELS));
  const bids = cumulate(book.bids.slice(0, LADDER_LEVELS));
  const deepest = [asks.at(-1)?.[2] ?? '0', bids.at(-1)?.[2] ?? '0'].sort((a, b) => Number(b) - Number(a))[0];
  const ladderRow = (side) => ([price, qty, total]) => {
    const bar = el('td', { class: 'bar' }, total);
    bar.style.setProperty('--depth', share(total, deepest));
    return el('tr', { 'data-price': price, 'data-side': side }, el('td', {}, price), el('td', {}, qty), bar);
  };
  fill($('asks'), asks.slice().reverse().map(ladderRow('sell')));
  fill($('bids'), bids.map(ladderRow('buy')));
  const bestBid = book.bids[0]?.[0];
  const bestAsk = book.asks[0]?.[0];
  $('spread').textContent = book.valid ? (bestBid && bestAsk ? 'spread ' + subtractDecimals(bestAsk, bestBid) : 'one-sided book')
    : 'resyncing…';
  const check = $('book-check');
  check.textContent = (book.valid ? 'checksum ok ' : 'checksum pending ') + book.checksum + ' · seq ' + book.seq;
  check.className = 'check ' + (book.valid ? 'ok' : 'bad');
  drawDepth($('depth-chart'), book.bids.slice(0, 50), book.asks.slice(0, 50));
}

function renderTape() {
  fill($('tape'), page.trades.map((t) => row([
    t.ts ? clock(t.ts) : '–',
    { text: t.price, class: t.taker_side },
    t.qty,
  ], { 'data-trade-id': t.trade_id })));
}

function renderTicker() {
  const t = page.ticker;
  $('t-last').textContent = t?.last ?? '–';
  const change = t && t.open_24h && t.last ? percentChange(t.open_24h, t.last) : null;
  $('t-change').textContent = change ?? '–';
  $('t-change').className = change ? (change.startsWith('-') ? 'down' : change.startsWith('+') ? 'up' : '') : '';
  $('t-high').textContent = t?.high_24h ?? '–';
  $('t-low').textContent = t?.low_24h ?? '–';
  $('t-volume').textContent = t ? t.volume_24h : '–';
}

// --- account ----------------------------------------------------------------------------------------

function subscribeAccount() {
  if (page.accountSubscription) return;
  // The client's account mirror has applied each event before this handler sees it.
  page.accountSubscription = client.subscribe('account', (e) => {
    switch (e.type) {
      case 'account.snapshot':
        invalidate('balances', 'orders');
        return;
      case 'balance.update':
        invalidate('balances');
        return;
      case 'order.update':
        if (e.data.status !== 'NEW' && e.data.status !== 'PARTIALLY_FILLED') loadHistorySoon();
        invalidate('orders');
        return;
      default:
    }
  });
}

function unsubscribeAccount() {
  page.accountSubscription?.unsubscribe();
  page.accountSubscription = null;
  invalidate('balances', 'orders');
}

let historyTimer = null;
function loadHistorySoon() {
  clearTimeout(historyTimer);
  historyTimer = setTimeout(loadHistory, 300);
}

async function loadHistory() {
  if (client.userId === null) return;
  try {
    const body = await client.rest('/api/v1/orders?status=all&limit=50');
    fill($('history'), body.orders.map(orderRow));
  } catch (e) {
    logEvent('error', 'order history: ' + e.message);
  }
}

function orderRow(o, actions) {
  const cells = [String(o.order_id), o.symbol, { text: o.side, class: o.side === 'BUY' ? 'up' : 'down' },
    o.price ?? 'market', o.qty, o.filled_qty, o.status];
  if (actions) cells.push(actions);
  return row(cells, { 'data-order-id': o.order_id, 'data-client-order-id': o.client_order_id ?? '' });
}

function renderBalances() {
  fill($('balances'), (client.account()?.balances() ?? []).map((b) => row([b.asset, b.avail, b.frozen],
    { 'data-asset': b.asset })));
}

function renderOpenOrders() {
  const orders = (client.account()?.openOrders() ?? []).reverse(); // newest first
  fill($('open-orders'), orders.map((o) => orderRow(o, el('span', { class: 'actions' },
    el('button', { type: 'button', 'data-action': 'amend', 'aria-label': 'Amend order ' + o.order_id,
      onclick: () => startAmend(o) }, 'Amend'), ' ',
    el('button', { type: 'button', 'data-action': 'cancel', 'aria-label': 'Cancel order ' + o.order_id,
      onclick: () => track(client.cancel({ order_id: o.order_id }), 'cancel #' + o.order_id) }, 'Cancel')))));
}

function startAmend(order) {
  page.amending = order.order_id;
  const form = el('form', { class: 'place-form', id: 'amend-form', 'aria-label': 'Amend order ' + order.order_id },
    el('span', {}, 'Amend #' + order.order_id),
    el('label', {}, 'Price ', el('input', { name: 'price', value: order.price ?? '', inputmode: 'decimal' })),
    el('label', {}, 'Quantity ', el('input', { name: 'qty', value: order.qty, inputmode: 'decimal' })),
    el('button', { type: 'submit' }, 'Save'),
    el('button', { type: 'button', onclick: () => form.remove() }, 'Close'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const change = { order_id: order.order_id };
    const price = form.elements.price.value.trim();
    const qty = form.elements.qty.value.trim();
    if (price && price !== order.price) change.price = price;
    if (qty && qty !== order.qty) change.qty = qty;
    track(client.amend(change), 'amend #' + order.order_id);
    form.remove();
  });
  $('amend-form')?.remove();
  $('open-orders').closest('table').before(form);
  form.elements.price.focus();
}

function track(command, label) {
  const entry = { command, label };
  page.commands.unshift(entry);
  page.commands.length = Math.min(page.commands.length, COMMANDS_SHOWN);
  command.onChange(() => {
    invalidate('commands');
    if (command.state === CommandState.REJECTED || command.state === CommandState.NOT_EXECUTED) {
      say($('place-error'), label + ': ' + (command.error?.message ?? command.receipt?.message ?? command.state));
    }
  });
  invalidate('commands');
  return command;
}

function renderCommands() {
  fill($('commands'), page.commands.map(({ command: c, label }) => {
    const outcome = c.receipt
      ? (c.receipt.status === 'accepted' ? '' : ' ' + c.receipt.code)
        + (c.receipt.order_id != null ? ' #' + c.receipt.order_id : '')
        + (c.receipt.canceled != null ? ' canceled ' + c.receipt.canceled : '')
      : c.error ? ' ' + c.error.code + ': ' + c.error.message : '';
    const reconciled = c.reconciled === undefined ? ''
      : c.reconciled ? ' → found ' + c.reconciled.status + ' #' + c.reconciled.order_id : ' → not placed';
    const events = c.events.map((e) => e.type === 'trade' ? 'fill ' + e.data.qty + '@' + e.data.price
      : e.data.status.toLowerCase());
    return el('li', { class: c.state, 'data-state': c.state, 'data-client-order-id': c.clientOrderId ?? '',
      'data-order-id': c.orderId ?? '' },
    label + ': ' + c.history.join(' → ') + outcome + reconciled + (events.length ? ' · ' + events.join(', ') : ''));
  }));
}

// --- the place form and the toggles -------------------------------------------------------------------

$('place-form').addEventListener('submit', (e) => {
  e.preventDefault();
  say($('place-error'), '');
  const order = {
    market: page.market,
    side: $('p-side').value,
    order_type: $('p-type').value,
    tif: $('p-tif').value,
    qty: $('p-qty').value.trim(),
  };
  const price = $('p-price').value.trim();
  if (order.order_type === 'limit') {
    if (!price) {
      say($('place-error'), 'a limit order needs a price');
      $('p-price').focus();
      return;
    }
    order.price = price;
  }
  const label = [order.side, order.qty, order.market, order.order_type === 'limit' ? '@ ' + price : 'market',
    order.tif].join(' ');
  track(client.place(order), label);
});

$('p-type').addEventListener('change', () => {
  const market = $('p-type').value === 'market';
  $('p-price').disabled = market;
  if (market) $('p-tif').value = 'ioc';
});

$('cancel-all').addEventListener('click', () => track(client.cancelAll(), 'cancel all'));

$('dms-toggle').addEventListener('change', () => {
  clearInterval(page.deadManTimer);
  page.deadManTimer = null;
  if ($('dms-toggle').checked) {
    const seconds = deadManSeconds();
    armDeadMan(seconds);
    // Re-armed at a third of the timeout, as the Java SDK does, so one late refresh does not fire it.
    page.deadManTimer = setInterval(() => armDeadMan(seconds), seconds * 1000 / 3);
  } else {
    client.cancelAllAfter(0).then(() => ($('dms-state').textContent = 'off'),
      (e) => ($('dms-state').textContent = 'not disarmed: ' + e.message));
  }
});

/** The timeout field, within what the protocol takes (1 s to 600 s). */
function deadManSeconds() {
  return Math.max(1, Math.min(600, Math.floor(Number($('dms-timeout').value)) || 60));
}

function armDeadMan(seconds) {
  client.cancelAllAfter(seconds * 1000).then(
    (triggerAt) => ($('dms-state').textContent = 'fires at ' + clock(triggerAt) + ' unless refreshed'),
    (e) => ($('dms-state').textContent = 'not armed: ' + e.message));
}

$('cod-toggle').addEventListener('change', () => {
  client.setCancelOnDisconnect($('cod-toggle').checked).then(
    (enabled) => logEvent('session', 'cancel on disconnect ' + (enabled ? 'on' : 'off')),
    (e) => logEvent('error', 'cancel on disconnect: ' + e.message));
});

for (const b of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-interval]'))) {
  b.addEventListener('click', () => selectInterval(b.dataset.interval));
}
$('market').addEventListener('change', () => selectMarket($('market').value));

// --- token ----------------------------------------------------------------------------------------------

$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const token = $('token-input').value.trim();
  if (!token) return;
  $('token-input').value = '';
  useToken(token);
});
$('token-forget').addEventListener('click', () => useToken(null));

function useToken(token) {
  say($('token-error'), '');
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  unsubscribeAccount();
  showAccount(null);
  client.setToken(token);
}

function showAccount(userId) {
  $('account-body').hidden = userId === null;
  $('account-user').textContent = userId === null ? 'not signed in' : 'user ' + userId;
  const claims = userId === null ? null : jwtClaims(client.token ?? '');
  const operator = !!claims && String(claims.scope ?? '').split(' ').includes('admin');
  $('operator').hidden = !operator;
  clearInterval(page.operatorTimer);
  page.operatorTimer = operator ? setInterval(loadOperatorStatus, 2000) : null;
  if (operator) loadOperatorStatus();
}

async function loadOperatorStatus() {
  try {
    const s = await client.rest('/api/v1/admin/status');
    const facts = [['role', s.role], ['connections', s.connections], ['subscriptions', s.subscriptions],
      ['topics subscribed', s.topics_subscribed], ['sequencer queue', s.sequencer_queue_depth],
      [s.role === 'core' ? 'core running' : 'upstream connected', String(s.connected)],
      ['upstream reconnects', s.reconnect_count], ['lag (batches)', s.lag_batches],
      ['last batch', s.last_message_at ?? '–'], ['uptime (s)', s.uptime_seconds]];
    fill($('operator-facts'), facts.map(([k, v]) => el('div', { 'data-fact': k }, el('dt', {}, k),
      el('dd', {}, String(v)))));
  } catch (e) {
    fill($('operator-facts'), [el('div', {}, el('dt', {}, 'status'), el('dd', {}, e.message))]);
  }
}

// --- connection -----------------------------------------------------------------------------------------

function logEvent(kind, text) {
  page.log.unshift({ at: Date.now(), kind, text });
  page.log.length = Math.min(page.log.length, LOG_LENGTH);
  invalidate('log');
}

function renderLog() {
  fill($('session-log'), page.log.map((e) => el('li', { 'data-kind': e.kind }, clock(e.at) + ' ' + e.text)));
}

client.on('state', (state) => {
  $('connection').dataset.state = state;
  renderState();
  const banner = $('banner');
  if (state === State.DEGRADED) {
    banner.className = 'banner';
    say(banner, 'DEGRADED: the connection is lost and the data shown may be stale. Reconnecting…');
  } else if (state === State.CLOSED) {
    banner.className = 'banner';
    say(banner, 'Closed.');
  } else {
    say(banner, '');
  }
  logEvent('state', 'state ' + state);
});

client.on('session', (e) => {
  switch (e.type) {
    case 'authenticated':
      showAccount(e.userId);
      subscribeAccount();
      loadHistory();
      if ($('cod-toggle').checked) client.setCancelOnDisconnect(true).catch(() => {});
      if ($('dms-toggle').checked) armDeadMan(deadManSeconds());
      logEvent('session', 'authenticated as user ' + e.userId);
      return;
    case 'disconnected':
      logEvent('session', 'disconnected (' + e.code + (e.reason ? ' ' + e.reason : '') + '), retry in '
        + e.retryInMs + ' ms');
      return;
    case 'closed':
      // The token was refused: forget it, carry on with public data, and say so plainly.
      useToken(null);
      say($('token-error'), 'Token refused: ' + e.reason + '. Showing public market data only; paste another token'
        + ' to see an account.');
      return;
    case 'gap':
      page.gaps++;
      logEvent('gap', 'gap on ' + e.topic + ' (' + e.reason + '): events ' + (e.fromSeq ?? '?') + '–'
        + (e.toSeq ?? '?') + ' are not coming; a snapshot follows where the topic has one');
      return;
    case 'book.invalidated':
      logEvent(e.detail === 'lag' ? 'lagged' : 'invalidated', e.detail === 'lag'
        ? 'Lagged: book.' + e.market + ' invalidated (this connection fell behind); a snapshot follows'
        : 'book.' + e.market + ' invalidated (' + (e.detail ?? e.reason) + ')');
      return;
    case 'resync':
      page.resyncs++;
      logEvent('resync', 'resync ' + e.topic + ' (' + e.reason + ')');
      return;
    case 'notice':
      logEvent('notice', 'notice ' + e.code + ': ' + e.message);
      return;
    default:
      logEvent(e.type, (e.code ? e.code + ': ' : '') + (e.message ?? ''));
  }
});

/** The state in words, with the streams still subscribing (resuming, after a reconnect) while connected. */
function renderState() {
  const state = client.state;
  const subscriptions = [...page.marketSubscriptions, page.candleSubscription, page.accountSubscription];
  const subscribing = subscriptions.filter((s) => s?.state === SubscriptionState.SUBSCRIBING).length;
  const words = state === State.DEGRADED ? 'DEGRADED'
    : state === State.CONNECTED && subscribing > 0 ? 'connected, subscribing ' + subscribing : state;
  $('state-text').textContent = words;
  $('c-state').textContent = words;
}

function renderConnection() {
  renderState();
  const age = client.lastMessageAt ? ((Date.now() - client.lastMessageAt) / 1000).toFixed(1) + ' s ago' : '–';
  $('last-message').textContent = age;
  $('reconnects').textContent = String(client.reconnects);
  $('c-duplicates').textContent = String(client.duplicatesDropped());
  const cursors = client.cursors();
  $('c-cursors').textContent = Object.entries(cursors)
    .map(([t, c]) => t + ' ' + (c ? c.seq : '–')).join(' · ');
  const conn = $('connection');
  conn.dataset.cursors = JSON.stringify(cursors);
  conn.dataset.gaps = String(page.gaps);
  conn.dataset.resyncs = String(page.resyncs);
  conn.dataset.reconnects = String(client.reconnects);
  const checks = new Map(page.checks);
  const book = page.market && client.book(page.market);
  if (book) addChecks(checks, page.market, book);
  fill($('checks'), [...checks].map(([m, c]) => row([m, String(c.ok), { text: String(c.failed),
    class: c.failed ? 'down' : '' }], { 'data-book': m })));
}

setInterval(renderConnection, 250);
window.addEventListener('resize', () => invalidate('candles', 'book'));

// A refused token is the 'closed' session event's to show; connect() needs no handler of its own.
client.connect();
loadMarkets().catch((e) => logEvent('error', 'markets: ' + e.message));
