// Small enhancements; every page works without them.
"use strict";

function showSource(link) {
  const panel = document.getElementById("source-panel");
  if (!panel) {
    return false;
  }
  const url = link.getAttribute("href") + "&fragment=1";
  fetch(url, { credentials: "same-origin" })
    .then((answer) => answer.text().then((html) => ({ ok: answer.ok, html })))
    .then(({ html }) => {
      panel.innerHTML = html;
      document.querySelectorAll(".selected-field").forEach((el) => el.classList.remove("selected-field"));
      const row = link.closest("[id^='f-']");
      if (row) {
        row.classList.add("selected-field");
      }
      // Bring the marked cell or box into the panel's view, without moving the page.
      const mark = panel.querySelector(".highlight");
      if (mark) {
        const image = panel.querySelector("svg.page image");
        const centre = () => {
          const offset = mark.getBoundingClientRect().top - panel.getBoundingClientRect().top;
          panel.scrollTop += offset - panel.clientHeight / 3;
        };
        centre();
        if (image) {
          image.addEventListener("load", centre, { once: true });
        }
      }
    });
  return true;
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a.source-link");
  if (link && showSource(link)) {
    event.preventDefault();
  }
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    const form = event.target.closest("form");
    if (form) {
      const next = form.querySelector("button.save-next") || form.querySelector("button[type=submit]");
      if (next) {
        event.preventDefault();
        next.click();
      }
    }
  }
});
