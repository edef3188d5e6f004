// Save each answer as soon as it is given: POST JSON {position, seq, answer} to the save URL.
// One save at a time per question, so the seq sent is always the one the server returned last.

const TYPING_DELAY_MS = 800;

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

export function initAutosave(root) {
  const form = root.querySelector("form[data-autosave]");
  const busy = new Map(); // position -> promise of the save in flight
  const again = new Set(); // positions changed while their save was in flight
  const timers = new Map();
  let stale = false;

  function status(fieldset, text, kind) {
    const out = fieldset.querySelector(".save-status");
    if (!out) return;
    out.textContent = text;
    out.classList.toggle("is-saved", kind === "saved");
    out.classList.toggle("is-error", kind === "error");
  }

  async function post(fieldset, answer, retried) {
    const pos = fieldset.dataset.position;
    const seqInput = fieldset.querySelector(`input[name="q${pos}-seq"]`);
    const token = form.querySelector('input[name="csrf_token"]').value;
    const response = await fetch(form.dataset.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ position: Number(pos), seq: Number(seqInput.value), answer }),
    });
    let body = {};
    try { body = await response.json(); } catch { body = {}; }
    setTokens(body.csrf_token);
    if (response.ok) {
      seqInput.value = body.seq;
      status(fieldset, body.message || "Saved", body.late ? "error" : "saved");
      markAnswered(pos);
    } else if (body.error === "csrf" && !retried) {
      await post(fieldset, answer, true); // the token is fresh now: send the same answer again
    } else if (response.status === 409 && body.error === "stale") {
      stale = true;
      status(fieldset, "This page is out of date — reload it to see what is saved.", "error");
    } else {
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
    const answer = answerOf(fieldset);
    const fresh = fieldset.querySelector(`input[name="q${pos}-seq"]`).value === "0";
    const empty = answer === "" || (Array.isArray(answer) && !answer.length);
    if (answer === null || (empty && fresh)) return Promise.resolve();
    status(fieldset, "Saving…", "");
    const run = post(fieldset, answer, false)
      .catch(() => status(fieldset, "Not saved: check your connection and press Save.", "error"))
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
  }
  return { changed, settle };
}
