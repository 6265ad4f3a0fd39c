// Canvas charts for the console: candles with volume, and the book's depth. Prices become
// numbers here only to place pixels; every value the page prints stays the wire's string.

const COLORS = { up: '#26a269', down: '#e5484d', grid: '#263040', text: '#8391a7', bidFill: 'rgba(38,162,105,.25)',
  askFill: 'rgba(229,72,77,.25)' };

/** Sizes the canvas's backing store to its CSS box and the screen's pixel ratio; returns the 2D context and size. */
function prepare(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  g.font = '11px system-ui, sans-serif';
  return { g, width, height };
}

/** Candles (oldest first, as the REST API and the topic give them) with a volume band below. */
export function drawCandles(canvas, candles) {
  const { g, width, height } = prepare(canvas);
  if (candles.length === 0) {
    g.fillStyle = COLORS.text;
    g.fillText('no trades yet in this interval', 10, 20);
    return;
  }
  const axis = 64;
  const plotW = width - axis;
  const priceH = height * 0.75;
  const volTop = priceH + 8;
  const volH = height - volTop;
  const step = Math.max(3, Math.min(14, plotW / Math.max(candles.length, 1)));
  const visible = candles.slice(-Math.floor(plotW / step));
  let lo = Infinity;
  let hi = -Infinity;
  let maxVol = 0;
  for (const c of visible) {
    lo = Math.min(lo, Number(c.low));
    hi = Math.max(hi, Number(c.high));
    maxVol = Math.max(maxVol, Number(c.volume));
  }
  if (hi === lo) {
    hi += 1;
    lo -= 1;
  }
  const y = (p) => 6 + (priceH - 12) * (hi - p) / (hi - lo);
  g.strokeStyle = COLORS.grid;
  g.fillStyle = COLORS.text;
  for (let i = 0; i <= 4; i++) {
    const p = lo + (hi - lo) * i / 4;
    const py = y(p);
    g.beginPath();
    g.moveTo(0, py);
    g.lineTo(plotW, py);
    g.stroke();
    g.fillText(p.toFixed(2), plotW + 4, py + 4);
  }
  // Newest at the right edge, as on every trading screen, however few candles there are.
  const first = plotW - visible.length * step;
  visible.forEach((c, i) => {
    const x = first + i * step + step / 2;
    const open = Number(c.open);
    const close = Number(c.close);
    const color = close >= open ? COLORS.up : COLORS.down;
    g.strokeStyle = color;
    g.fillStyle = color;
    g.beginPath();
    g.moveTo(x, y(Number(c.high)));
    g.lineTo(x, y(Number(c.low)));
    g.stroke();
    const top = y(Math.max(open, close));
    const body = Math.max(1, Math.abs(y(open) - y(close)));
    g.fillRect(x - step * 0.35, top, step * 0.7, body);
    const vh = maxVol > 0 ? volH * Number(c.volume) / maxVol : 0;
    g.globalAlpha = 0.5;
    g.fillRect(x - step * 0.35, height - vh, step * 0.7, vh);
    g.globalAlpha = 1;
  });
}

/** Cumulative depth: bids to the left of the spread, asks to the right. Levels best first. */
export function drawDepth(canvas, bids, asks) {
  const { g, width, height } = prepare(canvas);
  if (bids.length === 0 && asks.length === 0) return;
  const cumulative = (levels) => {
    let sum = 0;
    return levels.map(([p, q]) => [Number(p), (sum += Number(q))]);
  };
  const b = cumulative(bids);
  const a = cumulative(asks);
  const prices = [...b, ...a].map((l) => l[0]);
  const lo = Math.min(...prices);
  const hi = Math.max(...prices);
  const top = Math.max(b.length ? b[b.length - 1][1] : 0, a.length ? a[a.length - 1][1] : 0) || 1;
  const x = (p) => (hi === lo ? width / 2 : (width - 2) * (p - lo) / (hi - lo) + 1);
  const y = (v) => height - 2 - (height - 14) * v / top;
  const area = (levels, fill, stroke) => {
    if (levels.length === 0) return;
    g.beginPath();
    g.moveTo(x(levels[0][0]), height);
    for (const [p, v] of levels) g.lineTo(x(p), y(v));
    g.lineTo(x(levels[levels.length - 1][0]), height);
    g.closePath();
    g.fillStyle = fill;
    g.fill();
    g.strokeStyle = stroke;
    g.stroke();
  };
  area(b, COLORS.bidFill, COLORS.up);
  area(a, COLORS.askFill, COLORS.down);
}
