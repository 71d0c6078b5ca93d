// The SignalR link to Relay's market hub: connects, reconnects forever, and replays the wanted
// subscriptions after every reconnect or restart (the server forgets them with the old connection).
import { getToken } from './auth.js';
import { emit } from './bus.js';
import { instrumentKey, tickFromWire } from './format.js';

/** Instruments per Subscribe/Unsubscribe call when replaying. */
const BatchSize = 100;
/** Automatic-reconnect delays (ms), then the cap, plus up to a second of jitter. */
const ReconnectDelays = [0, 1000, 2000, 5000];
const MaxDelayMs = 10000;

/** Delay before reconnect attempt `attempt` (0-based), in ms; never null, so reconnecting never stops. */
export function reconnectDelay(attempt) {
  const base = attempt < ReconnectDelays.length ? ReconnectDelays[attempt] : MaxDelayMs;
  return base === 0 ? 0 : base + Math.floor(Math.random() * 1000);
}

/**
 * Link states: 'connecting' (first start), 'connected', 'reconnecting' (automatic reconnect running),
 * 'disconnected' (closed; the restart loop is waiting for its next attempt).
 */
export class MarketLink extends EventTarget {
  /**
   * @param {object} options
   * @param {string} options.url hub path, e.g. '/hubs/market'
   * @param {(method:string, message:any) => void} options.onMessage server → client callbacks
   * @param {(mode:string, results:any[]) => void} options.onResults outcome of Subscribe calls
   * @param {{log:(level:number, message:string)=>void}} options.logger
   */
  constructor({ url, onMessage, onResults, logger }) {
    super();
    const signalR = window.signalR;
    this.signalR = signalR;
    this.state = 'connecting';
    this.lastError = null;
    this.nextAttemptAt = null;
    this.onResults = onResults;
    this.stopped = false;
    /** key → { instrument, modes:Set<string> } */
    this.wanted = new Map();
    this.counts = { starts: 0, reconnects: 0, restarts: 0, resubscribes: 0 };
    this._wake = null;

    const token = getToken();
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(url, token ? { accessTokenFactory: () => getToken() ?? '' } : {})
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => reconnectDelay(context.previousRetryCount) })
      .configureLogging(logger)
      .build();

    // A Tick arrives as a positional array [segmentCode, securityId, ltp, ltt]; the page works with the object form.
    this.connection.on('Tick', (message) => {
      const tick = tickFromWire(message);
      if (tick) onMessage('Tick', tick);
      else this.#log(`Ignored a malformed Tick: ${JSON.stringify(message)?.slice(0, 80)}`);
    });
    for (const method of ['Quote', 'Full', 'FeedStatus', 'OrderUpdate']) {
      this.connection.on(method, (message) => onMessage(method, message));
    }
    this.connection.onreconnecting((error) => {
      this.lastError = error?.message ?? null;
      this.#setState('reconnecting');
    });
    this.connection.onreconnected(() => {
      this.counts.reconnects += 1;
      this.lastError = null;
      this.#setState('connected');
      this.#replay();
    });
    this.connection.onclose((error) => {
      if (this.stopped) return;
      this.lastError = error?.message ?? null;
      this.#setState('disconnected');
      this.#restartLoop();
    });
    window.addEventListener('online', () => this._wake?.());
  }

  get connectionId() {
    return this.connection.connectionId;
  }

  start() {
    this.#restartLoop();
  }

  async stop() {
    this.stopped = true;
    this._wake?.();
    await this.connection.stop();
  }

  /** What the page wants, by key: [{ key, modes: [...] }]. */
  subscriptions() {
    return [...this.wanted.entries()].map(([key, entry]) => ({ key, modes: [...entry.modes].sort() }));
  }

  /**
   * Adds instruments to the wanted set for `mode` and subscribes them now when connected.
   * @returns {Promise<any[]|null>} the server's results, or null when not connected (they are sent on connect)
   */
  async subscribe(instruments, mode) {
    const fresh = [];
    for (const instrument of instruments) {
      const key = instrumentKey(instrument);
      let entry = this.wanted.get(key);
      if (!entry) {
        entry = { instrument: { exchangeSegment: instrument.exchangeSegment, securityId: instrument.securityId }, modes: new Set() };
        this.wanted.set(key, entry);
      }
      if (!entry.modes.has(mode)) {
        entry.modes.add(mode);
        fresh.push(entry.instrument);
      }
    }
    if (fresh.length === 0 || this.state !== 'connected') return null;
    return this.#invokeSubscribe(fresh, mode);
  }

  async unsubscribe(instruments, mode) {
    const gone = [];
    for (const instrument of instruments) {
      const key = instrumentKey(instrument);
      const entry = this.wanted.get(key);
      if (!entry || !entry.modes.delete(mode)) continue;
      if (entry.modes.size === 0) this.wanted.delete(key);
      gone.push({ exchangeSegment: instrument.exchangeSegment, securityId: instrument.securityId });
    }
    if (gone.length === 0 || this.state !== 'connected') return;
    try {
      for (let i = 0; i < gone.length; i += BatchSize) {
        await this.connection.invoke('Unsubscribe', gone.slice(i, i + BatchSize), mode);
      }
    } catch (error) {
      // Not fatal: a reconnect replays only what is still wanted.
      this.#log(`Unsubscribe ${mode} failed: ${error?.message ?? error}`);
    }
  }

  async #invokeSubscribe(instruments, mode) {
    const all = [];
    try {
      for (let i = 0; i < instruments.length; i += BatchSize) {
        const batch = instruments.slice(i, i + BatchSize);
        const results = await this.connection.invoke('Subscribe', batch, mode);
        // Only report instruments still wanted in this mode (the user may have removed one meanwhile).
        const current = (Array.isArray(results) ? results : []).filter((r) =>
          this.wanted.get(instrumentKey(r))?.modes.has(mode));
        all.push(...current);
        this.onResults(mode, current);
      }
    } catch (error) {
      this.#log(`Subscribe ${mode} failed: ${error?.message ?? error}`);
      this.dispatchEvent(new CustomEvent('subscribe-error', { detail: { mode, message: error?.message ?? String(error) } }));
      return null;
    }
    return all;
  }

  async #replay() {
    this.counts.resubscribes += 1;
    const byMode = new Map();
    for (const entry of this.wanted.values()) {
      for (const mode of entry.modes) {
        if (!byMode.has(mode)) byMode.set(mode, []);
        byMode.get(mode).push(entry.instrument);
      }
    }
    // Quote first: the watchlist matters more than the detail panel's Full.
    const modes = [...byMode.keys()].sort((a, b) => (a === 'Quote' ? -1 : b === 'Quote' ? 1 : a.localeCompare(b)));
    for (const mode of modes) {
      if (this.state !== 'connected') return;
      await this.#invokeSubscribe(byMode.get(mode), mode);
    }
    this.dispatchEvent(new CustomEvent('replayed'));
  }

  async #restartLoop() {
    if (this._restarting || this.stopped) return;
    this._restarting = true;
    if (this.counts.starts > 0) this.counts.restarts += 1;
    let attempt = 0;
    try {
      while (!this.stopped && this.connection.state === this.signalR.HubConnectionState.Disconnected) {
        this.#setState(this.counts.starts === 0 ? 'connecting' : 'reconnecting');
        try {
          await this.connection.start();
        } catch (error) {
          this.lastError = error?.message ?? String(error);
          const unauthorized = error?.statusCode === 401;
          if (unauthorized) emit('unauthorized', { source: 'hub' });
          attempt += 1;
          // A rejected token will not fix itself: retry slowly.
          const delay = unauthorized ? 30000 : Math.max(1000, reconnectDelay(attempt));
          this.nextAttemptAt = Date.now() + delay;
          this.#setState('disconnected');
          await new Promise((resolve) => {
            const timer = setTimeout(resolve, delay);
            this._wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this._wake = null;
          continue;
        }
        this.counts.starts += 1;
        this.lastError = null;
        this.#setState('connected');
        await this.#replay();
        return;
      }
    } finally {
      this._restarting = false;
    }
    // The connection may have closed while the replay ran (its onclose found this loop busy): go again.
    if (!this.stopped && this.connection.state === this.signalR.HubConnectionState.Disconnected) this.#restartLoop();
  }

  #setState(state) {
    const previous = this.state;
    this.state = state;
    if (state !== 'disconnected') this.nextAttemptAt = null;
    // 'disconnected' → 'disconnected' still notifies: the next attempt time changed.
    if (previous !== state || state === 'disconnected') {
      this.dispatchEvent(new CustomEvent('state', { detail: { state, previous } }));
    }
  }

  #log(message) {
    this.dispatchEvent(new CustomEvent('log', { detail: message }));
  }
}
