import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chartTime, dayChange, formatLtt, formatPrice, formatSigned, formatSignedPercent, formatVolume, isOnTickGrid,
  parseKey, instrumentKey, roundToTick, tickFromWire, toMillis, IST_OFFSET_SECONDS, SegmentNames,
} from '../src/js/format.js';

test('formatLtt_IstEncodedAsUtc_ShowsIstClockTime', () => {
  // 2024-01-15 09:15:07 IST as DhanHQ sends it: the IST wall clock encoded as if it were UTC.
  const ltt = Date.UTC(2024, 0, 15, 9, 15, 7) / 1000;
  assert.equal(formatLtt(ltt), '09:15:07');
});

test('formatLtt_Zero_ShowsDash', () => {
  assert.equal(formatLtt(0), '\u2014');
});

test('chartTime_WithoutLtt_ShiftsReceiveTimeToIst', () => {
  const receivedAt = Date.UTC(2024, 0, 15, 3, 45, 7, 500); // 09:15:07.5 IST
  assert.equal(chartTime(0, receivedAt), Math.floor(receivedAt / 1000) + IST_OFFSET_SECONDS);
  assert.equal(chartTime(1705310107, receivedAt), 1705310107);
});

test('formatPrice_UsesIndianGroupingAndDashForZero', () => {
  assert.equal(formatPrice(123456.5), '1,23,456.50');
  assert.equal(formatPrice(0), '\u2014');
  assert.equal(formatPrice(83.1234, 4), '83.1234');
});

test('formatSigned_CarriesDirectionWithoutColour', () => {
  assert.equal(formatSigned(12.3), '+12.30');
  assert.equal(formatSigned(-4.05), '-4.05');
  assert.equal(formatSigned(-0.001), '0.00');
  assert.equal(formatSignedPercent(-0.4567), '-0.46%');
});

test('formatVolume_UsesLakhAndCrore', () => {
  assert.equal(formatVolume(99999), '99,999');
  assert.equal(formatVolume(4_560_000), '45.60 L');
  assert.equal(formatVolume(123_000_000), '12.30 Cr');
});

test('dayChange_PrefersPrevCloseAndFallsBackToClose', () => {
  assert.deepEqual(dayChange({ ltp: 110, prevClose: 100, close: 50 }).change, 10);
  assert.equal(dayChange({ ltp: 110, prevClose: 0, close: 100 }).percent, 10);
  assert.equal(dayChange({ ltp: 110, prevClose: 0, close: 0 }), null);
  assert.equal(dayChange({ ltp: 0, prevClose: 100 }), null);
});

test('isOnTickGrid_AcceptsMultiplesDespiteFloatingPoint', () => {
  assert.equal(isOnTickGrid(1642.35, 0.05), true);
  assert.equal(isOnTickGrid(0.15, 0.05), true);
  assert.equal(isOnTickGrid(1642.33, 0.05), false);
  assert.equal(isOnTickGrid(24388.1, 0.1), true);
  assert.equal(isOnTickGrid(83.0025, 0.0025), true);
  assert.equal(roundToTick(182.43, 0.05), 182.45);
});

test('keys_RoundTrip', () => {
  assert.equal(instrumentKey({ exchangeSegment: 'NSE_EQ', securityId: '1333' }), 'NSE_EQ:1333');
  assert.deepEqual(parseKey('IDX_I:13'), { exchangeSegment: 'IDX_I', securityId: '13' });
});

test('toMillis_AcceptsIsoSecondsAndMillis', () => {
  assert.equal(toMillis('2024-01-15T03:45:07Z'), Date.UTC(2024, 0, 15, 3, 45, 7));
  assert.equal(toMillis(1705290307), 1705290307000);
  assert.equal(toMillis(1705290307000), 1705290307000);
});

test('tickFromWire_PositionalArray_ObjectWithSegmentNameAndIdText', () => {
  assert.deepEqual(tickFromWire([1, 1333, 1465.4, 1729412345], 42), {
    exchangeSegment: 'NSE_EQ', securityId: '1333', ltp: 1465.4, ltt: 1729412345, receivedAt: 42,
  });
  assert.equal(tickFromWire([0, 13, 24350.05, 0], 1).exchangeSegment, 'IDX_I');
  assert.equal(tickFromWire([8, 1234567, 123456.75, 1780000000], 1).exchangeSegment, 'BSE_FNO');
});

test('tickFromWire_EveryCodeOfTheServer_HasItsName', () => {
  // The same table as Relay.Core's ExchangeSegment enum.
  assert.deepEqual(
    SegmentNames.map((name, code) => (name ? tickFromWire([code, 1, 1, 1], 0).exchangeSegment : tickFromWire([code, 1, 1, 1], 0))),
    ['IDX_I', 'NSE_EQ', 'NSE_FNO', 'NSE_CURRENCY', 'BSE_EQ', 'MCX_COMM', null, 'BSE_CURRENCY', 'BSE_FNO'],
  );
});

test('tickFromWire_Malformed_Null', () => {
  for (const bad of [
    null, undefined, {}, { exchangeSegment: 'NSE_EQ', securityId: '1333', ltp: 1, ltt: 1 }, [], [1, 1333, 1.5],
    [1, 1333, 1.5, 1, 2], ['NSE_EQ', 1333, 1.5, 1], [6, 1333, 1.5, 1], [9, 1333, 1.5, 1], [1, '1333', 1.5, 1],
    [1, 0, 1.5, 1], [1, 1333, '1.5', 1], [1, 1333, 1.5, 1.5], [1, 1333, NaN, 1],
  ]) {
    assert.equal(tickFromWire(bad, 0), null, JSON.stringify(bad));
  }
});
