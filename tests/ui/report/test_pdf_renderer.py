"""``ReportRenderer``'s page flow: a heading never ends a page, a table's header repeats."""

from __future__ import annotations

from footcoach.ui.report.pdf_renderer import ReportRenderer, _Block


def block(height: float, name: str, drawn: list[str]) -> _Block:
    return _Block(height, lambda _painter, _x, _y: drawn.append(name))


def names(pages: list[list[_Block]], drawn: list[str]) -> list[list[str]]:
    result = []
    for page in pages:
        drawn.clear()
        for item in page:
            item.draw(None, 0.0, 0.0)  # type: ignore[arg-type]
        result.append(list(drawn))
    return result


def test_a_table_continued_on_the_next_page_repeats_its_header() -> None:
    drawn: list[str] = []
    heading = block(10, "heading", drawn)
    heading.keep_with_next = True
    header = block(10, "header", drawn)
    header.keep_with_next = True
    rows = [block(30, f"row {i}", drawn) for i in range(4)]
    for row in rows:
        row.header = header
    pages = ReportRenderer._paginate([block(40, "chart", drawn), heading, header, *rows], 100)
    assert names(pages, drawn) == [
        ["chart", "heading", "header", "row 0"],
        ["header", "row 1", "row 2", "row 3"],
    ]


def test_a_heading_moves_to_the_next_page_with_what_follows_it() -> None:
    drawn: list[str] = []
    heading = block(10, "heading", drawn)
    heading.keep_with_next = True
    pages = ReportRenderer._paginate(
        [block(80, "chart", drawn), heading, block(20, "text", drawn)], 100
    )
    assert names(pages, drawn) == [["chart"], ["heading", "text"]]
