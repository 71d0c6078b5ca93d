// Wires the page together: market link, store, watchlist, search, detail panel, order ticket, trading views,
// connection indicators, views/navigation and the window.relayDebug test hook.
import { captureTokenFromUrl, clearToken, getToken } from './auth.js';
import { on } from './bus.js';
import { DetailPanel } from './detail.js';
import { formatIstDateTime, instrumentKey } from './format.js';
import { MarketLink } from './hub.js';
import { resolveUnknown } from './instruments.js';
import { MarketStore } from './market.js';
import { InstrumentSearch } from './search.js';
import { OrderTicket } from './ticket.js';
import { TradingViews } from './trading.js';
import { Watchlist } from './watchlist.js';

const HubPath = '/hubs/market';
const Views = ['watchlist', 'orders', 'positions', 'account'];
const LogLimit = 200;

const LinkWords = {
  connecting: 'connecting', connected: 'connected', reconnecting: 'reconnecting', disconnected: 'disconnected',
};
const FeedWords = {
  Connecting: 'connecting', Connected: 'connected', Reconnecting: 'reconnecting', CredentialsRejected: 'credentials rejected',
  Evicted: 'evicted', Stale: 'stale', NoCredentials: 'no credentials', Stopped: 'stopped', Unknown: 'unknown',
};
const FeedTones = {
  Connected: 'ok', Connecting: 'warn', Reconnecting: 'warn', Stale: 'warn',
  CredentialsRejected: 'bad', Evicted: 'bad', NoCredentials: 'bad', Stopped: 'bad',
};

const $ = (selector) => document.querySelector(selector);

captureTokenFromUrl();

const debugLog = [];
function log(level, message) {
  debugLog.push({ at: Date.now(), level, message: String(message) });
  if (debugLog.length > LogLimit) debugLog.splice(0, debugLog.length - LogLimit);
}

// Announcements for screen readers: polite, de-duplicated, and only for events a user acts on.
const announcer = $('#announcer');
let lastAnnouncement = '';
function announce(text) {
  if (!text || text === lastAnnouncement) return;
  lastAnnouncement = text;
  announcer.textContent = text;
  setTimeout(() => {
    if (lastAnnouncement === text) lastAnnouncement = '';
  }, 3000);
}

function showAuthMessage() {
  const box = $('#auth-message');
  const token = getToken();
  box.querySelector('.banner-text').textContent = token
    ? 'Relay rejected the access token saved in this browser (HTTP 401). Open the page with ?token=<your token> to use another one.'
    : 'This Relay server requires an access token (HTTP 401). Open the page as /?token=<your token>.';
  $('#forget-token').hidden = !token;
  box.hidden = false;
}

function fatal(text) {
  const box = $('#auth-message');
  box.querySelector('.banner-text').textContent = text;
  box.hidden = false;
}

if (!window.signalR || !window.LightweightCharts) {
  fatal('The page could not load its scripts (lib/signalr, lib/lightweight-charts). Rebuild Relay.Server to regenerate wwwroot.');
  throw new Error('Relay watchlist: vendor scripts missing');
}

const market = new MarketStore();
const counts = { Tick: 0, Quote: 0, Full: 0, FeedStatus: 0, OrderUpdate: 0 };
const lastResults = new Map(); // key → { Quote?: result, Full?: result }
let feed = { state: 'Unknown', reason: null, source: null, since: null };

// Rendering: messages mark keys dirty; one animation frame paints them all.
const dirty = new Set();
let frame = 0;
function markDirty(key) {
  dirty.add(key);
  if (!frame) frame = requestAnimationFrame(paint);
}
function paint() {
  frame = 0;
  for (const key of dirty) {
    watchlist.render(key);
    if (key === detail.key) detail.render();
  }
  dirty.clear();
}

market.subscribe((key, point) => {
  markDirty(key);
  if (key === detail?.key) detail.update(key, point);
});

function onMessage(method, message) {
  counts[method] = (counts[method] ?? 0) + 1;
  switch (method) {
    case 'Tick':
    case 'Quote':
    case 'Full':
      market.apply(message);
      break;
    case 'FeedStatus':
      setFeed(message);
      break;
    case 'OrderUpdate':
      trading.refreshAll();
      if (message?.orderId) announce(`Order ${message.orderId} ${String(message.orderStatus ?? 'updated').toLowerCase()}`);
      break;
    default:
      break;
  }
}

