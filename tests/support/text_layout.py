"""Every text a page shows, measured in the browser, and the checks of issue 26: at least
`MIN_PX`, none on another, none cut by its container or the viewport.

`MEASURE_TEXT_JS` returns one item per line box of page text (a text node's client rects,
in the document and in open shadow roots such as the decode player's) and one per SVG
`<text>` (plotly's figures, the player's story), each with its font size, its screen box,
its rotation and, for page text, the box of the nearest ancestor that clips it (overflow
other than visible) on each axis. Text that is not shown (display none, visibility hidden,
opacity 0, a collapsed label, an inactive tab, a closed expander's content, a screen
reader's text clipped to nothing) is left out.
"""

from __future__ import annotations

import math

MIN_PX = 16  # px: the smallest text a lecture hall reads, page and figures alike

MEASURE_TEXT_JS = r"""() => {
  const items = [], vw = document.documentElement.clientWidth;
  const shown = el => {  // visibility is inherited and a child may override it: its own
    if (getComputedStyle(el).visibility !== 'visible') return false;
    for (let e = el, below = null; e; below = e, e = e.parentElement || e.getRootNode().host) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || parseFloat(s.opacity) === 0) return false;
      // a closed expander shows its summary only (chromium still lays out the rest)
      if (e.tagName === 'DETAILS' && !e.open && below && below.tagName !== 'SUMMARY')
        return false;
      // a screen reader's text, visually hidden: clipped to nothing in a 1 px tall box
      if (s.clipPath.startsWith('inset(50%')) return false;
      if (s.overflow === 'hidden') { const box = e.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) return false; }
      if (e.getAttribute && e.getAttribute('aria-hidden') === 'true' && e.tagName !== 'svg')
        return false; }
    return true; };
  const clipOf = (el, axis) => {  // the nearest ancestor that hides what overflows on axis
    for (let e = el.parentElement || el.getRootNode().host; e;
         e = e.parentElement || e.getRootNode().host) {
      const o = getComputedStyle(e)[axis === 'x' ? 'overflowX' : 'overflowY'];
      if (o === 'hidden' || o === 'clip') { const r = e.getBoundingClientRect();
        return axis === 'x' ? [r.left, r.right] : [r.top, r.bottom]; }
      if (o === 'auto' || o === 'scroll') return null;  // scrolls: reachable, not cut
    }
    return null; };
  const svgText = el => {
    if (!el.textContent.trim() || !shown(el)) return;
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return;
    const turn = (el.getAttribute('transform') || '').match(/rotate\((-?[\d.]+)/);
    const svg = el.closest('svg.main-svg') || el.ownerSVGElement;
    const box = svg.getBoundingClientRect();
    items.push({kind: 'svg', text: el.textContent, size: parseFloat(getComputedStyle(el).fontSize),
      angle: turn ? parseFloat(turn[1]) : 0, l: r.left, r: r.right, t: r.top, b: r.bottom,
      clipx: [box.left, box.right], clipy: [box.top, box.bottom], vw}); };
  const pageText = node => {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !shown(el)) return;
    if (['STYLE', 'SCRIPT', 'NOSCRIPT', 'TITLE', 'OPTION'].includes(el.tagName)) return;
    const range = document.createRange(); range.selectNodeContents(node);
    const size = parseFloat(getComputedStyle(el).fontSize);
    const clipx = clipOf(el, 'x'), clipy = clipOf(el, 'y');
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      items.push({kind: 'page', text: node.textContent.trim().slice(0, 60), size, angle: 0,
        l: r.left, r: r.right, t: r.top, b: r.bottom, clipx, clipy, vw,
        tag: el.tagName, testid: (el.closest('[data-testid]') || el).getAttribute('data-testid')});
    } };
  const walk = root => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot);
      if (el instanceof SVGElement) { if (el.tagName === 'text') svgText(el); continue; }
      for (const n of el.childNodes) if (n.nodeType === 3) pageText(n);
    } };
  walk(document);
  return items;
}"""


def corners(x: dict) -> list[tuple[float, float]]:
    """A text's outline: its screen box, or for slanted text the strip one em thick whose
    axis-aligned box that is (the box of a 45° label covers its neighbours' too)."""
    if not x["angle"]:
        return [(x["l"], x["t"]), (x["r"], x["t"]), (x["r"], x["b"]), (x["l"], x["b"])]
    turn = math.radians(x["angle"])
    cos, sin, thick = abs(math.cos(turn)), abs(math.sin(turn)), 0.95 * x["size"]
    if cos >= sin:  # the box is length * cos + thick * sin wide
        length = max(x["r"] - x["l"] - thick * sin, 0.0) / cos
    else:  # and length * sin + thick * cos high (an axis title turned 90°)
        length = max(x["b"] - x["t"] - thick * cos, 0.0) / sin
    d, n = (math.cos(turn), math.sin(turn)), (-math.sin(turn), math.cos(turn))
    cx, cy = (x["l"] + x["r"]) / 2, (x["t"] + x["b"]) / 2
    return [(cx + i * d[0] * length / 2 + j * n[0] * thick / 2,
             cy + i * d[1] * length / 2 + j * n[1] * thick / 2)
            for i, j in ((-1, -1), (1, -1), (1, 1), (-1, 1))]  # fmt: skip


def overlap(a: dict, b: dict, slack: float = 1.0) -> bool:
    """Whether two texts' outlines meet by more than `slack` px (separating axes)."""
    pa, pb = corners(a), corners(b)
    for poly in (pa, pb):
        for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1], strict=True):
            axis = (y0 - y1, x1 - x0)
            norm = math.hypot(*axis) or 1.0
            ka = [(px * axis[0] + py * axis[1]) / norm for px, py in pa]
            kb = [(px * axis[0] + py * axis[1]) / norm for px, py in pb]
            if min(max(ka), max(kb)) - max(min(ka), min(kb)) <= slack:
                return False
    return True


def _line_overlap(a: dict, b: dict) -> bool:
    """Page text: two line boxes that share more than a quarter of the lower one's height
    and 2 px of width (lines of one paragraph touch, a line box is taller than its glyphs)."""
    w = min(a["r"], b["r"]) - max(a["l"], b["l"])
    h = min(a["b"], b["b"]) - max(a["t"], b["t"])
    return w > 2 and h > 0.25 * min(a["b"] - a["t"], b["b"] - b["t"])


def problems(items: list[dict], min_px: float = MIN_PX) -> list[str]:
    """What is wrong with a page's text: too small, cut (by its clipping ancestor or the
    viewport's width), or on another text."""
    out = []
    for x in items:
        what = f"{x['kind']} {x['text']!r}"
        if x["size"] < min_px - 0.05:
            out.append(f"{what} at {x['size']:.1f} px")
        if x["l"] < -1 or x["r"] > x["vw"] + 1:
            out.append(f"{what} cut by the viewport ({x['l']:.0f}..{x['r']:.0f} px)")
        for axis, lo, hi in (("clipx", "l", "r"), ("clipy", "t", "b")):
            clip = x.get(axis)
            if clip and (x[lo] < clip[0] - 1 or x[hi] > clip[1] + 1):
                out.append(f"{what} cut by its container ({axis} {clip}, text {x[lo]:.0f}.."
                           f"{x[hi]:.0f})")  # fmt: skip
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            both_page = a["kind"] == b["kind"] == "page"
            if _line_overlap(a, b) if both_page else overlap(a, b):
                out.append(f"{a['kind']} {a['text']!r} overlaps {b['kind']} {b['text']!r}")
    return out
