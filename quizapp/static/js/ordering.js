// Ordering questions: Move up / Move down buttons and the position boxes reorder the list in
// place (no page load), keep keyboard focus on the moved item's button, and announce the move.

function renumber(list) {
  const items = [...list.querySelectorAll(".ordering-item")];
  items.forEach((li, index) => {
    const select = li.querySelector("select");
    if (select) select.value = String(index + 1);
    const [up, down] = li.querySelectorAll("button.move");
    up.setAttribute("aria-disabled", index === 0 ? "true" : "false");
    down.setAttribute("aria-disabled", index === items.length - 1 ? "true" : "false");
  });
  return items;
}

function announce(list, li) {
  const items = [...list.querySelectorAll(".ordering-item")];
  const out = list.parentElement.querySelector("[data-move-status]");
  const label = li.querySelector(".ordering-label").textContent.trim();
  if (out) out.textContent = `${label}: now ${items.indexOf(li) + 1} of ${items.length}.`;
}

// Put the items of an ordering list in the order of `ids` (a saved answer given back).
export function setOrder(list, ids) {
  const byId = new Map([...list.querySelectorAll(".ordering-item")].map((li) => [li.dataset.id, li]));
  for (const id of ids) if (byId.has(id)) list.appendChild(byId.get(id));
  renumber(list);
}

export function initOrdering(root, onChange) {
  for (const list of root.querySelectorAll("[data-ordering]")) {
    const fieldset = list.closest("fieldset.question");
    list.addEventListener("click", (event) => {
      const button = event.target.closest("button.move");
      if (!button) return;
      event.preventDefault();
      if (fieldset.disabled || button.getAttribute("aria-disabled") === "true") return;
      const li = button.closest(".ordering-item");
      const up = button.value.endsWith(":up");
      const other = up ? li.previousElementSibling : li.nextElementSibling;
      if (!other) return;
      if (up) list.insertBefore(li, other);
      else list.insertBefore(other, li);
      renumber(list);
      button.focus();
      announce(list, li);
      onChange(fieldset);
    });
    list.addEventListener("change", (event) => {
      const select = event.target.closest("select");
      if (!select) return;
      const li = select.closest(".ordering-item");
      const items = [...list.querySelectorAll(".ordering-item")].filter((x) => x !== li);
      const target = Math.min(Math.max(Number(select.value) - 1, 0), items.length);
      list.insertBefore(li, items[target] || null);
      renumber(list);
      select.focus();
      announce(list, li);
      onChange(fieldset);
    });
  }
}
