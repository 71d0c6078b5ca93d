// Instrument names and trading attributes (lot size, tick size) by key, from search results, cached in
// localStorage: the server's watchlist stores only { exchangeSegment, securityId }.
import { api } from './api.js';
import { instrumentKey, isNumber } from './format.js';

const CacheKey = 'relay.instruments.v1';
const MaxCached = 500;

/** Seeded into an empty watchlist on first load. */
export const DefaultWatchlist = [
  { exchangeSegment: 'NSE_EQ', securityId: '1333', symbol: 'HDFCBANK', displayName: 'HDFC Bank', instrumentType: 'EQUITY', lotSize: 1, tickSize: 0.05 },
  { exchangeSegment: 'NSE_EQ', securityId: '2885', symbol: 'RELIANCE', displayName: 'Reliance Industries', instrumentType: 'EQUITY', lotSize: 1, tickSize: 0.05 },
  { exchangeSegment: 'NSE_EQ', securityId: '11536', symbol: 'TCS', displayName: 'Tata Consultancy Services', instrumentType: 'EQUITY', lotSize: 1, tickSize: 0.05 },
  { exchangeSegment: 'IDX_I', securityId: '13', symbol: 'NIFTY 50', displayName: 'Nifty 50 index', instrumentType: 'INDEX', lotSize: 1, tickSize: 0.05 },
];

let cache = load();
for (const item of DefaultWatchlist) if (!cache.has(instrumentKey(item))) cache.set(instrumentKey(item), item);

function load() {
  try {
    const raw = window.localStorage.getItem(CacheKey);
    const entries = raw ? JSON.parse(raw) : [];
    return new Map(Array.isArray(entries) ? entries.filter((e) => Array.isArray(e) && e.length === 2) : []);
  } catch {
    return new Map();
  }
}

function save() {
  try {
    const entries = [...cache.entries()].slice(-MaxCached);
    window.localStorage.setItem(CacheKey, JSON.stringify(entries));
  } catch {
    // Storage full or disabled: names fall back to security ids next time.
  }
}

/** Keeps only the fields the page uses, tolerating missing optional ones. */
export function normalizeInstrument(raw) {
  if (!raw || typeof raw.exchangeSegment !== 'string' || raw.securityId == null) return null;
  const securityId = String(raw.securityId);
  const lotSize = Number(raw.lotSize);
  const tickSize = Number(raw.tickSize);
  const strike = Number(raw.strike);
  return {
    exchangeSegment: raw.exchangeSegment,
    securityId,
    symbol: typeof raw.symbol === 'string' && raw.symbol ? raw.symbol : securityId,
    displayName: typeof raw.displayName === 'string' ? raw.displayName : '',
    instrumentType: typeof raw.instrumentType === 'string' ? raw.instrumentType : '',
    lotSize: isNumber(lotSize) && lotSize >= 1 ? lotSize : 1,
    tickSize: isNumber(tickSize) && tickSize > 0 ? tickSize : 0.05,
    expiry: typeof raw.expiry === 'string' && raw.expiry ? raw.expiry : null,
    strike: isNumber(strike) && strike > 0 ? strike : null,
    optionType: typeof raw.optionType === 'string' && raw.optionType ? raw.optionType : null,
  };
}

export function remember(instrument) {
  const normalized = normalizeInstrument(instrument);
  if (!normalized) return null;
  const key = instrumentKey(normalized);
  cache.delete(key);
  cache.set(key, normalized);
  save();
  return normalized;
}

export function isKnown(key) {
  return cache.has(key);
}

/** Metadata for a key; an unknown instrument gets its security id as symbol, lot 1, tick 0.05. */
export function describe(instrument) {
  const key = instrumentKey(instrument);
  return cache.get(key) ?? normalizeInstrument({ ...instrument, symbol: String(instrument.securityId) });
}

/** GET /api/instruments/search?q=&limit= → ApiResult whose data is normalized instruments. */
export async function searchInstruments(query, { limit = 20, signal } = {}) {
  const result = await api('GET', `/api/instruments/search?q=${encodeURIComponent(query)}&limit=${limit}`, { signal });
  if (result.ok) {
    // The server answers { query, items: [...] }; a bare array is accepted too.
    const items = Array.isArray(result.data) ? result.data : Array.isArray(result.data?.items) ? result.data.items : [];
    result.data = items.map(normalizeInstrument).filter(Boolean);
  }
  return result;
}

/**
 * Finds names for instruments the cache does not know by searching their security id and taking the exact
 * match. Returns the keys it resolved. Stops at the first failure (e.g. no search endpoint).
 */
export async function resolveUnknown(instruments) {
  const resolved = [];
  for (const instrument of instruments) {
    const key = instrumentKey(instrument);
    if (cache.has(key)) continue;
    const result = await searchInstruments(String(instrument.securityId), { limit: 20 });
    if (!result.ok) break;
    const match = result.data.find((i) => instrumentKey(i) === key);
    if (match) {
      remember(match);
      resolved.push(key);
    }
  }
  return resolved;
}

/** A short description for search results and titles: "NIFTY 26 DEC 24000 CE", expiry, lot size. */
export function describeDetails(instrument) {
  const parts = [];
  if (instrument.instrumentType) parts.push(instrument.instrumentType);
  if (instrument.expiry) parts.push(`exp ${instrument.expiry}`);
  if (instrument.strike) parts.push(`strike ${instrument.strike}`);
  if (instrument.optionType) parts.push(instrument.optionType);
  if (instrument.lotSize > 1) parts.push(`lot ${instrument.lotSize}`);
  return parts.join(' \u00b7 ');
}
