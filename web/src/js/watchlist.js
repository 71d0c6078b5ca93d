// The watchlist: its instruments (saved on the server, mirrored in localStorage), its rows and their live
// rendering. Rows subscribe in Quote mode through the MarketLink.
import { api } from './api.js';
import { describe, DefaultWatchlist, remember } from './instruments.js';
import {
  dayChange, exchangeLabel, formatLtt, formatLttLong, formatIstDateTime, formatIstTime, formatPrice, formatSigned,
  formatSignedPercent, formatVolume, instrumentKey, isIndexSegment, priceDecimals,
} from './format.js';

const LocalKey = 'relay.watchlist.v1';
const SeededKey = 'relay.watchlist.seeded';
/** Set while this browser's copy holds a change the server has not confirmed (a save failed or was cut short). */
const UnsavedKey = 'relay.watchlist.unsaved';
const FlashClasses = ['flash-up', 'flash-down'];

function readLocal() {
  try {
    const raw = window.localStorage.getItem(LocalKey);
    const list = raw ? JSON.parse(raw) : null;
    return Array.isArray(list) ? list : null;
  } catch {
    return null;
  }
}

function writeLocal(list) {
  try {
    window.localStorage.setItem(LocalKey, JSON.stringify(list));
  } catch {
    // Private mode or full storage: the server copy still works.
  }
}

function markUnsaved(unsaved) {
  try {
    if (unsaved) window.localStorage.setItem(UnsavedKey, '1');
    else window.localStorage.removeItem(UnsavedKey);
  } catch {
    // Ignore: without storage there is no local copy to prefer either.
  }
}

function hasUnsaved() {
  try {
    return window.localStorage.getItem(UnsavedKey) === '1';
  } catch {
    return false;
  }
}

function flagSeeded() {
  try {
    window.localStorage.setItem(SeededKey, '1');
  } catch {
    // Ignore.
  }
}

function wasSeeded() {
  try {
    return window.localStorage.getItem(SeededKey) === '1';
  } catch {
    return false;
  }
}

function cleanList(list) {
  const seen = new Set();
  const out = [];
  for (const item of Array.isArray(list) ? list : []) {
    if (!item || typeof item.exchangeSegment !== 'string' || item.securityId == null) continue;
    const instrument = { exchangeSegment: item.exchangeSegment, securityId: String(item.securityId) };
    const key = instrumentKey(instrument);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(instrument);
  }
  return out;
}

function cell(tag, className, testId) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (testId) element.dataset.testid = testId;
  return element;
}

export class Watchlist {
  /**
   * @param {object} options
   * @param {import('./hub.js').MarketLink} options.link
   * @param {import('./market.js').MarketStore} options.market
   * @param {(key:string) => void} options.onOpen
   * @param {(key:string, side:'BUY'|'SELL') => void} options.onTrade
   * @param {(key:string) => void} options.onRemoved
   * @param {(text:string) => void} options.announce
   */
  constructor({ link, market, onOpen, onTrade, onRemoved, announce }) {
    this.link = link;
    this.market = market;
    this.onOpen = onOpen;
    this.onTrade = onTrade;
    this.onRemoved = onRemoved;
    this.announce = announce;
    /** @type {{exchangeSegment:string, securityId:string}[]} */
    this.items = [];
    /** key → row record */
    this.rows = new Map();
    /** key → { accepted, reason, warning } from the last Subscribe */
    this.results = new Map();
    this.selectedKey = null;
    this.serverSync = 'unknown'; // 'server' | 'local-only' | 'unknown'
    this.loaded = false;
    this._saveChain = Promise.resolve();
    this._saveGeneration = 0;

    this.body = document.querySelector('#watchlist-body');
    this.empty = document.querySelector('#watchlist-empty');
    this.message = document.querySelector('#watchlist-message');
    this.table = document.querySelector('.watchlist');
  }

  keys() {
    return this.items.map(instrumentKey);
  }

  has(key) {
    return this.rows.has(key);
  }

