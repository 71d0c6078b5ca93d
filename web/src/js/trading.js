// Orders, positions and funds views over the trading REST API. Each loads when shown, on Refresh and on a
// hub OrderUpdate; a 404 means this server has no trading and is said so instead of failing.
import { api } from './api.js';
import { describe } from './instruments.js';
import {
  exchangeLabel, formatAmount, formatInteger, formatIstDateTime, formatPrice, formatSigned, instrumentKey, isNumber,
  priceDecimals, toMillis,
} from './format.js';
import { NotAvailableText } from './ticket.js';

const OpenStatuses = new Set(['PENDING', 'TRANSIT', 'OPEN', 'PART_TRADED', 'PARTIALLY_FILLED', 'TRIGGER_PENDING', 'NEW', 'ACCEPTED']);

export function isOpenOrder(order) {
  return OpenStatuses.has(String(order?.orderStatus ?? '').toUpperCase());
}

function statusTone(status) {
  const s = String(status ?? '').toUpperCase();
  if (s === 'TRADED' || s === 'FILLED' || s === 'COMPLETE') return 'ok';
  if (s === 'REJECTED' || s === 'CANCELLED' || s === 'EXPIRED') return 'bad';
  return '';
}

function td(text, className, testId) {
  const cell = document.createElement('td');
  if (className) cell.className = className;
  if (testId) cell.dataset.testid = testId;
  if (text !== undefined) cell.textContent = text;
  return cell;
}

function instrumentLabel(item) {
  if (!item?.exchangeSegment || item.securityId == null) return '\u2014';
  const meta = describe({ exchangeSegment: item.exchangeSegment, securityId: String(item.securityId) });
  return `${meta.symbol} \u00b7 ${exchangeLabel(item.exchangeSegment)}`;
}

function pnlCell(value, testId) {
  const cell = td(formatSigned(value), `num ${value > 0 ? 'up' : value < 0 ? 'down' : ''}`, testId);
  return cell;
}

export class TradingViews {
  /**
   * @param {object} options
   * @param {import('./market.js').MarketStore} options.market
   * @param {(text:string) => void} options.announce
   */
  constructor({ market, announce }) {
    this.market = market;
    this.announce = announce;
    this.available = null; // null unknown, false when the server answered 404
    this.loaded = { orders: false, positions: false, funds: false };
    this.visible = null;
    this.inflight = new Map();

    this.ordersMessage = document.querySelector('[data-testid="orders-message"]');
    this.ordersTable = document.querySelector('[data-testid="orders-table"]');
    this.ordersBody = document.querySelector('[data-testid="orders-body"]');
    this.positionsMessage = document.querySelector('[data-testid="positions-message"]');
    this.positionsTable = document.querySelector('[data-testid="positions-table"]');
    this.positionsBody = document.querySelector('[data-testid="positions-body"]');
    this.totalRealized = document.querySelector('[data-testid="positions-total-realized"]');
    this.totalUnrealized = document.querySelector('[data-testid="positions-total-unrealized"]');
    this.fundsMessage = document.querySelector('[data-testid="funds-message"]');
    this.funds = document.querySelector('[data-testid="funds"]');

    for (const button of document.querySelectorAll('[data-refresh]')) {
      button.addEventListener('click', () => this.load(button.dataset.refresh));
    }
  }

  /** Loads what a view shows: 'orders' | 'positions' | 'account'. */
  show(view) {
    this.visible = view;
    if (view === 'orders') this.load('orders');
    else if (view === 'positions') this.load('positions');
    else if (view === 'account') this.load('funds');
  }

  /** After an order event: refresh everything already loaded (and the visible view). */
  refreshAll() {
    for (const what of ['orders', 'positions', 'funds']) {
      if (this.loaded[what] || this.#viewOf(what) === this.visible) this.load(what);
    }
  }

  load(what) {
    // One request per kind at a time; a second call while one runs just waits for it.
    if (this.inflight.has(what)) return this.inflight.get(what);
    const run = (async () => {
      try {
        if (what === 'orders') await this.#loadOrders();
        else if (what === 'positions') await this.#loadPositions();
        else if (what === 'funds') await this.#loadFunds();
      } finally {
        this.inflight.delete(what);
      }
    })();
    this.inflight.set(what, run);
    return run;
  }

  #viewOf(what) {
    return what === 'funds' ? 'account' : what;
  }

