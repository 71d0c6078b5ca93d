#!/usr/bin/env node
// A stand-in for Relay.Server while developing the page: serves web/src and the vendor builds, fakes the REST
// endpoints the page uses, and speaks enough of the SignalR JSON hub protocol (negotiate, WebSockets,
// handshake, invocations, completions, pings) to stream made-up Quote/Full ticks to /hubs/market.
//
//   node dev/mock-relay.mjs [--port 5099] [--no-trading] [--no-watchlist] [--token SECRET]
//
// Development only: it is not shipped and the real server owns every contract it imitates.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

const WebSocketServer = WebSocket.Server;

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const port = Number(option('--port', '5099'));
const token = option('--token', null);
const trading = !flag('--no-trading');
const watchlistApi = !flag('--no-watchlist');
const RS = '\u001e';

const files = {
  '/lib/signalr/signalr.min.js': join(root, 'node_modules/@microsoft/signalr/dist/browser/signalr.min.js'),
  '/lib/signalr/signalr.min.js.map': join(root, 'node_modules/@microsoft/signalr/dist/browser/signalr.min.js.map'),
  '/lib/lightweight-charts/lightweight-charts.standalone.production.js':
    join(root, 'node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js'),
};
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };

const instruments = [
  { exchangeSegment: 'NSE_EQ', securityId: '1333', symbol: 'HDFCBANK', displayName: 'HDFC Bank', instrumentType: 'EQUITY', lotSize: 1, tickSize: 0.05, base: 1642.35 },
  { exchangeSegment: 'NSE_EQ', securityId: '2885', symbol: 'RELIANCE', displayName: 'Reliance Industries', instrumentType: 'EQUITY', lotSize: 1, tickSize: 0.05, base: 2915.6 },
  { exchangeSegment: 'NSE_EQ', securityId: '11536', symbol: 'TCS', displayName: 'Tata Consultancy Services', instrumentType: 'EQUITY', lotSize: 1, tickSize: 0.05, base: 3987.1 },
  { exchangeSegment: 'NSE_EQ', securityId: '1594', symbol: 'INFY', displayName: 'Infosys', instrumentType: 'EQUITY', lotSize: 1, tickSize: 0.05, base: 1498.45 },
  { exchangeSegment: 'NSE_EQ', securityId: '3045', symbol: 'SBIN', displayName: 'State Bank of India', instrumentType: 'EQUITY', lotSize: 1, tickSize: 0.05, base: 812.7 },
  { exchangeSegment: 'IDX_I', securityId: '13', symbol: 'NIFTY 50', displayName: 'Nifty 50 index', instrumentType: 'INDEX', lotSize: 1, tickSize: 0.05, base: 24310.5 },
  { exchangeSegment: 'IDX_I', securityId: '25', symbol: 'BANKNIFTY', displayName: 'Nifty Bank index', instrumentType: 'INDEX', lotSize: 1, tickSize: 0.05, base: 52105.2 },
  { exchangeSegment: 'NSE_FNO', securityId: '35001', symbol: 'NIFTY 26 DEC 24300 CE', displayName: 'NIFTY 26 DEC 24300 CALL', instrumentType: 'OPTIDX', lotSize: 75, tickSize: 0.05, expiry: '2024-12-26', strike: 24300, optionType: 'CE', base: 182.4 },
  { exchangeSegment: 'NSE_FNO', securityId: '35002', symbol: 'NIFTY 26 DEC FUT', displayName: 'NIFTY DEC FUTURES', instrumentType: 'FUTIDX', lotSize: 75, tickSize: 0.1, expiry: '2024-12-26', base: 24388.0 },
];
const byKey = new Map(instruments.map((i) => [`${i.exchangeSegment}:${i.securityId}`, i]));
const quotes = new Map();
let watchlist = [];
const orders = [];
let nextOrderId = 1000;
const idempotency = new Map();
const feedStatus = { state: 'Connected', reason: null, source: 'Simulator', since: Date.now() };

function istNowSeconds() {
  return Math.floor(Date.now() / 1000) + 19800;
}

function quoteOf(key) {
  let q = quotes.get(key);
  if (!q) {
    const meta = byKey.get(key) ?? { base: 100 + Math.random() * 900, exchangeSegment: key.split(':')[0], securityId: key.split(':')[1] };
    const prevClose = meta.base;
    q = {
      exchangeSegment: key.split(':')[0], securityId: key.split(':')[1], ltp: prevClose, ltt: istNowSeconds(), receivedAt: Date.now(),
      ltq: 0, atp: prevClose, volume: 0, totalBuyQuantity: 0, totalSellQuantity: 0, open: prevClose, high: prevClose,
      low: prevClose, close: 0, oi: 0, prevClose, oiDayHigh: 0, oiDayLow: 0, depth: [], tick: meta.tickSize ?? 0.05,
    };
    quotes.set(key, q);
  }
  return q;
}

