import { test } from 'node:test';
import assert from 'node:assert/strict';

// A stand-in for the @microsoft/signalr browser global: records invocations and lets a test drive the
// connection's lifecycle callbacks.
class FakeConnection {
  constructor() {
    this.state = 'Disconnected';
    this.invocations = [];
    this.handlers = new Map();
    this.startFailures = 0;
    this.connectionId = 'c1';
  }

  on(name, handler) { this.handlers.set(name, handler); }
  onreconnecting(handler) { this.reconnecting = handler; }
  onreconnected(handler) { this.reconnected = handler; }
  onclose(handler) { this.closed = handler; }

  async start() {
    if (this.startFailures > 0) {
      this.startFailures -= 1;
      throw new Error('refused');
    }
    this.state = 'Connected';
  }

  async stop() {
    this.state = 'Disconnected';
    this.closed?.();
  }

  async invoke(method, instruments, mode) {
    this.invocations.push({ method, keys: instruments.map((i) => `${i.exchangeSegment}:${i.securityId}`), mode });
    if (method !== 'Subscribe') return null;
    return instruments.map((i) => ({ ...i, accepted: true, reason: null, warning: null, snapshot: null }));
  }
}

const fake = new FakeConnection();
class Builder {
  withUrl(url, options) { this.url = url; this.options = options; return this; }
  withAutomaticReconnect(policy) { this.policy = policy; return this; }
  configureLogging() { return this; }
  build() { return fake; }
}

globalThis.window = {
  signalR: { HubConnectionBuilder: Builder, HubConnectionState: { Disconnected: 'Disconnected' }, LogLevel: { Warning: 3 } },
  addEventListener() {},
};

const { MarketLink, reconnectDelay } = await import('../src/js/hub.js');

function waitFor(condition, timeoutMs = 2000) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (condition()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out'));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

const hdfc = { exchangeSegment: 'NSE_EQ', securityId: '1333' };
const tcs = { exchangeSegment: 'NSE_EQ', securityId: '11536' };
const results = [];
const messages = [];
const link = new MarketLink({
  url: '/hubs/market', onMessage: (method, message) => messages.push({ method, message }), onResults: (mode, r) => results.push({ mode, r }), logger: { log() {} },
});
const logged = [];
link.addEventListener('log', (event) => logged.push(event.detail));

test('onTick_PositionalArray_ReachesThePageAsAnObject', () => {
  messages.length = 0;
  const before = Date.now();
  fake.handlers.get('Tick')([8, 1234567, 123456.75, 1780000000]);
  fake.handlers.get('Tick')({ exchangeSegment: 'NSE_EQ', securityId: '1333', ltp: 1, ltt: 1 });
  assert.equal(messages.length, 1, 'the old object form is not a Tick any more');
  const { method, message } = messages[0];
  assert.equal(method, 'Tick');
  assert.deepEqual({ ...message, receivedAt: undefined }, {
    exchangeSegment: 'BSE_FNO', securityId: '1234567', ltp: 123456.75, ltt: 1780000000, receivedAt: undefined,
  });
  assert.ok(message.receivedAt >= before && message.receivedAt <= Date.now());
  assert.match(logged.at(-1), /^Ignored a malformed Tick/);
});

test('onQuote_ObjectForm_PassesThrough', () => {
  messages.length = 0;
  const quote = { exchangeSegment: 'NSE_EQ', securityId: '1333', ltp: 1465.4, ltt: 1, receivedAt: 2, volume: 3 };
  fake.handlers.get('Quote')(quote);
  assert.deepEqual(messages, [{ method: 'Quote', message: quote }]);
});

test('subscribe_BeforeConnected_IsSentOnStart', async () => {
  assert.equal(await link.subscribe([hdfc, tcs], 'Quote'), null);
  assert.equal(fake.invocations.length, 0);
  link.start();
  await waitFor(() => fake.invocations.length === 1);
  assert.equal(link.state, 'connected');
  assert.deepEqual(fake.invocations[0], { method: 'Subscribe', keys: ['NSE_EQ:1333', 'NSE_EQ:11536'], mode: 'Quote' });
});

test('subscribe_WhenConnected_SendsOnlyNewInstrumentModes', async () => {
  fake.invocations.length = 0;
  await link.subscribe([hdfc], 'Quote');
  assert.equal(fake.invocations.length, 0);
  const r = await link.subscribe([hdfc], 'Full');
  assert.equal(r.length, 1);
  assert.deepEqual(fake.invocations, [{ method: 'Subscribe', keys: ['NSE_EQ:1333'], mode: 'Full' }]);
});

test('onreconnected_ReplaysEveryWantedModeQuoteFirst', async () => {
  fake.invocations.length = 0;
  fake.reconnecting(new Error('lost'));
  assert.equal(link.state, 'reconnecting');
  fake.reconnected('c2');
  await waitFor(() => fake.invocations.length === 2);
  assert.deepEqual(fake.invocations, [
    { method: 'Subscribe', keys: ['NSE_EQ:1333', 'NSE_EQ:11536'], mode: 'Quote' },
    { method: 'Subscribe', keys: ['NSE_EQ:1333'], mode: 'Full' },
  ]);
  assert.equal(link.state, 'connected');
});

test('unsubscribeFull_KeepsQuote_AndOnlyQuoteIsReplayedAfterRestart', async () => {
  await link.unsubscribe([hdfc], 'Full');
  assert.deepEqual(link.subscriptions(), [{ key: 'NSE_EQ:1333', modes: ['Quote'] }, { key: 'NSE_EQ:11536', modes: ['Quote'] }]);
  fake.invocations.length = 0;
  await fake.stop(); // the connection closed for good: the page starts a new one
  await waitFor(() => fake.invocations.length === 1);
  assert.deepEqual(fake.invocations, [{ method: 'Subscribe', keys: ['NSE_EQ:1333', 'NSE_EQ:11536'], mode: 'Quote' }]);
  assert.equal(link.counts.restarts, 1);
});

test('unsubscribe_WhileDisconnected_IsNotReplayed', async () => {
  fake.reconnecting(new Error('lost'));
  await link.unsubscribe([tcs], 'Quote');
  fake.invocations.length = 0;
  fake.reconnected('c3');
  await waitFor(() => fake.invocations.length === 1);
  assert.deepEqual(fake.invocations, [{ method: 'Subscribe', keys: ['NSE_EQ:1333'], mode: 'Quote' }]);
});

test('reconnectDelay_NeverGivesUpAndIsCapped', () => {
  const delays = [0, 1, 2, 3, 4, 10, 10000].map(reconnectDelay);
  assert.equal(delays[0], 0);
  assert.ok(delays.every((d) => Number.isFinite(d) && d <= 11000), String(delays));
  assert.ok(delays[6] >= 10000);
});
