"""Shared by tests/browser/test_player.py and bench/player_latency.py: the decode player's
nodes in a page (they sit in a shadow root in the app and in the document in the lesson
file; Playwright's CSS locators pierce open shadow roots, page scripts need `ROOT_JS`)."""

from __future__ import annotations

# The player's root element, in the app (inside the component's shadow root) or in the file.
# The player's root: in the shadow root of the component that holds one (the page has other
# components too: the class keys kept in the browser, the page's language).
ROOT_JS = """(() => {
  for (const host of document.querySelectorAll('[data-testid=stBidiComponentIsolated]')) {
    const root = host.shadowRoot && host.shadowRoot.querySelector('[data-role=root]');
    if (root) return root;
  }
  return document.querySelector('[data-role=root]');
})()"""

# Pairs of the story's labels whose boxes overlap (each label's rendered box, in px), once
# the step's transitions are over (a token flying back crosses others on its way); a label
# over an attention bar (but the weight's label over its own bar) is such a pair too, and a
# number drawn in a box (-log p in teacher forcing) that leaves its box is one with "box",
# a text that reaches out of the SVG (cut off at its edge) one with "svg".
OVERLAPS_JS = f"""() => {{
  const root = {ROOT_JS};
  root.getRootNode().getAnimations().forEach(a => a.finish());
  const story = root.querySelector('[data-role=story]');
  const S = story.querySelector('svg').getBoundingClientRect();
  const boxes = [...story.querySelectorAll('text')]
    .map(t => [t.textContent, t.getBoundingClientRect(), t]).filter(([, b]) => b.width > 0);
  const bars = [...story.querySelectorAll('rect.pl-attn')]
    .map(r => ['attention bar', r.getBoundingClientRect(), r]);
  const cross = (A, B) => Math.min(A.right, B.right) - Math.max(A.left, B.left) > 1 &&
    Math.min(A.bottom, B.bottom) - Math.max(A.top, B.top) > 1;
  const out = [];
  for (let i = 0; i < boxes.length; i++) {{
    const [a, A, t] = boxes[i];
    for (let j = i + 1; j < boxes.length; j++) {{
      if (cross(A, boxes[j][1])) out.push([a, boxes[j][0]]);
    }}
    for (const [b, B, r] of bars) {{
      const own = t.classList.contains('pl-attn-label') && r.classList.contains('pl-attn-best');
      if (!own && cross(A, B)) out.push([a, b]);
    }}
    if (A.left < S.left - 0.5 || A.right > S.right + 0.5) out.push([a, 'svg']);
    const box = t.closest('.pl-col') && t.closest('.pl-col').querySelector('rect');
    if (box) {{
      const R = box.getBoundingClientRect();
      if (A.left < R.left - 1 || A.right > R.right + 1 || A.top < R.top - 1 ||
          A.bottom > R.bottom + 1) out.push([a, 'box']);
    }}
  }}
  return out;
}}"""

# The smallest font size of the player's text (px), and the code panel's.
SIZES_JS = f"""() => {{
  const root = {ROOT_JS};
  const texts = [...root.querySelectorAll('*')].filter(e =>
    [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) &&
    e.getClientRects().length);
  const px = texts.map(e => parseFloat(getComputedStyle(e).fontSize));
  const code = root.querySelector('[data-role=code]');
  return {{min: Math.min(...px), code: code && code.getClientRects().length
    ? parseFloat(getComputedStyle(code).fontSize) : null}};
}}"""

# What the player shows: its text as drawn, every attribute of its elements (the SVG's
# coordinates, the slider's max) and the slider's value, its transitions finished.
SHOWN_JS = f"""() => {{
  const root = {ROOT_JS};
  root.getRootNode().getAnimations().forEach(a => a.finish());
  const attrs = [...root.querySelectorAll('*')].map(e =>
    e.tagName + ' ' + [...e.attributes].map(a => `${{a.name}}=${{a.value}}`).join(' '));
  const range = root.querySelector('[data-role=range]');
  return {{text: root.innerText, attrs, max: range.max, value: range.value}};
}}"""


def shown_to_all(cdp) -> list:
    """What a screen reader is told (chromium's accessibility tree through a CDP session of
    the page): each node's role, name, value and properties (aria-valuemax among them),
    the page's address left out."""
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]

    def value(node, key):
        return (node.get(key) or {}).get("value")

    return [
        [value(n, "role"), value(n, "name"), value(n, "value"),
         sorted((p["name"], str(p["value"].get("value"))) for p in n.get("properties", [])
                if p["name"] != "url")]
        for n in nodes if not n.get("ignored")
    ]  # fmt: skip


# Time from a key press to the next painted frame, in ms, for `n` presses of `key`.
LATENCY_JS = f"""async ([key, n]) => {{
  const root = {ROOT_JS};
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const out = [];
  for (let i = 0; i < n; i++) {{
    const before = root.dataset.step;
    const t0 = performance.now();
    document.dispatchEvent(new KeyboardEvent('keydown', {{key, bubbles: true}}));
    await frame();
    if (root.dataset.step === before) break;
    out.push(performance.now() - t0);
    await new Promise(r => setTimeout(r, 30));
  }}
  return out;
}}"""


def step_of(page) -> int:
    return int(page.evaluate(f"{ROOT_JS}.dataset.step"))
