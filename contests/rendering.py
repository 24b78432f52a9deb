"""A scoreboard row's cells as HTML: a pure function, run once when a row changes and stored with it,
so that a page of a thousand rows is a join of stored strings, not a template loop over cells."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from html import escape

from contests.formats.base import Cell


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0")


# Cells are kept short (a thousand rows of a dozen cells make the page): the minute and the tries,
# the class saying what they mean; the header's labels name the problems.
def _pass_fail_cell(cell: Cell, first: bool) -> str:
    if cell.solved:
        css = "solved first" if first else "solved"
        return f'<td class="{css}">{cell.minute}<small>{cell.judged}</small></td>'
    if cell.pending:
        return f'<td class="pending">{cell.judged}+{cell.pending}?</td>'
    if cell.judged:
        return f'<td class="rejected"><small>{cell.judged}</small></td>'
    return "<td></td>"


def _score_cell(cell: Cell) -> str:
    shown = _number(cell.score) if cell.judged else ""
    if cell.pending:
        return f'<td class="pending">{shown}<small>+{cell.pending}?</small></td>'
    if cell.judged:
        return f'<td class="{"scored" if cell.score else "rejected"}">{shown}</td>'
    return "<td></td>"


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
    mark = ' <span class="virtual">virtual</span>' if virtual else ""
    parts = [f'<td class="team"><span class="name">{escape(name)}</span>{mark}{org}{flag}</td>']
    parts.append(f'<td class="score">{_number(score)}</td><td class="penalty">{penalty}</td>')
    if scoring == "pass-fail":
        parts.extend(_pass_fail_cell(cell, cell.problem in first) for cell in cells)
    else:
        parts.extend(_score_cell(cell) for cell in cells)
    return "".join(parts)
