// The detail panel: price header, stats, an intraday chart (lightweight-charts area series built from the
// ticks since the page opened) and 5-level depth. While open, the instrument is also subscribed in Full.
import { describe, describeDetails } from './instruments.js';
import {
  dayChange, exchangeLabel, formatInteger, formatLtt, formatLttLong, formatPrice, formatSigned, formatSignedPercent,
  formatVolume, isIndexSegment, parseKey, priceDecimals,
} from './format.js';

const DepthLevels = 5;
/** A screen reader hears the open instrument's price at most this often. */
const AnnounceEveryMs = 15000;

function cssVar(name, fallback) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

export class DetailPanel {
  /**
   * @param {object} options
   * @param {import('./hub.js').MarketLink} options.link
   * @param {import('./market.js').MarketStore} options.market
   * @param {(key:string, side:'BUY'|'SELL') => void} options.onTrade
   * @param {(key:string|null, previous:string|null) => void} options.onChange
   */
  constructor({ link, market, onTrade, onChange }) {
    this.link = link;
    this.market = market;
    this.onTrade = onTrade;
    this.onChange = onChange;
    this.key = null;
    this.chart = null;
    this.series = null;
    this.prevCloseLine = null;
    this.chartPoints = 0;
    this.lastChartTime = 0;
    this.lastAnnounced = 0;
    this.fullResult = null;

    this.panel = document.querySelector('#detail');
    this.placeholder = document.querySelector('#detail-placeholder');
    this.title = this.panel.querySelector('[data-testid="detail-title"]');
    this.subtitle = this.panel.querySelector('[data-testid="detail-subtitle"]');
    this.ltp = this.panel.querySelector('[data-testid="detail-ltp"]');
    this.change = this.panel.querySelector('[data-testid="detail-change"]');
    this.note = this.panel.querySelector('[data-testid="detail-note"]');
    this.fields = [...this.panel.querySelectorAll('[data-field]')];
    this.chartHost = this.panel.querySelector('[data-testid="detail-chart"]');
    this.chartEmpty = this.panel.querySelector('[data-testid="chart-empty"]');
    this.depthBody = this.panel.querySelector('[data-testid="depth-body"]');
    this.depthTotalBid = this.panel.querySelector('[data-testid="depth-total-bid"]');
    this.depthTotalAsk = this.panel.querySelector('[data-testid="depth-total-ask"]');
    this.buy = this.panel.querySelector('[data-testid="detail-buy"]');
    this.sell = this.panel.querySelector('[data-testid="detail-sell"]');
    this.announcer = this.panel.querySelector('#detail-announcer');
    this.#buildDepthRows();

    this.panel.querySelector('[data-testid="detail-close"]').addEventListener('click', () => this.close());
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !document.querySelector('#ticket')?.open) {
        event.preventDefault();
        this.close();
      }
    });
    this.buy.addEventListener('click', () => this.key && this.onTrade(this.key, 'BUY'));
    this.sell.addEventListener('click', () => this.key && this.onTrade(this.key, 'SELL'));
  }

  get isOpen() {
    return this.key !== null;
  }

  async open(key) {
    if (this.key === key) {
      this.panel.querySelector('[data-testid="detail-close"]').focus({ preventScroll: true });
      return;
    }
    const previous = this.key;
    if (previous) this.link.unsubscribe([parseKey(previous)], 'Full');
    this.key = key;
    this.fullResult = null;
    const instrument = parseKey(key);
    const meta = describe(instrument);
    this.decimals = priceDecimals(instrument.exchangeSegment);
    this.panel.dataset.key = key;
    this.title.textContent = meta.symbol;
    this.subtitle.textContent = [exchangeLabel(instrument.exchangeSegment), meta.displayName, describeDetails(meta)]
      .filter(Boolean).join(' \u00b7 ');
    const index = isIndexSegment(instrument.exchangeSegment);
    this.buy.disabled = index;
    this.sell.disabled = index;
    this.buy.setAttribute('aria-label', `Buy ${meta.symbol}`);
    this.sell.setAttribute('aria-label', `Sell ${meta.symbol}`);
    this.note.hidden = true;
    this.panel.hidden = false;
    this.placeholder.hidden = true;
    this.lastAnnounced = 0;
    this.#resetChart();
    this.render();
    this.onChange(key, previous);
    this.panel.querySelector('[data-testid="detail-close"]').focus({ preventScroll: true });
    const results = await this.link.subscribe([instrument], 'Full');
    if (this.key === key && results) this.applyResults(results);
  }

  close() {
    if (!this.key) return;
    const previous = this.key;
    this.key = null;
    this.panel.hidden = true;
    this.placeholder.hidden = false;
    delete this.panel.dataset.key;
    this.onChange(null, previous);
    this.link.unsubscribe([parseKey(previous)], 'Full');
  }

  /** Full-mode Subscribe results for the open instrument. */
  applyResults(results) {
    for (const result of results) {
      if (`${result.exchangeSegment}:${result.securityId}` !== this.key) continue;
      this.fullResult = result;
      if (!result.accepted) {
        this.note.textContent = `Market depth unavailable: ${result.reason || 'rejected by Relay'}`;
        this.note.hidden = false;
      } else if (result.warning) {
        this.note.textContent = result.warning;
        this.note.hidden = false;
      }
    }
  }

  /** Called when the open instrument's state changed; `point` is the newest chart point, if any. */
  update(key, point) {
    if (key !== this.key) return;
    if (point) this.#chartPoint(point);
  }

  render() {
    if (!this.key) return;
    const state = this.market.get(this.key) ?? {};
    const decimals = this.decimals;
    this.ltp.textContent = formatPrice(state.ltp, decimals);
    const change = dayChange(state);
    if (change) {
      const arrow = change.change > 0 ? '\u25b2 ' : change.change < 0 ? '\u25bc ' : '';
      this.change.textContent = `${arrow}${formatSigned(change.change, decimals)} (${formatSignedPercent(change.percent)})`;
      this.change.className = `detail-change ${change.change > 0 ? 'up' : change.change < 0 ? 'down' : ''}`;
    } else {
      this.change.textContent = '';
    }
    for (const dd of this.fields) {
      const field = dd.dataset.field;
      const value = state[field];
      let text;
      switch (field) {
        case 'ltt': text = value > 0 ? `${formatLtt(value)} IST` : formatLtt(0); dd.title = formatLttLong(value); break;
        case 'oi': text = value > 0 ? formatInteger(value) : '\u2014'; break;
        case 'volume': text = formatVolume(value); break;
        case 'ltq': case 'totalBuyQuantity': case 'totalSellQuantity': text = formatInteger(value); break;
        default: text = formatPrice(value, decimals); break;
      }
      dd.textContent = text;
    }
    this.#renderDepth(state.depth);
    this.#maybeAnnounce(state, change);
  }

  #maybeAnnounce(state, change) {
    const now = Date.now();
    if (!state.ltp || now - this.lastAnnounced < AnnounceEveryMs) return;
    this.lastAnnounced = now;
    const direction = change ? (change.change >= 0 ? 'up' : 'down') : '';
    this.announcer.textContent = `${this.title.textContent} ${formatPrice(state.ltp, this.decimals)}`
      + (change ? `, ${direction} ${formatSignedPercent(change.percent).replace(/^[+-]/, '')}` : '');
  }

  #buildDepthRows() {
    const rows = [];
    for (let level = 0; level < DepthLevels; level += 1) {
      const tr = document.createElement('tr');
      tr.dataset.testid = 'depth-row';
      tr.dataset.level = String(level + 1);
      const cells = ['bidOrders', 'bidQuantity', 'bidPrice', 'askPrice', 'askQuantity', 'askOrders'].map((field) => {
        const td = document.createElement('td');
        td.className = `num ${field.startsWith('bid') ? 'bid' : 'ask'}`;
        td.dataset.field = field;
        td.textContent = '\u2014';
        return td;
      });
      tr.append(...cells);
      rows.push(tr);
    }
    this.depthRows = rows;
    this.depthBody.replaceChildren(...rows);
  }

  #renderDepth(depth) {
    let totalBid = 0;
    let totalAsk = 0;
    for (let level = 0; level < DepthLevels; level += 1) {
      const entry = Array.isArray(depth) ? depth[level] : null;
      for (const td of this.depthRows[level].children) {
        const field = td.dataset.field;
        const value = entry ? entry[field] : null;
        td.textContent = field.endsWith('Price') ? formatPrice(value, this.decimals) : formatInteger(value);
      }
      if (entry) {
        totalBid += Number(entry.bidQuantity) || 0;
        totalAsk += Number(entry.askQuantity) || 0;
      }
    }
    const known = Array.isArray(depth) && depth.length > 0;
    this.depthTotalBid.textContent = known ? formatInteger(totalBid) : '\u2014';
    this.depthTotalAsk.textContent = known ? formatInteger(totalAsk) : '\u2014';
  }

  #ensureChart() {
    if (this.chart || !window.LightweightCharts) return;
    const charts = window.LightweightCharts;
    const text = cssVar('--muted', '#5b6472');
    const border = cssVar('--border', '#d9dee8');
    const accent = cssVar('--accent', '#1e4fd8');
    this.chart = charts.createChart(this.chartHost, {
      autoSize: true,
      layout: { background: { type: 'solid', color: 'transparent' }, textColor: text, fontFamily: cssVar('--font', 'system-ui') },
      grid: { vertLines: { color: border }, horzLines: { color: border } },
      rightPriceScale: { borderColor: border },
      // Axis times are IST: points carry ltt (IST wall clock as if UTC) and the chart formats in UTC.
      timeScale: { borderColor: border, timeVisible: true, secondsVisible: true },
      localization: { locale: 'en-IN' },
      handleScroll: { mouseWheel: false, pressedMouseMove: true, horzTouchDrag: true, vertTouchDrag: false },
    });
    this.series = this.chart.addSeries(charts.AreaSeries, {
      lineColor: accent,
      topColor: `${accent}55`,
      bottomColor: `${accent}05`,
      lineWidth: 2,
      priceLineVisible: true,
    });
  }

  #resetChart() {
    this.#ensureChart();
    const points = this.market.historyOf(this.key);
    this.chartPoints = points.length;
    this.lastChartTime = points.length > 0 ? points[points.length - 1].time : 0;
    this.chartEmpty.hidden = points.length > 0;
    this.chartHost.dataset.points = String(points.length);
    if (!this.series) return;
    this.series.applyOptions({ priceFormat: { type: 'price', precision: this.decimals, minMove: 1 / 10 ** this.decimals } });
    this.series.setData(points.map((p) => ({ time: p.time, value: p.value })));
    if (this.prevCloseLine) {
      this.series.removePriceLine(this.prevCloseLine);
      this.prevCloseLine = null;
    }
    this.chart.timeScale().fitContent();
    this.#syncPrevCloseLine();
  }

  #syncPrevCloseLine() {
    const state = this.market.get(this.key);
    const prevClose = state?.prevClose > 0 ? state.prevClose : 0;
    if (!this.series || !prevClose || this.prevCloseLine?.options().price === prevClose) return;
    if (this.prevCloseLine) this.series.removePriceLine(this.prevCloseLine);
    this.prevCloseLine = this.series.createPriceLine({
      price: prevClose, color: cssVar('--muted', '#888'), lineWidth: 1, lineStyle: 2, axisLabelVisible: true, title: 'Prev close',
    });
  }

  #chartPoint(point) {
    if (point.time < this.lastChartTime) return; // the chart only accepts time moving forward
    if (point.time > this.lastChartTime) {
      this.chartPoints += 1;
      this.chartHost.dataset.points = String(this.chartPoints);
    }
    this.lastChartTime = point.time;
    this.chartEmpty.hidden = true;
    this.#syncPrevCloseLine();
    this.series?.update({ time: point.time, value: point.value });
  }
}
