// Highlights submitted sources (<code class="language-..."> inside pre.source) with highlight.js.
import hljs from "highlight.js/lib/common";
import haskell from "highlight.js/lib/languages/haskell";
import lisp from "highlight.js/lib/languages/lisp";
import ocaml from "highlight.js/lib/languages/ocaml";
import prolog from "highlight.js/lib/languages/prolog";
import scala from "highlight.js/lib/languages/scala";
import delphi from "highlight.js/lib/languages/delphi";

for (const [name, language] of Object.entries({ haskell, lisp, ocaml, prolog, scala, delphi })) {
  hljs.registerLanguage(name, language);
}
document.querySelectorAll("pre.source code").forEach((block) => hljs.highlightElement(block));
