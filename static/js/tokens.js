// API tokens on the profile page: a copy button for a new token's key, and a confirmation before a
// token is revoked. Without script the key can still be selected and copied, and revoking works.
(function () {
  "use strict";
  const section = document.getElementById("api-tokens");
  if (!section) return;

  const button = section.querySelector("button[data-copy]");
  if (button) {
    const field = document.getElementById(button.dataset.copy);
    const status = document.getElementById("copy-status");
    button.hidden = false;
    button.addEventListener("click", async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
        status.textContent = "Copied to the clipboard.";
      } catch (e) {
        // No clipboard access (a page over plain HTTP, say): the key is selected, ready for Ctrl+C.
        status.textContent = "Could not copy: the key is selected, press Ctrl+C (⌘C) to copy it.";
      }
    });
  }

  section.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
})();
