// The nnviz training replay: the browser half of nnviz/ui/replay.py.
//
// Streamlit calls the default export again whenever the page sends new data (same key, same
// element), so each element's player lives in PLAYERS and only takes in the new payload:
// position, play state and speed carry over. Playback runs on requestAnimationFrame and
// moves by elapsed time, so a slow machine skips frames rather than slowing the run down.

const PLAYERS = new WeakMap();
const BASE_FPS = 30; // frames of the run shown per second at 1x
const SPEEDS = [0.5, 1, 2, 4];
const TRAIN_COLOR = "#0072B2";
const VAL_COLOR = "#E69F00";
const SCATTER_COLOR = "#0072B2";

// ---------------------------------------------------------------- payload

// Mirror of nnviz.ui.replay.decode: magic, uint32 header length, JSON, aligned arrays.
function decode(bytes) {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const magic = String.fromCharCode(u8[0], u8[1], u8[2], u8[3]);
  if (magic !== "NNVR") throw new Error("nnviz replay: not a replay payload");
  const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const headLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(u8.subarray(8, 8 + headLength)));
  const bodyStart = 8 + headLength;
  const arrays = {};
  const types = { u1: [Uint8Array, 1], i4: [Int32Array, 4], f4: [Float32Array, 4] };
  for (const [name, [kind, offset, shape]] of Object.entries(header.arrays)) {
    const [Type, size] = types[kind];
    const count = shape.reduce((a, b) => a * b, 1);
    const start = bodyStart + offset;
    // slice() copies into a fresh buffer, so the typed array is always aligned.
    const copy = u8.slice(start, start + count * size);
    arrays[name] = new Type(copy.buffer, 0, count);
  }
  return { header, arrays };
}

function sameBytes(a, b) {
  if (!a || !b || a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------- colours and numbers

function rgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(a, b, t) {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t));
}

// Pack RGBA for a Uint32Array view of ImageData (little-endian: bytes R, G, B, A).
function pack(c) {
  return ((255 << 24) | (c[2] << 16) | (c[1] << 8) | c[0]) >>> 0;
}

const WHITE = [255, 255, 255];

// 256 colours from class 0 through white (P = 0.5) to class 1, pale enough for dots on top.
function probabilityLut(colors) {
  const lo = mix(rgb(colors[0]), WHITE, 0.35);
  const hi = mix(rgb(colors[1]), WHITE, 0.35);
  const lut = new Uint32Array(256);
  for (let v = 0; v < 256; v++) {
    const p = v / 255;
    lut[v] = pack(p < 0.5 ? mix(lo, WHITE, p / 0.5) : mix(WHITE, hi, (p - 0.5) / 0.5));
  }
  return lut;
}

// For each class, 256 shades from white (unsure) to the pale class colour (sure).
function classesLut(colors) {
  const lut = new Uint32Array(colors.length * 256);
  colors.forEach((hex, k) => {
    const full = mix(rgb(hex), WHITE, 0.3);
    for (let c = 0; c < 256; c++) lut[k * 256 + c] = pack(mix(WHITE, full, 0.15 + 0.85 * c / 255));
  });
  return lut;
}

function niceTicks(lo, hi, count) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) || raw;
  const ticks = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return ticks;
}

const COMPACT = new Intl.NumberFormat("en", { notation: "compact", maximumSignificantDigits: 3 });

function fmt(v) {
  const a = Math.abs(v);
  if (a === 0) return "0";
  // Short forms (600K, 1.2B) so a big number fits the narrow axis gutter.
  if (a >= 10000) return COMPACT.format(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 10) return v.toFixed(a >= 100 ? 0 : 1).replace(/\.0$/, "");
  return String(Number(v.toPrecision(2)));
}

// ---------------------------------------------------------------- the player

function el(tag, attrs, parent) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  if (parent) parent.appendChild(node);
  return node;
}

