// Small behaviours that must not live inline (the Content-Security-Policy forbids inline script).
document.addEventListener("DOMContentLoaded", () => {
  // Buttons with data-confirm ask before submitting their form.
  document.body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
});

// Filter forms marked data-drop-empty leave unused fields out of htmx requests, so the pushed
// address stays short and bookmarkable (?imprint=Quay+Press, not ?query=&imprint=…&format=…).
document.addEventListener("htmx:configRequest", (event) => {
  const form = event.detail.elt.closest && event.detail.elt.closest("form[data-drop-empty]");
  if (!form || !event.detail.formData) {
    return;
  }
  const empty = [];
  for (const [name, value] of event.detail.formData.entries()) {
    if (value === "") {
      empty.push(name);
    }
  }
  empty.forEach((name) => event.detail.formData.delete(name));
});

// A search box in such a form already updates the results as the person types; its "change" on
// blur would send the same request again and swap the table under a link being clicked.
document.addEventListener(
  "change",
  (event) => {
    if (event.target.matches && event.target.matches("form[data-drop-empty] input[type=search]")) {
      event.stopPropagation();
    }
  },
  true,
);
