import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MarketStore } from '../src/js/market.js';
import { tickFromWire } from '../src/js/format.js';

const base = { exchangeSegment: 'NSE_EQ', securityId: '1333' };

test('apply_QuoteThenTick_MergesFieldsAndKeepsQuoteFields', () => {
  const store = new MarketStore();
  store.apply({ ...base, ltp: 100, ltt: 1000, receivedAt: 1, volume: 50, prevClose: 98, high: 101, low: 99 });
  store.apply(tickFromWire([1, 1333, 100.5, 1001], 2));
  const state = store.get('NSE_EQ:1333');
  assert.equal(state.ltp, 100.5);
  assert.equal(state.volume, 50);
  assert.equal(state.prevClose, 98);
  assert.equal(state.updates, 2);
});

test('apply_EmptyDepth_KeepsKnownDepth', () => {
  const store = new MarketStore();
  const depth = [{ bidQuantity: 1, askQuantity: 2, bidOrders: 1, askOrders: 1, bidPrice: 99.95, askPrice: 100 }];
  store.apply({ ...base, ltp: 100, ltt: 1000, depth });
  store.apply({ ...base, ltp: 100, ltt: 1000, depth: [] });
  assert.deepEqual(store.get('NSE_EQ:1333').depth, depth);
});

test('history_SameSecond_ReplacesLastPoint_AndOlderSecondsNeverAppend', () => {
  const store = new MarketStore();
  const points = [];
  store.subscribe((key, point) => points.push(point));
  store.apply({ ...base, ltp: 100, ltt: 1000 });
  store.apply({ ...base, ltp: 101, ltt: 1000 });
  store.apply({ ...base, ltp: 102, ltt: 1001 });
  store.apply({ ...base, ltp: 103, ltt: 999 });
  assert.deepEqual(store.historyOf('NSE_EQ:1333'), [{ time: 1000, value: 101 }, { time: 1001, value: 103 }]);
  assert.ok(points.every((p) => p === null || p.time >= 1000));
});

test('apply_NoLtpYet_RecordsNoChartPoint', () => {
  const store = new MarketStore();
  store.apply({ ...base, ltp: 0, ltt: 0, prevClose: 98 });
  assert.equal(store.historyOf('NSE_EQ:1333').length, 0);
  assert.equal(store.get('NSE_EQ:1333').prevClose, 98);
});
