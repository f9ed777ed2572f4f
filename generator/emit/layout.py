"""Python source laid out the way black leaves it, so black need not run over it.

`exploded` splits an expression that would not fit in black's 88 columns at its trailing
brackets, one item a line with a trailing comma (which black keeps as it is). `fits_black`
is the cheap check that a whole file has no line black would have to split.
"""

from __future__ import annotations

import io
import keyword
import tokenize

__all__ = ["LINE_LENGTH", "exploded", "fits_black"]

LINE_LENGTH = 88  # black's default
_OPEN = {"(": ")", "[": "]", "{": "}"}


def _width(line: str) -> int:
    """Columns a line takes for black; wide characters counted twice, to stay on the safe side."""
    return len(line) if line.isascii() else 2 * len(line)


def _trailing_group(text: str) -> tuple[str, str, list[str]] | None:
    """(head up to and with the opening bracket, closing bracket, items) of the bracket pair
    that ends `text`; None when `text` does not end in one, has unbalanced brackets, or holds
    a string with a bracket or comma in it that cannot be told apart cheaply."""
    if not text or text[-1] not in ")]}":
        return None
    depth = 0
    start = -1
    quote = ""
    i = 0
    starts: list[int] = []
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 2
                continue
            if char == quote:
                quote = ""
        elif char in "\"'":
            if text.startswith(char * 3, i):
                return None  # triple-quoted strings are left to black
            quote = char
        elif char in _OPEN:
            starts.append(i)
            depth += 1
        elif char in ")]}":
            if not starts:
                return None
            start = starts.pop()
            depth -= 1
            if _OPEN[text[start]] != char:
                return None
        i += 1
    if quote or depth or start < 0:
        return None
    # `start` is now the opening bracket matched last, which is the one closing at the end
    body = text[start + 1 : -1]
    items = _split_items(body)
    if items is None or not items:
        return None
    return text[: start + 1], text[-1], items


def _split_items(body: str) -> list[str] | None:
    items: list[str] = []
    depth = 0
    quote = ""
    begin = 0
    i = 0
    while i < len(body):
        char = body[i]
        if quote:
            if char == "\\":
                i += 2
                continue
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in _OPEN:
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(body[begin:i].strip())
            begin = i + 1
        i += 1
    last = body[begin:].strip()
    if last:
        items.append(last)
    if any(not item for item in items):
        return None
    return items


def exploded(text: str, indent: int, suffix: str = "") -> str:
    """`text` (one expression on one line, printed at column `indent` and followed by `suffix`)
    laid out as black lays it out: kept whole when it fits; else split at its trailing brackets,
    with the contents on one line when they fit, else one item a line with a trailing comma.
    Continuation lines carry their indentation; the first does not. What cannot be split (a long
    string) is left long, for `fits_black` to notice."""
    if indent + _width(text) + len(suffix) <= LINE_LENGTH:
        return text
    group = _trailing_group(text)
    if group is None:
        return text
    head, close, items = group
    body = text[len(head) : -1].strip()
    inner = " " * (indent + 4)
    end = "\n" + " " * indent + close
    if indent + 4 + _width(body) <= LINE_LENGTH or (body.endswith(",") and len(items) == 1):
        return head + "\n" + inner + body + end  # the one-item tuple keeps its comma
    if len(items) == 1:
        return head + "\n" + inner + exploded(items[0], indent + 4) + end
    lines = [inner + exploded(item, indent + 4, ",") + "," for item in items]
    return head + "\n" + "\n".join(lines) + end


def fits_black(text: str) -> bool:
    """Whether black would leave `text` as it is, judged cheaply and on the safe side: every line
    fits in 88 columns, or is inside or is a lone string (a docstring, an item of an exploded
    literal) black cannot split; every string literal is in black's form (prefix, quotes); the
    docstrings are what black makes of them. Tabs, carriage returns, form feeds and trailing
    blanks are refused outright."""
    if "\t" in text or "\r" in text or "\f" in text or not text.endswith("\n"):
        return False
    lines = text.split("\n")
    if any(line.endswith(" ") for line in lines):
        return False
    long = {n for n, line in enumerate(lines, 1) if _width(line) > LINE_LENGTH}
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    if not (_brackets_kept(tokens, lines) and _long_lines_unsplittable(tokens, long)):
        return False
    docstrings = _strings_in_form(tokens)
    return docstrings is not None and _docstrings_in_form(docstrings)


