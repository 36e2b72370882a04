"""graph/pagination.py: pages sliced from a whole list walk it once, in order; cursors name their
list and are refused by any other; malformed cursors are refused."""

from __future__ import annotations

import pytest

from graph.errors import BadUserInput
from graph.pagination import Page, decode_after, decode_time_cursor, encode_cursor

ITEMS = [("b", 0.5), ("a", 0.5), ("c", 1.0), ("d", 0.25), ("e", 0.0)]


def by_fit(item: tuple[str, float]) -> tuple[float, str]:
    return -item[1], item[0]


def walk(items: list[tuple[str, float]], first: int) -> list[list[str]]:
    pages, after = [], None
    while True:
        page = Page.of_sorted(items, by_fit, "fits", first, after, float, str)
        assert page.total_count == len(items)
        pages.append([name for name, _ in page.items])
        if not page.has_next_page:
            return pages
        after = page.end_cursor


@pytest.mark.parametrize("first", [1, 2, 3, 5, 100])
def test_walking_the_pages_gives_every_item_once_in_order(first: int) -> None:
    pages = walk(ITEMS, first)
    assert [name for page in pages for name in page] == ["c", "a", "b", "d", "e"]
    assert all(len(page) == first for page in pages[:-1]) and pages[-1]


def test_an_empty_list_is_one_empty_page() -> None:
    page = Page.of_sorted([], by_fit, "fits", 10, None, float, str)
    assert (page.items, page.cursors, page.has_next_page, page.total_count) == ([], [], False, 0)
    assert page.end_cursor is None


def test_every_edge_cursor_resumes_after_its_item() -> None:
    whole = Page.of_sorted(ITEMS, by_fit, "fits", 5, None, float, str)
    for i, cursor in enumerate(whole.cursors):
        rest = Page.of_sorted(ITEMS, by_fit, "fits", 5, cursor, float, str)
        assert rest.items == whole.items[i + 1 :]


def test_a_cursor_of_another_list_or_malformed_is_refused() -> None:
    other = Page.of_sorted(ITEMS, by_fit, "others", 1, None, float, str).end_cursor
    for bad in (other, "nope", "", encode_cursor("fits", "x", "a"), encode_cursor("fits", 1.0)):
        with pytest.raises(BadUserInput):
            Page.of_sorted(ITEMS, by_fit, "fits", 1, bad, float, str)
    assert decode_after(encode_cursor("fits", -1, "a"), "fits", float, str) == (-1.0, "a")
    with pytest.raises(BadUserInput):
        decode_after(encode_cursor("fits", True, "a"), "fits", float, str)


def test_time_cursors_name_their_list_and_stay_in_range() -> None:
    assert decode_time_cursor(encode_cursor("log", 10, 5, "x"), "log") == (10, 5, "x")
    assert decode_time_cursor(None, "log") is None
    for bad in (
        encode_cursor("other", 10, 5, "x"),
        encode_cursor("log", 10, 10**9, "x"),
        encode_cursor("log", 10**12, 0, "x"),
    ):
        with pytest.raises(BadUserInput):
            decode_time_cursor(bad, "log")


def test_a_head_page_counts_the_whole_list() -> None:
    """A service that read only the head (one more than `first`) gives the list's length."""
    page = Page.of_sorted(ITEMS[:3], by_fit, "fits", 2, None, float, str, total=40)
    assert page.total_count == 40 and page.has_next_page and len(page.items) == 2
