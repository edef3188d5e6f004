// Flashcards: Space shows the answer, 1-4 rate it; and the browser's time zone, offered once.

// Keys typed into these are text, never shortcuts.
const TYPING = "input, textarea, select, [contenteditable]:not([contenteditable='false'])";
// Space already activates these; a shortcut on top would act twice.
const SPACE_ACTIVATES = "button, a[href], summary, [role='button']";

function setUpReview() {
  const card = document.getElementById("flashcard");
  const back = document.getElementById("flashcard-back");
  const rateForm = document.getElementById("rate-form");
  if (!card || !back || !rateForm) return;
  const flipForm = document.getElementById("flip-form");
  const shownAt = performance.now();
  let sent = false;

  function flip() {
    if (!back.hidden) return;
    back.hidden = false;
    if (flipForm) flipForm.hidden = true;
    back.querySelector(".flashcard-answer")?.focus();
  }

  flipForm?.addEventListener("submit", (event) => {
    event.preventDefault();
    flip();
  });

  rateForm.addEventListener("submit", (event) => {
    // One rating per card: a double click or a held key must not send a second one.
    if (sent) {
      event.preventDefault();
      return;
    }
    sent = true;
    rateForm.elements.duration_ms.value = String(Math.round(performance.now() - shownAt));
  });

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.isComposing) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest(TYPING)) return;
    if (event.key === " ") {
      if (target?.closest(SPACE_ACTIVATES)) return;
      event.preventDefault(); // no page scroll, flipped or not
      flip();
      return;
    }
    if (back.hidden || event.repeat) return;
    const button = rateForm.querySelector(`button[data-key="${CSS.escape(event.key)}"]`);
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
}

setUpReview();
