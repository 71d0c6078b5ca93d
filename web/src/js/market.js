// Last known market state per instrument, merged from Tick/Quote/Full messages and subscription snapshots,
// plus an intraday price history (one point per second) for the chart.
import { chartTime, instrumentKey, isNumber } from './format.js';

const StateFields = [
  'ltp', 'ltt', 'receivedAt', 'ltq', 'atp', 'volume', 'totalBuyQuantity', 'totalSellQuantity',
  'open', 'high', 'low', 'close', 'oi', 'prevClose', 'oiDayHigh', 'oiDayLow',
];

/** Points kept per instrument: a full NSE session at one point per second. */
export const MaxHistoryPoints = 23000;

export class MarketStore {
  constructor() {
    /** @type {Map<string, object>} */
    this.states = new Map();
    /** @type {Map<string, {time:number, value:number}[]>} */
    this.history = new Map();
    /** @type {Set<(key:string, point:{time:number,value:number}|null) => void>} */
    this.listeners = new Set();
  }

  get(key) {
    return this.states.get(key);
  }

  historyOf(key) {
    return this.history.get(key) ?? [];
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Merges a server message (Tick, Quote, Full or a snapshot) and notifies listeners. */
  apply(message) {
    if (!message || typeof message.exchangeSegment !== 'string' || message.securityId == null) return;
    const key = instrumentKey({ exchangeSegment: message.exchangeSegment, securityId: String(message.securityId) });
    let state = this.states.get(key);
    if (!state) {
      state = { key, exchangeSegment: message.exchangeSegment, securityId: String(message.securityId), updates: 0 };
      this.states.set(key, state);
    }
    for (const field of StateFields) {
      const value = message[field];
      if (isNumber(value)) state[field] = value;
    }
    // An empty depth means "none known yet", not "the book emptied".
    if (Array.isArray(message.depth) && message.depth.length > 0) state.depth = message.depth;
    state.updates += 1;
    const point = this.#record(key, state);
    for (const listener of this.listeners) listener(key, point);
  }

  forget(key) {
    this.states.delete(key);
    this.history.delete(key);
  }

  #record(key, state) {
    if (!isNumber(state.ltp) || state.ltp <= 0) return null;
    const time = chartTime(state.ltt, state.receivedAt);
    let points = this.history.get(key);
    if (!points) {
      points = [];
      this.history.set(key, points);
    }
    const last = points[points.length - 1];
    let point;
    if (last && time <= last.time) {
      // Same second (or an out-of-order ltt): the newest price wins for the latest point.
      if (last.value === state.ltp) return null;
      last.value = state.ltp;
      point = last;
    } else {
      point = { time, value: state.ltp };
      points.push(point);
      if (points.length > MaxHistoryPoints) points.splice(0, points.length - MaxHistoryPoints);
    }
    return { time: point.time, value: point.value };
  }
}