  /** Loads from the server (falling back to this browser's copy), seeds an empty first list, subscribes. */
  async load() {
    const result = await api('GET', '/api/watchlist');
    let list;
    let seed = false;
    let resave = false;
    if (result.ok) {
      this.serverSync = 'server';
      const local = readLocal();
      if (hasUnsaved() && local !== null) {
        // A change made here never reached the server (the page was reloaded or closed mid-save, or the server
        // was unreachable): this browser's copy is the newest, send it.
        list = cleanList(local);
        resave = true;
      } else {
        list = cleanList(result.data?.instruments);
        if (list.length === 0 && !wasSeeded()) seed = true;
      }
      this.#setMessage(null);
    } else {
      this.serverSync = 'local-only';
      const local = readLocal();
      list = cleanList(local ?? []);
      if (local === null && !wasSeeded()) seed = true;
      this.#setMessage(this.#serverProblem(result, 'loaded from'), result.unauthorized ? 'error' : 'warn');
    }
    if (seed) {
      list = DefaultWatchlist.map(({ exchangeSegment, securityId }) => ({ exchangeSegment, securityId }));
      flagSeeded();
    }
    this.items = list;
    writeLocal(this.items);
    for (const instrument of this.items) this.#addRow(instrument);
    this.#refreshEmpty();
    this.loaded = true;
    if ((seed || resave) && this.serverSync === 'server') this.save();
    if (this.items.length > 0) await this.link.subscribe(this.items, 'Quote');
  }

  /** Adds an instrument (from search); returns false when it is already there. */
  async add(instrument) {
    const meta = remember(instrument) ?? instrument;
    const item = { exchangeSegment: meta.exchangeSegment, securityId: String(meta.securityId) };
    const key = instrumentKey(item);
    if (this.rows.has(key)) {
      this.rows.get(key).tr.scrollIntoView({ block: 'nearest' });
      return false;
    }
    this.items.push(item);
    this.#addRow(item);
    this.#refreshEmpty();
    this.save();
    this.announce(`${meta.symbol} added to the watchlist`);
    await this.link.subscribe([item], 'Quote');
    return true;
  }

  async remove(key) {
    const index = this.items.findIndex((i) => instrumentKey(i) === key);
    if (index < 0) return;
    const [item] = this.items.splice(index, 1);
    const row = this.rows.get(key);
    const focusNext = row && row.tr.contains(document.activeElement);
    const sibling = row?.tr.nextElementSibling ?? row?.tr.previousElementSibling;
    row?.tr.remove();
    this.rows.delete(key);
    this.results.delete(key);
    this.#refreshEmpty();
    if (focusNext) (sibling?.querySelector('.sym-btn') ?? document.querySelector('#search-input'))?.focus();
    this.save();
    this.announce(`${describe(item).symbol} removed from the watchlist`);
    this.onRemoved(key);
    await this.link.unsubscribe([item], 'Quote');
  }

  /**
   * PUT /api/watchlist, one at a time, the newest list wins. Always mirrors to localStorage, flagged unsaved until
   * the server confirms, so a reload before that keeps this browser's list (and sends it) instead of the server's.
   */
  save() {
    writeLocal(this.items);
    markUnsaved(true);
    const generation = ++this._saveGeneration;
    this._saveChain = this._saveChain.then(async () => {
      if (generation !== this._saveGeneration) return; // a newer save follows
      const result = await api('PUT', '/api/watchlist', { body: { instruments: this.items } });
      if (result.ok) {
        if (generation === this._saveGeneration) markUnsaved(false);
        this.serverSync = 'server';
        this.#setMessage(null);
      } else {
        this.serverSync = 'local-only';
        this.#setMessage(this.#serverProblem(result, 'saved to'), result.unauthorized ? 'error' : 'warn');
      }
    });
    return this._saveChain;
  }

