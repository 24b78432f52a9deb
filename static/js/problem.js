// Problem page: math rendering, and "Run on custom input" (posts the source to the runs API and polls).
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
  const form = document.getElementById("submit-form");
  const button = document.getElementById("run-button");
  if (!form || !button) return;
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
      const run = await (await fetch("/api/runs/" + id + "/")).json();
      if (run.status === "done" || run.status === "failed") return render(run.result);
      show(run.status === "running" ? "Running…" : "Waiting for a worker…");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    show("Gave up waiting for the run.");
  }

  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const response = await fetch("/api/runs/", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({
          language: form.querySelector("[name=language]").value,
          source_code: form.querySelector("[name=source]").value,
          stdin: document.getElementById("run-stdin").value,
        }),
      });
      const body = await response.json();
      if (response.status !== 202) return show(body.detail || JSON.stringify(body));
      await poll(body.id);
    } finally {
      button.disabled = false;
    }
  });
})();
