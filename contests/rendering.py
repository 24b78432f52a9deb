"""A scoreboard row's cells as HTML: a pure function, run once when a row changes and stored with it,
so that a page of a thousand rows is a join of stored strings, not a template loop over cells."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from html import escape

from contests.formats.base import Cell


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0")


def _pass_fail_cell(cell: Cell, first: bool) -> str:
    tries = cell.judged + cell.pending
    if cell.solved:
        css = "cell solved first" if first else "cell solved"
        title = "first to solve" if first else "solved"
        label = "try" if cell.judged == 1 else "tries"
        return (
            f'<td class="{css}" title="{title}"><span class="time">{cell.minute}</span>'
            f'<span class="tries">{cell.judged} {label}</span></td>'
        )
    if cell.pending:
        return (
            f'<td class="cell pending" title="{cell.pending} pending">'
            f'<span class="tries">{cell.judged} + {cell.pending}?</span></td>'
        )
    if tries:
        label = "try" if tries == 1 else "tries"
        return f'<td class="cell rejected"><span class="tries">{tries} {label}</span></td>'
    return '<td class="cell"></td>'


def _score_cell(cell: Cell) -> str:
    pending = f'<span class="tries">+{cell.pending}?</span>' if cell.pending else ""
    if cell.pending:
        css = "cell pending"
    elif cell.judged:
        css = "cell scored" if cell.score else "cell rejected"
    else:
        css = "cell"
    shown = _number(cell.score) if cell.judged else ""
    return f'<td class="{css}"><span class="points">{shown}</span>{pending}</td>'


def row_html(
    *,
    name: str,
    organization: str,
    country: str,
    virtual: bool,
    score: float,
    penalty: int,
    cells: Sequence[Cell],
    first: Collection[int],
    scoring: str,
) -> str:
    """Everything after the rank cell: team, score, time, then one cell per problem in order.
    `first`: the problems this team solved first."""
    org = f'<span class="org">{escape(organization)}</span>' if organization else ""
    flag = f' <abbr class="country">{escape(country)}</abbr>' if country else ""
    mark = ' <span class="virtual" title="virtual participant">virtual</span>' if virtual else ""
    parts = [f'<td class="team"><span class="name">{escape(name)}</span>{mark}{org}{flag}</td>']
    parts.append(f'<td class="score">{_number(score)}</td><td class="penalty">{penalty}</td>')
    if scoring == "pass-fail":
        parts.extend(_pass_fail_cell(cell, cell.problem in first) for cell in cells)
    else:
        parts.extend(_score_cell(cell) for cell in cells)
    return "".join(parts)
