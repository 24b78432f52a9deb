"""LaTeX problem statements to readable Markdown.

Covers what problem statements use: `\\problemname{}` (the title), sections, lists, tables,
verbatim blocks, font commands and the usual typographic macros. Math (`$...$`, `$$...$$`,
`\\[...\\]`, `\\(...\\)`) is kept verbatim for the Markdown renderer. An unknown macro loses its
backslash: `\\foo{text}` becomes `text` and an argument-less `\\LaTeX` becomes `LaTeX`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from problems.packages.latex_vocabulary import (
    DROPPED,
    DROPPED_ARGS,
    ESCAPES,
    HEADING_ENVS,
    LIST_ENVS,
    MATH_ENVS,
    SECTIONS,
    SYMBOLS,
    TRANSPARENT,
    VERBATIM_ENVS,
    WRAPPERS,
)

# Groups, macros and environments nest at most this deep: each level is a few Python frames, and a
# statement nested thousands deep would otherwise end the import with a RecursionError.
MAX_NESTING = 50
LATEX_TOO_DEEP = f"the LaTeX statement nests groups, macros or environments more than {MAX_NESTING} deep"


class LatexError(ValueError):
    """A statement the converter cannot read; the message is for the package's author."""


@dataclass(frozen=True)
class LatexStatement:
    title: str
    markdown: str


def latex_to_markdown(source: str) -> LatexStatement:
    """Raises LatexError for a statement nested too deeply to convert."""
    plain_title = _plain_problem_name(source)
    parser = _Parser(_strip_comments(source))
    body = parser.convert()
    title = plain_title or _flatten(parser.title)
    return LatexStatement(title=title, markdown=_tidy(body))


def _plain_problem_name(source: str) -> str:
    match = re.search(r"^\s*%%\s*plainproblemname:\s*(.+?)\s*$", source, re.MULTILINE)
    return match.group(1) if match else ""


def _strip_comments(source: str) -> str:
    """Drop `%` comments (not `\\%`), and leading indentation outside verbatim environments."""
    lines = []
    verbatim = False
    for line in source.split("\n"):
        if verbatim:
            lines.append(line)
            verbatim = not re.search(r"\\end\{(" + "|".join(VERBATIM_ENVS) + r")\}", line)
            continue
        cut = re.search(r"(?<!\\)((?:\\\\)*)%", line)
        if cut is not None:
            line = line[: cut.start() + len(cut.group(1))]
            if not line.strip():
                continue  # a comment line does not end a paragraph in LaTeX
        lines.append(line.lstrip())
        if re.search(r"\\begin\{(" + "|".join(VERBATIM_ENVS) + r")\}", line):
            verbatim = not re.search(r"\\end\{(" + "|".join(VERBATIM_ENVS) + r")\}", line)
    return "\n".join(lines)