function onResults(mode, results) {
  for (const result of results) {
    if (!result || !result.exchangeSegment) continue;
    const key = instrumentKey({ exchangeSegment: result.exchangeSegment, securityId: String(result.securityId) });
    lastResults.set(key, { ...lastResults.get(key), [mode]: result });
    if (result.snapshot) {
      market.apply({ exchangeSegment: result.exchangeSegment, securityId: String(result.securityId), ...result.snapshot });
    }
    if (!result.accepted) log(3, `${mode} subscription of ${key} rejected: ${result.reason ?? ''}`);
  }
  if (mode === 'Quote') watchlist.applyResults(results);
  if (mode === 'Full') detail.applyResults(results);
}

const signalRLogger = {
  log(level, message) {
    log(level, message);
    // Failures show in the connection indicator; keep them out of the error console.
    if (level >= window.signalR.LogLevel.Warning) console.warn(`[relay hub] ${message}`);
  },
};

const link = new MarketLink({ url: HubPath, onMessage, onResults, logger: signalRLogger });
link.addEventListener('log', (event) => log(3, event.detail));
link.addEventListener('subscribe-error', (event) => {
  const box = $('#watchlist-message');
  box.textContent = `Relay refused a ${event.detail.mode} subscription: ${event.detail.message}`;
  box.dataset.tone = 'error';
  box.hidden = false;
});

const detail = new DetailPanel({
  link,
  market,
  onTrade: (key, side) => ticket.open(key, side),
  onChange: (key) => watchlist.setSelected(key),
});

const watchlist = new Watchlist({
  link,
  market,
  onOpen: (key) => detail.open(key),
  onTrade: (key, side) => ticket.open(key, side),
  onRemoved: (key) => {
    if (detail.key === key) detail.close();
    lastResults.delete(key);
    market.forget(key);
  },
  announce,
});

const ticket = new OrderTicket({
  market,
  onPlaced: () => trading.refreshAll(),
  announce,
});

const trading = new TradingViews({ market, announce });

const search = new InstrumentSearch({
  onPick: (instrument) => watchlist.add(instrument),
  isAdded: (key) => watchlist.has(key),
});

// Closing the detail panel returns focus to its row.
$('#detail-close').addEventListener('click', () => {
  const key = watchlist.selectedKey;
  if (key) watchlist.focusRow(key);
});

// ----- Connection indicators -----

const linkPill = $('#link-status');
const feedPill = $('#feed-status');
let countdownTimer = 0;

function renderLink() {
  const state = link.state;
  linkPill.dataset.state = state;
  linkPill.dataset.tone = state === 'connected' ? 'ok' : state === 'disconnected' ? 'bad' : 'warn';
  const word = LinkWords[state] ?? state;
  let extra = '';
  if (state === 'disconnected' && link.nextAttemptAt) {
    const seconds = Math.max(0, Math.ceil((link.nextAttemptAt - Date.now()) / 1000));
    extra = `, retry in ${seconds} s`;
  }
  const text = word + extra;
  linkPill.querySelector('.status-text').textContent = word;
  linkPill.querySelector('.status-extra').textContent = extra;
  linkPill.title = `Your browser's link to Relay: ${text}${link.lastError ? ` (${link.lastError})` : ''}`;
  $('[data-testid="account-link-state"]').textContent = text + (link.lastError && state !== 'connected' ? ` \u2014 ${link.lastError}` : '');
  clearInterval(countdownTimer);
  if (state === 'disconnected' && link.nextAttemptAt) countdownTimer = setInterval(renderLink, 1000);
  renderFeed();
}

let previousLink = 'connecting';
link.addEventListener('state', (event) => {
  const { state } = event.detail;
  log(2, `link ${state}`);
  if (previousLink === 'connected' && state !== 'connected') announce('Connection to Relay lost; reconnecting.');
  if (state === 'connected' && (previousLink === 'reconnecting' || previousLink === 'disconnected') && link.counts.starts + link.counts.reconnects > 1) {
    announce('Reconnected to Relay.');
  }
  previousLink = state;
  renderLink();
});

function setFeed(message) {
  if (!message || typeof message.state !== 'string') return;
  const changed = message.state !== feed.state;
  feed = { state: message.state, reason: message.reason ?? null, source: message.source ?? null, since: message.since ?? null };
  if (changed && counts.FeedStatus > 1) announce(`Market feed ${FeedWords[feed.state] ?? feed.state}.`);
  renderFeed();
}