function step(q) {
  const move = Math.round((Math.random() - 0.5) * 8) * q.tick;
  q.ltp = Number(Math.max(q.tick, q.ltp + move).toFixed(2));
  q.ltt = istNowSeconds();
  q.receivedAt = Date.now();
  q.ltq = 1 + Math.floor(Math.random() * 200);
  q.volume += q.exchangeSegment === 'IDX_I' ? 0 : q.ltq;
  q.high = Math.max(q.high, q.ltp);
  q.low = Math.min(q.low, q.ltp);
  q.atp = Number(((q.atp * 9 + q.ltp) / 10).toFixed(2));
  q.totalBuyQuantity = 100000 + Math.floor(Math.random() * 50000);
  q.totalSellQuantity = 100000 + Math.floor(Math.random() * 50000);
  q.depth = Array.from({ length: 5 }, (_, i) => ({
    bidQuantity: 50 + Math.floor(Math.random() * 900), askQuantity: 50 + Math.floor(Math.random() * 900),
    bidOrders: 1 + Math.floor(Math.random() * 20), askOrders: 1 + Math.floor(Math.random() * 20),
    bidPrice: Number((q.ltp - (i + 1) * q.tick).toFixed(2)), askPrice: Number((q.ltp + (i + 1) * q.tick).toFixed(2)),
  }));
}

function quoteMessage(q) {
  const { depth, oiDayHigh, oiDayLow, tick, ...quote } = q;
  return quote;
}

function fullMessage(q) {
  const { tick, ...full } = q;
  return full;
}

// ----- HTTP -----

function send(res, status, body, headers = {}) {
  const json = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': status >= 400 && body ? 'application/problem+json' : 'application/json', ...headers });
  res.end(json);
}

function authorised(req, url) {
  if (!token) return true;
  return req.headers.authorization === `Bearer ${token}` || url.searchParams.get('access_token') === token;
}

async function body(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : null;
}

const connections = new Map(); // connectionToken → state

const server = createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const path = url.pathname;
  try {
    if (path.startsWith('/api/') || path.startsWith('/hubs/')) {
      if (!authorised(req, url)) return send(res, 401, { title: 'Unauthorized', status: 401, detail: 'A valid access token is required.' });
    }
    if (path === '/hubs/market/negotiate' && req.method === 'POST') {
      const connectionToken = randomUUID();
      connections.set(connectionToken, { groups: new Map() });
      return send(res, 200, {
        negotiateVersion: 1, connectionId: randomUUID(), connectionToken,
        availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }],
      });
    }
    if (path === '/api/instruments/search') {
      const q = (url.searchParams.get('q') ?? '').toUpperCase();
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const found = instruments.filter((i) => i.symbol.toUpperCase().includes(q) || i.displayName.toUpperCase().includes(q) || i.securityId === q)
        .slice(0, limit).map(({ base, ...i }) => i);
      return send(res, 200, found);
    }
    if (path === '/api/watchlist' && watchlistApi) {
      if (req.method === 'GET') return send(res, 200, { instruments: watchlist });
      if (req.method === 'PUT') {
        watchlist = (await body(req))?.instruments ?? [];
        return send(res, 200, { instruments: watchlist });
      }
    }
    if (trading && path === '/api/funds') return send(res, 200, { availableBalance: 250000.5, utilizedAmount: 12500, sodLimit: 262500.5, withdrawableBalance: 240000 });
    if (trading && path === '/api/positions') {
      return send(res, 200, [
        { exchangeSegment: 'NSE_EQ', securityId: '1333', productType: 'INTRADAY', netQuantity: 10, averagePrice: 1638.2, ltp: quoteOf('NSE_EQ:1333').ltp, realizedPnl: 0, unrealizedPnl: 41.5 },
        { exchangeSegment: 'NSE_EQ', securityId: '2885', productType: 'CNC', netQuantity: -5, averagePrice: 2920, realizedPnl: 120.25, unrealizedPnl: -18.0 },
      ]);
    }
    if (trading && path === '/api/orders' && req.method === 'GET') return send(res, 200, orders);
    if (trading && path === '/api/orders' && req.method === 'POST') {
      const key = req.headers['idempotency-key'];
      if (key && idempotency.has(key)) return send(res, 200, idempotency.get(key));
      const order = await body(req);
      if (order.quantity > 10000) {
        return send(res, 422, { title: 'Order rejected', status: 422, detail: 'Quantity exceeds the freeze limit for this instrument.' });
      }
      const placed = {
        orderId: String(nextOrderId++), orderStatus: order.orderType === 'LIMIT' ? 'PENDING' : 'TRADED', ...order,
        filledQuantity: order.orderType === 'LIMIT' ? 0 : order.quantity, averagePrice: order.orderType === 'LIMIT' ? 0 : quoteOf(`${order.exchangeSegment}:${order.securityId}`).ltp,
        createdAt: new Date().toISOString(),
      };
      orders.push(placed);
      if (key) idempotency.set(key, placed);
      setTimeout(() => broadcast('OrderUpdate', placed), 200);
      return send(res, 201, placed);
    }
    if (trading && path.startsWith('/api/orders/') && req.method === 'DELETE') {
      const order = orders.find((o) => o.orderId === decodeURIComponent(path.slice('/api/orders/'.length)));
      if (!order) return send(res, 404, { title: 'Not found', status: 404, detail: 'No such order.' });
      order.orderStatus = 'CANCELLED';
      broadcast('OrderUpdate', order);
      return send(res, 200, order);
    }
    if (path.startsWith('/api/')) return send(res, 404, undefined);

    const file = files[path] ?? join(root, 'src', normalize(path === '/' ? '/index.html' : path).replace(/^(\.\.[/\\])+/, ''));
    const content = await readFile(file).catch(() => null);
    if (!content) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    return res.end(content);
  } catch (error) {
    send(res, 500, { title: 'Mock failure', status: 500, detail: String(error) });
  }
});

