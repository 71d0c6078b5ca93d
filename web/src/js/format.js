// Pure formatting helpers (no DOM): numbers in Indian grouping, IST times, instrument keys.

/** IST is UTC+05:30; DhanHQ's `ltt` is IST wall-clock time encoded as if it were UTC. */
export const IST_OFFSET_SECONDS = 19800;

const DASH = '\u2014';
const numberFormats = new Map();

function numberFormat(decimals) {
  let format = numberFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-IN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(decimals, format);
  }
  return format;
}

const integerFormat = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 0 });

// `timeZone: 'UTC'` on purpose: ltt's "UTC" reading is the IST clock time.
const lttFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
const lttDateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC', day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
const istFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
const istDateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Kolkata', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

export function isNumber(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Decimals to show for a segment's prices: currency derivatives quote to 4 places, everything else to 2. */
export function priceDecimals(segment) {
  return typeof segment === 'string' && segment.includes('CURRENCY') ? 4 : 2;
}

/** A price; 0 or missing reads as a dash (DhanHQ sends 0 for "no trade yet"). */
export function formatPrice(value, decimals = 2) {
  return isNumber(value) && value !== 0 ? numberFormat(decimals).format(value) : DASH;
}

/** A price that may legitimately be 0 (P&L, change). */
export function formatAmount(value, decimals = 2) {
  return isNumber(value) ? numberFormat(decimals).format(value) : DASH;
}

/** A signed amount: "+12.30", "-4.05", "0.00" — the sign carries direction without colour. */
export function formatSigned(value, decimals = 2) {
  if (!isNumber(value)) return DASH;
  const text = numberFormat(decimals).format(Math.abs(value));
  // The sign follows what is shown: -0.001 displays as 0.00, not -0.00.
  const shown = Number(Math.abs(value).toFixed(decimals));
  if (shown === 0) return text;
  return value > 0 ? `+${text}` : `-${text}`;
}

export function formatSignedPercent(value) {
  return isNumber(value) ? `${formatSigned(value, 2)}%` : DASH;
}

export function formatInteger(value) {
  return isNumber(value) ? integerFormat.format(value) : DASH;
}

/** Volume in Indian units: 1.23 Cr, 45.60 L, or grouped below a lakh. */
export function formatVolume(value) {
  if (!isNumber(value)) return DASH;
  if (value >= 1e7) return `${numberFormat(2).format(value / 1e7)} Cr`;
  if (value >= 1e5) return `${numberFormat(2).format(value / 1e5)} L`;
  return integerFormat.format(value);
}

/** ltt (epoch seconds, IST-as-UTC) → "HH:MM:SS" IST clock time; a dash when unknown. */
export function formatLtt(ltt) {
  return isNumber(ltt) && ltt > 0 ? lttFormat.format(ltt * 1000) : DASH;
}

export function formatLttLong(ltt) {
  return isNumber(ltt) && ltt > 0 ? `${lttDateFormat.format(ltt * 1000)} IST` : DASH;
}

/** Unix milliseconds (true UTC) → "HH:MM:SS" IST. */
export function formatIstTime(ms) {
  return isNumber(ms) && ms > 0 ? istFormat.format(ms) : DASH;
}

export function formatIstDateTime(ms) {
  return isNumber(ms) && ms > 0 ? `${istDateFormat.format(ms)} IST` : DASH;
}

/** Accepts an ISO string, Unix seconds or Unix milliseconds; returns Unix milliseconds or NaN. */
export function toMillis(value) {
  if (isNumber(value)) return value < 1e12 ? value * 1000 : value;
  if (typeof value === 'string' && value) return Date.parse(value);
  return NaN;
}

/**
 * The time of an update on the chart's axis, in seconds. The chart formats its axis as UTC, so feeding it
 * ltt (IST-as-UTC) shows IST clock time; without ltt the receive time is shifted to IST the same way.
 */
export function chartTime(ltt, receivedAt) {
  if (isNumber(ltt) && ltt > 0) return Math.floor(ltt);
  if (isNumber(receivedAt) && receivedAt > 0) return Math.floor(receivedAt / 1000) + IST_OFFSET_SECONDS;
  return Math.floor(Date.now() / 1000) + IST_OFFSET_SECONDS;
}

/** Change against the previous close (or the close field while prevClose is still 0). */
export function dayChange(state) {
  if (!state || !isNumber(state.ltp) || state.ltp === 0) return null;
  const base = isNumber(state.prevClose) && state.prevClose > 0 ? state.prevClose
    : isNumber(state.close) && state.close > 0 ? state.close : 0;
  if (base === 0) return null;
  const change = state.ltp - base;
  return { change, percent: (change / base) * 100, base };
}

const EXCHANGE_LABELS = {
  IDX_I: 'INDEX', NSE_EQ: 'NSE', NSE_FNO: 'NFO', NSE_CURRENCY: 'CDS', BSE_EQ: 'BSE', BSE_FNO: 'BFO',
  BSE_CURRENCY: 'BCD', MCX_COMM: 'MCX',
};

export function exchangeLabel(segment) {
  return EXCHANGE_LABELS[segment] ?? segment ?? '';
}

/** Derivative segments are traded in lots. */
export function isDerivativeSegment(segment) {
  return typeof segment === 'string' && /FNO|CURRENCY|COMM/.test(segment);
}

export function isIndexSegment(segment) {
  return segment === 'IDX_I';
}

export function instrumentKey(instrument) {
  return `${instrument.exchangeSegment}:${instrument.securityId}`;
}

/** DhanHQ's exchange segment names by numeric code, as a Tick carries the segment; code 6 is unused. */
export const SegmentNames = Object.freeze([
  'IDX_I', 'NSE_EQ', 'NSE_FNO', 'NSE_CURRENCY', 'BSE_EQ', 'MCX_COMM', null, 'BSE_CURRENCY', 'BSE_FNO',
]);

/**
 * A Tick as the hub sends it, the array [segmentCode, securityId, ltp, ltt] (all numbers), as the object the page
 * merges: { exchangeSegment, securityId (string), ltp, ltt, receivedAt }. A Tick does not carry Relay's receive
 * time, so `receivedAt` is this browser's clock on arrival (`now`, UTC ms), a fallback shown only while ltt is 0.
 * Returns null for anything else.
 */
export function tickFromWire(value, now = Date.now()) {
  if (!Array.isArray(value) || value.length !== 4) return null;
  const [code, id, ltp, ltt] = value;
  const exchangeSegment = Number.isInteger(code) ? SegmentNames[code] : null;
  if (!exchangeSegment || !Number.isInteger(id) || id <= 0 || !isNumber(ltp) || !Number.isInteger(ltt)) return null;
  return { exchangeSegment, securityId: String(id), ltp, ltt, receivedAt: now };
}

export function parseKey(key) {
  const index = key.indexOf(':');
  return { exchangeSegment: key.slice(0, index), securityId: key.slice(index + 1) };
}

/** Whether `price` lies on the grid of `tick` (both positive), tolerant of binary floating point. */
export function isOnTickGrid(price, tick) {
  if (!isNumber(price) || !isNumber(tick) || tick <= 0) return false;
  const scaledPrice = Math.round(price * 10000);
  const scaledTick = Math.round(tick * 10000);
  return scaledTick > 0 && Math.abs(price * 10000 - scaledPrice) < 1e-6 * Math.max(1, Math.abs(price * 10000))
    && scaledPrice % scaledTick === 0;
}

/** Rounds a price to the nearest point on the tick grid. */
export function roundToTick(price, tick) {
  if (!isNumber(price) || !isNumber(tick) || tick <= 0) return price;
  const decimals = Math.max(0, Math.ceil(-Math.log10(tick) - 1e-9));
  return Number((Math.round(price / tick) * tick).toFixed(Math.min(decimals, 6)));
}