class Player {
  constructor(shadow) {
    this.shadow = shadow;
    this.root = shadow.querySelector(".nnviz-replay") || el("div", { class: "nnviz-replay" }, shadow);
    this.root.replaceChildren();
    this.run = null;
    this.bytes = null;
    this.pos = 0; // fractional frame index
    this.shown = -1; // frame index last drawn
    this.playing = false;
    this.waiting = false;
    this.speed = 1;
    this.lastTime = null;
    this.rafId = 0;
    this.dirty = true;
    this.layoutKey = "";
    this.draws = 0;
    this.drawMs = 0;
    this.reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    this.build();
    this.fpsTimer = setInterval(() => this.reportFps(), 1000);
    this.lastFpsTime = performance.now();
    this.resize = new ResizeObserver(() => this.requestDraw(true));
    this.resize.observe(this.root);
  }

  build() {
    const r = this.root;
    r.setAttribute("role", "group");
    r.setAttribute("aria-label", "Training replay");
    r.dataset.frame = "0";
    r.dataset.fps = "0";
    r.dataset.playing = "false";
    const status = el("div", { class: "status" }, r);
    this.epochText = el("span", { class: "epoch", text: "" }, status);
    this.liveBadge = el("span", { class: "live", text: "training…", hidden: "" }, status);
    const stage = el("div", { class: "stage" }, r);
    this.picture = el("canvas", {
      class: "picture", tabindex: "0", role: "img",
      "aria-label": "The model's picture at the current epoch. Space plays or pauses, arrow keys step.",
    }, stage);
    this.curves = el("canvas", { class: "curves", role: "img", "aria-label": "Loss and metric curves up to the current epoch" }, stage);
    const controls = el("div", { class: "controls" }, r);
    this.playButton = el("button", { type: "button", class: "play", "aria-label": "Play" }, controls);
    this.slider = el("input", {
      type: "range", min: "0", max: "0", step: "1", value: "0", class: "scrub",
      "aria-label": "Frame of the run",
    }, controls);
    const speedLabel = el("label", { class: "speed" }, controls);
    el("span", { text: "Speed" }, speedLabel);
    this.speedSelect = el("select", { "aria-label": "Playback speed" }, speedLabel);
    for (const s of SPEEDS) {
      el("option", { value: String(s), text: `${s}×` }, this.speedSelect);
    }
    this.speedSelect.value = "1";
    this.announcer = el("div", { class: "sr-only", "aria-live": "polite", "aria-atomic": "true" }, r);
    this.setPlayLabel();

    this.playButton.addEventListener("click", () => this.toggle());
    this.slider.addEventListener("input", () => {
      this.pause(false);
      this.pos = Number(this.slider.value);
      this.showNow();
      this.announceSoon();
    });
    this.speedSelect.addEventListener("change", () => {
      this.speed = Number(this.speedSelect.value) || 1;
    });
    r.addEventListener("keydown", (e) => this.onKey(e));
  }

