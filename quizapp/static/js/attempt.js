// The attempt page: autosave answers, reorder ordering questions, flag questions, count down to
// the deadline, and put focus on the question. Everything here is an enhancement: without
// script the plain forms save and navigate.
import { initAutosave } from "./autosave.js";
import { initFlags } from "./flags.js";
import { initOrdering } from "./ordering.js";
import { initTimer } from "./timer.js";

const PHONE = "(max-width: 40rem)";

const root = document.querySelector("[data-attempt]");
if (root) {
  const saver = initAutosave(root);
  initOrdering(root, (fieldset) => saver.changed(fieldset));
  initFlags(root);
  initTimer(root, () => saver.settle());
  // On a phone the navigator folds to "Question 7 / 25" so the question is on the first screen.
  const box = root.querySelector("[data-qnav-box]");
  if (box && window.matchMedia(PHONE).matches) box.open = false;
  // After each navigation the question has the focus: the next Tab reaches its first answer.
  const target = (window.location.hash && document.getElementById(window.location.hash.slice(1)))
    || (root.querySelectorAll("fieldset.question").length === 1 && root.querySelector("fieldset.question"));
  if (target && target.matches("fieldset.question")) target.focus({ preventScroll: !window.location.hash });
  root.dataset.ready = "yes"; // the page's script is listening (tests wait for this)
}
