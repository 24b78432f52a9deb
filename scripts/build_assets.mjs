// Bundles the front-end packages into static/vendor (run by scripts/setup.sh's assets step).
// Monaco's ESM build and its editor worker, Chart.js and highlight.js: no CDN at run time.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { build } from "esbuild";

const out = "static/vendor";
const common = { bundle: true, minify: true, logLevel: "warning", legalComments: "none", target: "es2020" };

rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/katex/contrib`, { recursive: true });
for (const item of ["katex.min.css", "katex.min.js", "fonts"]) {
  cpSync(`node_modules/katex/dist/${item}`, `${out}/katex/${item}`, { recursive: true });
}
cpSync("node_modules/katex/dist/contrib/auto-render.min.js", `${out}/katex/contrib/auto-render.min.js`);

await Promise.all([
  // The editor: an ES module whose languages' tokenizers are split into chunks loaded on demand.
  build({
    ...common,
    entryPoints: { editor: "static/src/editor.js" },
    outdir: `${out}/monaco`,
    format: "esm",
    splitting: true,
    loader: { ".ttf": "file" },
    assetNames: "[name]",
  }),
  build({
    ...common,
    entryPoints: { "editor.worker": "monaco-editor/esm/vs/editor/editor.worker.js" },
    outdir: `${out}/monaco`,
    format: "iife",
  }),
  build({ ...common, entryPoints: { charts: "static/src/charts.js" }, outdir: `${out}/charts`, format: "iife" }),
  build({
    ...common,
    entryPoints: { highlight: "static/src/highlight.js" },
    outdir: `${out}/highlight`,
    format: "iife",
  }),
]);
cpSync("node_modules/highlight.js/styles/github.min.css", `${out}/highlight/github.min.css`);
cpSync("node_modules/highlight.js/styles/github-dark.min.css", `${out}/highlight/github-dark.min.css`);
