// The softphone plays the caller and Twilio's voice platform: it asks the dev-only server route
// to sign and send each webhook request, then runs the TwiML that comes back, verb by verb.
"use strict";

(() => {
  const WEBHOOK = "/encrypted-gather";
  const STEP_API = "/simulator/api/step";
  // `?fast=1` shortens every wait (prompts, pauses, <Gather> timeouts) for automated tests.
  const FAST = new URLSearchParams(location.search).get("fast") === "1";
  // This start's session token, from the URL the server printed; the API refuses steps without it.
  const SESSION = new URLSearchParams(location.search).get("session") || "";
  const TIME_SCALE = FAST ? 0.25 : 1;
  const KEYS = "0123456789*#";

  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $("status"), statusText: $("status-text"), timer: $("timer"),
    prompt: $("prompt"), entry: $("entry"), entryDots: $("entry-dots"), entryText: $("entry-text"),
    keypad: $("keypad"), call: $("call"), callLabel: $("call-label"), voice: $("voice"), voiceLabel: $("voice-label"),
    transcript: $("transcript"), steps: $("steps"),
  };

  const synth = "speechSynthesis" in window && typeof SpeechSynthesisUtterance === "function" ? window.speechSynthesis : null;
  let voiceOn = synth !== null;
  let call = null;

  class CallOver extends Error {}
  class TwilioError extends Error {}

  // ---- Call lifecycle ----------------------------------------------------------------------

  async function placeCall() {
    const current = {
      sid: newCallSid(), abort: new AbortController(), gather: null, started: 0, timerId: 0, steps: 0,
    };
    call = current;
    resetPanels();
    setState("ringing", "Calling…");
    addTranscript("system", `Dialing +1 500-555-0001 · CallSid ${current.sid}`);
    let next = { url: WEBHOOK };
    try {
      while (next) {
        const step = await requestStep(current, next);
        if (current.started === 0) startTimer(current);
        next = await runTwiML(current, step);
      }
      finish(current, "Call ended", "Twilio hung up: the TwiML has no more verbs.");
    } catch (error) {
      if (error instanceof CallOver) return;
      const message = error instanceof TwilioError ? error.message : `The softphone failed: ${error.message}`;
      addTranscript("error", message);
      finish(current, "Call failed", null, "error");
    }
  }

  function hangUp() {
    if (!call) return;
    const current = call;
    current.abort.abort();
    addTranscript("system", "You hung up.");
    finish(current, "Call ended", null);
  }

  function finish(current, statusText, note, state = "ended") {
    if (call !== current) return;
    if (note) addTranscript("system", note);
    clearInterval(current.timerId);
    if (current.gather) current.gather.resolve("");
    call = null;
    stopSpeaking();
    showEntry(null);
    setState(state, statusText);
  }

  function checkActive(current) {
    if (call !== current || current.abort.signal.aborted) throw new CallOver();
  }

  // ---- Webhook requests, signed by the server ---------------------------------------------

  async function requestStep(current, next) {
    checkActive(current);
    current.steps += 1;
    const card = addStepCard(current.steps, next);
    const body = { callSid: current.sid, url: next.url };
    if (next.digits !== undefined) body.digits = next.digits;
    let response;
    try {
      response = await fetch(STEP_API, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Softphone-Session": SESSION },
        body: JSON.stringify(body),
        signal: current.abort.signal,
        cache: "no-store",
      });
    } catch (error) {
      checkActive(current);
      card.fail("No answer from the server");
      throw new TwilioError("Twilio error 11205: HTTP connection failure. The server did not answer.");
    }
    const answer = await response.json().catch(() => ({}));
    checkActive(current);
    if (!response.ok) {
      card.fail(answer.error || `HTTP ${response.status}`);
      throw new TwilioError(`The softphone refused the request: ${answer.error || `HTTP ${response.status}`}.`);
    }
    card.fill(answer);
    if (answer.status !== 200) {
      throw new TwilioError(`Twilio error 11200: HTTP retrieval failure. The webhook answered ${answer.status}.`);
    }
    return answer;
  }

  // ---- TwiML --------------------------------------------------------------------------------

  async function runTwiML(current, step) {
    const documentElement = parseTwiML(step.twiml);
    for (const verb of documentElement.children) {
      checkActive(current);
      switch (verb.nodeName) {
        case "Say": await say(current, verb); break;
        case "Play": await play(current, verb); break;
        case "Pause": await pause(current, verb); break;
        case "Gather": {
          const next = await gather(current, verb, step.requestURL);
          if (next) return next;
          break;
        }
        case "Redirect": {
          const target = verb.textContent.trim();
          addTranscript("system", "Redirect: Twilio requests the next URL.");
          return { url: resolveURL(target || step.requestURL, step.requestURL) };
        }
        case "Hangup":
          finish(current, "Call ended", "Twilio hung up (<Hangup>).");
          return null;
        default:
          throw new TwilioError(`Twilio error 12200: <${verb.nodeName}> is not a TwiML verb. The call ends.`);
      }
    }
    return null;
  }

  function parseTwiML(text) {
    const parsed = new DOMParser().parseFromString(text, "application/xml");
    const root = parsed.documentElement;
    if (parsed.getElementsByTagName("parsererror").length > 0 || !root || root.nodeName !== "Response") {
      throw new TwilioError("Twilio error 12100: document parse failure. The webhook's answer is not TwiML.");
    }
    return root;
  }

  function resolveURL(target, base) {
    return new URL(target, base).href;
  }

  async function say(current, verb, gathering = null) {
    const words = verb.textContent.replace(/\s+/g, " ").trim();
    if (!words) return;
    showPrompt(words);
    addTranscript("twilio", words);
    const loop = Math.max(1, parseInt(verb.getAttribute("loop") || "1", 10) || 1);
    for (let i = 0; i < loop; i += 1) {
      await speak(current, words, gathering);
      if (gathering && gathering.digits.length > 0) return;
    }
  }

  async function play(current, verb, gathering = null) {
    const url = verb.textContent.trim();
    showPrompt(`♪ ${url || "audio"}`);
    addTranscript("twilio", `Plays ${url || "audio"}`, "play");
    await wait(current, 1500, gathering);
  }

  async function pause(current, verb, gathering = null) {
    const seconds = Math.max(0, parseFloat(verb.getAttribute("length") || "1") || 1);
    addTranscript("system", `Pause ${seconds} s`);
    await wait(current, seconds * 1000, gathering);
  }

  // Twilio's <Gather>: nested verbs play until the first keypress (barge-in); then digits are
  // collected until numDigits, finishOnKey, or `timeout` seconds without a key.
  async function gather(current, verb, requestURL) {
    const numDigits = parseInt(verb.getAttribute("numDigits") || "", 10);
    const timeout = parseFloat(verb.getAttribute("timeout") || "5");
    const gathering = {
      digits: [],
      numDigits: Number.isFinite(numDigits) && numDigits > 0 ? numDigits : Infinity,
      finishOnKey: verb.hasAttribute("finishOnKey") ? verb.getAttribute("finishOnKey") : "#",
      timeoutMs: (Number.isFinite(timeout) && timeout >= 0 ? timeout : 5) * 1000 * TIME_SCALE,
      promptsDone: false, timerId: 0, interrupt: null, resolve: null,
    };
    const done = new Promise((resolve) => { gathering.resolve = resolve; });
    gathering.interrupted = new Promise((resolve) => { gathering.interrupt = resolve; });
    current.gather = gathering;
    showEntry(gathering);
    setState("active", "Listening for keys");
    for (const child of verb.children) {
      if (gathering.digits.length > 0 || current.gather !== gathering) break;
      switch (child.nodeName) {
        case "Say": await say(current, child, gathering); break;
        case "Play": await play(current, child, gathering); break;
        case "Pause": await pause(current, child, gathering); break;
        default:
          throw new TwilioError(`Twilio error 12200: <${child.nodeName}> cannot be nested in <Gather>. The call ends.`);
      }
    }
    gathering.promptsDone = true;
    armTimeout(gathering);
    const digits = await done;
    clearTimeout(gathering.timerId);
    checkActive(current);
    current.gather = null;
    showEntry(null);
    setState("active", "In call");
    if (digits.length === 0) {
      addTranscript("system", "No keys pressed before the timeout: Twilio moves on to the next verb.");
      return null;
    }
    addTranscript("caller", mask(digits), "keys");
    return { url: resolveURL(verb.getAttribute("action") || requestURL, requestURL), digits };
  }

  function armTimeout(gathering) {
    clearTimeout(gathering.timerId);
    gathering.timerId = setTimeout(() => gathering.resolve(gathering.digits.join("")), gathering.timeoutMs);
  }

  function press(key) {
    flashKey(key);
    playTone(key);
    const current = call;
    const gathering = current && current.gather;
    if (!gathering) return;
    stopSpeaking();
    gathering.interrupt();
    if (key === gathering.finishOnKey && gathering.finishOnKey !== "") {
      gathering.resolve(gathering.digits.join(""));
      return;
    }
    gathering.digits.push(key);
    showEntry(gathering);
    if (gathering.digits.length >= gathering.numDigits) {
      gathering.resolve(gathering.digits.join(""));
    } else {
      armTimeout(gathering);
    }
  }

  // ---- Speech and time --------------------------------------------------------------------

  function speak(current, words, gathering) {
    const estimate = Math.max(1200, words.split(" ").length * 380) * TIME_SCALE;
    if (!voiceOn || !synth || FAST) return wait(current, estimate, gathering);
    return new Promise((resolve) => {
      const utterance = new SpeechSynthesisUtterance(words);
      utterance.lang = "en-US";
      let settled = false;
      const settle = () => { if (!settled) { settled = true; resolve(); } };
      utterance.onend = settle;
      utterance.onerror = settle;
      synth.cancel();
      synth.speak(utterance);
      // Some platforms never fire `end` (no voices installed): never wait much beyond the estimate.
      wait(current, estimate * 2, gathering).then(settle, settle);
    }).then(() => checkActive(current));
  }

  function stopSpeaking() {
    if (synth) synth.cancel();
  }

  function wait(current, ms, gathering = null) {
    return new Promise((resolve, reject) => {
      if (current.abort.signal.aborted) { reject(new CallOver()); return; }
      const timer = setTimeout(resolve, ms);
      const stop = () => { clearTimeout(timer); resolve(); };
      current.abort.signal.addEventListener("abort", () => { clearTimeout(timer); reject(new CallOver()); }, { once: true });
      if (gathering) gathering.interrupted.then(stop);
    });
  }

  function startTimer(current) {
    current.started = Date.now();
    setState("active", "In call");
    const tick = () => {
      const seconds = Math.floor((Date.now() - current.started) / 1000);
      ui.timer.textContent = `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
    };
    tick();
    current.timerId = setInterval(tick, 1000);
  }

  function newCallSid() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return "CA" + Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }

  function mask(digits) {
    return "•".repeat(digits.length);
  }

  // ---- DTMF tones ---------------------------------------------------------------------------

  const DTMF = {
    1: [697, 1209], 2: [697, 1336], 3: [697, 1477], 4: [770, 1209], 5: [770, 1336], 6: [770, 1477],
    7: [852, 1209], 8: [852, 1336], 9: [852, 1477], "*": [941, 1209], 0: [941, 1336], "#": [941, 1477],
  };
  let audio = null;

  function playTone(key) {
    if (!voiceOn) return;
    const AudioContextType = window.AudioContext || window.webkitAudioContext;
    if (!AudioContextType || !DTMF[key]) return;
    try {
      audio = audio || new AudioContextType();
      const gain = audio.createGain();
      gain.gain.value = 0.06;
      gain.connect(audio.destination);
      const end = audio.currentTime + 0.12;
      for (const frequency of DTMF[key]) {
        const oscillator = audio.createOscillator();
        oscillator.frequency.value = frequency;
        oscillator.connect(gain);
        oscillator.start();
        oscillator.stop(end);
      }
    } catch {
      audio = null;
    }
  }

  // ---- Rendering ----------------------------------------------------------------------------

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setState(state, text) {
    ui.status.dataset.state = state;
    ui.statusText.textContent = text;
    const inCall = state === "ringing" || state === "active";
    ui.call.dataset.state = inCall ? "in-call" : "idle";
    ui.callLabel.textContent = inCall ? "Hang up" : "Call";
  }

  function showPrompt(text) {
    ui.prompt.textContent = text;
  }

  function showEntry(gathering) {
    ui.entryDots.replaceChildren();
    if (!gathering) {
      ui.entry.dataset.active = "false";
      ui.entryText.textContent = "";
      return;
    }
    ui.entry.dataset.active = "true";
    const slots = Number.isFinite(gathering.numDigits) ? gathering.numDigits : Math.max(4, gathering.digits.length + 1);
    for (let i = 0; i < slots; i += 1) {
      ui.entryDots.append(element("span", i < gathering.digits.length ? "dot filled" : "dot"));
    }
    ui.entryText.textContent = Number.isFinite(gathering.numDigits)
      ? `${gathering.digits.length} of ${gathering.numDigits} digits entered`
      : `${gathering.digits.length} digits entered`;
  }

  function resetPanels() {
    ui.transcript.replaceChildren();
    ui.steps.replaceChildren();
    ui.timer.textContent = "";
  }

  function addTranscript(who, text, kind = who) {
    const labels = { twilio: "Twilio", caller: "You", system: "Call", error: "Error" };
    const item = element("li", `line line-${who} line-${kind}`);
    item.append(element("span", "line-who", labels[who] || who), element("span", "line-text", text));
    ui.transcript.append(item);
    keepNewestInView(ui.transcript);
  }

  // Scrolls the panel itself, never the page: on a phone-sized screen the keypad stays put.
  function keepNewestInView(list) {
    list.scrollTop = list.scrollHeight;
  }

  function addStepCard(number, next) {
    const item = element("li", "step pending");
    const head = element("div", "step-head");
    head.append(element("span", "step-number", String(number)), element("span", "method", "POST"));
    const status = element("span", "http-status", "…");
    status.setAttribute("aria-label", "waiting for the answer");
    head.append(status);
    const url = element("code", "step-url");
    url.append(cipherHighlighted(next.url));
    const parametersBox = element("details", "parameters-box");
    const parametersSummary = element("summary", "", "Form parameters");
    const parameters = element("dl", "parameters");
    parametersBox.append(parametersSummary, parameters);
    const logTitle = element("p", "log-title", "Server log");
    const log = element("ol", "log");
    if (next.digits !== undefined) {
      item.append(head, url, element("p", "step-note", `Digits ${mask(next.digits)} sent in the signed body`));
    } else {
      item.append(head, url);
    }
    item.append(parametersBox, logTitle, log);
    ui.steps.append(item);
    keepNewestInView(ui.steps);
    return {
      fill(answer) {
        item.classList.remove("pending");
        status.textContent = String(answer.status);
        status.removeAttribute("aria-label");
        status.classList.add(answer.status === 200 ? "ok" : "bad");
        url.replaceChildren(cipherHighlighted(answer.requestURL));
        const names = Object.keys(answer.parameters || {}).sort();
        parametersSummary.textContent = `Form parameters (${names.length})`;
        for (const name of names) {
          parameters.append(element("dt", "", name), element("dd", "", answer.parameters[name]));
        }
        const lines = answer.logLines || [];
        if (lines.length === 0) log.append(element("li", "log-empty", "(no lines)"));
        for (const line of lines) log.append(logLine(line));
        keepNewestInView(ui.steps);
      },
      fail(message) {
        item.classList.remove("pending");
        item.classList.add("failed");
        status.textContent = "!";
        status.classList.add("bad");
        status.setAttribute("aria-label", "failed");
        log.append(element("li", "log-empty", message));
      },
    };
  }

  // A URL as text, with the values of its ciphertext parameters marked.
  function cipherHighlighted(url) {
    const fragment = document.createDocumentFragment();
    const pattern = /(encrypted[A-Za-z]*=)([0-9a-fA-F]+)/g;
    let last = 0;
    for (const match of url.matchAll(pattern)) {
      fragment.append(url.slice(last, match.index) + match[1]);
      fragment.append(element("mark", "cipher", match[2]));
      last = match.index + match[0].length;
    }
    fragment.append(url.slice(last));
    return fragment;
  }

  // `time level message key=value …`: the message stands out, keys are muted, the request id
  // (present on every line) recedes, and every *REDACTED* is marked.
  function logLine(line) {
    const item = element("li", "log-line");
    const [time, level, ...tokens] = line.split(" ");
    item.append(element("span", "log-time", time), element("span", `log-level level-${level}`, level));
    const text = element("span", "log-text");
    const firstField = tokens.findIndex((token) => /^[A-Za-z_][\w.]*=/.test(token));
    const message = firstField === -1 ? tokens : tokens.slice(0, firstField);
    text.append(element("span", "log-message", message.join(" ")));
    for (const token of firstField === -1 ? [] : tokens.slice(firstField)) {
      const equals = token.indexOf("=");
      const field = element("span", "log-field");
      if (equals > 0 && /^[A-Za-z_][\w.]*$/.test(token.slice(0, equals))) {
        const key = token.slice(0, equals);
        if (key === "hb.request.id") field.classList.add("quiet");
        const value = token.slice(equals + 1);
        const isCiphertext = key === "ciphertext" || /^encrypted/.test(key);
        const rendered = isCiphertext ? element("mark", "cipher", value) : key === "query" ? cipherHighlighted(value) : redactionMarked(value);
        field.append(element("span", "log-key", `${key}=`), rendered);
      } else {
        field.append(redactionMarked(token));
      }
      text.append(" ", field);
    }
    item.append(text);
    return item;
  }

  function redactionMarked(text) {
    const fragment = document.createDocumentFragment();
    for (const part of text.split(/(\*REDACTED\*)/)) {
      if (part) fragment.append(part === "*REDACTED*" ? element("span", "redacted", part) : part);
    }
    return fragment;
  }

  function flashKey(key) {
    const button = ui.keypad.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (!button) return;
    button.classList.remove("pressed");
    void button.offsetWidth;
    button.classList.add("pressed");
    setTimeout(() => button.classList.remove("pressed"), 160);
  }

  // ---- Wiring -------------------------------------------------------------------------------

  ui.call.addEventListener("click", () => {
    if (call) hangUp(); else placeCall();
  });

  ui.keypad.addEventListener("click", (event) => {
    const button = event.target.closest("[data-key]");
    if (button) press(button.dataset.key);
  });

  if (!synth) {
    ui.voice.disabled = true;
    ui.voice.setAttribute("aria-pressed", "false");
    ui.voiceLabel.textContent = "No voice";
    ui.voice.title = "This browser has no speech synthesis";
  }
  ui.voice.addEventListener("click", () => {
    voiceOn = !voiceOn;
    ui.voice.setAttribute("aria-pressed", String(voiceOn));
    ui.voiceLabel.textContent = voiceOn ? "Voice on" : "Voice off";
    if (!voiceOn) stopSpeaking();
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (KEYS.includes(event.key)) {
      event.preventDefault();
      press(event.key);
    } else if (event.key === "Enter" && call) {
      // On a call Enter is #, wherever focus is (it would otherwise press the focused button,
      // often Hang up); Space still presses a focused button.
      event.preventDefault();
      press("#");
    }
  });

  window.addEventListener("pagehide", () => { if (call) call.abort.abort(); stopSpeaking(); });
})();
