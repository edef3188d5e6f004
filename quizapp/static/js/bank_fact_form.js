// Show only the value fields that match the chosen relation's value type (date, number,
// entity or text). Without JavaScript every group stays visible and the server picks the one
// that matches; nothing here is needed to submit the form.
const form = document.querySelector(".fact-form");
const relation = form && form.querySelector("select[name=relation]");

function showValueGroup() {
  const option = relation.selectedOptions[0];
  const wanted = option ? option.dataset.valueType : null;
  for (const group of form.querySelectorAll(".value-group")) {
    group.hidden = wanted !== null && wanted !== undefined && group.dataset.valueType !== wanted;
  }
}

if (relation) {
  relation.addEventListener("change", showValueGroup);
  showValueGroup();
}