  /** Records Subscribe results (accepted / rejected / warning) on the rows. */
  applyResults(results) {
    for (const result of results) {
      const key = instrumentKey({ exchangeSegment: result.exchangeSegment, securityId: String(result.securityId) });
      this.results.set(key, { accepted: !!result.accepted, reason: result.reason ?? null, warning: result.warning ?? null });
      const row = this.rows.get(key);
      if (!row) continue;
      if (!result.accepted) {
        row.note.textContent = `Not subscribed: ${result.reason || 'rejected by Relay'}`;
        row.note.dataset.tone = 'error';
        row.note.hidden = false;
        row.tr.dataset.subscription = 'rejected';
      } else if (result.warning) {
        row.note.textContent = result.warning;
        row.note.dataset.tone = 'warn';
        row.note.hidden = false;
        row.tr.dataset.subscription = 'accepted';
      } else {
        row.note.hidden = true;
        row.tr.dataset.subscription = 'accepted';
      }
    }
  }

  /** Re-labels rows whose names arrived later (instrument lookup). */
  refreshNames(keys) {
    for (const key of keys) {
      const row = this.rows.get(key);
      if (row) this.#label(row);
    }
  }

  setSelected(key) {
    if (this.selectedKey) {
      const previous = this.rows.get(this.selectedKey);
      previous?.tr.removeAttribute('aria-current');
      previous?.open.setAttribute('aria-expanded', 'false');
    }
    this.selectedKey = key;
    const row = key ? this.rows.get(key) : null;
    row?.tr.setAttribute('aria-current', 'true');
    row?.open.setAttribute('aria-expanded', 'true');
  }

  focusRow(key) {
    this.rows.get(key)?.open.focus();
  }

  /** Renders one row from the market store (called at most once per animation frame per key). */
  render(key) {
    const row = this.rows.get(key);
    const state = this.market.get(key);
    if (!row || !state) return;
    const decimals = row.decimals;

    if (state.ltp !== row.lastLtp) {
      const direction = row.lastLtp == null || state.ltp === row.lastLtp ? null : state.ltp > row.lastLtp ? 'up' : 'down';
      row.ltp.textContent = formatPrice(state.ltp, decimals);
      if (direction) {
        row.arrow.textContent = direction === 'up' ? '\u25b2' : '\u25bc';
        row.arrow.className = `arrow ${direction}`;
        row.ltpCell.dataset.direction = direction;
        row.ltp.classList.remove(...FlashClasses);
        // Restart the CSS animation even when the same direction repeats.
        void row.ltp.offsetWidth;
        row.ltp.classList.add(direction === 'up' ? 'flash-up' : 'flash-down');
      }
      row.lastLtp = state.ltp;
    }

    const change = dayChange(state);
    const tone = change ? (change.change > 0 ? 'up' : change.change < 0 ? 'down' : '') : '';
    row.chg.textContent = change ? formatSigned(change.change, decimals) : '\u2014';
    row.pct.textContent = change ? formatSignedPercent(change.percent) : '\u2014';
    row.chg.className = `c-chg num ${tone}`;
    row.pct.className = `c-pct num ${tone}`;
    row.high.textContent = formatPrice(state.high, decimals);
    row.low.textContent = formatPrice(state.low, decimals);
    row.vol.textContent = isIndexSegment(state.exchangeSegment) && !state.volume ? '\u2014' : formatVolume(state.volume);
    row.time.textContent = state.ltt > 0 ? formatLtt(state.ltt) : formatIstTime(state.receivedAt);
    row.time.title = state.ltt > 0
      ? `Last trade ${formatLttLong(state.ltt)}; received ${formatIstDateTime(state.receivedAt)}`
      : `Received ${formatIstDateTime(state.receivedAt)}`;
    row.tr.dataset.updates = String(state.updates);
  }

  #addRow(instrument) {
    const key = instrumentKey(instrument);
    const tr = cell('tr', 'row', 'watch-row');
    tr.dataset.key = key;
    tr.dataset.segment = instrument.exchangeSegment;
    tr.dataset.securityId = instrument.securityId;

    const symCell = cell('th', 'c-sym');
    symCell.scope = 'row';
    const open = cell('button', 'sym-btn', 'row-open');
    open.type = 'button';
    open.setAttribute('aria-expanded', 'false');
    open.setAttribute('aria-controls', 'detail');
    const sym = cell('span', 'sym', 'row-symbol');
    const exch = cell('span', 'exch', 'row-exchange');
    open.append(sym, exch);
    const note = cell('span', 'row-note', 'row-note');
    note.hidden = true;
    symCell.append(open, note);