  onKey(e) {
    const tag = (e.target && e.target.tagName) || "";
    if (e.key === " " || e.key === "Spacebar") {
      // A button and a select act on Space themselves; anywhere else it plays or pauses.
      if (tag === "BUTTON" || tag === "SELECT") return;
      e.preventDefault();
      this.toggle();
    } else if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      if (tag === "INPUT" || tag === "SELECT") return; // the slider steps by itself
      e.preventDefault();
      this.step(e.key === "ArrowRight" ? 1 : -1);
    } else if ((e.key === "Home" || e.key === "End") && tag !== "INPUT" && tag !== "SELECT") {
      e.preventDefault();
      this.pause(false);
      this.pos = e.key === "Home" ? 0 : this.last();
      this.showNow();
      this.announceSoon();
    }
  }

  // ------------------------------------------------ data

  update(bytes) {
    if (!bytes) return;
    if (sameBytes(bytes, this.bytes)) {
      this.requestDraw(true); // same run (perhaps a new theme): just redraw
      return;
    }
    const next = decode(bytes);
    this.bytes = bytes instanceof Uint8Array ? bytes.slice() : new Uint8Array(bytes);
    const old = this.run;
    const run = this.prepare(next);
    const continues = old && this.continues(old, run);
    const wasAtEnd = old && Math.floor(this.pos) >= old.n - 1;
    this.run = run;
    this.layoutKey = ""; // new colours or ranges: rebuild the cached layers
    this.slider.max = String(Math.max(0, run.n - 1));
    this.slider.disabled = run.n < 2;
    this.playButton.disabled = run.n < 1;
    if (!continues) {
      // A new run: start from the first frame (or show the last one, without motion).
      this.pos = this.reducedMotion ? this.last() : 0;
      this.playing = !this.reducedMotion && run.n > 0;
      // No frames yet but more to come: wait for them as if playing at the live edge.
      this.waiting = !this.reducedMotion && run.n === 0 && !run.complete;
      this.lastTime = null;
      if (!this.playing) this.announceSoon();
    } else if (this.waiting && run.n > old.n) {
      this.waiting = false; // more frames: carry on from where the player waited
      this.playing = true;
      this.lastTime = null;
    } else if (this.waiting && run.complete) {
      this.waiting = false; // training ended with no new frames: the run is over
      this.announceSoon(" End of the run.");
    } else if (!this.playing && wasAtEnd && this.reducedMotion) {
      this.pos = this.last(); // following the live edge without motion
    }
    if (this.pos > this.last()) this.pos = this.last();
    this.setPlayLabel();
    this.requestDraw(true);
  }

  prepare({ header, arrays }) {
    const run = { ...header, a: arrays, n: header.n_frames };
    const h = arrays;
    run.hist = {
      epoch: h.history_epoch, train_loss: h.history_train_loss, val_loss: h.history_val_loss,
      train_metric: h.history_train_metric, val_metric: h.history_val_metric,
    };
    if (run.kind === "probability") run.lut = probabilityLut(run.colors);
    if (run.kind === "classes") run.lut = classesLut(run.colors);
    if (run.grid) {
      const [gh, gw] = run.grid;
      run.cellBuffer = new Uint32Array(gw * gh);
      // Cell centres span the ranges edge to edge: widen by half a cell for the picture.
      const dx = (run.x_range[1] - run.x_range[0]) / (gw - 1);
      const dy = (run.y_range[1] - run.y_range[0]) / (gh - 1);
      run.xDomain = [run.x_range[0] - dx / 2, run.x_range[1] + dx / 2];
      run.yDomain = [run.y_range[0] - dy / 2, run.y_range[1] + dy / 2];
    } else {
      run.xDomain = run.range;
      run.yDomain = run.range;
    }
    run.lossMax = maxOf([run.hist.train_loss, run.hist.val_loss]);
    if (run.percent) {
      run.metricDomain = [0, 100];
    } else {
      const lo = minOf([run.hist.train_metric, run.hist.val_metric]);
      const hi = maxOf([run.hist.train_metric, run.hist.val_metric]);
      run.metricDomain = [Math.min(0, lo), hi > 0 ? hi : 1];
    }
    return run;
  }

  continues(old, run) {
    if (old.kind !== run.kind || old.n === 0 || run.n === 0) return old.n === 0 && old.kind === run.kind;
    if (String(old.grid) !== String(run.grid)) return false;
    // Fewer frames than before is the same run cut back to where the page stopped it (frames
    // trained ahead had come early): it continues, from the last frame kept.
    const n = Math.min(old.n, run.n);
    for (let i = 0; i < n; i++) if (old.a.epochs[i] !== run.a.epochs[i]) return false;
    // Same first frame too: a retrained run with the same epochs is a new run.
    const key = run.kind === "scatter" ? "predicted" : "values";
    const size = old.a[key].length / old.n;
    for (let i = 0; i < size; i++) if (old.a[key][i] !== run.a[key][i]) return false;
    return true;
  }

  last() {
    return this.run ? Math.max(0, this.run.n - 1) : 0;
  }

  // ------------------------------------------------ playback

  toggle() {
    if (this.playing || this.waiting) this.pause(true);
    else this.play();
  }

  play() {
    if (!this.run || this.run.n === 0) return;
    if (Math.floor(this.pos) >= this.last() && this.run.complete) this.pos = 0; // replay
    this.playing = true;
    this.waiting = false;
    this.lastTime = null;
    this.setPlayLabel();
    this.requestDraw();
  }

  pause(announce) {
    const was = this.playing || this.waiting;
    this.playing = false;
    this.waiting = false;
    this.pos = Math.floor(this.pos); // freeze on the frame on screen: the next tick keeps it
    this.setPlayLabel();
    this.requestDraw();
    if (was && announce) this.announceSoon();
  }

  step(delta) {
    this.pause(false);
    this.pos = Math.min(this.last(), Math.max(0, Math.floor(this.pos) + delta));
    this.showNow();
    this.announceSoon();
  }

  setPlayLabel() {
    const on = this.playing || this.waiting;
    this.playButton.textContent = on ? "❚❚ Pause" : "▶ Play";
    this.playButton.setAttribute("aria-label", on ? "Pause the replay" : "Play the replay");
    this.root.dataset.playing = String(on);
    this.liveBadge.hidden = !(this.run && !this.run.complete);
    this.liveBadge.classList.toggle("waiting", this.waiting);
  }

  // Draw the current frame now (after a click or key), not on the next animation frame.
  showNow() {
    if (this.root.isConnected) this.draw(Math.floor(this.pos));
  }

  requestDraw(layout) {
    if (layout) this.layoutKey = "";
    this.dirty = true;
    if (!this.rafId) this.rafId = requestAnimationFrame((t) => this.tick(t));
  }

  tick(now) {
    this.rafId = 0;
    if (!this.root.isConnected) return;
    if (this.playing && this.run) {
      if (this.lastTime !== null) {
        // At most 0.1 s per step: after a hidden tab the run resumes, it does not jump.
        this.pos += (Math.min(100, now - this.lastTime) / 1000) * BASE_FPS * this.speed;
      }
      this.lastTime = now;
      if (this.pos >= this.last()) {
        this.pos = this.last();
        if (this.run.complete) {
          this.playing = false;
          this.setPlayLabel();
          this.announceSoon(" End of the run.");
        } else if (!this.waiting) {
          this.waiting = true; // at the live edge: wait for the next chunk
          this.playing = false;
          this.setPlayLabel();
        }
      }
    }
    const frame = Math.floor(this.pos);
    if (this.dirty || frame !== this.shown) this.draw(frame);
    if (this.playing) this.rafId = requestAnimationFrame((t) => this.tick(t));
  }

  reportFps() {
    const now = performance.now();
    const seconds = (now - this.lastFpsTime) / 1000;
    this.root.dataset.fps = seconds > 0 ? (this.draws / seconds).toFixed(1) : "0";
    this.root.dataset.drawMs = this.draws ? (this.drawMs / this.draws).toFixed(2) : "0";
    this.draws = 0;
    this.drawMs = 0;
    this.lastFpsTime = now;
  }

  announceSoon(extra) {
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      if (this.playing || !this.run) return;
      const text = this.epochLabel(Math.floor(this.pos)) + (extra || "");
      if (this.announcer.textContent !== text) this.announcer.textContent = text;
    }, 300);
  }

  epochLabel(frame) {
    const run = this.run;
    if (!run || run.n === 0) return "Waiting for the first epochs";
    return `Epoch ${run.a.epochs[frame]} of ${run.total_epochs}`;
  }

  destroy() {
    cancelAnimationFrame(this.rafId);
    clearInterval(this.fpsTimer);
    clearTimeout(this.announceTimer);
    this.resize.disconnect();
  }

  // ------------------------------------------------ drawing

  layout() {
    const run = this.run;
    const width = Math.max(200, Math.floor(this.root.clientWidth || 600));
    const height = run ? run.height : 360;
    const dpr = Math.max(1, window.devicePixelRatio || 1);
    const key = `${width}|${height}|${dpr}`;
    if (key === this.layoutKey) return;
    this.layoutKey = key;
    const side = Math.min(height, width);
    const gap = 16;
    const beside = width - side - gap >= 260;
    const cw = beside ? width - side - gap : width;
    const ch = beside ? side : Math.min(300, Math.max(200, Math.round(side * 0.7)));
    this.dpr = dpr;
    this.size = { side, cw, ch };
    sizeCanvas(this.picture, side, side, dpr);
    sizeCanvas(this.curves, cw, ch, dpr);
    const style = getComputedStyle(this.root);
    this.ink = style.color || "#31333f";
    this.font = style.fontFamily || "sans-serif";
    // The picture's plot area inside its canvas, in CSS pixels.
    const m = { left: 44, right: 10, top: 8, bottom: 30 };
    this.plot = { x: m.left, y: m.top, w: side - m.left - m.right, h: side - m.top - m.bottom };
    this.pictureBack = null;
    this.pointsLayer = null;
    this.curvesBack = null;
  }

  draw(frame) {
    const t0 = performance.now();
    this.dirty = false;
    this.layout();
    const run = this.run;
    this.shown = frame;
    this.root.dataset.frame = String(frame);
    if (String(frame) !== this.slider.value) this.slider.value = String(frame);
    const label = this.epochLabel(frame);
    if (this.epochText.textContent !== label) this.epochText.textContent = label;
    this.slider.setAttribute("aria-valuetext", label);
    const ctx = this.picture.getContext("2d");
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.size.side, this.size.side);
    if (!run || run.n === 0) {
      this.drawEmpty(ctx);
    } else if (run.kind === "scatter") {
      this.drawScatter(ctx, frame);
    } else {
      this.drawGrid(ctx, frame);
    }
    this.drawCurves(run && run.n ? run.a.epochs[frame] : -1);
    if (this.playing) {
      this.draws += 1;
      this.drawMs += performance.now() - t0;
    }
  }

  drawEmpty(ctx) {
    const { x, y, w, h } = this.plot;
    ctx.strokeStyle = "rgba(128,128,128,0.5)";
    ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
    ctx.fillStyle = this.ink;
    ctx.font = `14px ${this.font}`;
    ctx.textAlign = "center";
    ctx.fillText("Waiting for the first epochs…", x + w / 2, y + h / 2);
  }

  // Axes, ticks and frame for the picture, drawn once per layout into a cached layer.
  pictureAxes(xDomain, yDomain, xTitle, yTitle) {
    const { side } = this.size;
    const layer = offscreen(side, side, this.dpr);
    const g = layer.getContext("2d");
    g.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const { x, y, w, h } = this.plot;
    g.font = `11px ${this.font}`;
    g.fillStyle = this.ink;
    g.strokeStyle = this.ink;
    g.globalAlpha = 0.8;
    g.textAlign = "center";
    g.textBaseline = "top";
    for (const t of niceTicks(xDomain[0], xDomain[1], 5)) {
      const px = x + ((t - xDomain[0]) / (xDomain[1] - xDomain[0])) * w;
      g.fillRect(Math.round(px), y + h, 1, 4);
      g.fillText(fmt(t), px, y + h + 6);
    }
    g.textAlign = "right";
    g.textBaseline = "middle";
    for (const t of niceTicks(yDomain[0], yDomain[1], 5)) {
      const py = y + h - ((t - yDomain[0]) / (yDomain[1] - yDomain[0])) * h;
      g.fillRect(x - 4, Math.round(py), 4, 1);
      g.fillText(fmt(t), x - 6, py);
    }
    if (xTitle) {
      g.textAlign = "right";
      g.textBaseline = "bottom";
      g.fillText(xTitle, x + w, side - 1);
    }
    if (yTitle) {
      g.save();
      g.translate(10, y);
      g.rotate(-Math.PI / 2);
      g.textAlign = "right";
      g.textBaseline = "middle";
      g.fillText(yTitle, 0, 0);
      g.restore();
    }
    g.globalAlpha = 0.35;
    g.strokeRect(x - 0.5, y - 0.5, w + 1, h + 1);
    return layer;
  }

  drawGrid(ctx, frame) {
    const run = this.run;
    const [gh, gw] = run.grid;
    if (!this.cells || this.cells.width !== gw || this.cells.height !== gh) {
      this.cells = document.createElement("canvas");
      this.cells.width = gw;
      this.cells.height = gh;
      this.cellsCtx = this.cells.getContext("2d");
      this.cellsImage = this.cellsCtx.createImageData(gw, gh);
    }
    const out = new Uint32Array(this.cellsImage.data.buffer);
    const size = gw * gh;
    const values = run.a.values.subarray(frame * size, (frame + 1) * size);
    const lut = run.lut;
    if (run.kind === "probability") {
      for (let r = 0; r < gh; r++) {
        const src = r * gw;
        const dst = (gh - 1 - r) * gw; // row 0 is the lowest y: the bottom of the image
        for (let c = 0; c < gw; c++) out[dst + c] = lut[values[src + c]];
      }
    } else {
      const conf = run.a.confidence.subarray(frame * size, (frame + 1) * size);
      for (let r = 0; r < gh; r++) {
        const src = r * gw;
        const dst = (gh - 1 - r) * gw;
        for (let c = 0; c < gw; c++) out[dst + c] = lut[values[src + c] * 256 + conf[src + c]];
      }
    }
    this.cellsCtx.putImageData(this.cellsImage, 0, 0);
    const { x, y, w, h } = this.plot;
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(this.cells, x, y, w, h);
    if (!this.pictureBack) this.pictureBack = this.pictureAxes(run.xDomain, run.yDomain, "x₁", "x₂");
    if (!this.pointsLayer) this.pointsLayer = this.drawPoints();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.pictureBack, 0, 0);
    ctx.drawImage(this.pointsLayer, 0, 0);
  }

  // The data points never move: draw them once per layout.
  drawPoints() {
    const run = this.run;
    const { side } = this.size;
    const layer = offscreen(side, side, this.dpr);
    const g = layer.getContext("2d");
    g.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const { x, y, w, h } = this.plot;
    const xy = run.a.points_xy;
    const labels = run.a.points_label;
    const parts = run.a.points_part;
    const n = labels.length;
    const r = n > 400 ? 2.5 : n > 150 ? 3.2 : 4;
    g.save();
    g.beginPath();
    g.rect(x, y, w, h);
    g.clip();
    // As in nnviz.charts.boundary: each class its colour and its shape (a second cue for
    // colour-blind eyes); training rows solid, validation rows open (a pale fill in a ring).
    for (let i = 0; i < n; i++) {
      const px = x + ((xy[2 * i] - run.xDomain[0]) / (run.xDomain[1] - run.xDomain[0])) * w;
      const py = y + h - ((xy[2 * i + 1] - run.yDomain[0]) / (run.yDomain[1] - run.yDomain[0])) * h;
      const color = run.colors[labels[i] % run.colors.length];
      shapePath(g, labels[i] % SHAPES, px, py, r * 1.15);
      g.globalAlpha = parts[i] === 1 ? 0.2 : 1;
      g.fillStyle = color;
      g.fill();
      g.globalAlpha = 1;
      // A thin white edge keeps solid points apart; an open point's ring is its colour.
      g.lineWidth = parts[i] === 1 ? 1.5 : 1;
      g.strokeStyle = parts[i] === 1 ? color : "rgba(255,255,255,0.9)";
      g.stroke();
    }
    g.restore();
    return layer;
  }

  drawScatter(ctx, frame) {
    const run = this.run;
    const [lo, hi] = run.range;
    const { x, y, w, h } = this.plot;
    if (!this.pictureBack) {
      this.pictureBack = this.pictureAxes(run.range, run.range, "actual", "predicted");
      const g = this.pictureBack.getContext("2d");
      g.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      g.strokeStyle = "#009E73";
      g.lineWidth = 2;
      g.setLineDash([6, 4]);
      g.beginPath();
      g.moveTo(x, y + h);
      g.lineTo(x + w, y);
      g.stroke();
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.pictureBack, 0, 0);
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const actual = run.a.actual;
    const m = actual.length;
    const pred = run.a.predicted.subarray(frame * m, (frame + 1) * m);
    const sx = w / (hi - lo);
    const sy = h / (hi - lo);
    const r = m > 400 ? 2.5 : 3.5;
    ctx.fillStyle = SCATTER_COLOR;
    ctx.globalAlpha = 0.7;
    ctx.beginPath();
    for (let i = 0; i < m; i++) {
      const p = pred[i];
      if (!Number.isFinite(p)) continue;
      const px = x + (actual[i] - lo) * sx;
      const py = y + h - (Math.min(hi, Math.max(lo, p)) - lo) * sy; // off-scale: on the edge
      ctx.moveTo(px + r, py);
      ctx.arc(px, py, r, 0, 2 * Math.PI);
    }
    ctx.fill();
    ctx.globalAlpha = 1;
  }

  // The two small charts: loss above, metric below, growing up to `epoch`.
  drawCurves(epoch) {
    const run = this.run;
    const { cw, ch } = this.size;
    const ctx = this.curves.getContext("2d");
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, cw, ch);
    if (!run) return;
    const legendH = 16; // a band at the bottom for the legend
    const panelH = (ch - 12 - legendH) / 2;
    const panels = [
      { title: "loss", train: run.hist.train_loss, val: run.hist.val_loss, domain: [0, run.lossMax > 0 ? run.lossMax : 1], scale: 1, top: 0 },
      { title: run.metric_name, train: run.hist.train_metric, val: run.hist.val_metric, domain: run.metricDomain, scale: run.percent ? 100 : 1, top: panelH + 12 },
    ];
    const epochs = run.hist.epoch;
    let end = 0; // history rows with epoch <= the frame's epoch
    while (end < epochs.length && epochs[end] <= epoch) end++;
    const xDomain = [Math.min(0, epochs.length ? epochs[0] : 0), Math.max(1, run.total_epochs)];
    ctx.font = `11px ${this.font}`;
    for (const p of panels) {
      const box = { x: 44, y: p.top + 18, w: cw - 54, h: panelH - 38 };
      const X = (e) => box.x + ((e - xDomain[0]) / (xDomain[1] - xDomain[0])) * box.w;
      const Y = (v) => box.y + box.h - ((v * p.scale - p.domain[0]) / (p.domain[1] - p.domain[0])) * box.h;
      // axes
      ctx.globalAlpha = 0.8;
      ctx.fillStyle = this.ink;
      ctx.textBaseline = "middle";
      ctx.textAlign = "right";
      for (const t of niceTicks(p.domain[0], p.domain[1], 3)) {
        const py = box.y + box.h - ((t - p.domain[0]) / (p.domain[1] - p.domain[0])) * box.h;
        ctx.fillText(fmt(t) + (run.percent && p.scale === 100 ? "%" : ""), box.x - 6, py);
        ctx.globalAlpha = 0.12;
        ctx.fillRect(box.x, Math.round(py), box.w, 1);
        ctx.globalAlpha = 0.8;
      }
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      for (const t of niceTicks(xDomain[0], xDomain[1], 5)) ctx.fillText(fmt(t), X(t), box.y + box.h + 4);
      ctx.globalAlpha = 1;
      // title with the current values
      ctx.textAlign = "left";
      ctx.textBaseline = "alphabetic";
      ctx.font = `600 12px ${this.font}`;
      let text = p.title;
      if (end > 0) {
        const tv = p.train[end - 1];
        const vv = p.val[end - 1];
        const show = (v) => (Number.isFinite(v) ? (p.scale === 100 ? `${(v * 100).toFixed(1)}%` : v.toPrecision(3)) : "–");
        text += `   training ${show(tv)}`;
        if (Number.isFinite(vv)) text += ` · validation ${show(vv)}`;
      }
      ctx.fillText(text, box.x, p.top + 12);
      ctx.font = `11px ${this.font}`;
      ctx.save();
      ctx.beginPath();
      ctx.rect(box.x - 2, box.y - 2, box.w + 4, box.h + 4);
      ctx.clip();
      line(ctx, epochs, p.train, end, X, Y, TRAIN_COLOR, []);
      line(ctx, epochs, p.val, end, X, Y, VAL_COLOR, [5, 3]);
      ctx.restore();
    }
    // legend, in its own band under the lower panel: a sample of each line, then its name
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    ctx.fillStyle = this.ink;
    const ly = ch - legendH / 2;
    let lx = 44;
    for (const [name, color, dash] of [["training", TRAIN_COLOR, []], ["validation", VAL_COLOR, [5, 3]]]) {
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.setLineDash(dash);
      ctx.beginPath();
      ctx.moveTo(lx, ly);
      ctx.lineTo(lx + 22, ly);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillText(name, lx + 28, ly);
      lx += 28 + ctx.measureText(name).width + 18;
    }
  }
}