  #fail(result, messageEl, table) {
    table && (table.hidden = true);
    if (result.notAvailable) this.available = false;
    messageEl.textContent = result.notAvailable ? NotAvailableText : result.message;
    messageEl.dataset.tone = result.notAvailable ? 'info' : 'error';
    messageEl.hidden = false;
  }

  #note(messageEl, text) {
    messageEl.hidden = !text;
    messageEl.textContent = text ?? '';
    messageEl.dataset.tone = 'info';
  }

  async #loadOrders() {
    const result = await api('GET', '/api/orders');
    if (!result.ok) {
      this.#fail(result, this.ordersMessage, this.ordersTable);
      return;
    }
    this.available = true;
    this.loaded.orders = true;
    const orders = (Array.isArray(result.data) ? result.data : [])
      .slice()
      .sort((a, b) => (toMillis(b.createdAt) || 0) - (toMillis(a.createdAt) || 0));
    this.ordersBody.replaceChildren(...orders.map((order) => this.#orderRow(order)));
    this.ordersTable.hidden = orders.length === 0;
    this.#note(this.ordersMessage, orders.length === 0 ? 'No orders today.' : null);
  }

  #orderRow(order) {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'order-row';
    tr.dataset.orderId = String(order.orderId ?? '');
    tr.dataset.status = String(order.orderStatus ?? '');
    const decimals = priceDecimals(order.exchangeSegment);
    const side = String(order.transactionType ?? '').toUpperCase();
    const filled = isNumber(order.filledQuantity) ? `${formatInteger(order.filledQuantity)} / ` : '';
    const price = String(order.orderType).toUpperCase() === 'MARKET' && !(order.price > 0) ? 'MKT' : formatPrice(order.price, decimals);
    const avg = order.averagePrice > 0 ? ` (avg ${formatPrice(order.averagePrice, decimals)})` : '';

    const status = td(undefined, '', 'order-status');
    const tag = document.createElement('span');
    tag.className = 'status-tag';
    tag.dataset.tone = statusTone(order.orderStatus);
    tag.textContent = String(order.orderStatus ?? '\u2014');
    status.append(tag);
    if (order.rejectionReason) {
      const reason = document.createElement('span');
      reason.className = 'order-reason';
      reason.dataset.testid = 'order-reason';
      reason.textContent = order.rejectionReason;
      status.append(reason);
    }

    const actions = td(undefined, 'num');
    if (isOpenOrder(order) && order.orderId != null) {
      const cancel = document.createElement('button');
      cancel.type = 'button';
      cancel.className = 'btn btn-small';
      cancel.dataset.testid = 'order-cancel';
      cancel.textContent = 'Cancel';
      cancel.setAttribute('aria-label', `Cancel order ${order.orderId}`);
      cancel.addEventListener('click', () => this.#cancel(order, cancel));
      actions.append(cancel);
    }

    tr.append(
      td(formatIstDateTime(toMillis(order.createdAt))),
      td(instrumentLabel(order)),
      td(side, side === 'BUY' ? 'side-buy' : 'side-sell'),
      td(`${filled}${formatInteger(order.quantity)}`, 'num'),
      td(`${order.orderType ?? ''} \u00b7 ${order.productType ?? ''}`),
      td(`${price}${avg}`, 'num'),
      status,
      actions,
    );
    return tr;
  }

  async #cancel(order, button) {
    button.disabled = true;
    const result = await api('DELETE', `/api/orders/${encodeURIComponent(order.orderId)}`);
    if (result.ok) {
      this.announce(`Order ${order.orderId} cancelled`);
      this.#note(this.ordersMessage, `Cancel requested for order ${order.orderId}.`);
    } else {
      button.disabled = false;
      const text = result.notAvailable ? NotAvailableText : `Could not cancel order ${order.orderId}: ${result.message}`;
      this.ordersMessage.textContent = text;
      this.ordersMessage.dataset.tone = 'error';
      this.ordersMessage.hidden = false;
      this.announce(text);
    }
    await this.load('orders');
    if (result.ok) this.#note(this.ordersMessage, `Cancel requested for order ${order.orderId}.`);
  }

  async #loadPositions() {
    const result = await api('GET', '/api/positions');
    if (!result.ok) {
      this.#fail(result, this.positionsMessage, this.positionsTable);
      return;
    }
    this.available = true;
    this.loaded.positions = true;
    const positions = Array.isArray(result.data) ? result.data : [];
    let realized = 0;
    let unrealized = 0;
    const rows = positions.map((p) => {
      const tr = document.createElement('tr');
      tr.dataset.testid = 'position-row';
      tr.dataset.key = p.exchangeSegment && p.securityId != null ? instrumentKey({ exchangeSegment: p.exchangeSegment, securityId: String(p.securityId) }) : '';
      const decimals = priceDecimals(p.exchangeSegment);
      const live = tr.dataset.key ? this.market.get(tr.dataset.key)?.ltp : undefined;
      const ltp = p.ltp > 0 ? p.ltp : live;
      realized += Number(p.realizedPnl) || 0;
      unrealized += Number(p.unrealizedPnl) || 0;
      const net = Number(p.netQuantity);
      tr.append(
        td(instrumentLabel(p)),
        td(String(p.productType ?? '\u2014')),
        td(formatSigned(net, 0), `num ${net > 0 ? 'side-buy' : net < 0 ? 'side-sell' : ''}`),
        td(formatPrice(p.averagePrice, decimals), 'num'),
        td(formatPrice(ltp, decimals), 'num'),
        pnlCell(Number(p.realizedPnl), 'position-realized'),
        pnlCell(Number(p.unrealizedPnl), 'position-unrealized'),
      );
      return tr;
    });
    this.positionsBody.replaceChildren(...rows);
    this.totalRealized.textContent = formatSigned(realized);
    this.totalRealized.className = `num ${realized > 0 ? 'up' : realized < 0 ? 'down' : ''}`;
    this.totalUnrealized.textContent = formatSigned(unrealized);
    this.totalUnrealized.className = `num ${unrealized > 0 ? 'up' : unrealized < 0 ? 'down' : ''}`;
    this.positionsTable.hidden = positions.length === 0;
    this.#note(this.positionsMessage, positions.length === 0 ? 'No open positions.' : null);
  }

  async #loadFunds() {
    const result = await api('GET', '/api/funds');
    if (!result.ok) {
      this.#fail(result, this.fundsMessage, null);
      this.funds.replaceChildren();
      return;
    }
    this.available = true;
    this.loaded.funds = true;
    this.#note(this.fundsMessage, null);
    const data = result.data && typeof result.data === 'object' ? result.data : {};
    const labels = {
      availableBalance: 'Available balance', utilizedAmount: 'Utilised', sodLimit: 'Start-of-day limit',
      collateralAmount: 'Collateral', withdrawableBalance: 'Withdrawable', receivableAmount: 'Receivable',
      blockedPayoutAmount: 'Blocked payout',
    };
    const keys = ['availableBalance', 'utilizedAmount', ...Object.keys(data).filter((k) => k !== 'availableBalance' && k !== 'utilizedAmount')];
    const items = keys.filter((k) => isNumber(data[k])).map((k) => {
      const div = document.createElement('div');
      const dt = document.createElement('dt');
      dt.textContent = labels[k] ?? k.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
      const dd = document.createElement('dd');
      dd.dataset.testid = `funds-${k}`;
      dd.textContent = `\u20b9${formatAmount(data[k])}`;
      div.append(dt, dd);
      return div;
    });
    this.funds.replaceChildren(...items);
  }
}
