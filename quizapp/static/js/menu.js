// On narrow screens the main menu folds behind a "Menu" button (without script it wraps).
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
