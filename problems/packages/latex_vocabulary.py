"""What the LaTeX converter (latex.py) knows of LaTeX's vocabulary: which macros and environments
become which Markdown, and which are dropped."""

from __future__ import annotations

SECTIONS = {"section": "##", "subsection": "###", "subsubsection": "####"}
WRAPPERS: dict[str, tuple[str, str]] = {
    "textbf": ("**", "**"),
    "emph": ("*", "*"),
    "textit": ("*", "*"),
    "textsl": ("*", "*"),
    "texttt": ("`", "`"),
    "sout": ("~~", "~~"),
}
TRANSPARENT = {"underline", "textsc", "textrm", "textsf", "textnormal", "mbox", "text", "textup", "hbox"}
SYMBOLS = {
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "cdots": "⋯",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "textbackslash": "\\\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "times": "\u00d7",
    "quad": " ",
    "qquad": " ",
    "newline": "\n",
    "linebreak": "\n",
    "par": "\n\n",
}
# Commands that only affect layout; their arguments (if any) are dropped.
DROPPED = {
    "noindent",
    "medskip",
    "bigskip",
    "smallskip",
    "vspace",
    "hspace",
    "vfill",
    "hfill",
    "centering",
    "raggedright",
    "raggedleft",
    "clearpage",
    "newpage",
    "pagebreak",
    "nextsample",
    "remainingsamples",
    "label",
    "bf",
    "it",
    "tt",
    "rm",
    "sf",
    "em",
    "sc",
    "tiny",
    "scriptsize",
    "footnotesize",
    "small",
    "normalsize",
    "large",
    "Large",
    "LARGE",
    "huge",
    "Huge",
    "hline",
    "cline",
    "protect",
    "relax",
    "sloppy",
    "maketitle",
    "setlength",
    "addtolength",
    "usepackage",
    "documentclass",
}
# How many braced arguments a dropped command swallows.
DROPPED_ARGS = {"vspace": 1, "hspace": 1, "label": 1, "cline": 1, "setlength": 2, "addtolength": 2}
# Escaped characters and spacing commands: `\%`, `\_`, `\,` and so on.
ESCAPES = {"_": "\\_", "$": "\\$", ",": " ", ";": " ", ":": " ", "!": "", "-": "", "/": "", "@": ""}
VERBATIM_ENVS = {"verbatim", "lstlisting", "Verbatim", "minted"}
MATH_ENVS = {"equation", "equation*", "align", "align*", "displaymath", "eqnarray", "eqnarray*", "gather"}
HEADING_ENVS = {"Input": "Input", "Output": "Output", "Interaction": "Interaction"}
LIST_ENVS = {"itemize": "-", "enumerate": "1.", "description": "-"}
