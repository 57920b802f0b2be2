// The decode player, part 2 of 4: the story, one SVG: the encoder unrolled (a box per source
// token, the token under it), the hand-over of h (through the bridge for a bidirectional
// encoder), the decoder chain from <sos> (input under each box, the chosen token above, a
// dashed arrow feeding it to the next input), attention weights as bars over the source.
// Decoder steps after the current one are not drawn: an empty box per future step would tell
// the output's length before it is decoded; the columns depend on the source length and the
// steps shown so far only.

function storyLayout(tr, at, width, px) {
  const S = tr.src.length;
  const shownDec = at.kind === "dec" ? at.index : 0;
  const cols = S + 1 + Math.max(shownDec + 1, Math.min(S + 2, 12));
  // A column holds a cut label of a few characters on two staggered lines: on a narrow
  // screen (a phone) the story is wider than its box and scrolls sideways inside it.
  // Half a column's margin at the left: the first source token's label, two columns wide
  // when the labels stagger, is not cut at the SVG's edge.
  const colW = Math.max(width / (cols + 0.5), MIN_COL * px);
  const lh = Math.round(px * 1.35);
  const top = tr.teacher ? lh + 4 : 4;
  const boxH = Math.max(34, Math.round(px * 2.1));
  const boxY = top + 2 * lh + 6;
  const bottom = boxY + boxH + 6;
  return { S, shownDec, cols, colW, lh, top, boxH, boxY, bottom, height: bottom + 2 * lh + 4,
           width: Math.max(width, (cols + 0.5) * colW),
           boxW: Math.max(14, Math.min(colW * 0.74, px * 5)) };
}

const MIN_COL = 1.6; // the narrowest column, in font sizes

function colX(L, c) {
  return L.colW * (c + 1); // after the left margin
}

// Labels of one row of columns: [{c, text, cls}] -> drawn on one line, or on two staggered
// lines when the widest is wider than a column; cut with "…" only past two columns.
function drawLabels(g, labels, L, y0, down, px) {
  const room = L.colW - 4;
  const widest = Math.max(0, ...labels.map((l) => textWidth(l.text, px, l.bold)));
  const stagger = widest > room;
  const nodes = [];
  for (const l of labels) {
    const line = stagger ? l.c % 2 : 0;
    const y = down ? y0 + (line + 0.8) * L.lh : y0 + 2 * L.lh - (line + 0.25) * L.lh;
    // a label stays inside the SVG (the first one's "▁" is not cut off at the left edge):
    // cut to its room there, and moved in when even one character and "…" are wider
    const mid = colX(L, l.c);
    const edge = 2 * Math.min(mid, L.width - mid) - 4;
    const fitted = fitText(l.text, px, Math.min(stagger ? 2 * L.colW - 6 : room, edge), l.bold);
    const half = textWidth(fitted, px, l.bold) / 2 + 2;
    const x = Math.min(Math.max(mid, half), L.width - half);
    const node = svg("text", { x, y, "text-anchor": "middle",
                               class: `pl-label ${l.cls || ""}`, "font-size": px }, fitted);
    if (fitted !== l.text) node.appendChild(svg("title", {}, l.text));
    g.appendChild(node);
    nodes.push(node);
  }
  return nodes;
}

// The story's name for a screen reader: the counter (no total before the last step, as on
// screen) and what the step shows, in the page's language.
function storyName(tr, at, count, strings) {
  if (at.kind === "enc") return fmt(strings.pl_svg_enc, { count, tok: tr.src[at.index - 1] });
  if (at.kind === "bridge") return fmt(strings.pl_svg_bridge, { count });
  const s = tr.steps[at.index - 1];
  const key = tr.teacher ? "pl_svg_teacher" : s.f ? "pl_svg_forced" : "pl_svg_dec";
  return fmt(strings[key], { count, inp: s.in, out: s.tok, p: s.p, nll: s.nll });
}

