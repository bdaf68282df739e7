"use strict";
// The page's behaviour: the player, the transcript that follows the audio, search, the timeline.
// Everything it shows is already in the HTML; this only reads data-* attributes and the peaks.
(function () {
  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($("page-data").textContent);
  const audio = $("audio");
  const root = document.documentElement;
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // ------------------------------------------------------------ model
  const lines = Array.from(document.querySelectorAll("li.line")).map((el) => ({
    el, start: +el.dataset.start, end: +el.dataset.end, i: +el.dataset.i,
    who: el.querySelector(".who"), text: el.querySelector(".text"),
  }));
  const byIndex = new Map(lines.map((l) => [l.i, l]));
  const byStart = lines.slice().sort((a, b) => a.start - b.start || a.i - b.i);
  const chapters = Array.from(document.querySelectorAll("button.chapter")).map((el) => ({
    el, start: +el.dataset.start, end: +el.dataset.end, title: el.querySelector(".title").textContent,
  }));
  const bands = Array.from(document.querySelectorAll(".band"));
  const marks = new Map();  // line index -> its blocks and cue marks in the timeline
  document.querySelectorAll(".block, .cue").forEach((el) => {
    const i = +el.dataset.i;
    if (!marks.has(i)) marks.set(i, []);
    marks.get(i).push(el);
  });
  const duration = () => (isFinite(audio.duration) && audio.duration > 0 ? audio.duration : data.duration);

  function clock(t) {
    t = Math.max(0, Math.floor(t));
    const h = Math.floor(t / 3600), m = Math.floor(t / 60) % 60, s = t % 60;
    return h ? `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}` : `${m}:${String(s).padStart(2, "0")}`;
  }

  // The last line (or chapter) that has begun by time t: what is playing, or was just heard.
  function lastStarted(list, t) {
    let lo = 0, hi = list.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start <= t + 1e-3) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  // ------------------------------------------------------------ status line
  const status = $("status");
  function say(message, isError, action) {
    status.textContent = message;
    status.classList.toggle("error", !!isError);
    if (action) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = action.label;
      b.addEventListener("click", () => { action.run(); status.textContent = ""; });
      status.appendChild(b);
    }
  }

  // ------------------------------------------------------------ playing and seeking
  function seek(t, play) {
    audio.currentTime = Math.min(Math.max(0, t), Math.max(0, duration() - 0.05));
    update(true);
    if (play) start();
  }
  function start() {
    const p = audio.play();
    if (p && p.catch) p.catch((err) => { if (err.name !== "AbortError") say(`The browser did not start playing: ${err.message}`, true); });
  }
  function toggle() { if (audio.paused) start(); else audio.pause(); }
  function stepLine(direction) {
    const k = lastStarted(byStart, audio.currentTime);
    const target = direction < 0
      ? byStart[Math.max(0, audio.currentTime - (byStart[k] ? byStart[k].start : 0) > 1.5 ? k : k - 1)]
      : byStart[Math.min(byStart.length - 1, k + 1)];
    if (target) seek(target.start, !audio.paused);
  }
  function stepChapter(direction) {
    if (!chapters.length) return;
    const k = Math.max(0, lastStarted(chapters, audio.currentTime));
    const into = audio.currentTime - chapters[k].start;
    const target = direction < 0 ? (into > 3 ? k : Math.max(0, k - 1)) : Math.min(chapters.length - 1, k + 1);
    if (direction > 0 && target === k) return;
    seek(chapters[target].start, !audio.paused);
  }

  const play = $("play");
  play.addEventListener("click", toggle);
  $("back").addEventListener("click", () => seek(audio.currentTime - 10));
  $("forward").addEventListener("click", () => seek(audio.currentTime + 10));
  $("prev-chapter").addEventListener("click", () => stepChapter(-1));
  $("next-chapter").addEventListener("click", () => stepChapter(1));
  chapters.forEach((c) => c.el.addEventListener("click", () => seek(c.start, true)));

  function showPlaying() {
    const playing = !audio.paused;
    play.setAttribute("aria-pressed", String(playing));
    play.querySelector(".label").textContent = playing ? "Pause" : "Play";
  }
  audio.addEventListener("play", () => { showPlaying(); loop(); });
  audio.addEventListener("pause", () => { showPlaying(); savePosition(); });
  audio.addEventListener("ended", () => { showPlaying(); forgetPosition(); });

  // Speed: one choice for every drama, remembered.
  const speed = $("speed");
  const SPEED_KEY = "dramatize:speed";
  function setSpeed(value) {
    const options = Array.from(speed.options).map((o) => +o.value);
    const nearest = options.reduce((a, b) => (Math.abs(b - value) < Math.abs(a - value) ? b : a));
    speed.value = String(nearest);
    audio.playbackRate = nearest;
    audio.defaultPlaybackRate = nearest;
    try { localStorage.setItem(SPEED_KEY, String(nearest)); } catch (e) { /* storage off: fine */ }
  }
  speed.addEventListener("change", () => setSpeed(+speed.value));
  try { const kept = +localStorage.getItem(SPEED_KEY); if (kept) setSpeed(kept); } catch (e) { /* storage off */ }

  const seekBar = $("seek");
  seekBar.addEventListener("input", () => seek(+seekBar.value));

  // ------------------------------------------------------------ the position, per file
  const POSITION_KEY = "dramatize:position:" + new URL(audio.getAttribute("src"), location.href).href;
  let lastSaved = 0;
  function savePosition() {
    try { localStorage.setItem(POSITION_KEY, String(audio.currentTime)); } catch (e) { /* storage off */ }
    lastSaved = Date.now();
  }
  function forgetPosition() { try { localStorage.removeItem(POSITION_KEY); } catch (e) { /* storage off */ } }
  function restorePosition() {
    let kept = 0;
    try { kept = +localStorage.getItem(POSITION_KEY) || 0; } catch (e) { return; }
    if (kept > 3 && kept < duration() - 3) {
      seek(kept);
      say(`Resumed at ${clock(kept)}.`, false, { label: "Start from the beginning", run: () => seek(0) });
    }
  }
  window.addEventListener("pagehide", () => { if (audio.currentTime > 0) savePosition(); });

  // ------------------------------------------------------------ following the audio
  let current = -1, currentChapter = -1, userScrolled = 0;
  const box = $("lines-box");
  const follow = $("follow");
  ["wheel", "touchmove", "keydown"].forEach((e) => box.addEventListener(e, () => { userScrolled = Date.now(); }, { passive: true }));

  function keepInView(el, force) {
    if (!follow.checked) return;
    if (!force && Date.now() - userScrolled < 6000) return;  // the reader is looking elsewhere: let them
    const boxRect = box.getBoundingClientRect(), r = el.getBoundingClientRect();
    const heading = box.querySelector(".part h3");
    const top = heading ? heading.offsetHeight : 0;
    if (r.top >= boxRect.top + top && r.bottom <= boxRect.bottom - boxRect.height * 0.25) return;
    const y = box.scrollTop + (r.top - boxRect.top) - boxRect.height * 0.3;
    box.scrollTo({ top: y, behavior: reduceMotion || force ? "auto" : "smooth" });
  }

  function setCurrent(k, scroll) {
    const line = byStart[k];
    const index = line ? line.i : -1;
    if (index !== current) {
      const old = byIndex.get(current);
      if (old) old.el.removeAttribute("aria-current");
      (marks.get(current) || []).forEach((m) => m.classList.remove("now"));
      current = index;
      if (line) {
        line.el.setAttribute("aria-current", "true");
        (marks.get(index) || []).forEach((m) => m.classList.add("now"));
        const who = $("now-speaker");
        who.textContent = "";
        const name = document.createElement("b");
        name.className = line.el.className.split(" ").filter((c) => /^s\d+$/.test(c)).join(" ");
        name.textContent = line.who && line.who.textContent.trim() ? line.who.textContent.trim() : "Stage direction";
        who.appendChild(name);
      }
    }
    if (line && scroll) keepInView(line.el, scroll === "force");
    const c = lastStarted(chapters, audio.currentTime);
    if (c !== currentChapter) {
      if (chapters[currentChapter]) { chapters[currentChapter].el.removeAttribute("aria-current"); bands[currentChapter] && bands[currentChapter].classList.remove("now"); }
      currentChapter = c;
      if (chapters[c]) {
        chapters[c].el.setAttribute("aria-current", "true");
        if (bands[c]) bands[c].classList.add("now");
        $("now-chapter").textContent = `Chapter ${c + 1} of ${chapters.length}: ${chapters[c].title}`;
      }
    }
  }

  function update(sought) {
    const t = audio.currentTime;
    $("elapsed").textContent = clock(t);
    if (document.activeElement !== seekBar) seekBar.value = String(t);
    seekBar.setAttribute("aria-valuetext", `${clock(t)} of ${clock(duration())}`);
    setCurrent(lastStarted(byStart, t), sought ? "force" : !audio.paused);
    timeline.playhead(t, !audio.paused);
    if (!audio.paused && Date.now() - lastSaved > 2000) savePosition();
  }
  let looping = false;
  function loop() {  // a smooth playhead while playing; timeupdate alone moves it 4 times a second
    if (looping) return;
    looping = true;
    const tick = () => {
      if (audio.paused) { looping = false; return; }
      update(false);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }
  audio.addEventListener("timeupdate", () => update(false));
  audio.addEventListener("seeked", () => update(true));  // any seek, ours or the system's media keys: show where it went

  // Click a line (or its time) to play from it; selecting text does not count as a click.
  box.addEventListener("click", (e) => {
    const li = e.target.closest("li.line");
    if (!li) return;
    const id = e.target.closest("button.id");
    if (id) { copyId(id); return; }  // the line's id, to copy: no seek
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed && li.contains(selection.anchorNode) && !e.target.closest(".t")) return;
    seek(+li.dataset.start, true);
  });

  // A line's id: selected (so Ctrl+C works anywhere) and put on the clipboard where the browser lets a
  // file:// page write it.
  function copyId(button) {
    const range = document.createRange();
    range.selectNodeContents(button);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    const copied = () => {
      button.classList.add("copied");
      setTimeout(() => button.classList.remove("copied"), 1500);
    };
    const fallback = () => { try { if (document.execCommand("copy")) copied(); } catch (err) { /* selected */ } };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(button.textContent.trim()).then(copied, fallback);
    } else {
      fallback();
    }
  }

  // ------------------------------------------------------------ search
  const q = $("q"), count = $("search-count");
  let found = [], here = -1, pending = 0;
  const originals = lines.map((l) => l.text.textContent);
  function search() {
    const needle = q.value.trim().toLocaleLowerCase();
    found = []; here = -1;
    lines.forEach((l, n) => {
      const text = originals[n];
      const hay = text.toLocaleLowerCase();
      if (!needle || hay.indexOf(needle) < 0) {
        if (l.text.firstElementChild) l.text.textContent = text;
        return;
      }
      l.text.textContent = "";
      let at = 0, k;
      while ((k = hay.indexOf(needle, at)) >= 0) {
        l.text.append(text.slice(at, k));
        const m = document.createElement("mark");
        m.textContent = text.slice(k, k + needle.length);
        l.text.append(m);
        found.push(m);
        at = k + needle.length;
      }
      l.text.append(text.slice(at));
    });
    count.textContent = needle ? (found.length ? `${found.length} found` : "not found") : "";
  }
  function goTo(step) {
    if (!found.length) return;
    if (found[here]) found[here].classList.remove("here");
    here = (here + step + found.length) % found.length;
    const m = found[here];
    m.classList.add("here");
    count.textContent = `${here + 1} of ${found.length}`;
    const r = m.getBoundingClientRect(), b = box.getBoundingClientRect();
    box.scrollTo({ top: box.scrollTop + r.top - b.top - b.height * 0.3, behavior: "auto" });
    userScrolled = Date.now();
  }
  q.addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(search, 120); });
  $("search-form").addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(pending); if (!found.length) search(); goTo(1); });
  $("search-prev").addEventListener("click", () => { clearTimeout(pending); if (!found.length) search(); goTo(-1); });
  q.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.shiftKey) { e.preventDefault(); clearTimeout(pending); if (!found.length) search(); goTo(-1); }
    if (e.key === "Escape") { q.value = ""; search(); }
  });

  // ------------------------------------------------------------ the timeline
  const timeline = (function () {
    const scroller = $("tl-scroll"), inner = $("tl-inner"), head = $("playhead"), axis = $("axis");
    const canvas = $("wave"), zoomLabel = $("zoom-level");
    const peaks = Uint8Array.from(atob(data.peaks || ""), (ch) => ch.charCodeAt(0));
    const perSecond = data.peaksPerSecond || 1;
    let zoom = 1, width = 1, drawn = null;

    function trackWidth() { return Math.max(1, scroller.clientWidth) * zoom; }
    function maxZoom() { return Math.max(1, Math.pow(2, Math.floor(Math.log2(Math.max(1, duration() * 40 / Math.max(1, scroller.clientWidth)))))); }

    function layout() {
      width = trackWidth();
      inner.style.width = `${width}px`;
      zoomLabel.textContent = `${zoom}×`;
      $("zoom-in").disabled = zoom >= maxZoom();
      $("zoom-out").disabled = zoom <= 1;
      ticks();
      draw();
    }
    function ticks() {
      const d = duration(), pxPerSecond = width / d;
      const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
      const step = steps.find((s) => s * pxPerSecond >= 64) || steps[steps.length - 1];
      const out = [];
      for (let t = 0; t < d - step * 0.3; t += step) {
        out.push(`<span class="tick" style="left:${(100 * t / d).toFixed(4)}%">${clock(t)}</span>`);
      }
      axis.innerHTML = out.join("");
    }
    // The waveform is drawn for the visible part only, so a long drama zoomed in stays cheap.
    function draw() {
      const ratio = window.devicePixelRatio || 1;
      const w = scroller.clientWidth, h = canvas.parentElement.clientHeight;
      if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
        canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio);
        canvas.style.width = `${w}px`; canvas.style.height = `${h}px`;
      }
      const g = canvas.getContext("2d");
      g.setTransform(ratio, 0, 0, ratio, 0, 0);
      g.clearRect(0, 0, w, h);
      const buckets = peaks.length / 2;
      if (!buckets) {
        g.fillStyle = "#555b62"; g.font = "12px sans-serif"; g.fillText("no waveform in this page", 8, h / 2 + 4);
        return;
      }
      // Bytes are dB (floorDb .. 0); shown from SHOWN_DB up, so speech fills most of the height and
      // pauses and quiet stretches stand out. Light: the peak; dark: the RMS (mean power per pixel).
      const d = duration(), left = scroller.scrollLeft, mid = h / 2, floor = data.floorDb || -60;
      const SHOWN_DB = -48, toDb = (v) => floor + v / 255 * -floor;
      const height = (db) => Math.max(0, Math.min(1, (db - SHOWN_DB) / -SHOWN_DB)) * (mid - 1);
      for (let x = 0; x < w; x++) {
        const t0 = (left + x) / width * d, t1 = (left + x + 1) / width * d;
        let b0 = Math.floor(t0 * perSecond), b1 = Math.max(b0 + 1, Math.floor(t1 * perSecond));
        if (b0 >= buckets) break;
        b1 = Math.min(b1, buckets);
        let peak = 0, power = 0;
        for (let b = b0; b < b1; b++) { peak = Math.max(peak, peaks[2 * b]); power += Math.pow(10, toDb(peaks[2 * b + 1]) / 10); }
        const hp = height(toDb(peak)), hr = height(10 * Math.log10(power / (b1 - b0) + 1e-12));
        g.fillStyle = "#a9bdd2"; g.fillRect(x, mid - hp, 1, Math.max(1, 2 * hp));
        g.fillStyle = "#2c5282"; g.fillRect(x, mid - hr, 1, Math.max(1, 2 * hr));
      }
      drawn = left;
    }
    function playhead(t, playing) {
      const x = t / duration() * width;
      head.style.transform = `translateX(${x}px)`;
      if (playing && zoom > 1) {  // keep the playhead in sight when zoomed in
        const view = scroller.clientWidth;
        if (x < scroller.scrollLeft || x > scroller.scrollLeft + view * 0.9) scroller.scrollLeft = x - view * 0.2;
      }
    }
    function setZoom(z) {
      const centre = audio.currentTime / duration();
      zoom = Math.min(maxZoom(), Math.max(1, z));
      layout();
      scroller.scrollLeft = centre * width - scroller.clientWidth / 2;
      playhead(audio.currentTime, false);
      draw();
    }
    $("zoom-in").addEventListener("click", () => setZoom(zoom * 2));
    $("zoom-out").addEventListener("click", () => setZoom(zoom / 2));
    scroller.addEventListener("scroll", () => { if (drawn !== scroller.scrollLeft) requestAnimationFrame(draw); }, { passive: true });
    window.addEventListener("resize", () => { layout(); playhead(audio.currentTime, false); });
    inner.addEventListener("click", (e) => {
      const target = e.target.closest(".block, .cue, .band");
      if (target) { seek(+target.dataset.start, true); return; }
      const x = e.clientX - inner.getBoundingClientRect().left;
      seek(x / width * duration(), true);
    });
    layout();
    return { playhead, layout };
  })();

  // ------------------------------------------------------------ keyboard
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const t = e.target;
    const typing = t.closest && t.closest("input, select, textarea, [contenteditable]");
    if (typing) return;  // the seek bar, the speed list and the search box keep their own keys
    const onControl = t.closest && t.closest("button, a, summary");
    switch (e.key) {
      case " ": case "Spacebar":
        if (onControl) return;  // Space presses the focused button
        e.preventDefault(); toggle(); break;
      case "k": case "K": e.preventDefault(); toggle(); break;
      case "ArrowLeft": e.preventDefault(); if (e.shiftKey) stepLine(-1); else seek(audio.currentTime - 10); break;
      case "ArrowRight": e.preventDefault(); if (e.shiftKey) stepLine(1); else seek(audio.currentTime + 10); break;
      case "n": case "N": stepChapter(1); break;
      case "p": case "P": stepChapter(-1); break;
      case "<": case ",": setSpeed(audio.playbackRate - 0.25); break;
      case ">": case ".": setSpeed(audio.playbackRate + 0.25); break;
      case "/": e.preventDefault(); q.focus(); break;
      default: return;
    }
  });

  // ------------------------------------------------------------ loading
  audio.addEventListener("error", () => {
    const name = decodeURIComponent(audio.getAttribute("src"));
    say(`The audio (${name}) could not be loaded. Keep this page in the same folder as the audio file.`, true);
    root.dataset.audio = "error";
  });
  function ready() {
    root.dataset.audio = "ok";
    restorePosition();
    timeline.layout();
    update(false);
    root.dataset.ready = "1";
  }
  if (audio.readyState >= 1) ready(); else audio.addEventListener("loadedmetadata", ready, { once: true });
  update(false);
})();