    const ltpCell = cell('td', 'c-ltp num ltp-cell');
    const ltp = cell('span', 'ltp', 'row-ltp');
    const arrow = cell('span', 'arrow', 'row-arrow');
    arrow.setAttribute('aria-hidden', 'true');
    ltpCell.append(arrow, ltp);
    ltp.textContent = '\u2014';

    const chg = cell('td', 'c-chg num', 'row-change');
    const pct = cell('td', 'c-pct num', 'row-change-pct');
    const high = cell('td', 'c-high num', 'row-high');
    const low = cell('td', 'c-low num', 'row-low');
    const vol = cell('td', 'c-vol num', 'row-volume');
    const time = cell('td', 'c-time', 'row-time');
    for (const element of [chg, pct, high, low, vol, time]) element.textContent = '\u2014';

    const actCell = cell('td', 'c-act');
    const actions = cell('div', 'row-actions');
    const buy = cell('button', 'btn btn-buy', 'row-buy');
    buy.type = 'button';
    buy.textContent = 'BUY';
    const sell = cell('button', 'btn btn-sell', 'row-sell');
    sell.type = 'button';
    sell.textContent = 'SELL';
    const remove = cell('button', 'btn btn-remove', 'row-remove');
    remove.type = 'button';
    remove.textContent = '\u2715';
    actions.append(buy, sell, remove);
    actCell.append(actions);

    tr.append(symCell, ltpCell, chg, pct, high, low, vol, time, actCell);
    const row = {
      key, instrument, tr, open, sym, exch, note, ltpCell, ltp, arrow, chg, pct, high, low, vol, time, buy, sell, remove,
      lastLtp: null, decimals: priceDecimals(instrument.exchangeSegment),
    };
    this.#label(row);

    open.addEventListener('click', (event) => {
      event.stopPropagation();
      this.onOpen(key);
    });
    tr.addEventListener('click', (event) => {
      if (event.target.closest('button')) return;
      this.onOpen(key);
    });
    buy.addEventListener('click', () => this.onTrade(key, 'BUY'));
    sell.addEventListener('click', () => this.onTrade(key, 'SELL'));
    remove.addEventListener('click', () => this.remove(key));

    this.rows.set(key, row);
    this.body.append(tr);
    if (this.market.get(key)) this.render(key);
  }

  #label(row) {
    const meta = describe(row.instrument);
    row.sym.textContent = meta.symbol;
    row.exch.textContent = exchangeLabel(row.instrument.exchangeSegment);
    row.open.title = meta.displayName || meta.symbol;
    row.open.setAttribute('aria-label', `${meta.symbol}, ${exchangeLabel(row.instrument.exchangeSegment)}: show chart and depth`);
    row.buy.setAttribute('aria-label', `Buy ${meta.symbol}`);
    row.sell.setAttribute('aria-label', `Sell ${meta.symbol}`);
    row.remove.setAttribute('aria-label', `Remove ${meta.symbol} from the watchlist`);
    const index = isIndexSegment(row.instrument.exchangeSegment);
    row.buy.disabled = index;
    row.sell.disabled = index;
    if (index) {
      row.buy.title = 'Indices cannot be traded';
      row.sell.title = 'Indices cannot be traded';
    }
  }

  #refreshEmpty() {
    const empty = this.items.length === 0;
    this.empty.hidden = !empty;
    this.table.hidden = empty;
  }

  #serverProblem(result, verb) {
    const why = result.unauthorized ? 'not authorised'
      : result.notAvailable ? 'this server has no watchlist storage'
        : result.networkError ? 'Relay did not answer' : (result.message ?? `HTTP ${result.status}`);
    return `The watchlist could not be ${verb} the server (${why}); it is kept in this browser for now.`;
  }

  #setMessage(text, tone = 'warn') {
    if (!this.message) return;
    this.message.hidden = !text;
    this.message.textContent = text ?? '';
    this.message.dataset.tone = tone;
  }
}
