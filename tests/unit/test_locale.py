"""Qt gets a UTF-8 locale even when the environment says plain C."""

from __future__ import annotations

import pytest

from footcoach.app import use_utf8_locale


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "C.UTF-8"),
        ({"LANG": "C"}, "C.UTF-8"),
        ({"LANG": "POSIX"}, "C.UTF-8"),
        ({"LANG": "de_DE.UTF-8"}, None),
        ({"LC_CTYPE": "en_GB.UTF-8"}, "en_GB.UTF-8"),
        ({"LC_ALL": "C"}, None),  # an explicit LC_ALL is the person's choice
    ],
)
def test_plain_c_locale_asks_for_utf8(environ: dict[str, str], expected: str | None) -> None:
    use_utf8_locale(environ)
    assert environ.get("LC_CTYPE") == expected
