"""The English catalogue is complete: every entry translated, none fuzzy, and every msgid the
code uses is in it (a string added without ``makemessages`` would show Dutch on English pages)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


def parse_po(path: Path) -> list[dict]:
    """Entries as dicts: ``flags``, ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr``
    (a list: one item, or one per plural form)."""
    entries: list[dict] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": []}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if key == "msgstr":
                    entry["msgstr"][-1] += _unquote(line)
                elif key:
                    entry[key] += _unquote(line)
            else:
                word = line.split(" ", 1)[0]
                key = "msgstr" if word.startswith("msgstr") else word
                if key == "msgstr":
                    entry["msgstr"].append(_unquote(line))
                else:
                    entry[key] = _unquote(line)
        if "msgid" in entry:
            entries.append(entry)
    return entries


def _key(entry: dict) -> tuple[str | None, str]:
    return entry["msgctxt"], entry["msgid"]


def test_every_english_entry_is_translated_and_not_fuzzy():
    bad = [
        e["msgid"]
        for e in parse_po(CATALOGUE)
        if e["msgid"] and ("fuzzy" in e["flags"] or not all(e["msgstr"]))
    ]
    assert not bad, f"{len(bad)} untranslated or fuzzy entries in locale/en, first: {bad[:5]}"


def test_the_header_is_not_fuzzy():
    header = next(e for e in parse_po(CATALOGUE) if e["msgid"] == "")
    assert "fuzzy" not in header["flags"]


def test_translations_keep_every_placeholder():
    wrong = []
    for e in parse_po(CATALOGUE):
        if not e["msgid"]:
            continue
        wanted = set(PLACEHOLDER.findall(e["msgid"] + (e["msgid_plural"] or "")))
        for text in e["msgstr"]:
            if set(PLACEHOLDER.findall(text)) - wanted or (
                len(e["msgstr"]) == 1 and set(PLACEHOLDER.findall(text)) != wanted
            ):
                wrong.append(e["msgid"])
    assert not wrong, wrong[:5]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext (xgettext) not installed")
def test_every_msgid_in_the_code_is_in_the_english_catalogue(tmp_path):
    # makemessages writes into LOCALE_PATHS; run it on a copy of the project's sources.
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(
        ".venv", "node_modules", "__pycache__", "*.pyc", ".git", "var", "staticfiles", "*.sqlite3*"
    )
    shutil.copytree(ROOT, copy, ignore=ignore)
    shutil.rmtree(copy / "locale")
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--ignore", "tests"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    used = {_key(e) for e in parse_po(copy / "locale/en/LC_MESSAGES/django.po") if e["msgid"]}
    known = {_key(e) for e in parse_po(CATALOGUE) if e["msgid"]}
    missing = sorted(m for _ctx, m in used - known)
    assert not missing, (
        f"{len(missing)} msgids missing from locale/en (run makemessages and translate): "
        f"{missing[:5]}"
    )
