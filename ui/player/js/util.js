// The decode player, part 1 of 4: small helpers. Every token and every string goes into
// the page through textContent or an SVG text node, never innerHTML: a vocabulary may hold
// "<img onerror=...>" and must draw as those characters.
const SVG_NS = "http://www.w3.org/2000/svg";
const ANIM_MS = 320; // a transition: shorter than a clicker's press interval (<= 400 ms)
const PLAY_MS = 1000; // one step per second while playing

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// Fill "{name}" slots of a template into `node` as text; values named in `bold` become <b>.
function fill(node, template, values, bold) {
  node.textContent = "";
  const parts = String(template).split(/(\{[a-zA-Z_]+\})/);
  for (const part of parts) {
    const m = /^\{([a-zA-Z_]+)\}$/.exec(part);
    if (!m || !(m[1] in values)) {
      if (part) node.appendChild(document.createTextNode(part));
      continue;
    }
    const value = String(values[m[1]]);
    if (bold && bold.includes(m[1])) node.appendChild(el("b", "pl-tok", value));
    else node.appendChild(document.createTextNode(value));
  }
  return node;
}

// Text with `backquoted` parts (as the app's Markdown writes them) as <code>, as text.
function codeText(node, text) {
  node.replaceChildren(...String(text).split("`").map((part, i) =>
    i % 2 ? el("code", "", part) : document.createTextNode(part)));
  return node;
}

function fmt(template, values) {
  return String(template).replace(/\{([a-zA-Z_]+)\}/g, (all, k) =>
    k in values ? String(values[k]) : all,
  );
}

const _canvas = document.createElement("canvas");
const _widths = new Map(); // a label is measured once: stepping redraws the same labels
let _family = "sans-serif"; // the player's font (the app's): set when the player is measured
function setTextFamily(family) {
  if (family && family !== _family) {
    _family = family;
    _widths.clear();
  }
}

function textWidth(text, px, bold) {
  const key = `${bold ? "b" : ""}${px}|${text}`;
  let width = _widths.get(key);
  if (width === undefined) {
    const ctx = _canvas.getContext("2d");
    ctx.font = `${bold ? "bold " : ""}${px}px ${_family}`;
    width = ctx.measureText(String(text)).width;
    if (_widths.size > 20000) _widths.clear();
    _widths.set(key, width);
  }
  return width;
}

// The longest start of `text` that fits `room` px, with "…" when cut.
function fitText(text, px, room, bold) {
  if (textWidth(text, px, bold) <= room) return text;
  const chars = Array.from(text);
  while (chars.length > 1 && textWidth(chars.join("") + "…", px, bold) > room) chars.pop();
  return chars.join("") + "…";
}

function rootPx() {
  const size = parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(size) && size > 0 ? size : 16;
}

function num(x) {
  if (typeof x === "number") return x;
  return Number(x); // "-Infinity", "NaN" as trace.py writes them
}

// A vector's sparkline: its points as a polyline in the box (x, y, w, h), scaled by peak.
function sparkline(points, x, y, w, h, peak, cls) {
  const n = points.length;
  const coords = points.map((v, i) => {
    const px = x + (w * (i + 0.5)) / n;
    const py = y + h / 2 - ((h / 2) * num(v)) / (peak || 1);
    return `${px.toFixed(1)},${py.toFixed(1)}`;
  });
  return svg("polyline", { points: coords.join(" "), class: cls || "pl-spark" });
}

function peakOf(vectors) {
  let peak = 1e-6;
  for (const v of vectors) for (const x of v.s) peak = Math.max(peak, Math.abs(num(x)));
  return peak;
}

// A small inline SVG with one sparkline, for the detail panel's chips.
function chipSpark(vec, px) {
  const w = Math.round(px * 2.8);
  const h = Math.round(px * 1.1);
  const box = svg("svg", { width: w, height: h, class: "pl-chip-spark", "aria-hidden": "true" });
  box.appendChild(sparkline(vec.s, 1, 1, w - 2, h - 2, peakOf([vec])));
  return box;
}

// Animations: none when the system asks for reduced motion; every running one is finished
// at the next press, so a fast clicker never waits for a transition.
class Motion {
  constructor() {
    this.running = [];
    this.query = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  }
  get reduced() {
    return Boolean(this.query && this.query.matches);
  }
  play(node, keyframes, options) {
    if (this.reduced || !node.animate) return null;
    const a = node.animate(keyframes, { duration: ANIM_MS, easing: "ease-out", ...options });
    this.running.push(a);
    a.finished.then(
      () => (this.running = this.running.filter((r) => r !== a)),
      () => (this.running = this.running.filter((r) => r !== a)),
    );
    return a;
  }
  skip() {
    for (const a of this.running.splice(0)) {
      try {
        a.finish();
      } catch (e) {
        a.cancel();
      }
    }
  }
}
