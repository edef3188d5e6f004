// Save each answer as soon as it is given: POST JSON {position, seq, answer} to the save URL.
// One save at a time per question, so the seq sent is always the one the server returned last.
// An answer not yet acknowledged is also kept in this browser's storage: when the database is
// away (503, or no network) the save is retried with backoff; when the session has ended (401)
// it waits for the learner to log in again, here or in another tab, and is sent then.

import { setOrder } from "./ordering.js";

const TYPING_DELAY_MS = 800;
const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 30000;
const RETRYING = "Not saved yet: retrying…";
const LOGGED_OUT = "Not saved yet: you are logged out. Log in again and this answer is sent.";

function answerOf(fieldset) {
  const pos = fieldset.dataset.position;
  const type = fieldset.dataset.widget;
  if (type === "choice") {
    const picked = fieldset.querySelector(`input[name="q${pos}-answer"]:checked`);
    return picked ? picked.value : null;
  }
  if (type === "checkboxes") {
    const picked = [...fieldset.querySelectorAll(`input[name="q${pos}-answer"]:checked`)];
    return picked.map((box) => box.value);
  }
  if (type === "ordering") {
    return [...fieldset.querySelectorAll(".ordering-item")].map((li) => li.dataset.id);
  }
  if (type === "matching") {
    const pairs = {};
    for (const select of fieldset.querySelectorAll(`select[name^="q${pos}-match-"]`)) {
      if (select.value) pairs[select.name.slice(`q${pos}-match-`.length)] = select.value;
    }
    return Object.keys(pairs).length ? pairs : null;
  }
  const input = fieldset.querySelector(`input[name="q${pos}-answer"]`);
  return input ? input.value.trim() : null;
}

// Show a kept answer in its widget again (the inverse of answerOf).
function showAnswer(fieldset, answer) {
  const pos = fieldset.dataset.position;
  const type = fieldset.dataset.widget;
  if (type === "choice" || type === "checkboxes") {
    const wanted = new Set(Array.isArray(answer) ? answer : [answer]);
    for (const box of fieldset.querySelectorAll(`input[name="q${pos}-answer"]`)) {
      box.checked = wanted.has(box.value);
    }
  } else if (type === "ordering" && Array.isArray(answer)) {
    const list = fieldset.querySelector("[data-ordering]");
    if (list) setOrder(list, answer);
  } else if (type === "matching" && answer && typeof answer === "object") {
    for (const select of fieldset.querySelectorAll(`select[name^="q${pos}-match-"]`)) {
      select.value = answer[select.name.slice(`q${pos}-match-`.length)] || "";
    }
  } else {
    const input = fieldset.querySelector(`input[name="q${pos}-answer"]`);
    if (input && typeof answer === "string") input.value = answer;
  }
}

function setTokens(token) {
  if (!token) return;
  for (const input of document.querySelectorAll('input[name="csrf_token"]')) input.value = token;
}

function markAnswered(pos) {
  const link = document.querySelector(`[data-qnav="${pos}"]`);
  if (link && !link.classList.contains("is-answered")) {
    link.classList.add("is-answered");
    const state = link.querySelector("[data-qnav-state]");
    if (state) state.textContent = ", answered";
    const done = document.querySelectorAll(".qnav-link.is-answered").length;
    const total = document.querySelectorAll(".qnav-link").length;
    const bar = document.querySelector("progress.progress");
    if (bar) {
      bar.value = done;
      bar.setAttribute("aria-label", `Answered ${done} of ${total} questions`);
    }
    const text = document.querySelector("[data-progress-text]");
    if (text) text.textContent = `${done} of ${total} answered`;
  }
}

// Answers not yet acknowledged, by position: {answer, seq}. Storage may be off: then memory.
function keeper(key) {
  let memory = {};
  function read() {
    try { return JSON.parse(window.localStorage.getItem(key) || "{}"); } catch { return memory; }
  }
  function write(all) {
    memory = all;
    try {
      if (Object.keys(all).length) window.localStorage.setItem(key, JSON.stringify(all));
      else window.localStorage.removeItem(key);
    } catch { /* private mode or full: the page still holds the answer */ }
  }
  return {
    all: read,
    keep(pos, answer, seq) { write({ ...read(), [pos]: { answer, seq } }); },
    drop(pos) { const all = read(); delete all[pos]; write(all); },
  };
}

