// The decode player, part 4 of 4: the state of one player and its controls. Stepping,
// playing, going back and jumping happen here, in the browser: no message to the server.
// Only forcing a token (a click on a softmax bar) and the ask button (a page's `ask_label`)
// send a message to the server, each a trigger value.
// Streamlit calls the default export again with the same parentElement when the data
// changes; the player keeps its step across such calls unless the sentence changed.
const PLAYERS = new WeakMap();
const PARAM_MS = 150; // the address bar follows 150 ms after the last step
const KEYS = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };

function storySteps(tr, mode) {
  const dec = tr.steps.map((s, i) => ({ kind: "dec", index: i + 1 }));
  if (mode === "decode") return dec;
  const enc = tr.src.map((s, i) => ({ kind: "enc", index: i + 1 }));
  return [...enc, { kind: "bridge", index: 0 }, ...dec];
}

// The counter: the encoder's step of the source's length (the source is given), then the
// decoder's step with no total until its last step has been shown: a total before that
// would tell the output's length before it is decoded.
function counterText(tr, at, ended, str) {
  if (at.kind === "enc") return fmt(str.pl_count_enc, { s: at.index, S: tr.src.length });
  if (at.kind === "bridge") return str.pl_count_bridge;
  const template = ended ? str.pl_count_end : str.pl_count_dec;
  return fmt(template, { t: at.index, T: tr.steps.length });
}

function colOf(tr, at) {
  if (at.kind === "enc") return at.index - 1;
  return at.kind === "bridge" ? tr.src.length : tr.src.length + at.index;
}

function setParam(name, value) {
  try {
    const url = new URL(window.location.href);
    if (url.searchParams.get(name) === String(value)) return;
    url.searchParams.set(name, String(value));
    window.history.replaceState(window.history.state, "", url.toString());
  } catch (e) {
    // a page opened from disk may refuse a new address: the step still plays
  }
}

// A focused button that has just been disabled (next at the last step, back at the first)
// would drop the keyboard's focus to <body>: it goes to the button the other way instead.
function keepFocus(role, focused) {
  if (!focused || !focused.disabled || !focused.dataset) return;
  const ahead = ["next", "last"].includes(focused.dataset.role);
  const other = role(ahead ? "back" : "next");
  if (other && !other.disabled) other.focus();
}

class Player {
  constructor(root) {
    this.root = root;
    this.role = (name) => root.querySelector(`[data-role="${name}"]`);
    this.motion = new Motion();
    this.i = 1;
    this.sent = 0;
    this.teacher = false;
    this.timer = null;
    this.identity = null;
    this.onKey = (e) => this.key(e);
    document.addEventListener("keydown", this.onKey, true);
    this.onResize = () => (this.role("code").style.maxHeight = ""); // measured again
    window.addEventListener("resize", this.onResize);
    // The story's width and the root font size are read once, not at each step (a read
    // after the step's writes would force a layout): again when either changes size (the
    // probe is 1rem wide: the page's large text resizes it).
    this.size = null;
    this.paramTimer = null;
    if (window.ResizeObserver) {
      this.sizes = new ResizeObserver(() => this.resized());
      this.sizes.observe(this.role("story"));
      this.sizes.observe(this.role("rem"));
    }
    const click = (name, fn) => this.role(name).addEventListener("click", fn);
    click("first", () => this.go(1));
    click("back", () => this.go(this.i - 1));
    click("next", () => this.go(this.i + 1));
    click("last", () => this.go(this.steps().length));
    click("play", () => this.togglePlay());
    click("ask", () => this.trigger && this.trigger("ask", this.i)); // the step on screen
    this.role("range").addEventListener("input", (e) => this.go(Number(e.target.value)));
    this.role("teacher").addEventListener("change", (e) => {
      this.teacher = e.target.checked;
      this.go(this.i, true);
    });
    click("link-btn", () => {
      const box = this.role("link");
      box.hidden = !box.hidden;
      this.role("link-warn").hidden = box.hidden || !this.data.link_warning;
      if (!box.hidden) box.select();
    });
    this.role("sentence").addEventListener("change", (e) => {
      this.sent = Number(e.target.value);
      e.target.blur(); // the clicker's keys step the new sentence at once
      this.go(1, true);
    });
  }