function drawStory(host, tr, at, strings, motion, prev, size, name) {
  const width = size.width;
  const px = Math.max(MIN_PX, Math.round(size.rem * 0.9));
  const L = storyLayout(tr, at, width, px);
  const root = svg("svg", { width: L.width, height: L.height, class: "pl-svg", role: "img",
                            "aria-label": name });
  const defs = svg("defs");
  const marker = svg("marker", { id: "pl-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5,
                                 markerWidth: 7, markerHeight: 7, orient: "auto" });
  marker.appendChild(svg("path", { d: "M0,0 L10,5 L0,10 z", class: "pl-arrowhead" }));
  defs.appendChild(marker);
  root.appendChild(defs);
  const cur = at.kind === "enc" ? at.index - 1 : at.kind === "bridge" ? L.S : L.S + at.index;
  const vectors = [...tr.enc, tr.bridge.h, ...tr.steps.slice(0, L.shownDec).map((s) => s.h)];
  const peak = peakOf(vectors);
  const boxes = svg("g");
  const links = svg("g");
  const over = svg("g");
  root.append(links, boxes, over);
  const columns = [];
  for (let c = 0; c < L.S + 1 + L.shownDec; c += 1) {
    const reached = c <= cur;
    const x = colX(L, c) - L.boxW / 2;
    const cls = c === cur ? "pl-box pl-now" : reached ? "pl-box" : "pl-box pl-later";
    const g = svg("g", { class: "pl-col", "data-col": c });
    g.appendChild(svg("rect", { x, y: L.boxY, width: L.boxW, height: L.boxH, rx: 6, class: cls }));
    const vec = c < L.S ? tr.enc[c] : c === L.S ? tr.bridge.h : tr.steps[c - L.S - 1].h;
    const step = c > L.S ? tr.steps[c - L.S - 1] : null;
    if (reached && step && tr.teacher) {
      const [text, size] = boxNumber(step.nll, px, L.boxW - 4);
      const nll = svg("text", { x: colX(L, c), y: L.boxY + L.boxH / 2 + size * 0.35,
                                "text-anchor": "middle", class: "pl-nll", "font-size": size },
                      text);
      if (text !== step.nll) nll.appendChild(svg("title", {}, step.nll));
      g.appendChild(nll);
    } else if (reached) {
      g.appendChild(sparkline(vec.s, x + 3, L.boxY + 4, L.boxW - 6, L.boxH - 8, peak));
    }
    if (c > 0 && reached) {
      links.appendChild(svg("line", { x1: colX(L, c - 1) + L.boxW / 2, y1: L.boxY + L.boxH / 2,
                                      x2: x - 1, y2: L.boxY + L.boxH / 2, class: "pl-link",
                                      "marker-end": "url(#pl-arrow)" }));
    }
    boxes.appendChild(g);
    columns.push(g);
  }
  const bottomLabels = tr.src.map((text, c) => ({ c, text, cls: c === cur ? "pl-cur" : "" }));
  bottomLabels.push({ c: L.S, text: "h", cls: "pl-h", bold: true });
  const topLabels = [];
  tr.steps.slice(0, L.shownDec).forEach((s, i) => {
    const c = L.S + 1 + i;
    bottomLabels.push({ c, text: s.in, cls: c === cur ? "pl-cur" : "" });
    const cls = tr.teacher ? "pl-gold" : s.f ? "pl-forced" : c === cur ? "pl-cur" : "";
    topLabels.push({ c, text: s.tok, cls: `pl-out ${cls}`, bold: true });
  });
  const under = drawLabels(over, bottomLabels, L, L.bottom, true, px);
  const above = drawLabels(over, topLabels, L, L.top, false, px);
  drawFeeding(links, tr, L, px);
  const last = tr.steps[L.shownDec - 1];
  if (at.kind === "dec" && last && last.eos && at.index === tr.steps.length) {
    const room = L.width - textWidth(strings.pl_end_box, px, true) - 2; // inside the SVG
    const x = Math.min(colX(L, L.S + 1 + L.shownDec) - L.colW / 2 + 4, room);
    over.appendChild(svg("text", { x,
                                   y: L.boxY + L.boxH / 2 + px * 0.35, class: "pl-end",
                                   "font-size": px }, strings.pl_end_box));
  }
  if (at.kind === "dec" && tr.steps[at.index - 1].at) drawAttention(over, tr, at, L, px, motion);
  if (tr.teacher && at.kind === "dec") drawLoss(over, tr, at, L, width, px, strings);
  host.replaceChildren(root);
  if (L.width > width) host.scrollLeft = Math.max(0, colX(L, cur) - width / 2); // in view
  animateStep(root, tr, at, prev, L, cur, columns, under, above, motion);
}

