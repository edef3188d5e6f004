// Every page: the menu button on narrow screens, and the browser's time zone offered once.
const toggle = document.querySelector("[data-menu-toggle]");
const nav = document.getElementById("main-nav");
if (toggle && nav) {
  toggle.hidden = false;
  document.documentElement.classList.add("has-menu-toggle");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("is-open", open);
  });
}

function offerBrowserTimeZone() {
  const form = document.getElementById("tz-detect");
  if (!form) return;
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch {
    return;
  }
  if (!zone || zone === form.dataset.current || zone === "Etc/UTC") return;
  form.elements.timezone.value = zone;
  fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
    .then((response) => (response.ok ? response.json() : { changed: false }))
    .then((result) => {
      // Times and today's counts were worked out for the old zone: show them for the new one.
      if (result.changed) window.location.reload();
    })
    .catch(() => {});
}

offerBrowserTimeZone();
