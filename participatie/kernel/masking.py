"""BSN masking: the one place that knows what a BSN looks like in text and how one is shown.

Logs leave the municipality's control (log shippers, support tickets), so a BSN must never reach
them; ``config.logging`` applies :func:`mask_value` to every log line as a safety net. Read
events keep a masked path (:func:`mask_text`), and pages that may not show the full number show
:func:`mask_bsn`.
"""

from __future__ import annotations

import re
from typing import Any

REDACTED = "[REDACTED]"

# Nine digits not embedded in a longer number, also written as 1234.56.789 or 1234 56 789. Every
# such run is masked, whether or not it passes the BSN eleven-test: a mistyped BSN is personal
# data too, and a false positive costs only a less readable log line.
BSN_PATTERN = re.compile(r"(?<!\d)(?:\d{9}|\d{4}([ .])\d{2}\1\d{3})(?!\d)")
# A path followed by a query string: "/dordrecht/deelnemers?q=Jansen" or a full URL. The query
# runs to the next white space, quote or fragment; an apostrophe belongs to it ("?q=O'Brien"), so
# in a quoted repr the closing quote goes too, which only hides a little more.
_QUERY_STRING = re.compile(r"(/[^\s?#\"]*)\?[^\s#\"]+")
# A query string without its path ("?q=Jansen" in a message): a "?" right before "name=".
_BARE_QUERY = re.compile(r"\?(?=[\w.%\[\]-]+=)[^\s#\"]+")
# Request ids are ours (uuid hex) or the caller's X-Request-ID: a hex id can hold nine digits in a
# row by chance, so only an id that is nothing but a BSN is masked there.
_WHOLE_BSN = re.compile(r"^\s*(?:\d{9}|\d{4}([ .])\d{2}\1\d{3})\s*$")


def mask_bsn(bsn: str) -> str:
    """The BSN as a page shows it to someone who may not see all of it: the last four digits."""
    return f"*****{bsn[-4:]}" if bsn else ""


def is_whole_bsn(text: str) -> bool:
    """``text`` is nothing but something that looks like a BSN."""
    return bool(_WHOLE_BSN.match(text))


def mask_text(text: str) -> str:
    """``text`` without query strings and without anything that looks like a BSN."""
    without_queries = _BARE_QUERY.sub(f"?{REDACTED}", _QUERY_STRING.sub(rf"\1?{REDACTED}", text))
    return BSN_PATTERN.sub(REDACTED, without_queries)


def mask_value(value: Any) -> Any:
    """``value`` with :func:`mask_text` applied to every string in it (recursively through dicts,
    lists, tuples and sets); an integer that looks like a BSN becomes :data:`REDACTED`."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        return REDACTED if BSN_PATTERN.fullmatch(str(abs(value))) else value
    if isinstance(value, dict):
        return {key: mask_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [mask_value(item) for item in value]
        return items if isinstance(value, list) else tuple(items)
    # Objects (model instances, exceptions, ...) are rendered with repr(): mask that text, but
    # keep the object when there is nothing to mask so renderers show it as before.
    text = repr(value)
    masked = mask_text(text)
    return value if masked == text else masked
