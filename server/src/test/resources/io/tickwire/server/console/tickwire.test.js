// tickwire.js's unit tests, run in a real browser by the server's test suite (and by anyone who
// opens /console/test.html). Each test gets a fake WebSocket that the test drives frame by frame.

import {
  CloseCode, CommandState, ErrorCode, LocalBook, State, SubscriptionState, TickwireClient, addDecimals,
  backoffDelay, bookChecksum, compareDecimals, crc32, isZeroDecimal, subtractDecimals,
} from '/tickwire.js';

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

function assertEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(what + ': expected ' + e + ', was ' + a);
}

function assert(condition, what) {
  if (!condition) throw new Error(what);
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A WebSocket the test plays the server of. */
class FakeSocket {
  static all = [];

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    FakeSocket.all.push(this);
  }

  static last() {
    return FakeSocket.all[FakeSocket.all.length - 1];
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close(code = 1000, reason = '') {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  open() {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(message) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  sentOf(type) {
    return this.sent.filter((m) => m.type === type);
  }
}

function newClient(extra = {}) {
  FakeSocket.all = [];
  return new TickwireClient({ url: 'ws://node.test/ws', WebSocket: FakeSocket, random: () => 0, ...extra });
}

function trade(seq, epoch = 'e1') {
  return { type: 'market.trade', topic: 'trades.BTC-USDT', epoch, seq, ts: 1, data: { trade_id: seq, market: 'BTC-USDT',
    price: '85000.00', qty: '0.001', taker_side: 'buy' } };
}

// --- checksum: the worked examples of docs/protocol.md -----------------------------------------------

const SNAPSHOT = { type: 'book.snapshot', topic: 'book.BTC-USDT', epoch: 'b7c1e0', seq: 41870, ts: 1734533790000,
  data: { market: 'BTC-USDT', bids: [['84999.50', '0.250'], ['84999.00', '1.200'], ['84998.00', '3.000']],
    asks: [['85000.00', '1.000'], ['85000.50', '0.750'], ['85001.00', '2.500']], checksum: 2195952344 } };
const DELTA = { type: 'book.delta', topic: 'book.BTC-USDT', epoch: 'b7c1e0', seq: 41871, ts: 1734533790125,
  data: { market: 'BTC-USDT', changes: [['buy', '84999.50', '0.000'], ['sell', '85001.00', '1.200']],
    checksum: 1583357340 } };

test('crc32 of the worked example snapshot is 2195952344', () => {
  assertEqual(crc32('85000.00:1.000|85000.50:0.750|85001.00:2.500|84999.50:0.250|84999.00:1.200|84998.00:3.000'),
    2195952344, 'crc32');
});

test('a local book follows the worked example: snapshot, then delta', () => {
  const book = new LocalBook('BTC-USDT');
  assertEqual(book.apply(SNAPSHOT), null, 'snapshot problem');
  assertEqual(book.checksum, 2195952344, 'snapshot checksum');
  assertEqual(book.apply(DELTA), null, 'delta problem');
  assertEqual(book.checksum, 1583357340, 'delta checksum');
  assertEqual(book.bids, [['84999.00', '1.200'], ['84998.00', '3.000']], 'bids');
  assertEqual(book.asks[2], ['85001.00', '1.200'], 'changed ask');
  assertEqual([book.valid, book.seq, book.checksOk, book.checksFailed], [true, 41871, 2, 0], 'state');
});

test('only the best 10 levels of a side are hashed (worked example: 1994570960)', () => {
  const asks = [['85000.00', '0.500'], ['85000.50', '1.250'], ['85001.00', '0.100'], ['85001.50', '2.000'],
    ['85002.00', '0.750'], ['85002.50', '3.000'], ['85003.00', '0.010'], ['85003.50', '1.000'],
    ['85004.00', '0.400'], ['85004.50', '5.000'], ['85005.00', '0.900'], ['85005.50', '2.200']];
  const bids = [['84999.50', '0.250'], ['84999.00', '1.200'], ['84998.50', '3.000']];
  assertEqual(bookChecksum(asks, bids), 1994570960, 'checksum');
});

test('edge cases: empty, one-sided, and the ETH-USDT snapshot', () => {
  assertEqual(bookChecksum([], []), 0, 'empty');
  assertEqual(bookChecksum([], [['84999.00', '1.200'], ['84998.00', '3.000']]), 1391687225, 'bids only');
  assertEqual(bookChecksum([['3120.50', '4.2000'], ['3121.00', '0.8000']], []), 4020202218, 'asks only');
  assertEqual(bookChecksum([['3120.50', '4.2000'], ['3121.00', '0.8000']],
    [['3120.00', '2.5000'], ['3119.75', '10.0000']]), 2749048052, 'ETH-USDT');
});

test('a wrong checksum or a seq that does not follow invalidates the book', () => {
  const book = new LocalBook('BTC-USDT');
  book.apply(SNAPSHOT);
  const bad = { ...DELTA, data: { ...DELTA.data, checksum: 1 } };
  assertEqual(book.apply(bad).reason, 'checksum', 'bad checksum');
  assertEqual(book.valid, false, 'invalid after a bad checksum');
  book.apply(SNAPSHOT);
  assertEqual(book.apply({ ...DELTA, seq: 41873 }).reason, 'sequence', 'a skipped seq');
});

test('prices are ordered by value, exactly', () => {
  assertEqual(compareDecimals('9.5', '10.00'), -1, '9.5 < 10');
  assertEqual(compareDecimals('85000.5', '85000.50'), 0, 'same value');
  assertEqual(compareDecimals('0.000000000000000001', '0'), 1, 'tiny > 0');
  const book = new LocalBook('X');
  book.apply({ type: 'book.snapshot', epoch: 'e', seq: 1, data: { bids: [], asks: [], checksum: 0 } });
  const changes = [['buy', '9.5', '1'], ['buy', '10.25', '2'], ['buy', '100', '3'], ['sell', '101', '1'],
    ['sell', '100.5', '1']];
  const after = { bids: [['100', '3'], ['10.25', '2'], ['9.5', '1']], asks: [['100.5', '1'], ['101', '1']] };
  book.apply({ type: 'book.delta', epoch: 'e', seq: 2, data: { changes, checksum: bookChecksum(after.asks, after.bids) } });
  assertEqual([book.bids, book.asks, book.valid], [after.bids, after.asks, true], 'sorted levels');
});

// --- backoff ------------------------------------------------------------------------------------------

test('backoff is full jitter under a doubling cap, bounded for any attempt', () => {
  const policy = { initialMs: 500, maxMs: 30000 };
  for (let attempt = 0; attempt < 12; attempt++) {
    const cap = Math.min(30000, 500 * 2 ** attempt);
    assertEqual(backoffDelay(attempt, policy, () => 0), 0, 'lowest at ' + attempt);
    assertEqual(backoffDelay(attempt, policy, () => 0.9999999), cap, 'highest at ' + attempt);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(attempt, policy);
      assert(d >= 0 && d <= cap && Number.isInteger(d), 'attempt ' + attempt + ': ' + d + ' outside [0, ' + cap + ']');
    }
  }
  assertEqual(backoffDelay(1e9, policy, () => 0.9999999), 30000, 'a huge attempt count stays at the cap');
  const draws = new Set(Array.from({ length: 50 }, () => backoffDelay(5, policy)));
  assert(draws.size > 10, 'jitter spreads the waits: ' + draws.size + ' distinct of 50');
});

test('the attempt counter grows while connections fail and is reset only after a frame', async () => {
  const client = newClient();
  const attempts = [];
  client.on('session', (e) => e.type === 'disconnected' && attempts.push(e.attempt));
  client.connect();
  for (let i = 1; i <= 3; i++) {
    FakeSocket.last().close(1006);
    assertEqual(attempts.at(-1), i - 1, 'the backoff exponent after ' + i + ' failures');
    // Never connected: nothing shown can be stale, so not degraded (the Java SDK's word too).
    assertEqual(client.state, State.CONNECTING, 'still connecting');
    await tick();
  }
  FakeSocket.last().open(); // open, but no frame yet: not a working connection
  FakeSocket.last().close(1006);
  assertEqual(attempts.at(-1), 3, 'an open without a frame does not reset');
  await tick();
  FakeSocket.last().open();
  FakeSocket.last().receive({ type: 'pong' });
  FakeSocket.last().close(1006);
  assertEqual(attempts.at(-1), 0, 'reset after a frame');
  assertEqual(client.state, State.DEGRADED, 'degraded once it had been connected');
  client.close();
});

// --- resume ---------------------------------------------------------------------------------------------

test('resume sends the cursor and drops the duplicates the server replays', async () => {
  const client = newClient();
  const seen = [];
  const subscription = client.subscribe('trades.BTC-USDT', (e) => seen.push(e.seq));
  client.connect();
  let socket = FakeSocket.last();
  socket.open();
  const first = socket.sentOf('subscribe')[0];
  assertEqual(first.since, undefined, 'a fresh subscription has no since');
  socket.receive({ type: 'subscribed', id: first.id, topic: 'trades.BTC-USDT', epoch: 'e1', seq: 0, recovered: false });
  for (let seq = 1; seq <= 5; seq++) socket.receive(trade(seq));
  assertEqual(client.state, State.CONNECTED, 'connected');
  socket.close(1006);
  assertEqual(client.state, State.DEGRADED, 'degraded after the cut');
  await tick();
  socket = FakeSocket.last();
  socket.open();
  const resume = socket.sentOf('subscribe')[0];
  assertEqual(resume.since, { epoch: 'e1', seq: 5 }, 'resumed from the cursor');
  assertEqual(client.state, State.CONNECTED, 'connected again: commands can go out');
  assertEqual(subscription.state, SubscriptionState.SUBSCRIBING, 'the subscription resumes until answered');
  socket.receive({ type: 'subscribed', id: resume.id, topic: 'trades.BTC-USDT', epoch: 'e1', seq: 7, recovered: true });
  for (const seq of [4, 5, 6, 7, 7]) socket.receive(trade(seq));
  assertEqual(seen, [1, 2, 3, 4, 5, 6, 7], 'each event once, in order');
  assertEqual(client.duplicatesDropped(), 3, 'duplicates dropped');
  assertEqual([client.state, subscription.state], [State.CONNECTED, SubscriptionState.SUBSCRIBED], 'live again');
  assertEqual(client.reconnects, 1, 'one reconnect');
  client.close();
});

test('a hole in seq resubscribes from the cursor; a gap moves the cursor and is a session event', () => {
  const client = newClient();
  const session = [];
  client.on('session', (e) => session.push(e.type));
  const seen = [];
  client.subscribe('trades.BTC-USDT', (e) => seen.push(e.type === 'gap' ? 'gap' : e.seq));
  client.connect();
  const socket = FakeSocket.last();
  socket.open();
  let sub = socket.sentOf('subscribe')[0];
  socket.receive({ type: 'subscribed', id: sub.id, topic: 'trades.BTC-USDT', epoch: 'e1', seq: 0, recovered: false });
  socket.receive(trade(1));
  socket.receive(trade(3));
  assertEqual(socket.sentOf('unsubscribe').length, 1, 'unsubscribed to resync');
  sub = socket.sentOf('subscribe')[1];
  assertEqual(sub.since, { epoch: 'e1', seq: 1 }, 'resubscribed from the last event processed');
  socket.receive(trade(4)); // of the old subscription: ignored until the new one is answered
  socket.receive({ type: 'subscribed', id: sub.id, topic: 'trades.BTC-USDT', epoch: 'e1', seq: 9, recovered: false });
  socket.receive({ type: 'gap', topic: 'trades.BTC-USDT', epoch: 'e1', from_seq: 2, to_seq: 9, reason: 'retention' });
  socket.receive(trade(10));
  assertEqual(seen, [1, 'gap', 10], 'the hole is not delivered; the gap is');
  assert(session.includes('resync') && session.includes('gap'), 'session events: ' + session);
  client.close();
});

test('a book whose checksum fails is thrown away and subscribed afresh', () => {
  const client = newClient();
  const problems = [];
  client.on('session', (e) => e.type === 'book.invalidated' && problems.push(e.reason));
  client.subscribe('book.BTC-USDT', () => {});
  client.connect();
  const socket = FakeSocket.last();
  socket.open();
  const sub = socket.sentOf('subscribe')[0];
  socket.receive({ type: 'subscribed', id: sub.id, topic: 'book.BTC-USDT', epoch: 'b7c1e0', seq: 41870,
    recovered: false });
  socket.receive(SNAPSHOT);
  socket.receive({ ...DELTA, data: { ...DELTA.data, checksum: 7 } });
  assertEqual(problems, ['checksum'], 'reported');
  assertEqual(client.book('BTC-USDT').valid, false, 'invalid');
  const again = socket.sentOf('subscribe')[1];
  assertEqual(again.since, undefined, 'a fresh snapshot is asked for');
  socket.receive({ type: 'subscribed', id: again.id, topic: 'book.BTC-USDT', epoch: 'b7c1e0', seq: 41871,
    recovered: false });
  socket.receive({ ...SNAPSHOT, seq: 41871 });
  assertEqual(client.book('BTC-USDT').valid, true, 'valid after the snapshot');
  client.close();
});

// --- orders ---------------------------------------------------------------------------------------------

function authenticatedClient() {
  const client = newClient({ token: 't' });
  client.connect();
  const socket = FakeSocket.last();
  socket.open();
  socket.receive({ type: 'auth.ok', id: socket.sentOf('auth')[0].id, user_id: '1001', expires_at: 1 });
  return { client, socket };
}

test('an order goes sent, acked, accepted, and collects its events', async () => {
  const { client, socket } = authenticatedClient();
  const order = client.place({ market: 'BTC-USDT', side: 'buy', order_type: 'limit', tif: 'gtc', price: '1.00',
    qty: '1' });
  const sent = socket.sentOf('order.place')[0];
  assert(sent.client_order_id && sent.client_order_id === order.clientOrderId, 'a client order id is made');
  socket.receive({ type: 'ack', id: sent.id, request_id: 'req-1', ts: 1 });
  assertEqual(order.state, CommandState.ACKED, 'acked');
  socket.receive({ type: 'receipt', id: sent.id, request_id: 'req-1', status: 'accepted', order_id: 77,
    client_order_id: sent.client_order_id, code: null, message: null });
  assertEqual(order.state, CommandState.ACCEPTED, 'accepted');
  const account = client.subscribe('account', () => {});
  const sub = socket.sentOf('subscribe').find((m) => m.topic === 'account');
  socket.receive({ type: 'subscribed', id: sub.id, topic: 'account', epoch: 'a', seq: 0, recovered: false });
  socket.receive({ type: 'order.update', topic: 'account', epoch: 'a', seq: 1, ts: 1, data: { order_id: 77,
    client_order_id: sent.client_order_id, status: 'NEW' } });
  assertEqual(order.events.length, 1, 'its order.update');
  assertEqual((await order.done).state, CommandState.ACCEPTED, 'done resolves');
  assertEqual(order.history, ['sent', 'acked', 'accepted'], 'history');
  account.unsubscribe();
  client.close();
});

test('a command cut off before its receipt is unknown, then synchronized over REST', async () => {
  const { client, socket } = authenticatedClient();
  const looked = [];
  client.rest = async (path) => {
    looked.push(path);
    return [{ order_id: 88, client_order_id: 'mine-1', status: 'NEW' }];
  };
  const order = client.place({ market: 'BTC-USDT', side: 'sell', order_type: 'limit', tif: 'gtc', price: '2.00',
    qty: '1', client_order_id: 'mine-1' });
  socket.receive({ type: 'ack', id: socket.sentOf('order.place')[0].id, request_id: 'req-2', ts: 1 });
  socket.close(1006);
  assertEqual(order.state, CommandState.UNKNOWN_EXECUTION, 'unknown after the cut');
  await tick();
  const next = FakeSocket.last();
  next.open();
  next.receive({ type: 'auth.ok', id: next.sentOf('auth')[0].id, user_id: '1001', expires_at: 1 });
  const done = await order.done;
  assertEqual(looked, ['/api/v1/orders?client_order_id=mine-1'], 'looked up by client order id');
  assertEqual([done.state, done.reconciled.order_id, done.orderId], [CommandState.SYNCHRONIZED, 88, 88], 'reconciled');
  assertEqual(done.history, ['sent', 'acked', 'unknown_execution', 'synchronized'], 'history');
  client.close();
});

test('a connection silent past the heartbeat timeout is pinged, then given up and reconnected', async () => {
  const client = newClient({ heartbeat: { intervalMs: 100, timeoutMs: 300 } });
  const session = [];
  client.on('session', (e) => session.push(e));
  client.connect();
  const socket = FakeSocket.last();
  socket.open();
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert(socket.sentOf('ping').length >= 1, 'a quiet connection is pinged');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const lost = session.find((e) => e.type === 'disconnected');
  assert(lost && lost.reason.includes('given up as dead'), 'given up: ' + JSON.stringify(session));
  assertEqual(lost.code, CloseCode.HEARTBEAT_TIMEOUT, 'the named code');
  assertEqual(socket.readyState, 3, 'the dead socket is closed');
  await tick();
  assert(FakeSocket.all.length >= 2, 'a new connection is opened');
  client.close();
});

test('a token provider refreshes the token on the live connection before it expires', async () => {
  const client = newClient({ token: 'first', tokenProvider: () => Promise.resolve('second'), refreshBeforeMs: 950 });
  const session = [];
  client.on('session', (e) => session.push(e.type));
  client.subscribe('trades.BTC-USDT', () => {});
  client.connect();
  const socket = FakeSocket.last();
  socket.open();
  socket.receive({ type: 'auth.ok', id: socket.sentOf('auth')[0].id, user_id: '1001', expires_at: Date.now() + 1000 });
  const subscribes = socket.sentOf('subscribe').length;
  await new Promise((resolve) => setTimeout(resolve, 150));
  const refresh = socket.sentOf('auth')[1];
  assert(refresh && refresh.token === 'second', 'the fresh token is sent: ' + JSON.stringify(socket.sentOf('auth')));
  socket.receive({ type: 'auth.ok', id: refresh.id, user_id: '1001', expires_at: Date.now() + 3600000 });
  assert(session.includes('token.refreshed'), 'refreshed: ' + session);
  assertEqual(socket.sentOf('subscribe').length, subscribes, 'subscriptions carry on untouched');
  assertEqual([client.token, FakeSocket.all.length], ['second', 1], 'same connection, new token');
  client.close();
});

test('a refused token with a provider reconnects with a fresh one', async () => {
  const client = newClient({ token: 'expired', tokenProvider: () => 'renewed' });
  client.connect();
  const socket = FakeSocket.last();
  socket.open();
  socket.receive({ type: 'error', code: 'unauthorized', message: 'token expired' });
  socket.close(4001, 'unauthorized');
  assertEqual(client.state, State.CONNECTING, 'not closed: a fresh token is being fetched');
  await tick();
  const next = FakeSocket.last();
  assert(next !== socket, 'a new connection');
  next.open();
  assertEqual(next.sentOf('auth')[0].token, 'renewed', 'with the fresh token');
  client.close();
});

test('a refused token closes for good, with the reason', () => {
  const client = newClient({ token: 'bad' });
  const session = [];
  client.on('session', (e) => session.push(e));
  client.connect();
  const socket = FakeSocket.last();
  socket.open();
  socket.receive({ type: 'error', code: 'unauthorized', message: 'invalid token signature' });
  socket.close(4001, 'unauthorized');
  assertEqual(client.state, State.CLOSED, 'closed');
  const closed = session.find((e) => e.type === 'closed');
  assertEqual(closed.reason, 'invalid token signature', 'reason');
  assertEqual(FakeSocket.all.length, 1, 'no reconnect');
});

// --- connect() ---------------------------------------------------------------------------------------------

test('connect() resolves once the token is accepted, not when the socket opens', async () => {
  const client = newClient({ token: 't' });
  let resolved = null;
  const connecting = client.connect().then((c) => (resolved = c));
  const socket = FakeSocket.last();
  socket.open();
  await tick();
  assertEqual([resolved, client.state], [null, State.CONNECTING], 'open but not authenticated: still waiting');
  socket.receive({ type: 'auth.ok', id: socket.sentOf('auth')[0].id, user_id: '1001', expires_at: Date.now() + 3600000 });
  await connecting;
  assert(resolved === client, 'resolves with the client');
  assertEqual(client.state, State.CONNECTED, 'connected');
  assert(client.connect() instanceof Promise, 'a second call is harmless');
  assertEqual(FakeSocket.all.length, 1, 'and opens nothing');
  assert((await client.connect()) === client, 'resolved at once while connected');
  client.close();
});

test('an order sent right after await connect() goes out and is accepted', async () => {
  const client = newClient({ token: 't' });
  const connected = client.connect();
  const socket = FakeSocket.last();
  socket.open();
  socket.receive({ type: 'auth.ok', id: socket.sentOf('auth')[0].id, user_id: '1001', expires_at: Date.now() + 3600000 });
  await connected;
  const order = client.place({ market: 'BTC-USDT', side: 'buy', order_type: 'limit', tif: 'gtc', price: '85000.00',
    qty: '0.001000' });
  assertEqual([order.state, order.error], [CommandState.SENT, null], 'sent, not refused');
  const sent = socket.sentOf('order.place')[0];
  assertEqual([sent.price, sent.qty], ['85000.00', '0.001000'], 'the decimal strings as given');
  socket.receive({ type: 'ack', id: sent.id, request_id: 'req-9', ts: 1 });
  socket.receive({ type: 'receipt', id: sent.id, request_id: 'req-9', status: 'accepted', order_id: 5,
    client_order_id: sent.client_order_id, code: null, message: null });
  assertEqual((await order.done).state, CommandState.ACCEPTED, 'accepted');
  client.close();
});

test('an order made before the connection is not executed, with not_connected', async () => {
  const client = newClient({ token: 't' });
  client.connect();
  const order = client.place({ market: 'BTC-USDT', side: 'buy', order_type: 'limit', tif: 'gtc', price: '1.00',
    qty: '1' });
  const done = await order.done;
  assertEqual([done.state, done.error.code], [CommandState.NOT_EXECUTED, ErrorCode.NOT_CONNECTED], 'not executed');
  assertEqual(done.history, ['not_executed'], 'never sent');
  assertEqual(FakeSocket.last().sent.length, 0, 'nothing sent');
  client.close();
});

test('connect() rejects when the token is refused, and when the client is closed first', async () => {
  const client = newClient({ token: 'bad' });
  const connecting = client.connect();
  const socket = FakeSocket.last();
  socket.open();
  socket.receive({ type: 'error', code: 'unauthorized', message: 'invalid token signature' });
  socket.close(CloseCode.UNAUTHORIZED, 'unauthorized');
  const error = await connecting.then(() => null, (e) => e);
  assert(error instanceof Error, 'rejected');
  assertEqual([error.code, error.reason], [CloseCode.UNAUTHORIZED, 'invalid token signature'], 'why');
  const other = newClient();
  const waiting = other.connect();
  other.close();
  assert((await waiting.then(() => null, (e) => e)) instanceof Error, 'closed first: rejected');
  assert((await other.connect().then(() => null, (e) => e)) instanceof Error, 'connect() after close() rejects');
});

test('commands: a gateway error rejects, a rate limit drop is not executed, close() leaves the rest unknown', async () => {
  const { client, socket } = authenticatedClient();
  const limit = { market: 'BTC-USDT', side: 'buy', order_type: 'limit', tif: 'gtc', price: '1.00', qty: '1' };
  const refused = client.place(limit);
  const dropped = client.place(limit);
  const pending = client.place(limit);
  const [a, b] = socket.sentOf('order.place');
  socket.receive({ type: 'error', id: a.id, code: 'bad_request', message: 'price: not canonical', field: 'price' });
  socket.receive({ type: 'error', id: b.id, code: 'rate_limited', message: 'this message was dropped' });
  assertEqual([refused.state, refused.error.field], [CommandState.REJECTED, 'price'], 'refused by the gateway');
  assertEqual(dropped.state, CommandState.NOT_EXECUTED, 'dropped before the sequencer');
  client.close();
  const done = await pending.done;
  assertEqual(done.state, CommandState.UNKNOWN_EXECUTION, 'closed before the receipt: unknown, and done');
});

test('an unknown command the server has no trace of is not executed', async () => {
  const { client, socket } = authenticatedClient();
  client.rest = async () => {
    throw Object.assign(new Error('no such order'), { status: 404, code: 'not_found' });
  };
  const order = client.place({ market: 'BTC-USDT', side: 'buy', order_type: 'limit', tif: 'gtc', price: '1.00',
    qty: '1' });
  socket.close(1006);
  await tick();
  const next = FakeSocket.last();
  next.open();
  next.receive({ type: 'auth.ok', id: next.sentOf('auth')[0].id, user_id: '1001', expires_at: Date.now() + 3600000 });
  const done = await order.done;
  assertEqual([done.state, done.reconciled], [CommandState.NOT_EXECUTED, null], 'not executed: safe to send again');
  client.close();
});

// --- subscriptions ------------------------------------------------------------------------------------------

test('a subscription has a state, and ready once the server confirmed it and its snapshot is in', async () => {
  const client = newClient();
  const changes = [];
  const book = client.subscribe('book.BTC-USDT');
  book.on('state', (state, previous) => changes.push(previous + '>' + state));
  let ready = null;
  book.ready.then((s) => (ready = s));
  assertEqual([book.topic, book.state, book.book.valid], ['book.BTC-USDT', SubscriptionState.SUBSCRIBING, false],
    'subscribing before any connection');
  client.connect();
  let socket = FakeSocket.last();
  socket.open();
  const sub = socket.sentOf('subscribe')[0];
  socket.receive({ type: 'subscribed', id: sub.id, topic: 'book.BTC-USDT', epoch: 'b7c1e0', seq: 41870,
    recovered: false });
  await tick();
  assertEqual([book.state, ready], [SubscriptionState.SUBSCRIBING, null], 'confirmed, but the snapshot is not in');
  socket.receive(SNAPSHOT);
  await tick();
  assertEqual(book.state, SubscriptionState.SUBSCRIBED, 'live');
  assert(ready === book && book.book === client.book('BTC-USDT') && book.book.valid, 'ready with a valid book');
  assertEqual(book.cursor, { epoch: 'b7c1e0', seq: 41870 }, 'its cursor');
  socket.close(1006);
  assertEqual(book.state, SubscriptionState.SUBSCRIBING, 'resuming after a cut');
  await tick();
  socket = FakeSocket.last();
  socket.open();
  const resume = socket.sentOf('subscribe')[0];
  socket.receive({ type: 'subscribed', id: resume.id, topic: 'book.BTC-USDT', epoch: 'b7c1e0', seq: 41870,
    recovered: true });
  assertEqual(book.state, SubscriptionState.SUBSCRIBED, 'live again, by replay');
  book.unsubscribe();
  book.unsubscribe();
  assertEqual([book.state, socket.sentOf('unsubscribe').length], [SubscriptionState.UNSUBSCRIBED, 1], 'unsubscribed once');
  assertEqual(client.book('BTC-USDT'), null, 'its book is gone');
  assertEqual(changes, ['subscribing>subscribed', 'subscribed>subscribing', 'subscribing>subscribed',
    'subscribed>unsubscribed'], 'state changes');
  client.close();
});

test('a refused subscription is over: unsubscribed with the reason, ready rejects, never resumed', async () => {
  const client = newClient();
  const doge = client.subscribe('book.DOGE-USDT', () => {});
  const trades = client.subscribe('trades.BTC-USDT', () => {});
  client.connect();
  let socket = FakeSocket.last();
  socket.open();
  const [bad, good] = socket.sentOf('subscribe');
  socket.receive({ type: 'error', id: bad.id, code: 'unknown_topic', message: 'unknown topic: book.DOGE-USDT' });
  socket.receive({ type: 'subscribed', id: good.id, topic: 'trades.BTC-USDT', epoch: 'e1', seq: 0, recovered: false });
  const error = await doge.ready.then(() => null, (e) => e);
  assert(error && error.message.includes('unknown_topic'), 'ready rejects: ' + error);
  assertEqual([doge.state, doge.refusal], [SubscriptionState.UNSUBSCRIBED, 'unknown_topic: unknown topic: book.DOGE-USDT'],
    'refused');
  assert((await trades.ready) === trades, 'the other subscription is ready (no snapshot for trades)');
  socket.close(1006);
  await tick();
  socket = FakeSocket.last();
  socket.open();
  assertEqual(socket.sentOf('subscribe').map((m) => m.topic), ['trades.BTC-USDT'], 'the refused one is not resumed');
  const early = client.subscribe('trades.ETH-USDT', () => {});
  early.unsubscribe();
  assert((await early.ready.then(() => null, (e) => e)) instanceof Error, 'unsubscribed before ready: rejects');
  client.close();
});

// --- the account mirror -------------------------------------------------------------------------------------

function accountEvent(seq, type, data) {
  return { type, topic: 'account', epoch: 'a1', seq, ts: 1, data };
}

const ORDER = { order_id: 1001, client_order_id: 'my-1', symbol: 'BTC-USDT', side: 'BUY', order_type: 'LIMIT',
  tif: 'GTC', price: '85000.00', qty: '0.002', status: 'NEW', filled_qty: '0', avg_price: null, updated_at: 1 };

test('the account mirror follows fills: balances and open orders, duplicates on resume not folded twice', async () => {
  const { client, socket } = authenticatedClient();
  const account = client.subscribe('account', () => {});
  assertEqual(client.account().loaded, false, 'empty before the snapshot');
  const sub = socket.sentOf('subscribe')[0];
  socket.receive({ type: 'subscribed', id: sub.id, topic: 'account', epoch: 'a1', seq: 10, recovered: false });
  socket.receive(accountEvent(10, 'account.snapshot', {
    balances: [{ asset: 'USDT', avail: '100000.000000', frozen: '0.000000' },
      { asset: 'BTC', avail: '1.500000', frozen: '0.000000' }],
    open_orders: [] }));
  assert((await account.ready) === account && account.account === client.account(), 'ready with its mirror');
  const mirror = client.account();
  assertEqual(mirror.balances().map((b) => b.asset), ['BTC', 'USDT'], 'balances by asset');
  socket.receive(accountEvent(11, 'order.update', ORDER));
  socket.receive(accountEvent(12, 'balance.update', { asset: 'USDT', avail: '99830.000000', frozen: '170.000000' }));
  assertEqual(mirror.openOrders().map((o) => o.order_id), [1001], 'the order is open');
  assertEqual(mirror.balance('USDT').frozen, '170.000000', 'funds held');
  // Half filled: the order stays open with its new filled quantity; the balances follow.
  socket.receive(accountEvent(13, 'order.update', { ...ORDER, status: 'PARTIALLY_FILLED', filled_qty: '0.001',
    avg_price: '85000.00' }));
  socket.receive(accountEvent(14, 'trade', { trade_id: 5001, order_id: 1001, symbol: 'BTC-USDT', side: 'BUY',
    role: 'MAKER', price: '85000.00', qty: '0.001', fee: '0', fee_asset: 'USDT', traded_at: 1 }));
  socket.receive(accountEvent(15, 'balance.update', { asset: 'BTC', avail: '1.501000', frozen: '0.000000' }));
  socket.receive(accountEvent(16, 'balance.update', { asset: 'USDT', avail: '99830.000000', frozen: '85.000000' }));
  assertEqual(mirror.openOrder(1001).filled_qty, '0.001', 'partially filled, still open');
  assertEqual(mirror.openOrdersByClientId().get('my-1').order_id, 1001, 'by client order id');
  assertEqual([mirror.balance('BTC').avail, mirror.balance('USDT').frozen], ['1.501000', '85.000000'], 'balances');
  assertEqual(addDecimals(mirror.balance('USDT').avail, mirror.balance('USDT').frozen), '99915.000000', 'exact sum');
  // A cut; the resume replays events the mirror has: they are not folded twice.
  socket.close(1006);
  await tick();
  const next = FakeSocket.last();
  next.open();
  next.receive({ type: 'auth.ok', id: next.sentOf('auth')[0].id, user_id: '1001', expires_at: Date.now() + 3600000 });
  const resume = next.sentOf('subscribe')[0];
  assertEqual(resume.since, { epoch: 'a1', seq: 16 }, 'resumed from the mirror\'s cursor');
  next.receive({ type: 'subscribed', id: resume.id, topic: 'account', epoch: 'a1', seq: 18, recovered: true });
  next.receive(accountEvent(15, 'balance.update', { asset: 'BTC', avail: '9.000000', frozen: '0.000000' }));
  next.receive(accountEvent(17, 'order.update', { ...ORDER, status: 'FILLED', filled_qty: '0.002' }));
  next.receive(accountEvent(18, 'balance.update', { asset: 'BTC', avail: '1.502000', frozen: '0.000000' }));
  assertEqual(mirror.openOrders(), [], 'filled: no longer open');
  assertEqual([mirror.balance('BTC').avail, mirror.seq], ['1.502000', 18], 'the duplicate was dropped');
  // Another token may be another user: the mirror is emptied and loaded afresh.
  client.setToken('other');
  assertEqual(mirror.loaded, false, 'emptied for another token');
  client.close();
});

// --- the entry and its parts -----------------------------------------------------------------------------------

test('the entry exports the Java SDK\'s state words, named codes, and the decimals the console shares', async () => {
  assertEqual(Object.values(State), ['connecting', 'connected', 'degraded', 'closed'], 'ConnectionStatus');
  assertEqual(Object.values(CommandState).sort(), ['accepted', 'acked', 'not_executed', 'rejected', 'sent',
    'synchronized', 'unknown_execution'], 'CommandStatus');
  assert(Object.isFrozen(State) && Object.isFrozen(CommandState) && Object.isFrozen(CloseCode), 'frozen');
  assertEqual([CloseCode.UNAUTHORIZED, CloseCode.SLOW_CONSUMER, CloseCode.RATE_LIMITED], [4001, 4008, 4029], 'codes');
  assertEqual([subtractDecimals('85000.50', '84999.5'), isZeroDecimal('0.000'), addDecimals('0.1', '0.2')],
    ['1.00', true, '0.3'], 'decimals, exact');
  const decimals = await import('/tickwire/decimal.js');
  assert(decimals.subtractDecimals === subtractDecimals, 'one decimal module for the SDK and the console');
  const client = newClient();
  assertEqual(Object.keys(client), [], 'no public fields: the state is private');
  let threw = false;
  try {
    client.state = State.CLOSED;
  } catch (e) {
    threw = true;
  }
  assert(threw && client.state === State.CONNECTING, 'state is read-only');
});

// --- runner ------------------------------------------------------------------------------------------------

const results = document.getElementById('results');
let failed = 0;
for (const t of tests) {
  const item = document.createElement('li');
  try {
    await t.fn();
    item.textContent = 'ok   ' + t.name;
    item.dataset.result = 'passed';
  } catch (e) {
    failed++;
    item.textContent = 'FAIL ' + t.name + ': ' + e.message;
    item.dataset.result = 'failed';
  }
  results.append(item);
}
const summary = document.getElementById('summary');
summary.textContent = (tests.length - failed) + ' passed, ' + failed + ' failed';
summary.dataset.passed = String(tests.length - failed);
summary.dataset.failed = String(failed);
summary.dataset.done = 'true';
