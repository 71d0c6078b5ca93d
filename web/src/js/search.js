// Instrument search: a debounced combobox over GET /api/instruments/search (arrow keys, Enter, Escape).
import { describeDetails, searchInstruments } from './instruments.js';
import { exchangeLabel, instrumentKey } from './format.js';

export const DebounceMs = 250;
const MinQueryLength = 1;

export class InstrumentSearch {
  /**
   * @param {object} options
   * @param {(instrument:object) => Promise<boolean>|boolean} options.onPick adds the instrument
   * @param {(key:string) => boolean} options.isAdded
   */
  constructor({ onPick, isAdded }) {
    this.onPick = onPick;
    this.isAdded = isAdded;
    this.input = document.querySelector('#search-input');
    this.list = document.querySelector('#search-results');
    this.message = document.querySelector('#search-message');
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.controller = null;
    this.sequence = 0;
    this.lastQuery = '';
    this.searches = 0;

    this.input.addEventListener('input', () => this.#schedule());
    this.input.addEventListener('keydown', (event) => this.#onKey(event));
    this.input.addEventListener('focus', () => {
      if (this.results.length > 0 && this.input.value.trim() === this.lastQuery) this.#open();
    });
    this.input.addEventListener('blur', () => {
      // Let a click on an option land first.
      setTimeout(() => {
        if (!this.list.contains(document.activeElement)) this.#close();
      }, 150);
    });
    this.list.addEventListener('mousedown', (event) => event.preventDefault());
    this.list.addEventListener('click', (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) this.#pick(Number(option.dataset.index));
    });
  }

  #schedule() {
    clearTimeout(this.timer);
    const query = this.input.value.trim();
    if (query.length < MinQueryLength) {
      this.controller?.abort();
      this.results = [];
      this.lastQuery = '';
      this.#close();
      this.#say(null);
      return;
    }
    this.timer = setTimeout(() => this.#search(query), DebounceMs);
  }

  async #search(query) {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const sequence = ++this.sequence;
    this.searches += 1;
    this.input.setAttribute('aria-busy', 'true');
    let result;
    try {
      result = await searchInstruments(query, { limit: 20, signal: controller.signal });
    } catch {
      return; // aborted by a newer query
    } finally {
      if (sequence === this.sequence) this.input.removeAttribute('aria-busy');
    }
    if (sequence !== this.sequence) return;
    this.lastQuery = query;
    if (!result.ok) {
      this.results = [];
      this.#close();
      this.#say(result.notAvailable ? 'Instrument search is not available on this server.'
        : result.unauthorized ? 'Not authorised to search instruments.' : `Search failed: ${result.message}`);
      return;
    }
    this.results = result.data;
    this.active = this.results.length > 0 ? 0 : -1;
    this.#renderList();
    if (this.results.length === 0) {
      this.#close();
      this.#say(`No instruments match \u201c${query}\u201d.`);
    } else {
      this.#say(null);
      this.#open();
    }
  }

  #renderList() {
    const items = this.results.map((instrument, index) => {
      const li = document.createElement('li');
      li.id = `search-option-${index}`;
      li.setAttribute('role', 'option');
      li.dataset.index = String(index);
      li.dataset.testid = 'search-option';
      li.dataset.key = instrumentKey(instrument);
      const added = this.isAdded(instrumentKey(instrument));
      li.setAttribute('aria-selected', String(index === this.active));
      const symbol = document.createElement('span');
      symbol.className = 'sr-symbol';
      symbol.textContent = instrument.symbol;
      const exchange = document.createElement('span');
      exchange.className = 'sr-exchange';
      exchange.textContent = exchangeLabel(instrument.exchangeSegment);
      const name = document.createElement('span');
      name.className = 'sr-name';
      const details = describeDetails(instrument);
      name.textContent = [instrument.displayName, details].filter(Boolean).join(' \u00b7 ') || instrument.exchangeSegment;
      const state = document.createElement('span');
      state.className = added ? 'sr-added' : 'sr-exchange';
      state.textContent = added ? '\u2713 in list' : 'Add';
      li.append(symbol, exchange, name, state);
      return li;
    });
    this.list.replaceChildren(...items);
    this.#syncActive();
  }

  #onKey(event) {
    const open = !this.list.hidden;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open && this.results.length > 0) this.#open();
        this.#move(1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!open && this.results.length > 0) this.#open();
        this.#move(-1);
        break;
      case 'Home':
      case 'End':
        if (open && this.results.length > 0 && event.ctrlKey) {
          event.preventDefault();
          this.active = event.key === 'Home' ? 0 : this.results.length - 1;
          this.#syncActive();
        }
        break;
      case 'Enter':
        if (open && this.active >= 0) {
          event.preventDefault();
          this.#pick(this.active);
        } else if (this.input.value.trim()) {
          // Enter before the debounce fired: search now.
          event.preventDefault();
          clearTimeout(this.timer);
          this.#search(this.input.value.trim());
        }
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          this.#close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = '';
          this.#schedule();
        }
        break;
      default:
        break;
    }
  }

  #move(delta) {
    if (this.results.length === 0) return;
    this.active = (this.active + delta + this.results.length) % this.results.length;
    this.#syncActive();
  }

  #syncActive() {
    for (const li of this.list.children) {
      const selected = Number(li.dataset.index) === this.active;
      li.setAttribute('aria-selected', String(selected));
      if (selected) li.scrollIntoView({ block: 'nearest' });
    }
    if (this.active >= 0 && !this.list.hidden) this.input.setAttribute('aria-activedescendant', `search-option-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  async #pick(index) {
    const instrument = this.results[index];
    if (!instrument) return;
    this.#close();
    this.input.value = '';
    this.results = [];
    this.lastQuery = '';
    const added = await this.onPick(instrument);
    this.#say(added ? null : `${instrument.symbol} is already in the watchlist.`);
    this.input.focus();
  }

  #open() {
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.#syncActive();
  }

  #close() {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  #say(text) {
    this.message.hidden = !text;
    this.message.textContent = text ?? '';
  }
}
