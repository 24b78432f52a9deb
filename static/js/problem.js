// Problem page: math, copy buttons, the Monaco editor over the source textarea (not on touch or narrow
// screens, which keep the textarea), Ctrl+Enter to submit, and "Run on custom input".
(function () {
  "use strict";
  // Math in the statement was marked up as \( \) and \[ \] by the server; KaTeX renders it here.
  const statement = document.querySelector(".statement");
  if (statement && window.renderMathInElement) {
    window.renderMathInElement(statement, {
      delimiters: [{ left: "\\[", right: "\\]", display: true }, { left: "\\(", right: "\\)", display: false }],
      throwOnError: false,
    });
  }

  document.querySelectorAll("button[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      const text = document.getElementById(button.dataset.copy).textContent;
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = "Copied";
      } catch (e) {
        button.textContent = "Select and copy";
      }
      setTimeout(() => { button.textContent = "Copy"; }, 1500);
    });
  });

  const form = document.getElementById("submit-form");
  if (!form) return;
  const source = form.querySelector("[name=source]");
  const language = form.querySelector("[name=language]");
  const submit = () => form.requestSubmit();

  form.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && !event.target.closest(".monaco-host")) {
      event.preventDefault();
      submit();
    }
  });

  // Monaco does not support touch devices; small screens are better served by the plain textarea.
  if (window.matchMedia("(pointer: fine) and (min-width: 600px)").matches) {
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = form.dataset.editorCss;
    document.head.appendChild(css);
    import(form.dataset.editor)
      .then((editor) => editor.mount(source, language, submit))
      .catch((error) => { console.warn("The code editor did not load; the plain text area stays.", error); });
  }

  const button = document.getElementById("run-button");
  const out = document.getElementById("run-output");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function show(text) { out.hidden = false; out.textContent = text; }

  function render(result) {
    const lines = ["Verdict: " + result.verdict];
    if (result.time_ms !== undefined) lines.push("Time: " + result.time_ms + " ms, memory: " + result.memory_kb + " KiB");
    if (result.compile_output) lines.push("Compiler:\n" + result.compile_output);
    if (result.stdout !== undefined) lines.push("Output:\n" + result.stdout);
    if (result.stderr) lines.push("Errors:\n" + result.stderr);
    show(lines.join("\n"));
  }

  async function poll(id) {
    for (let i = 0; i < 120; i++) {
      const run = await (await fetch("/api/v1/runs/" + encodeURIComponent(id) + "/")).json();
      if (run.status === "done" || run.status === "failed") return render(run.result);
      show(run.status === "running" ? "Running…" : "Waiting for a worker…");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    show("Gave up waiting for the run.");
  }

  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const response = await fetch("/api/v1/runs/", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({
          language: language.value,
          source_code: source.value,
          stdin: document.getElementById("run-stdin").value,
        }),
      });
      const body = await response.json();
      if (response.status !== 202) {
        // The API's error body: a message, and each field's own messages when the input was refused.
        const fields = Object.entries(body.fields || {}).map(([name, messages]) => name + ": " + messages.join(" "));
        return show([body.detail || JSON.stringify(body), ...fields].join("\n"));
      }
      await poll(body.id);
    } catch (error) {
      show("The run could not be started: " + error);
    } finally {
      button.disabled = false;
    }
  });
})();
