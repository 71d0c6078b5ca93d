// App-wide events: 'unauthorized' (a 401 from REST or the hub), 'order-update' (hub OrderUpdate), 'announce'.
export const bus = new EventTarget();

export function emit(type, detail) {
  bus.dispatchEvent(new CustomEvent(type, { detail }));
}

export function on(type, handler) {
  bus.addEventListener(type, (event) => handler(event.detail));
}