// ----- SignalR JSON protocol over WebSockets -----

const sockets = new Set();
const wss = new WebSocketServer({ noServer: true });

server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const state = connections.get(url.searchParams.get('id'));
  if (url.pathname !== '/hubs/market' || !state || !authorised(req, url)) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.state = state;
    ws.handshaken = false;
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => {
      for (const frame of data.toString('utf8').split(RS).filter(Boolean)) onFrame(ws, JSON.parse(frame));
    });
  });
});

function write(ws, message) {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message) + RS);
}

function onFrame(ws, message) {
  if (!ws.handshaken) {
    ws.handshaken = true;
    ws.send(`{}${RS}`);
    write(ws, { type: 1, target: 'FeedStatus', arguments: [feedStatus] });
    return;
  }
  if (message.type === 6) return;
  if (message.type !== 1) return;
  const [list, mode] = message.arguments ?? [];
  let result = null;
  if (message.target === 'Subscribe') {
    result = (list ?? []).map((i) => {
      const key = `${i.exchangeSegment}:${i.securityId}`;
      if (!/^\d+$/.test(String(i.securityId))) return { ...i, accepted: false, reason: 'securityId must be digits', warning: null, snapshot: null };
      if (!ws.state.groups.has(key)) ws.state.groups.set(key, new Set());
      ws.state.groups.get(key).add(mode);
      return { ...i, accepted: true, reason: null, warning: byKey.has(key) ? null : 'Not in the instrument master', snapshot: fullMessage(quoteOf(key)) };
    });
  } else if (message.target === 'Unsubscribe') {
    for (const i of list ?? []) ws.state.groups.get(`${i.exchangeSegment}:${i.securityId}`)?.delete(mode);
  }
  if (message.invocationId) write(ws, { type: 3, invocationId: message.invocationId, result });
}

function broadcast(target, payload) {
  for (const ws of sockets) write(ws, { type: 1, target, arguments: [payload] });
}

setInterval(() => {
  for (const ws of sockets) write(ws, { type: 6 });
}, 15000);

setInterval(() => {
  const wanted = new Set();
  for (const ws of sockets) for (const key of ws.state.groups.keys()) wanted.add(key);
  for (const key of wanted) {
    if (Math.random() < 0.4) continue;
    const q = quoteOf(key);
    step(q);
    for (const ws of sockets) {
      const modes = ws.state.groups.get(key);
      if (modes?.has('Quote')) write(ws, { type: 1, target: 'Quote', arguments: [quoteMessage(q)] });
      if (modes?.has('Full')) write(ws, { type: 1, target: 'Full', arguments: [fullMessage(q)] });
    }
  }
}, 500);

// SIGUSR2 drops every hub socket (the page must reconnect and resubscribe).
process.on('SIGUSR2', () => {
  for (const ws of sockets) ws.terminate();
});

server.listen(port, '127.0.0.1', () => console.log(`mock relay on http://127.0.0.1:${port}/ (trading ${trading ? 'on' : 'off'})`));
