// Count down to the server's deadline. The server's "now" at page time corrects the clock of
// this device; at zero the attempt is submitted (the server enforces the deadline anyway).

function format(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

export function initTimer(root, beforeSubmit) {
  const timer = root.querySelector("#timer");
  if (!timer) return;
  const deadline = Date.parse(timer.dataset.deadline);
  const skew = Date.parse(timer.dataset.now) - Date.now(); // server minus client
  const text = timer.querySelector("[data-timer-text]");
  const alert = root.querySelector("[data-timer-alert]");
  const warned = new Set();
  let done = false;

  async function tick() {
    const left = (deadline - (Date.now() + skew)) / 1000;
    text.textContent = format(left);
    for (const mark of [300, 60]) {
      if (left <= mark && left > 0 && !warned.has(mark)) {
        warned.add(mark);
        if (alert) alert.textContent = `${mark / 60} minute${mark === 60 ? "" : "s"} left.`;
        timer.classList.add("is-short");
      }
    }
    if (left <= 0 && !done) {
      done = true;
      clearInterval(handle);
      await beforeSubmit();
      const form = document.getElementById("timeout-form");
      if (form) form.submit();
    }
  }
  const handle = setInterval(tick, 1000);
  tick();
}
