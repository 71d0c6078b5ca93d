// The order ticket: side, quantity (lots for derivatives), MARKET/LIMIT on the tick grid, product;
// POST /api/orders with an Idempotency-Key that is reused when the same submission is retried.
import { api, newUuid } from './api.js';
import { describe } from './instruments.js';
import {
  exchangeLabel, formatAmount, formatInteger, formatPrice, isDerivativeSegment, isOnTickGrid, parseKey, priceDecimals,
  roundToTick,
} from './format.js';

export const NotAvailableText = 'Trading is not available on this server.';

export class OrderTicket {
  /**
   * @param {object} options
   * @param {import('./market.js').MarketStore} options.market
   * @param {(order:object) => void} options.onPlaced
   * @param {(text:string) => void} options.announce
   */
  constructor({ market, onPlaced, announce }) {
    this.market = market;
    this.onPlaced = onPlaced;
    this.announce = announce;
    this.dialog = document.querySelector('#ticket');
    this.form = document.querySelector('#ticket-form');
    this.titleEl = this.form.querySelector('[data-testid="ticket-title"]');
    this.ltpEl = this.form.querySelector('[data-testid="ticket-ltp"]');
    this.quantity = this.form.querySelector('#ticket-quantity');
    this.quantityLabel = this.form.querySelector('#ticket-quantity-label');
    this.quantityHint = this.form.querySelector('[data-testid="ticket-quantity-hint"]');
    this.price = this.form.querySelector('#ticket-price');
    this.priceHint = this.form.querySelector('[data-testid="ticket-price-hint"]');
    this.funds = this.form.querySelector('[data-testid="ticket-funds"]');
    this.value = this.form.querySelector('[data-testid="ticket-value"]');
    this.message = this.form.querySelector('[data-testid="ticket-message"]');
    this.submit = this.form.querySelector('[data-testid="ticket-submit"]');
    this.key = null;
    this.meta = null;
    this.idempotencyKey = null;
    this.busy = false;
    this.lastRequest = null;

    this.form.addEventListener('input', () => this.#changed());
    this.form.addEventListener('change', () => this.#changed());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    this.form.querySelector('#ticket-cancel').addEventListener('click', () => this.close());
    this.dialog.addEventListener('close', () => {
      this.key = null;
      this.returnFocus?.focus?.();
    });
  }

  get isOpen() {
    return this.dialog.open;
  }

  open(key, side) {
    this.opened = (this.opened ?? 0) + 1;
    this.returnFocus = document.activeElement;
    const instrument = parseKey(key);
    this.key = key;
    this.meta = describe(instrument);
    this.decimals = priceDecimals(instrument.exchangeSegment);
    this.lots = isDerivativeSegment(instrument.exchangeSegment) || this.meta.lotSize > 1;
    this.idempotencyKey = null;
    this.form.reset();
    this.form.elements.side.value = side;
    this.quantity.value = '1';
    this.quantityLabel.textContent = this.lots ? 'Quantity (lots)' : 'Quantity';
    this.price.step = String(this.meta.tickSize);
    this.price.disabled = true;
    const state = this.market.get(key);
    this.price.value = state?.ltp > 0 ? String(roundToTick(state.ltp, this.meta.tickSize)) : '';
    this.ltpEl.textContent = `${exchangeLabel(instrument.exchangeSegment)} \u00b7 LTP ${formatPrice(state?.ltp, this.decimals)}`;
    this.#setMessage(null);
    this.submit.disabled = false;
    this.#changed({ keepKey: true });
    if (!this.dialog.open) this.dialog.showModal();
    this.quantity.focus();
    this.quantity.select();
    this.#loadFunds();
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  /** The order the form describes, or an error message. */
  read() {
    const side = this.form.elements.side.value === 'SELL' ? 'SELL' : 'BUY';
    const orderType = this.form.elements.orderType.value === 'LIMIT' ? 'LIMIT' : 'MARKET';
    const productType = this.form.elements.productType.value === 'CNC' ? 'CNC' : 'INTRADAY';
    const units = Number(this.quantity.value);
    const errors = {};
    if (!Number.isInteger(units) || units < 1) errors.quantity = this.lots ? 'Enter a whole number of lots (1 or more).' : 'Enter a whole quantity (1 or more).';
    const quantity = Number.isInteger(units) && units >= 1 ? units * (this.lots ? this.meta.lotSize : 1) : 0;
    let price;
    if (orderType === 'LIMIT') {
      price = Number(this.price.value);
      if (!this.price.value || !Number.isFinite(price) || price <= 0) errors.price = 'Enter a limit price.';
      else if (!isOnTickGrid(price, this.meta.tickSize)) {
        errors.price = `The price must be a multiple of the tick size ${this.meta.tickSize} (e.g. ${roundToTick(price, this.meta.tickSize)}).`;
      }
    }
    const order = {
      transactionType: side,
      exchangeSegment: parseKey(this.key).exchangeSegment,
      securityId: parseKey(this.key).securityId,
      quantity,
      orderType,
      productType,
      validity: 'DAY',
    };
    if (orderType === 'LIMIT') order.price = price;
    return { order, errors, units };
  }

  #changed({ keepKey = false } = {}) {
    if (!this.key) return;
    if (!keepKey) this.idempotencyKey = null; // a changed order is a new submission
    const { order, errors, units } = this.read();
    const limit = order.orderType === 'LIMIT';
    this.price.disabled = !limit;
    if (limit && !this.price.value) {
      const ltp = this.market.get(this.key)?.ltp;
      if (ltp > 0) this.price.value = String(roundToTick(ltp, this.meta.tickSize));
    }
    const side = order.transactionType;
    this.titleEl.textContent = `${side === 'BUY' ? 'Buy' : 'Sell'} ${this.meta.symbol}`;
    this.submit.className = `btn ${side === 'BUY' ? 'btn-buy' : 'btn-sell'}`;
    this.submit.textContent = `${side} ${formatInteger(order.quantity || 0)} \u00d7 ${this.meta.symbol}`;
    this.quantityHint.textContent = this.lots
      ? `${formatInteger(units > 0 ? units : 0)} lot${units === 1 ? '' : 's'} \u00d7 lot size ${formatInteger(this.meta.lotSize)} = ${formatInteger(order.quantity)} quantity`
      : '';
    this.quantityHint.hidden = !this.lots && !errors.quantity;
    if (errors.quantity) this.quantityHint.textContent = errors.quantity;
    this.quantityHint.dataset.tone = errors.quantity ? 'error' : '';
    this.quantity.setAttribute('aria-invalid', String(!!errors.quantity));
    this.priceHint.textContent = errors.price && limit ? errors.price
      : limit ? `Tick size ${this.meta.tickSize}` : 'Market orders fill at the best available price.';
    this.priceHint.dataset.tone = errors.price && limit ? 'error' : '';
    this.price.setAttribute('aria-invalid', String(!!(errors.price && limit)));
    const estimate = (limit ? order.price : this.market.get(this.key)?.ltp) * order.quantity;
    this.value.textContent = Number.isFinite(estimate) && estimate > 0
      ? `Order value \u2248 \u20b9${formatAmount(estimate)}${limit ? '' : ' at the last price'}` : '';
  }

  async #loadFunds() {
    this.funds.textContent = 'Available funds: loading\u2026';
    const result = await api('GET', '/api/funds');
    if (!this.isOpen) return;
    if (result.ok) {
      const available = Number(result.data?.availableBalance);
      this.funds.textContent = `Available funds: \u20b9${formatAmount(available)}`;
    } else if (result.notAvailable) {
      this.funds.textContent = NotAvailableText;
    } else {
      this.funds.textContent = `Funds unavailable: ${result.message}`;
    }
  }

  async #submit() {
    if (this.busy || !this.key) return;
    const { order, errors } = this.read();
    const first = Object.values(errors)[0];
    if (first) {
      this.#setMessage(first, 'error');
      (errors.quantity ? this.quantity : this.price).focus();
      return;
    }
    // Same key while the outcome of this exact order is unknown; a new one after any change.
    this.idempotencyKey ??= newUuid();
    this.busy = true;
    this.submit.disabled = true;
    this.#setMessage('Sending\u2026', 'info');
    this.lastRequest = { order, idempotencyKey: this.idempotencyKey };
    const result = await api('POST', '/api/orders', { body: order, headers: { 'Idempotency-Key': this.idempotencyKey } });
    this.busy = false;
    this.submit.disabled = false;
    const label = `${order.transactionType} ${formatInteger(order.quantity)} ${this.meta.symbol}`;

    if (result.ok) {
      const placed = result.data ?? {};
      this.idempotencyKey = null;
      const status = String(placed.orderStatus ?? 'accepted');
      if (/REJECT/i.test(status)) {
        const text = `Order rejected: ${placed.rejectionReason || placed.omsErrorDescription || 'no reason given'}`;
        this.#setMessage(text, 'error');
        this.announce(`${label}: ${text}`);
      } else {
        const text = `Order ${placed.orderId ?? ''} ${status.toLowerCase()}: ${label}`.replace(/\s+/g, ' ');
        this.#setMessage(text, 'ok');
        this.announce(text);
        this.submit.disabled = true;
        const opened = this.opened;
        setTimeout(() => {
          if (this.opened === opened) this.close();
        }, 1500);
      }
      this.onPlaced(placed);
      return;
    }
    if (result.networkError || result.status >= 500) {
      // Unknown outcome: keep the key so a retry cannot place the order twice.
      this.#setMessage(`${result.message} Press the button again to retry safely.`, 'error');
      this.submit.textContent = `Retry ${label}`;
      return;
    }
    this.idempotencyKey = null;
    const text = result.notAvailable ? NotAvailableText : `Order rejected: ${result.message}`;
    this.#setMessage(text, 'error');
    this.announce(text);
  }

  #setMessage(text, tone = 'info') {
    this.message.hidden = !text;
    this.message.textContent = text ?? '';
    this.message.dataset.tone = tone;
  }
}