// Class k's point shape: circle, square, triangle up, diamond, cross, triangle down, left,
// right (nnviz.charts.palette.CLASS_SHAPES), as a path around (px, py) of radius s.
const SHAPES = 8;
function shapePath(g, k, px, py, s) {
  g.beginPath();
  if (k === 0) { g.arc(px, py, s, 0, 2 * Math.PI); return; }
  const t = s * 0.4; // the cross's half thickness
  const outlines = {
    1: [[-0.85, -0.85], [0.85, -0.85], [0.85, 0.85], [-0.85, 0.85]],
    2: [[0, -1.2], [1.05, 0.75], [-1.05, 0.75]],
    3: [[0, -1.25], [1.05, 0], [0, 1.25], [-1.05, 0]],
    5: [[0, 1.2], [1.05, -0.75], [-1.05, -0.75]],
    6: [[-1.2, 0], [0.75, -1.05], [0.75, 1.05]],
    7: [[1.2, 0], [-0.75, -1.05], [-0.75, 1.05]],
  };
  const points = k === 4
    ? [[-t, -s], [t, -s], [t, -t], [s, -t], [s, t], [t, t], [t, s], [-t, s], [-t, t], [-s, t],
       [-s, -t], [-t, -t]].map(([a, b]) => [a / s, b / s])
    : outlines[k];
  points.forEach(([a, b], i) => (i ? g.lineTo : g.moveTo).call(g, px + a * s, py + b * s));
  g.closePath();
}

