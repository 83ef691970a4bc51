"""A worker's error as the page shows it: what failed, in whole sentences, no traceback.

TensorFlow and Keras wrap their messages over several lines and pad them with where the
error happened: "Graph execution error:" then "Detected at node ... (most recent call
last):" and ``File "...", line N`` lines; AutoGraph's "in user code:" with the source and
the real error indented below; Keras's "Exception encountered when calling ..." with ANSI
bold and "Arguments received by ...:" bullets. The first line alone is often one of these
headers, or half a sentence. Here the headers and locations go, wrapped lines are joined,
and whole sentences are kept up to a bound.
"""

from __future__ import annotations

import re

MAX_CHARS = 400  # enough for two or three sentences; a page is not a log

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_NODE_MARKS = re.compile(
    r"\s*\[\[\{\{node [^}]*\}\}\]\]|\s*\[Op:[^\]]*\]( name: \S*)?|\{\{function_node [^}]*\}\}"
)
# Shape errors name the op as a graph node: "for '{{node MatMul}} = MatMul[T=...](a, b)'".
_NODE_DEFINITION = re.compile(r"'\{\{node ([^}]*)\}\} = [^']*'")
_HEADERS = re.compile(
    r"^(Graph execution error:|in user code:|Traceback \(most recent call last\):"
    r"|Exception encountered when calling .*|Detected at node .*)$"
)
_LOCATION = re.compile(r'^File ".*", line \d+')
_DETAIL_BLOCKS = re.compile(r"^(Arguments received by .*:|Call arguments received by .*:)$")
# AutoGraph puts the real error indented under the source: "    ValueError: Dimensions ..."
_INNER_ERROR = re.compile(r"^\s+([A-Z]\w*(?:Error|Exception)): (.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def readable_error(type_name: str, message: str, max_chars: int = MAX_CHARS) -> str:
    """``"Type: message"`` for the page, from an exception's type name and ``str()``."""
    name, text = type_name, _ANSI.sub("", message)
    for line in text.splitlines():
        inner = _INNER_ERROR.match(line)
        if inner and "in user code:" in text:  # the real error under AutoGraph's header
            name, text = inner.group(1), inner.group(2)
            break
    body = _bounded(" ".join(_paragraphs(text)), max_chars - len(name) - 2)
    return f"{name}: {body}" if body else name


def _paragraphs(text: str) -> list[str]:
    """The message's own words: wrapped lines joined, headers and locations left out."""
    kept, in_location, in_details = [], False, False
    text = _NODE_DEFINITION.sub(r"node \1", _NODE_MARKS.sub("", text))
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            in_location = in_details = False
            continue
        if _HEADERS.match(line):
            continue
        if _LOCATION.match(line):
            in_location = True  # the source lines printed under it go too
            continue
        if _DETAIL_BLOCKS.match(line):
            in_details = True
            continue
        if in_location or in_details or line.startswith("•"):
            continue
        kept.append(line)
    return kept


def _bounded(text: str, max_chars: int) -> str:
    """Whole sentences up to ``max_chars``; a first sentence longer than that is cut at a
    word and marked, never mid-word."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= max_chars:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        joined = f"{kept} {sentence}".strip()
        if len(joined) > max_chars:
            break
        kept = joined
    if kept:
        return kept
    cut = text[: max_chars - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