  update(data, setTriggerValue) {
    const identity = JSON.stringify([data.mode, data.lang, data.sentences.map((s) => s.text)]);
    const forcedKey = data.forced ? `${data.forced.step}:${data.forced.trace.out}` : "";
    this.data = data;
    this.trigger = setTriggerValue;
    if (identity !== this.identity) {
      this.identity = identity;
      this.sent = 0;
      this.teacher = Boolean(data.teacher_on);
      this.i = Number(data.start) || 1;
    }
    if (forcedKey && forcedKey !== this.forcedKey && data.mode === "decode") this.i = data.forced.step;
    this.forcedKey = forcedKey;
    this.labels();
    this.go(this.i, true);
  }

  sentence() {
    return this.data.sentences[Math.min(this.sent, this.data.sentences.length - 1)];
  }

  trace() {
    const s = this.sentence();
    if (this.teacher && s.teacher) return s.teacher;
    if (this.data.forced && this.sent === 0) return this.data.forced.trace;
    return s.greedy;
  }

  steps() {
    return storySteps(this.trace(), this.data.mode);
  }

  labels() {
    const str = this.data.strings;
    for (const name of ["back", "next"]) this.role(name).textContent = str[`pl_${name}`];
    for (const [name, mark] of [["first", "«"], ["last", "»"]]) {
      this.role(name).textContent = mark;
      this.role(name).setAttribute("aria-label", str[`pl_${name}`]);
      this.role(name).title = str[`pl_${name}`];
    }
    this.role("teach-label").textContent = str.pl_teacher;
    const ask = this.role("ask"); // only where a page asked for it and can hear it
    ask.hidden = !this.data.ask_label || !this.trigger;
    ask.textContent = this.data.ask_label || "";
    this.root.setAttribute("aria-label", str.pl_keys);
    const select = this.role("sentence");
    select.hidden = this.data.sentences.length < 2;
    select.setAttribute("aria-label", str.pl_sentence);
    select.replaceChildren(...this.data.sentences.map((s, i) => {
      const option = el("option", "", s.text);
      option.value = String(i);
      return option;
    }));
    select.value = String(this.sent);
  }

  measure() {
    if (!this.size) {
      const width = Math.max(320, this.role("story").clientWidth || 900);
      this.size = { width, rem: rootPx() };
      setTextFamily(getComputedStyle(this.role("story")).fontFamily); // labels measured in it
    }
    return this.size;
  }

  resized() {
    const old = this.size;
    this.size = null;
    if (!old || !this.data) return;
    const now = this.measure();
    if (now.width !== old.width || now.rem !== old.rem) this.go(this.i, true);
  }

  go(i, redraw) {
    const steps = this.steps();
    const n = steps.length;
    const next = Math.min(Math.max(Math.round(i) || 1, 1), Math.max(n, 1));
    if (next === this.i && !redraw) return;
    this.motion.skip();
    const tr = this.trace();
    const prev = next === this.i + 1 && !redraw ? { col: colOf(tr, steps[this.i - 1]) } : null;
    this.i = next;
    this.draw(tr, steps, prev, redraw);
    if (this.i >= n) this.stop();
  }

  draw(tr, steps, prev, redraw) {
    if (redraw) this.size = null;
    const size = this.measure(); // before any write: no forced layout
    const str = this.data.strings;
    const n = steps.length;
    const at = steps[this.i - 1];
    const sentence = this.sentence();
    this.role("teach").hidden = !sentence.teacher;
    this.role("teacher").checked = this.teacher && Boolean(sentence.teacher);
    const reached = this.reach(n);
    const count = counterText(tr, at, reached >= n, str);
    this.role("count").textContent = count;
    const focused = this.root.getRootNode().activeElement; // before a button is disabled
    this.role("first").disabled = this.role("back").disabled = this.i <= 1;
    this.role("next").disabled = this.role("last").disabled = this.i >= n;
    keepFocus(this.role, focused);
    this.role("play").textContent = this.timer ? str.pl_pause : str.pl_play;
    const range = this.role("range");
    range.max = String(Math.min(n, reached + 1)); // the steps shown so far and the next
    range.value = String(this.i);
    range.hidden = n < 2;
    range.setAttribute("aria-label", count);
    range.setAttribute("aria-valuetext", count);
    this.root.dataset.step = String(this.i);
    this.root.dataset.kind = at.kind;
    const forced = this.sent === 0 && !this.teacher ? this.data.forced : null;
    drawForced(this.role("forced"), forced, str);
    const name = storyName(tr, at, count, str);
    drawStory(this.role("story"), tr, at, str, this.motion, prev, size, name);
    const force = this.data.can_force && this.trigger ? (t, id) => this.force(t, id) : null;
    drawDetail(this.role("detail"), tr, at, str, this.motion, force, size.rem);
    const rows = !this.data.code ? null : at.kind === "enc" ? tr.enc_code[at.index - 1]
      : at.kind === "bridge" ? tr.bridge.code : tr.steps[at.index - 1].code;
    drawCode(this.role("code-box"), this.role("code-title"), rows, str, redraw);
    this.role("note").textContent = tr.word_start ? this.data.word_start_note : "";
    this.role("note").hidden = !tr.word_start;
    this.afterFrame();
    this.role("link-btn").hidden = !this.data.link;
    this.role("link-btn").textContent = str.pl_link;
    const warn = this.role("link-warn"); // as the sidebar warns: a localhost address
    codeText(warn, this.data.link_warning || "");
    warn.hidden = this.role("link").hidden || !this.data.link_warning;
    if (this.data.link) {
      const sep = this.data.link.includes("?") ? "&" : "?";
      this.role("link").value = `${this.data.link}${sep}${this.data.param}=${this.i}`;
    }
  }

