// The decode player, part 3 of 4: the current step told in words and small pictures (the
// detail panel), the code that computed it (the code panel) and, after a forcing, the
// original decode beside the forced one.

function chip(label, vec, px) {
  const node = el("span", "pl-chip");
  node.appendChild(el("b", "", label));
  if (vec) {
    node.appendChild(chipSpark(vec, px));
    node.appendChild(el("small", "", `‖${vec.n}‖`));
    node.title = `${vec.d} · ‖${vec.n}‖`;
  }
  return node;
}

function chipRow(items) {
  const row = el("div", "pl-chips");
  items.forEach((item, i) => {
    if (i > 0) row.appendChild(el("span", "pl-then", "→"));
    row.appendChild(item);
  });
  return row;
}

function sayStep(tr, at, strings) {
  const p = el("p", "pl-say");
  if (at.kind === "enc") {
    const vec = tr.enc[at.index - 1];
    const values = { s: at.index, S: tr.src.length, tok: tr.src[at.index - 1],
                     id: tr.src_ids[at.index - 1], norm: vec.n };
    return fill(p, strings.pl_enc, values, ["tok"]);
  }
  if (at.kind === "bridge") return fill(p, strings.pl_bridge, {});
  const s = tr.steps[at.index - 1];
  if (tr.teacher) {
    const values = { t: at.index, T: tr.steps.length, inp: s.in, gold: s.tok, p: s.p, nll: s.nll };
    return fill(p, strings.pl_dec_teacher, values, ["inp", "gold"]);
  }
  const template = s.f ? strings.pl_dec_forced : strings.pl_dec;
  return fill(p, template, { t: at.index, inp: s.in, out: s.tok, p: s.p }, ["inp", "out"]);
}

function attentionTable(tr, s, strings, motion) {
  const a = s.at;
  const box = el("div", "pl-attn-box");
  box.appendChild(el("div", "pl-sub", strings.pl_attention));
  const order = a.w.map((w, i) => i).sort((x, y) => num(a.w[y]) - num(a.w[x]) || x - y);
  const table = el("div", "pl-rows");
  for (const i of order.slice(0, 3)) {
    const row = el("div", i === order[0] ? "pl-row pl-best" : "pl-row");
    row.appendChild(el("span", "pl-row-tok", tr.src[i]));
    row.appendChild(el("span", "pl-row-num", `${num(a.sc[i]).toFixed(2)} →`));
    const track = el("span", "pl-track");
    const bar = el("span", "pl-bar-fill");
    bar.style.width = `${Math.max(0.5, 100 * num(a.w[i]))}%`;
    track.appendChild(bar);
    motion.play(bar, [{ transform: "scaleX(0)" }, { transform: "scaleX(1)" }]);
    row.append(track, el("span", "pl-row-num", a.wl[i]));
    table.appendChild(row);
  }
  box.appendChild(table);
  return box;
}

function softmaxBars(tr, s, at, strings, motion, onForce) {
  const box = el("div", "pl-topk");
  box.appendChild(el("div", "pl-sub", fmt(strings.pl_softmax, { v: tr.vocab, k: s.k.length })));
  for (const [id, tok, p, label] of s.k) {
    const cls = ["pl-row"];
    if (id === s.am) cls.push("pl-best");
    if (id === s.c && (s.f || tr.teacher)) cls.push(tr.teacher ? "pl-gold" : "pl-forced");
    const row = el(onForce ? "button" : "div", cls.join(" "));
    if (onForce) {
      row.type = "button";
      row.dataset.token = String(id);
      row.addEventListener("click", () => onForce(at.index, id));
    }
    row.appendChild(el("span", "pl-row-tok", tok));
    const track = el("span", "pl-track");
    const bar = el("span", "pl-bar-fill");
    bar.style.width = `${Math.max(0.5, 100 * num(p))}%`;
    track.appendChild(bar);
    motion.play(bar, [{ transform: "scaleX(0)" }, { transform: "scaleX(1)" }]);
    row.append(track, el("span", "pl-row-num", label + (id === s.am ? " ◀" : "")));
    box.appendChild(row);
  }
  return box;
}

function drawDetail(host, tr, at, strings, motion, onForce, px) {
  const parts = [sayStep(tr, at, strings)];
  if (at.kind === "enc") parts.push(chipRow([chip("h", tr.enc[at.index - 1], px)]));
  if (at.kind === "bridge") {
    if (tr.bi) {
      parts.push(el("p", "pl-say", strings.pl_bridge_bi));
      parts.push(chipRow([chip("h→", tr.bridge.fwd, px), chip("h←", tr.bridge.bwd, px),
                          chip("tanh(W [h→; h←] + b)"), chip("h", tr.bridge.h, px)]));
    } else {
      parts.push(chipRow([chip("h", tr.bridge.h, px)]));
    }
  }
  if (at.kind === "dec") parts.push(...decoderParts(tr, at, strings, motion, onForce, px));
  host.replaceChildren(...parts);
}

