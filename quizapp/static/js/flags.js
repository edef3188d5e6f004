// "Flag for later": toggle a question's flag without leaving the page, and show it in the
// question navigator. Without script the button posts the form and the page comes back.

function showFlag(root, pos, flagged) {
  const button = root.querySelector(`[data-flag="${pos}"]`);
  if (button) button.setAttribute("aria-pressed", flagged ? "true" : "false");
  const link = root.querySelector(`[data-qnav="${pos}"]`);
  if (link) {
    link.classList.toggle("is-flagged", flagged);
    const state = link.querySelector("[data-qnav-flag]");
    if (state) state.textContent = flagged ? ", flagged" : "";
  }
  const count = root.querySelector("[data-flag-count]");
  if (count) count.textContent = String(root.querySelectorAll(".qnav-link.is-flagged").length);
}

export function initFlags(root) {
  const url = root.dataset.flagUrl;
  if (!url) return;
  root.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-flag]");
    if (!button) return;
    event.preventDefault();
    const pos = button.dataset.flag;
    const wanted = button.getAttribute("aria-pressed") !== "true";
    const token = root.querySelector('input[name="csrf_token"]').value;
    showFlag(root, pos, wanted); // at once; put back if the server says no
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        keepalive: true, // a flag set just before leaving the page still reaches the server
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
        body: JSON.stringify({ position: Number(pos), flagged: wanted }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) showFlag(root, pos, !wanted);
      else showFlag(root, pos, Boolean(body.flagged));
    } catch {
      showFlag(root, pos, !wanted);
    }
  });
}