function renderFeed() {
  const word = FeedWords[feed.state] ?? feed.state.toLowerCase();
  // While the browser is not connected, what Relay last said about the feed may be out of date.
  const stale = link.state !== 'connected' && feed.state !== 'Unknown';
  feedPill.dataset.state = feed.state;
  feedPill.dataset.tone = stale ? '' : FeedTones[feed.state] ?? '';
  feedPill.dataset.lastKnown = String(stale);
  const source = feed.source ? ` (${feed.source})` : '';
  feedPill.querySelector('.status-text').textContent = word;
  feedPill.querySelector('.status-extra').textContent = stale ? ' (last known)' : source;
  feedPill.title = `Relay's link to the market feed: ${word}${source}${feed.reason ? ` \u2014 ${feed.reason}` : ''}`;

  const banner = $('#feed-reason');
  const problem = feed.state !== 'Connected' && feed.state !== 'Unknown' && !stale;
  banner.hidden = !problem;
  banner.textContent = problem ? `Market feed ${word}${source}${feed.reason ? `: ${feed.reason}` : '.'}` : '';

  $('[data-testid="account-feed-state"]').textContent = word;
  $('[data-testid="account-feed-source"]').textContent = feed.source ?? '\u2014';
  $('[data-testid="account-feed-since"]').textContent = feed.since ? formatIstDateTime(feed.since) : '\u2014';
  $('[data-testid="account-feed-reason"]').textContent = feed.reason ?? '\u2014';
}

// ----- Auth -----

function renderToken() {
  const token = getToken();
  $('[data-testid="token-state"]').textContent = token
    ? 'An access token is saved in this browser and sent with every request.'
    : 'No access token: this works when Relay runs in single-user (loopback) mode. Open the page with ?token=<your token> to use one.';
  $('[data-testid="account-forget-token"]').hidden = !token;
}

function forgetToken() {
  clearToken();
  window.location.reload();
}

on('unauthorized', showAuthMessage);
$('#forget-token').addEventListener('click', forgetToken);
$('[data-testid="account-forget-token"]').addEventListener('click', forgetToken);

// ----- Views -----

function currentView() {
  const name = window.location.hash.replace(/^#/, '');
  return Views.includes(name) ? name : 'watchlist';
}

function showView() {
  const view = currentView();
  for (const name of Views) {
    const section = document.getElementById(`view-${name}`);
    if (section) section.hidden = name !== view;
  }
  for (const a of document.querySelectorAll('.app-nav a')) {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.body.dataset.view = view;
  if (view !== 'watchlist') trading.show(view);
  else trading.visible = 'watchlist';
}

window.addEventListener('hashchange', showView);

// ----- Test and diagnostics hook -----

let resolveReady;
const ready = new Promise((resolve) => {
  resolveReady = resolve;
});

window.relayDebug = {
  version: 1,
  /** 'connecting' | 'connected' | 'reconnecting' | 'disconnected' */
  get linkState() { return link.state; },
  /** The last FeedStatus: { state, reason, source, since }; state 'Unknown' before the first. */
  get feedStatus() { return { ...feed }; },
  get connectionId() { return link.connectionId ?? null; },
  /** The SignalR HubConnection (tests may stop() it to force the restart path). */
  get connection() { return link.connection; },
  get lastError() { return link.lastError; },
  /** Starts, automatic reconnects, full restarts and subscription replays so far. */
  get linkCounts() { return { ...link.counts }; },
  /** Callback counts by method name. */
  get counts() { return { ...counts }; },
  /** What the page wants from the hub: [{ key: 'NSE_EQ:1333', modes: ['Full', 'Quote'] }]. */
  subscriptions: () => link.subscriptions(),
  /** The watchlist's keys in order. */
  watchlist: () => watchlist.keys(),
  /** 'server' when the last load/save reached /api/watchlist, 'local-only' otherwise. */
  get watchlistSync() { return watchlist.serverSync; },
  /** The merged market state of an instrument (a copy), or null. */
  market: (key) => (market.get(key) ? structuredClone(market.get(key)) : null),
  /** Number of chart points recorded for an instrument. */
  historyLength: (key) => market.historyOf(key).length,
  /** The last Subscribe results by mode for an instrument. */
  results: (key) => lastResults.get(key) ?? null,
  /** The key open in the detail panel, or null. */
  get selected() { return detail.key; },
  /** The Idempotency-Key and body of the last order submission. */
  get lastOrderRequest() { return ticket.lastRequest; },
  get searches() { return search.searches; },
  get view() { return currentView(); },
  /** Resolves once the watchlist is loaded and its Quote subscriptions are sent (or queued). */
  ready,
  log: debugLog,
};

// ----- Start -----

renderLink();
renderToken();
showView();
link.start();

(async () => {
  try {
    await watchlist.load();
  } finally {
    resolveReady();
  }
  // Names for saved instruments this browser has not seen in a search yet.
  const resolved = await resolveUnknown(watchlist.items).catch(() => []);
  if (resolved.length > 0) watchlist.refreshNames(resolved);
})();