  // The address bar once stepping pauses: history.replaceState costs milliseconds (a
  // message to the browser process, throttled by the browser when frequent), not to be
  // paid between a key press and its frame.
  afterFrame() {
    clearTimeout(this.paramTimer);
    this.paramTimer = setTimeout(() => setParam(this.data.param, this.i), PARAM_MS);
  }

  // The furthest step shown of the trace on screen (another sentence, teacher forcing or a
  // forced token is another trace, whose steps are new again).
  reach(n) {
    const key = `${this.identity}|${this.sent}|${this.teacher}|${this.forcedKey}`;
    if (key !== this.reachedKey) {
      this.reachedKey = key;
      this.reached = 0;
    }
    this.reached = Math.min(n, Math.max(this.reached, this.i));
    return this.reached;
  }

  force(t, id) {
    this.trigger("force", { step: t, id, sentence: this.sentence().text });
  }

  togglePlay() {
    if (this.timer) {
      this.stop();
      this.go(this.i, true);
      return;
    }
    if (this.i >= this.steps().length) this.go(1);
    this.timer = setInterval(() => this.go(this.i + 1), PLAY_MS);
    this.role("play").textContent = this.data.strings.pl_pause;
  }

  stop() {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.role("play").textContent = this.data.strings.pl_play;
  }

  visible() {
    return this.root.isConnected && this.root.getClientRects().length > 0;
  }

  key(e) {
    if (!this.root.isConnected) return this.destroy();
    if (!this.visible() || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = (e.composedPath && e.composedPath()[0]) || e.target;
    const tag = (target && target.tagName) || "";
    const type = tag === "INPUT" ? String(target.type).toLowerCase() : "";
    const pressable = tag === "BUTTON" || ["checkbox", "radio", "button", "submit"].includes(type);
    const typing = ["TEXTAREA", "SELECT"].includes(tag) || (tag === "INPUT" && !pressable);
    if (typing || (target && target.isContentEditable)) return; // a text box, the slider
    if (e.key === " " && pressable) return; // the focused button or switch takes Space
    let handled = true;
    if (e.key in KEYS) this.go(this.i + KEYS[e.key]);
    else if (e.key === "Home") this.go(1);
    else if (e.key === "End") this.go(this.steps().length);
    else if (e.key === " ") this.togglePlay();
    else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  }

  destroy() {
    this.stop();
    clearTimeout(this.paramTimer);
    this.motion.skip();
    document.removeEventListener("keydown", this.onKey, true);
    window.removeEventListener("resize", this.onResize);
    if (this.sizes) this.sizes.disconnect();
  }
}

function mountPlayer(component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement && parentElement.querySelector('[data-role="root"]');
  if (!root || !data || !data.sentences || !data.sentences.length) return undefined;
  let player = PLAYERS.get(parentElement);
  if (!player || player.root !== root) {
    if (player) player.destroy();
    player = new Player(root);
    PLAYERS.set(parentElement, player);
  }
  const generation = (player.generation = (player.generation || 0) + 1);
  player.update(data, setTriggerValue);
  return () => {
    if (PLAYERS.get(parentElement) === player && player.generation === generation) {
      player.destroy();
      PLAYERS.delete(parentElement);
    }
  };
}

export default mountPlayer;