function line(ctx, xs, ys, end, X, Y, color, dash) {
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.setLineDash(dash);
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < end; i++) {
    const v = ys[i];
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    if (pen) ctx.lineTo(X(xs[i]), Y(v));
    else ctx.moveTo(X(xs[i]), Y(v));
    pen = true;
  }
  ctx.stroke();
  ctx.setLineDash([]);
}

function maxOf(arrays) {
  let m = -Infinity;
  for (const a of arrays) for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return Number.isFinite(m) ? m : 1;
}

function minOf(arrays) {
  let m = Infinity;
  for (const a of arrays) for (let i = 0; i < a.length; i++) if (a[i] < m) m = a[i];
  return Number.isFinite(m) ? m : 0;
}

function sizeCanvas(canvas, w, h, dpr) {
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
}

function offscreen(w, h, dpr) {
  const c = document.createElement("canvas");
  c.width = Math.round(w * dpr);
  c.height = Math.round(h * dpr);
  return c;
}

export default function (component) {
  const { data, parentElement } = component;
  let player = PLAYERS.get(parentElement);
  if (!player) {
    player = new Player(parentElement);
    PLAYERS.set(parentElement, player);
  }
  player.update(data);
  // Streamlit keeps only the latest cleanup and may also call one at once when a run was
  // superseded; tear down only if the element has really left the page.
  return () => {
    setTimeout(() => {
      if (!player.root.isConnected && PLAYERS.get(parentElement) === player) {
        player.destroy();
        PLAYERS.delete(parentElement);
      }
    }, 0);
  };
}