def _flatten(markdown: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*`]", "", markdown)).strip()


def _tidy(markdown: str) -> str:
    lines = [line.rstrip() for line in markdown.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


class _Parser:
    """A small recursive converter over one string of LaTeX."""

    def __init__(self, text: str, depth: int = 0) -> None:
        if depth > MAX_NESTING:
            raise LatexError(LATEX_TOO_DEEP)
        self.text = text
        self.pos = 0
        self.title = ""
        self.depth = depth

    def convert(self) -> str:
        out: list[str] = []
        while self.pos < len(self.text):
            out.append(self._step())
        return "".join(out)

    def _sub(self, text: str) -> str:
        parser = _Parser(text, self.depth + 1)
        converted = parser.convert()
        self.title = self.title or parser.title
        return converted

    def _step(self) -> str:
        char = self.text[self.pos]
        if char == "\\":
            return self._command()
        if char == "$":
            return self._dollar_math()
        if char in "{}":
            self.pos += 1
            return ""
        if char == "~":
            self.pos += 1
            return " "
        return self._plain()

    def _plain(self) -> str:
        match = re.compile(r"[^\\${}~]+").match(self.text, self.pos)
        assert match is not None
        self.pos = match.end()
        text = match.group(0).replace("---", "—").replace("--", "\u2013")
        return text.replace("``", "“").replace("''", "”").replace("<<", "«").replace(">>", "»")

    # -- math ------------------------------------------------------------------------------------
    def _dollar_math(self) -> str:
        delimiter = "$$" if self.text.startswith("$$", self.pos) else "$"
        end = self._find_unescaped(delimiter, self.pos + len(delimiter))
        if end < 0:
            self.pos += len(delimiter)
            return delimiter
        math = self.text[self.pos : end + len(delimiter)]
        self.pos = end + len(delimiter)
        return f"\n\n{math}\n\n" if delimiter == "$$" else math

    def _find_unescaped(self, needle: str, start: int) -> int:
        index = start
        while (index := self.text.find(needle, index)) >= 0:
            backslashes = len(self.text[:index]) - len(self.text[:index].rstrip("\\"))
            if backslashes % 2 == 0:
                return index
            index += 1
        return -1

    def _delimited_math(self, close: str, display: bool) -> str:
        end = self.text.find(close, self.pos)
        end = len(self.text) if end < 0 else end
        math = self.text[self.pos : end].strip()
        self.pos = min(len(self.text), end + len(close))
        return f"\n\n$${math}$$\n\n" if display else f"${math}$"

    # -- arguments -------------------------------------------------------------------------------
    def _skip_spaces(self, newlines: bool = True) -> None:
        chars = " \t\n" if newlines else " \t"
        while self.pos < len(self.text) and self.text[self.pos] in chars:
            self.pos += 1

    def _optional(self) -> str | None:
        save = self.pos
        self._skip_spaces()
        if self.pos >= len(self.text) or self.text[self.pos] != "[":
            self.pos = save
            return None
        end = self.text.find("]", self.pos)
        end = len(self.text) if end < 0 else end
        value = self.text[self.pos + 1 : end]
        self.pos = end + 1
        return value

    def _group(self) -> str | None:
        """The raw contents of the next `{...}` (after spaces), or None if there is none."""
        save = self.pos
        self._skip_spaces()
        if self.pos >= len(self.text) or self.text[self.pos] != "{":
            self.pos = save
            return None
        depth, start = 0, self.pos
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            depth += {"{": 1, "}": -1}.get(char, 0)
            self.pos += 1
            if depth == 0:
                return self.text[start + 1 : self.pos - 1]
        return self.text[start + 1 :]

    def _groups(self) -> list[str]:
        args = []
        while (arg := self._group()) is not None:
            args.append(arg)
        return args

    # -- commands --------------------------------------------------------------------------------
    def _command(self) -> str:
        match = re.compile(r"\\([A-Za-z]+\*?|.)", re.DOTALL).match(self.text, self.pos)
        if match is None:  # a lone backslash at the very end
            self.pos += 1
            return ""
        self.pos = match.end()
        name = match.group(1)
        if not name[0].isalpha():
            return self._escape(name)
        handler = self._handlers().get(name.rstrip("*"))
        if handler is not None:
            return handler()
        if name in SYMBOLS:
            return SYMBOLS[name]
        if name in DROPPED:
            for _ in range(DROPPED_ARGS.get(name, 0)):
                self._group()
            self._skip_spaces(newlines=False)
            return ""
        return self._unknown(name)

    def _escape(self, char: str) -> str:
        if char == "(":
            return self._delimited_math("\\)", display=False)
        if char == "[":
            return self._delimited_math("\\]", display=True)
        if char == "\\":
            self._optional()
            return "\n"
        return ESCAPES.get(char, char)

    def _unknown(self, name: str) -> str:
        self._optional()
        args = self._groups()
        if not args:
            return name
        return " ".join(self._sub(arg) for arg in args)

    def _handlers(self) -> dict[str, Callable[[], str]]:
        handlers: dict[str, Callable[[], str]] = {
            "begin": self._environment,
            "problemname": self._problem_name,
            "item": self._stray_item,
            "includegraphics": self._include_graphics,
            "illustration": self._illustration,
            "url": self._url,
            "href": self._href,
            "footnote": self._footnote,
            "constant": self._constant,
            "paragraph": self._paragraph,
            "epigraph": self._epigraph,
        }
        for name, marker in SECTIONS.items():
            handlers[name] = self._heading(marker)
        for name, (left, right) in WRAPPERS.items():
            handlers[name] = self._wrapper(left, right)
        for name in TRANSPARENT:
            handlers[name] = self._wrapper("", "")
        return handlers

    def _heading(self, marker: str) -> Callable[[], str]:
        def handle() -> str:
            self._optional()
            title = _flatten(self._sub(self._group() or ""))
            return f"\n\n{marker} {title}\n\n"

        return handle

    def _wrapper(self, left: str, right: str) -> Callable[[], str]:
        def handle() -> str:
            inner = self._sub(self._group() or "")
            if not inner.strip():
                return inner
            # Markdown emphasis may not start or end with a space: move the spaces outside.
            stripped = inner.strip()
            lead = inner[: len(inner) - len(inner.lstrip())]
            trail = inner[len(inner.rstrip()) :]
            return f"{lead}{left}{stripped}{right}{trail}"

        return handle

    def _problem_name(self) -> str:
        self._optional()
        self.title = self._sub(self._group() or "")
        return ""

    def _stray_item(self) -> str:
        label = self._optional()
        return f"\n- {label + ' ' if label else ''}"

    def _include_graphics(self) -> str:
        self._optional()
        return f"![]({(self._group() or '').strip()})"

    def _illustration(self) -> str:
        _width, filename, caption = (self._group() or "" for _ in range(3))
        text = _flatten(self._sub(caption))
        return f"\n\n![{text}]({filename.strip()})\n\n{text}\n\n"

    def _url(self) -> str:
        url = (self._group() or "").strip()
        return f"<{url}>"

    def _href(self) -> str:
        url = (self._group() or "").strip()
        return f"[{self._sub(self._group() or '')}]({url})"

    def _footnote(self) -> str:
        return f" ({self._sub(self._group() or '').strip()})"

    def _constant(self) -> str:
        return (self._group() or "").strip()

    def _paragraph(self) -> str:
        return f"\n\n**{_flatten(self._sub(self._group() or ''))}** "

    def _epigraph(self) -> str:
        quote, source = self._sub(self._group() or ""), self._sub(self._group() or "")
        return f"\n\n> {quote.strip()}\n>\n> — {source.strip()}\n\n"

    # -- environments ----------------------------------------------------------------------------
    def _environment(self) -> str:
        name = (self._group() or "").strip()
        body = self._environment_body(name)
        base = name.rstrip("*")
        if name in VERBATIM_ENVS:
            return f"\n\n```\n{body.strip(chr(10))}\n```\n\n"
        if name in MATH_ENVS:
            return f"\n\n$${body.strip()}$$\n\n"
        if base in LIST_ENVS:
            return self._list(body, LIST_ENVS[base])
        if base == "tabular":
            return self._tabular(body)
        if base in HEADING_ENVS:
            return f"\n\n## {HEADING_ENVS[base]}\n\n{self._sub(body)}\n\n"
        if base == "quote" or base == "quotation":
            quoted = self._sub(body).strip().split("\n")
            return "\n\n" + "\n".join(f"> {line}".rstrip() for line in quoted) + "\n\n"
        return f"\n\n{self._sub(body)}\n\n"

    def _environment_body(self, name: str) -> str:
        """The raw text up to the matching `\\end{name}`; nested environments of that name count."""
        begin, end = f"\\begin{{{name}}}", f"\\end{{{name}}}"
        if name in ("tabular", "tabular*", "minipage", "wrapfigure"):
            self._optional()
            self._group()  # the column spec or width
        if name == "wrapfigure":
            self._group()
        if name == "lstlisting" and self.text.startswith("[", self.pos):
            self._optional()
        depth, index = 1, self.pos
        while depth:
            next_end = self.text.find(end, index)
            if next_end < 0:
                body, self.pos = self.text[self.pos :], len(self.text)
                return body
            next_begin = self.text.find(begin, index)
            if 0 <= next_begin < next_end:
                depth, index = depth + 1, next_begin + len(begin)
            else:
                depth, index = depth - 1, next_end + len(end)
        body = self.text[self.pos : index - len(end)]
        self.pos = index
        return body

    def _list(self, body: str, marker: str) -> str:
        items = _split_top_level(body, re.compile(r"\\item\b"))
        lines: list[str] = []
        for number, raw in enumerate(items[1:], start=1):
            label = ""
            raw = raw.lstrip()
            if raw.startswith("["):
                end = raw.find("]")
                label, raw = f"**{raw[1:end]}** ", raw[end + 1 :]
            text = _tidy(self._sub(raw)).strip()
            bullet = f"{number}." if marker == "1." else "-"
            indent = " " * (len(bullet) + 1)
            first, *rest = text.split("\n") if text else [""]
            lines.append(f"{bullet} {label}{first}".rstrip())
            lines.extend(f"{indent}{line}" if line else "" for line in rest)
        return "\n\n" + "\n".join(lines) + "\n\n"

    def _tabular(self, body: str) -> str:
        rows = []
        for raw_row in _split_top_level(body, re.compile(r"\\\\")):
            raw_row = re.sub(r"\\(hline|toprule|midrule|bottomrule)\b|\\cline\{[^}]*\}", "", raw_row)
            if not raw_row.strip():
                continue
            cells = _split_top_level(raw_row, re.compile(r"(?<!\\)&"))
            rows.append([_flatten(self._sub(cell)).replace("|", "\\|") for cell in cells])
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n\n" + "\n".join(lines) + "\n\n"


def _split_top_level(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split on a separator outside braces, math and nested environments."""
    parts, depth, start, index = [], 0, 0, 0
    while index < len(text):
        if text.startswith("\\begin{", index):
            depth += 1
        elif text.startswith("\\end{", index):
            depth -= 1
        match = separator.match(text, index) if depth == 0 else None
        if match is not None and _brace_depth(text, start, index) == 0 and not _in_math(text, start, index):
            parts.append(text[start:index])
            start = index = match.end()
            continue
        index += 2 if text[index] == "\\" else 1
    parts.append(text[start:])
    return parts


def _brace_depth(text: str, start: int, end: int) -> int:
    depth, index = 0, start
    while index < end:
        if text[index] == "\\":
            index += 2
            continue
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        index += 1
    return depth


def _in_math(text: str, start: int, end: int) -> bool:
    segment = re.sub(r"\\.", "", text[start:end])
    return segment.count("$") % 2 == 1
