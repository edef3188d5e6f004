// The attempt page: autosave answers, reorder ordering questions, count down to the deadline.
// Everything here is an enhancement: without script the plain forms save and navigate.
import { initAutosave } from "./autosave.js";
import { initOrdering } from "./ordering.js";
import { initTimer } from "./timer.js";

const root = document.querySelector("[data-attempt]");
if (root) {
  const saver = initAutosave(root);
  initOrdering(root, (fieldset) => saver.changed(fieldset));
  initTimer(root, () => saver.settle());
}