export function initAutosave(root) {
  const form = root.querySelector("form[data-autosave]");
  const busy = new Map(); // position -> promise of the save in flight
  const again = new Set(); // positions changed while their save was in flight
  const timers = new Map();
  const retries = new Map(); // position -> {timer, delay} of a save waiting to be sent again
  const loggedOutBanner = root.querySelector("[data-logged-out]");
  let stale = false;
  const kept = form ? keeper(`quizapp:unsaved:${form.dataset.saveUrl}`) : null;

  function status(fieldset, text, kind) {
    const out = fieldset.querySelector(".save-status");
    if (!out) return;
    out.textContent = text;
    out.classList.toggle("is-saved", kind === "saved");
    out.classList.toggle("is-error", kind === "error");
  }

  function retryLater(fieldset, text) {
    const pos = fieldset.dataset.position;
    const previous = retries.get(pos);
    const delay = previous ? Math.min(previous.delay * 2, LONGEST_RETRY_MS) : FIRST_RETRY_MS;
    if (previous) clearTimeout(previous.timer);
    status(fieldset, text, "error");
    const timer = setTimeout(() => save(fieldset), delay);
    retries.set(pos, { timer, delay });
  }

  function settled(pos) {
    const pending = retries.get(pos);
    if (pending) clearTimeout(pending.timer);
    retries.delete(pos);
    kept.drop(pos);
  }

  async function post(fieldset, answer, retried) {
    const pos = fieldset.dataset.position;
    const seqInput = fieldset.querySelector(`input[name="q${pos}-seq"]`);
    const token = form.querySelector('input[name="csrf_token"]').value;
    kept.keep(pos, answer, Number(seqInput.value));
    let response;
    try {
      response = await fetch(form.dataset.saveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
        body: JSON.stringify({ position: Number(pos), seq: Number(seqInput.value), answer }),
      });
    } catch {
      retryLater(fieldset, RETRYING); // no network: the same answer goes again shortly
      return;
    }
    let body = {};
    try { body = await response.json(); } catch { body = {}; }
    setTokens(body.csrf_token);
    if (response.ok) {
      settled(pos);
      if (loggedOutBanner) loggedOutBanner.hidden = true;
      seqInput.value = body.seq;
      status(fieldset, body.message || "Saved", body.late ? "error" : "saved");
      markAnswered(pos);
    } else if (body.error === "csrf" && !retried) {
      await post(fieldset, answer, true); // the token is fresh now: send the same answer again
    } else if (response.status === 401) {
      if (loggedOutBanner) loggedOutBanner.hidden = false;
      retryLater(fieldset, LOGGED_OUT); // logging in from another tab lets it through
    } else if (response.status === 503 || response.status === 502 || response.status === 504) {
      retryLater(fieldset, RETRYING);
    } else if (response.status === 409 && body.error === "stale") {
      settled(pos);
      stale = true;
      status(fieldset, "This page is out of date — reload it to see what is saved.", "error");
    } else {
      settled(pos);
      status(fieldset, body.message || "Not saved: check your connection and press Save.", "error");
    }
  }

  function save(fieldset) {
    const pos = fieldset.dataset.position;
    if (stale || fieldset.disabled) return Promise.resolve();
    if (busy.has(pos)) {
      again.add(pos);
      return busy.get(pos);
    }
    const waiting = retries.get(pos);
    if (waiting) clearTimeout(waiting.timer); // this save is the retry
    const answer = answerOf(fieldset);
    const fresh = fieldset.querySelector(`input[name="q${pos}-seq"]`).value === "0";
    const empty = answer === "" || (Array.isArray(answer) && !answer.length);
    if (answer === null || (empty && fresh)) return Promise.resolve();
    if (!waiting) status(fieldset, "Saving…", "");
    const run = post(fieldset, answer, false)
      .catch(() => retryLater(fieldset, RETRYING))
      .finally(() => {
        busy.delete(pos);
        if (again.delete(pos)) save(fieldset);
      });
    busy.set(pos, run);
    return run;
  }

  async function settle() {
    for (const timer of timers.values()) clearTimeout(timer);
    if (form) {
      for (const [pos] of timers) {
        const fieldset = form.querySelector(`fieldset[data-position="${pos}"]`);
        if (fieldset) save(fieldset);
      }
    }
    timers.clear();
    while (busy.size) await Promise.allSettled([...busy.values()]);
  }

  function changed(fieldset) {
    if (form && form.contains(fieldset)) save(fieldset);
  }

  // Answers kept from an earlier visit (logged out, or the database away) go again now, unless
  // the server has a newer save of that question than the one they were made over.
  function resend() {
    for (const [pos, entry] of Object.entries(kept.all())) {
      const fieldset = form.querySelector(`fieldset[data-position="${pos}"]`);
      if (!fieldset) continue; // another question's page: it is sent when that page opens
      const seqInput = fieldset.querySelector(`input[name="q${pos}-seq"]`);
      if (fieldset.disabled || Number(seqInput.value) !== entry.seq) {
        kept.drop(pos);
        continue;
      }
      if (JSON.stringify(answerOf(fieldset)) === JSON.stringify(entry.answer)) {
        kept.drop(pos); // already what the server has
        continue;
      }
      showAnswer(fieldset, entry.answer);
      save(fieldset);
    }
  }

  // Coming back to this tab (after logging in in another one) sends what waits at once.
  function retryNow() {
    for (const pos of [...retries.keys()]) {
      const fieldset = form.querySelector(`fieldset[data-position="${pos}"]`);
      if (fieldset) save(fieldset);
    }
  }

  if (form) {
    form.addEventListener("change", (event) => {
      const fieldset = event.target.closest("fieldset.question");
      if (fieldset && !event.target.matches(".ordering select")) save(fieldset);
    });
    form.addEventListener("input", (event) => {
      const fieldset = event.target.closest("fieldset.question");
      if (!fieldset || event.target.type !== "text") return; // typing: save after a pause
      const pos = fieldset.dataset.position;
      clearTimeout(timers.get(pos));
      timers.set(pos, setTimeout(() => { timers.delete(pos); save(fieldset); }, TYPING_DELAY_MS));
    });
    // A form POST must carry the seq the last save returned: wait for saves in flight first.
    // With nothing pending the browser's own submission goes ahead untouched. Otherwise it is
    // held, and sent again from a later task: requestSubmit() called while the form is still
    // firing its submit event (as a continuation of this handler can be) is silently ignored.
    form.addEventListener("submit", (event) => {
      if (form.dataset.settled === "yes") return;
      if (!busy.size && !timers.size) return;
      event.preventDefault();
      if (form.dataset.submitting === "yes") return; // a double click sends once
      form.dataset.submitting = "yes";
      const submitter = event.submitter;
      settle().then(() => setTimeout(() => {
        form.dataset.settled = "yes";
        form.requestSubmit(submitter);
      }, 0));
    });
    window.addEventListener("focus", retryNow);
    document.addEventListener("visibilitychange", () => { if (!document.hidden) retryNow(); });
    resend();
  }
  return { changed, settle };
}