function decoderParts(tr, at, strings, motion, onForce, px) {
  const s = tr.steps[at.index - 1];
  const out = [];
  const flow = [chip(strings.pl_h_before, s.hb, px), chip(strings.pl_h_after, s.h, px)];
  if (s.at) {
    flow.push(chip("c = Σ a·h", s.at.c, px), chip("h̃ = tanh(Wc [c; s])", s.at.ht, px));
  }
  flow.push(chip(`softmax(Ws·${s.at ? "h̃" : "s"})`));
  out.push(chipRow(flow));
  const grid = el("div", "pl-grid");
  if (s.at) grid.appendChild(attentionTable(tr, s, strings, motion));
  grid.appendChild(softmaxBars(tr, s, at, strings, motion, tr.teacher ? null : onForce));
  out.push(grid);
  const last = at.index === tr.steps.length;
  if (s.eos) out.push(fill(el("p", "pl-end-note"), strings.pl_end, { t: at.index }));
  else if (last && tr.stop === "max_len") out.push(el("p", "pl-end-note", fmt(strings.pl_max, { t: at.index })));
  if (!tr.teacher) {
    out.push(el("p", "pl-logp", fmt(strings.pl_logp, { t: at.index, lp: s.lp, whole: tr.lp })));
  }
  if (onForce && !tr.teacher) out.push(el("p", "pl-hint", strings.pl_force_hint));
  return out;
}

function drawCode(host, title, rows, strings, refit) {
  if (!rows) {
    host.hidden = true;
    return;
  }
  host.hidden = false;
  title.textContent = strings.pl_code;
  const pre = host.querySelector("pre");
  const moved = setLines(pre, rows);
  if (refit || !pre.style.maxHeight) fitCode(pre);
  if (!moved && !refit) return;
  // in the next frame's layout (no extra one): the marked line into view
  requestAnimationFrame(() => {
    const marked = pre.querySelector(".pl-code-m");
    if (marked) pre.scrollTop = Math.max(0, marked.offsetTop - pre.clientHeight / 3);
  });
}

// The code's lines: a step changes the values' lines and the mark, seldom the code; only
// the lines that changed are written (the others keep their layout). True when the marked
// line is another one (to be scrolled into view).
function setLines(pre, rows) {
  const lines = pre.children;
  const before = pre.dataset.mark;
  while (lines.length > rows.length) pre.lastChild.remove();
  rows.forEach(([kind, line], i) => {
    const cls = `pl-code-${kind}`;
    const node = lines[i] || pre.appendChild(el("span"));
    if (node.className !== cls) node.className = cls;
    if (node.textContent !== line) node.textContent = line;
  });
  const at = rows.findIndex(([kind]) => kind === "m");
  const mark = `${at}|${rows.length}|${at >= 0 ? rows[at][1] : ""}`;
  pre.dataset.mark = mark;
  return mark !== before;
}

// The code panel ends at the bottom of the window (it scrolls inside itself): the page
// itself never scrolls for it. Measured when the story's height may change (a new
// sentence, teacher forcing, the window's size), not at every step.
function fitCode(pre) {
  const room = window.innerHeight - pre.getBoundingClientRect().top - 24;
  pre.style.maxHeight = `${Math.max(room, rootPx() * 8)}px`;
}

function drawForced(host, forced, strings) {
  if (!forced) {
    host.hidden = true;
    host.replaceChildren();
    return;
  }
  host.hidden = false;
  const title = fill(el("div", "pl-sub"), strings.pl_forced_at, { tok: forced.tok, t: forced.step }, ["tok"]);
  const row = (label, text, lp, cls) => {
    const line = el("div", `pl-cmp ${cls}`);
    line.append(el("span", "pl-cmp-label", label), el("b", "pl-cmp-text", text || "∅"),
                el("span", "pl-cmp-lp", `log p = ${lp}`));
    return line;
  };
  host.replaceChildren(title, row(strings.pl_original, forced.original, forced.original_lp, ""),
                       row(strings.pl_forced, forced.trace.out, forced.trace.lp, "pl-forced"));
  if (forced.same) host.appendChild(el("div", "pl-cmp", forced.same));
}
