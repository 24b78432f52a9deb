// The Monaco editor over the submit form's textarea, which stays in the form and receives its text.
// Loaded only by pages that edit code (problem.js imports it, and not on touch devices).
import * as monaco from "monaco-editor/esm/vs/editor/edcore.main.js";
import "monaco-editor/esm/vs/basic-languages/cpp/cpp.contribution.js";
import "monaco-editor/esm/vs/basic-languages/csharp/csharp.contribution.js";
import "monaco-editor/esm/vs/basic-languages/go/go.contribution.js";
import "monaco-editor/esm/vs/basic-languages/java/java.contribution.js";
import "monaco-editor/esm/vs/basic-languages/javascript/javascript.contribution.js";
import "monaco-editor/esm/vs/basic-languages/kotlin/kotlin.contribution.js";
import "monaco-editor/esm/vs/basic-languages/lua/lua.contribution.js";
import "monaco-editor/esm/vs/basic-languages/pascal/pascal.contribution.js";
import "monaco-editor/esm/vs/basic-languages/perl/perl.contribution.js";
import "monaco-editor/esm/vs/basic-languages/php/php.contribution.js";
import "monaco-editor/esm/vs/basic-languages/python/python.contribution.js";
import "monaco-editor/esm/vs/basic-languages/ruby/ruby.contribution.js";
import "monaco-editor/esm/vs/basic-languages/rust/rust.contribution.js";
import "monaco-editor/esm/vs/basic-languages/scala/scala.contribution.js";
import "monaco-editor/esm/vs/basic-languages/shell/shell.contribution.js";

// Our language keys (sandbox/languages) to Monaco's language ids; others get plain text.
const LANGUAGES = {
  bash: "shell", c: "cpp", cpp17: "cpp", cpp20: "cpp", csharp: "csharp", go: "go", java: "java",
  js: "javascript", kotlin: "kotlin", lua: "lua", pascal: "pascal", perl: "perl", php: "php", py3: "python",
  pypy3: "python", ruby: "ruby", rust: "rust", scala: "scala",
};

self.MonacoEnvironment = {
  getWorkerUrl: () => new URL("editor.worker.js", import.meta.url).href,
};

export function mount(textarea, select, submit) {
  const host = document.createElement("div");
  host.className = "monaco-host";
  host.setAttribute("role", "group");
  host.setAttribute("aria-label", "Source code editor");
  textarea.insertAdjacentElement("afterend", host);
  textarea.hidden = true;
  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  const editor = monaco.editor.create(host, {
    value: textarea.value,
    language: LANGUAGES[select.value] || "plaintext",
    theme: dark.matches ? "vs-dark" : "vs",
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    tabSize: 4,
    ariaLabel: "Source code",
    // Word suggestions popping up while typing get in the way more than they help here; Enter is a
    // newline, never "accept the suggestion".
    quickSuggestions: false,
    acceptSuggestionOnEnter: "off",
  });
  dark.addEventListener("change", (e) => monaco.editor.setTheme(e.matches ? "vs-dark" : "vs"));
  editor.onDidChangeModelContent(() => { textarea.value = editor.getValue(); });
  select.addEventListener("change", () => {
    monaco.editor.setModelLanguage(editor.getModel(), LANGUAGES[select.value] || "plaintext");
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, submit);
  document.body.dataset.editor = "monaco";
  return editor;
}