// A number drawn in a box `room` px wide: [text, font size], smaller down to MIN_PX, then
// with fewer decimals (the whole number is the box's title and the detail panel's).
const MIN_PX = 15;
function boxNumber(text, px, room) {
  const value = Number(text);
  const decimals = (String(text).split(".")[1] || "").length;
  const tries = [String(text)];
  if (Number.isFinite(value)) for (let d = decimals - 1; d >= 0; d -= 1) tries.push(value.toFixed(d));
  for (const t of tries) {
    for (let size = px; size >= MIN_PX; size -= 1) {
      if (textWidth(t, size, true) <= room) return [t, size];
    }
  }
  return [tries[tries.length - 1], MIN_PX];
}

function drawFeeding(g, tr, L, px) {
  for (let i = 0; i + 1 < L.shownDec; i += 1) {
    const x1 = colX(L, L.S + 1 + i) + L.boxW * 0.3;
    const x2 = colX(L, L.S + 2 + i) - L.boxW * 0.3;
    const y1 = L.top + 2 * L.lh - px * 0.2;
    const y2 = L.bottom + px * 0.1;
    const mid = (x1 + x2) / 2;
    g.appendChild(svg("path", { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`,
                                class: "pl-feed", "marker-end": "url(#pl-arrow)" }));
  }
}

// The current step's attention weights as bars rising over the source boxes (tallest =
// weight 1), the largest one labelled with its weight over its bar: the bars leave a line
// of room for it, and no other bar is taller.
function drawAttention(g, tr, at, L, px, motion) {
  const a = tr.steps[at.index - 1].at;
  const best = a.w.indexOf(Math.max(...a.w.map(num)));
  const room = 2 * L.lh - 2 - Math.round(px * 1.1);
  const w = Math.max(4, L.boxW * 0.5);
  let bestTop = L.boxY - 2;
  a.w.forEach((weight, c) => {
    const hgt = Math.max(1, room * num(weight));
    const bar = svg("rect", { x: colX(L, c) - w / 2, y: L.boxY - 2 - hgt, width: w, height: hgt,
                              class: c === best ? "pl-attn pl-attn-best" : "pl-attn" });
    if (c === best) bestTop = L.boxY - 2 - hgt;
    g.appendChild(bar);
    motion.play(bar, [{ transform: "scaleY(0)" }, { transform: "scaleY(1)" }]);
  });
  const half = textWidth(a.wl[best], px, true) / 2 + 2; // inside the SVG
  const x = Math.min(Math.max(colX(L, best), half), L.width - half);
  const label = svg("text", { x, y: bestTop - px * 0.3 - 2, "text-anchor": "middle",
                              class: "pl-attn-label", "font-size": px }, a.wl[best]);
  g.appendChild(label);
}

function drawLoss(g, tr, at, L, width, px, strings) {
  const s = tr.steps[at.index - 1];
  const done = at.index === tr.steps.length;
  const text = done
    ? fmt(strings.pl_loss, { T: tr.steps.length, total: tr.total })
    : fmt(strings.pl_loss_so_far, { t: at.index, sum: s.sum });
  g.appendChild(svg("text", { x: width - 4, y: L.top - 6, "text-anchor": "end",
                              class: done ? "pl-loss pl-loss-done" : "pl-loss",
                              "font-size": px }, text));
}

// One step forward: h travels into the next box; the chosen token flies back into the next
// input; a new encoder box appears.
function animateStep(root, tr, at, prev, L, cur, columns, under, above, motion) {
  if (!prev || prev.col !== cur - 1 || motion.reduced) return;
  const box = columns[cur];
  if (at.kind === "enc") {
    motion.play(box, [{ opacity: 0.2 }, { opacity: 1 }]);
    return;
  }
  const dot = svg("circle", { cx: colX(L, cur), cy: L.boxY + L.boxH / 2, r: 7, class: "pl-dot" });
  root.appendChild(dot);
  const fade = motion.play(dot, [{ transform: `translateX(${-L.colW}px)`, opacity: 1 },
                                 { transform: "translateX(0)", opacity: 0.2 }]);
  if (fade) fade.finished.then(() => dot.remove(), () => dot.remove());
  else dot.remove();
  if (at.kind === "dec" && at.index >= 2) {
    const input = under[L.S + at.index];
    const fed = above[at.index - 2];
    if (!input || !fed) return;
    const dx = Number(fed.getAttribute("x")) - Number(input.getAttribute("x"));
    const dy = Number(fed.getAttribute("y")) - Number(input.getAttribute("y"));
    motion.play(input, [{ transform: `translate(${dx}px, ${dy}px)` }, { transform: "none" }]);
  }
}
