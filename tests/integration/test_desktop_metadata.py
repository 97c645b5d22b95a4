"""The Linux desktop files: valid for the freedesktop tools, and one app id everywhere."""

from __future__ import annotations

import configparser
import re
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from footcoach import APP_ID, APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "assets" / "icons" / "hicolor"
RAW_URL = "https://raw.githubusercontent.com/footcoach/footcoach/main/"
# The app id is fixed by design (reverse DNS of the project's GitHub organisation, the app's
# name in CamelCase); AppStream's pedantic mode only suggests lower case.
ACCEPTED_PEDANTIC = {"cid-contains-uppercase-letter"}
# <developer id><name> is AppStream 1.0's replacement of <developer_name>; 0.16 (Debian 12)
# does not know it yet and says so as information, nothing more.
KNOWN_TO_1_0_ONLY = ("I", "unknown-tag", "developer")


def desktop_entry() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (bootstrap.py test installs it when run as root)")
    return path


def test_desktop_file_validate_passes_without_a_word() -> None:
    result = subprocess.run(
        [tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""


def test_appstreamcli_validate_pedantic_passes() -> None:
    result = subprocess.run(
        [tool("appstreamcli"), "validate", "--pedantic", "--no-net", "--no-color", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Validation was successful" in output, output
    issues = re.findall(r"^([EWIP]): \S+?:(?:\d+:)? (\S+) ?(\S*)", output, flags=re.MULTILINE)
    if appstream_version() < (1, 0):
        issues = [issue for issue in issues if issue != KNOWN_TO_1_0_ONLY]
    assert {tag for _kind, tag, _what in issues} <= ACCEPTED_PEDANTIC, output
    assert all(kind == "P" for kind, _tag, _what in issues), output


def appstream_version() -> tuple[int, ...]:
    result = subprocess.run(
        [tool("appstreamcli"), "--version"], capture_output=True, text=True, timeout=60
    )
    found = re.search(r"(\d+)\.(\d+)", result.stdout)
    assert found, result.stdout
    return tuple(int(part) for part in found.groups())


def test_the_developer_is_named_the_appstream_1_0_way() -> None:
    root = metainfo()
    assert root.find("developer_name") is None  # deprecated since AppStream 1.0
    developer = root.find("developer")
    assert developer is not None and developer.findtext("name") == "FootCoach contributors"
    # AppStream 1.0 wants a lower-case reverse-DNS id; ours is the app id's organisation part.
    assert developer.get("id") == APP_ID.rsplit(".", 1)[0] == "io.github.footcoach"


def test_one_app_id_everywhere() -> None:
    entry = desktop_entry()
    root = metainfo()
    assert DESKTOP.name == f"{APP_ID}.desktop"
    assert METAINFO.name == f"{APP_ID}.metainfo.xml"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert entry["Icon"] == APP_ID
    assert root.findtext("icon[@type='stock']") == APP_ID
    assert entry["Name"] == root.findtext("name") == APP_NAME
    # Qt's xcb WM_CLASS is (argv[0] base name, application name): the class names the app.
    assert entry["StartupWMClass"] == APP_NAME
    app_source = (ROOT / "footcoach" / "app.py").read_text(encoding="utf-8")
    assert "setDesktopFileName(APP_ID)" in app_source


def test_icons_exist_in_every_hicolor_size() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        icon = ICONS / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(icon) == (size, size), icon
    assert (ICONS / "scalable" / "apps" / f"{APP_ID}.svg").is_file()


def test_binary_and_command_agree_with_the_entry_point() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    root = metainfo()
    binaries = [node.text for node in root.iterfind("provides/binary")]
    assert binaries == list(scripts) == ["footcoach"]
    assert desktop_entry()["Exec"].split()[0] == "footcoach"


def test_release_is_the_current_version() -> None:
    releases = metainfo().findall("releases/release")
    assert releases, "no <release>"
    newest = releases[0]
    assert newest.get("version") == __version__
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", newest.get("date", ""))
    dates = [release.get("date", "") for release in releases]
    assert dates == sorted(dates, reverse=True), "releases go newest first"


def test_licences_match_the_project() -> None:
    root = metainfo()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert root.findtext("project_license") == project["license"] == "MIT"
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert (ROOT / "LICENSE").is_file()


def test_categories_and_keywords_agree() -> None:
    entry = desktop_entry()
    root = metainfo()
    categories = [c for c in entry["Categories"].split(";") if c]
    assert [node.text for node in root.iterfind("categories/category")] == categories
    keywords = {k for k in entry["Keywords"].split(";") if k}
    assert {node.text for node in root.iterfind("keywords/keyword")} <= keywords
    assert root.find("content_rating[@type='oars-1.1']") is not None


def test_screenshots_point_at_files_in_the_repo() -> None:
    images = metainfo().findall("screenshots/screenshot/image")
    assert images
    for image in images:
        url = image.text or ""
        assert url.startswith(RAW_URL + "docs/screenshots/"), url
        local = ROOT / url.removeprefix(RAW_URL)
        assert png_size(local) == (int(image.get("width", 0)), int(image.get("height", 0))), url


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR", f"{path} is no PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height