def _brackets_kept(tokens: list[tokenize.TokenInfo], lines: list[str]) -> bool:
    """Whether every bracket that spans lines is one black keeps open: it ends in a magic
    trailing comma (not the comma of a one-item tuple or subscript, which black may join), or
    holds one line that would not fit joined to its brackets' lines (black's right-hand split)."""
    stack: list[tuple[tokenize.TokenInfo, bool, int]] = []  # opener, bare, top-level commas
    previous: tokenize.TokenInfo | None = None
    last_significant: tokenize.TokenInfo | None = None
    for tok in tokens:
        if tok.type in (tokenize.NL, tokenize.COMMENT):
            continue
        if tok.type == tokenize.OP and tok.string in "([{":
            bare = tok.string != "{" and not (
                last_significant is not None
                and (
                    last_significant.type in (tokenize.NAME, tokenize.STRING)
                    and not keyword.iskeyword(last_significant.string)
                    or last_significant.string in (")", "]")
                )
            )
            stack.append((tok, bare or tok.string == "[", 0))
        elif tok.type == tokenize.OP and tok.string in ")]}":
            if not stack:
                return False
            opener, single_is_special, commas = stack.pop()
            if opener.start[0] != tok.start[0]:
                if previous is None or previous.string != ",":
                    if not _split_at_right(opener, tok, lines):
                        return False
                    previous = last_significant = tok
                    continue
                if single_is_special and commas == 1:
                    return False
        elif tok.type == tokenize.OP and tok.string == "," and stack:
            opener, special, commas = stack[-1]
            stack[-1] = (opener, special, commas + 1)
        previous = tok
        last_significant = tok
    return not stack


def _split_at_right(
    opener: tokenize.TokenInfo, closer: tokenize.TokenInfo, lines: list[str]
) -> bool:
    """`head(` / one line / `)` or `),` that would be too long as one line."""
    first, last = opener.start[0], closer.start[0]
    if last != first + 2 or opener.end[1] != len(lines[first - 1]):
        return False
    if lines[last - 1].strip() not in (closer.string, closer.string + ","):
        return False
    joined = lines[first - 1] + lines[first].strip() + lines[last - 1].strip()
    return _width(joined) > LINE_LENGTH


_STATEMENT_START = (tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE, tokenize.NL)


def _strings_in_form(tokens: list[tokenize.TokenInfo]) -> list[tuple[int, str]] | None:
    """The docstrings (depth, token), when every other string is in black's form; else None."""
    from black.strings import normalize_string_quotes

    docstrings: list[tuple[int, str]] = []
    depth = 0
    for index, tok in enumerate(tokens):
        if tok.type == tokenize.INDENT:
            depth += 1
        elif tok.type == tokenize.DEDENT:
            depth -= 1
        if tok.type != tokenize.STRING:
            if tokenize.tok_name[tok.type].startswith("FSTRING"):
                return None  # Python 3.12 tokenizes f-strings apart: left to black
            continue
        value = tok.string
        if value[:1] not in "\"'":
            return None  # a prefix (r, b, f, u): left to black
        before = tokens[index - 1].type if index else tokenize.NEWLINE
        after = tokens[index + 1].type if index + 1 < len(tokens) else tokenize.NEWLINE
        if before in _STATEMENT_START and after in (tokenize.NEWLINE, tokenize.ENDMARKER):
            docstrings.append((depth, value))
            continue
        if normalize_string_quotes(value) != value:
            return None
    return docstrings


def _docstrings_in_form(docstrings: list[tuple[int, str]]) -> bool:
    """Whether black leaves every docstring as it is: they are formatted once, together, each
    at its own depth in a skeleton module, and compared token by token."""
    if not docstrings:
        return True
    import black

    from .format import BLACK_MODE

    parts = []
    for depth, value in docstrings:
        head = "".join(f"{'    ' * level}class _:\n" for level in range(depth))
        parts.append(f"{head}{'    ' * depth}{value}\n")
    skeleton = "\n\n".join(parts)
    try:
        formatted = black.format_str(skeleton, mode=BLACK_MODE)
        tokens = tokenize.generate_tokens(io.StringIO(formatted).readline)
        after = [tok.string for tok in tokens if tok.type == tokenize.STRING]
    except Exception:  # noqa: BLE001 - anything odd: let black format the whole file
        return False
    return after == [value for _, value in docstrings]


def _long_lines_unsplittable(tokens: list[tokenize.TokenInfo], long: set[int]) -> bool:
    if not long:
        return True
    allowed: set[int] = set()
    for index, token in enumerate(tokens):
        if token.type != tokenize.STRING:
            continue
        first, last = token.start[0], token.end[0]
        allowed.update(range(first + 1, last))  # inside a multi-line string
        before = tokens[index - 1] if index else None
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        alone_before = before is None or before.type in _STATEMENT_START
        alone_before = alone_before or (before is not None and before.end[0] < first)
        if not alone_before:
            continue
        if (
            after is None
            or after.start[0] > last
            or after.type
            in (
                tokenize.NEWLINE,
                tokenize.NL,
            )
        ):
            allowed.update((first, last))
        elif after.string == "," and after.start[0] == last:
            following = tokens[index + 2] if index + 2 < len(tokens) else None
            if following is None or following.start[0] > last or following.type == tokenize.NL:
                allowed.update((first, last))
    return long <= allowed
