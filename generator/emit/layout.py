"""Python source laid out the way black leaves it, so black need not run over it.

`exploded` splits an expression that would not fit in black's 88 columns at its trailing
brackets, one item a line with a trailing comma (which black keeps as it is). `fits_black`
is the cheap check that a whole file has no line black would have to split.
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
import io
import itertools
import keyword
import re
import tokenize
from pathlib import Path

__all__ = [
    "LINE_LENGTH",
    "annotated",
    "assigned",
    "exploded",
    "fits_black",
    "imported",
    "signature",
    "subscript_return",
    "tuple_source",
]

LINE_LENGTH = 88  # black's default
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {")", "]", "}"}


def _width(line: str) -> int:
    """Columns a line takes for black: black's own count (a character of its table of wide
    ones takes two columns, any other one), from that table read without importing black.
    Counting on the safe side instead would split what black joins."""
    if line.isascii():
        return len(line)
    table = _wide_characters()
    if table is None:  # black keeps its table elsewhere: ask black
        from black.strings import str_width

        return int(str_width(line))
    starts, ends, widths = table
    if max(line) < starts[0]:
        return len(line)  # no character as far as the first wide one
    total = 0
    for char in line:
        at = bisect.bisect_right(starts, char) - 1
        total += 1 if at < 0 or char > ends[at] else max(widths[at], 0)
    return total


@functools.cache
def _wide_characters() -> tuple[list[str], list[str], list[int]] | None:
    """black's table of character widths (first, last, columns), read from its module's file
    without importing black (a tenth of a second), or None when it is not where black 26
    keeps it."""
    found = importlib.util.find_spec("black")
    folders = list(found.submodule_search_locations or []) if found is not None else []
    for folder in folders:
        path = Path(folder) / "_width_table.py"
        spec = importlib.util.spec_from_file_location("leadgen._black_width_table", path)
        if spec is None or spec.loader is None or not path.is_file():
            continue
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        table = sorted(getattr(module, "WIDTH_TABLE", []))
        if table:
            return (
                [chr(first) for first, _, _ in table],
                [chr(last) for _, last, _ in table],
                [columns for _, _, columns in table],
            )
    return None


# A string literal (its escapes skipped), a quote that opens none (unterminated), a bracket.
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"|\'[^\'\\]*(?:\\.[^\'\\]*)*\'|["\']'
_SCANNED = re.compile(_STRING + r"|[()\[\]{},]", re.DOTALL)


Pair = tuple[int, int, int, bool]  # see _scan


def _scan(text: str) -> list[Pair] | None:
    """The bracket pairs of `text` as (open index, close index, top-level commas, whether a
    comma comes right before the close), in the order they close; None when the brackets do
    not balance or a string cannot be told apart cheaply. One pass over `text`."""
    scanned = _scan_commas(text)
    return None if scanned is None else scanned[0]


def _scan_commas(text: str) -> tuple[list[Pair], list[int]] | None:
    """`_scan`, and where the top-level commas of the pair that closes last are."""
    pairs: list[Pair] = []
    starts: list[list[int]] = []  # [open index, then where its top-level commas are]
    commas: list[int] = []
    for match in _SCANNED.finditer(text):
        i = match.start()
        char = text[i]
        if char == ",":
            if starts:
                starts[-1].append(i)
        elif char in _OPEN:
            starts.append([i])
        elif char in _CLOSE:
            if not starts or _OPEN[text[starts[-1][0]]] != char:
                return None
            start, *commas = starts.pop()
            before = i - 1
            while text[before] == " ":  # the opening bracket stops the walk
                before -= 1
            pairs.append((start, i, len(commas), text[before] == ","))
        elif match.end() - i == 1 or text.startswith(char * 3, i):
            return None  # an unterminated string; triple-quoted strings are left to black
    if starts:
        return None
    return pairs, commas


def _is_atom(text: str, start: int) -> bool:
    """Whether the bracket at `start` opens a literal (tuple, list, dict, set), not a call's
    arguments or a subscript."""
    if text[start] == "{":
        return True
    end = start
    while end > 0 and text[end - 1] == " ":
        end -= 1
    if end == 0:
        return True
    before = text[end - 1]
    if before in ")]\"'":
        return False
    if not (before.isalnum() or before == "_"):
        return True
    begin = end - 1
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
        begin -= 1
    return keyword.iskeyword(text[begin:end])  # `return (`, `in [`: a literal


def _has_magic_comma(text: str, pairs: list[tuple[int, int, int, bool]]) -> bool:
    """Whether a bracket of `text` closes right after a comma black keeps (all but the comma
    of a one-item tuple)."""
    for start, _, commas, comma_last in pairs:
        if comma_last and not (text[start] == "(" and commas == 1 and _is_atom(text, start)):
            return True
    return False


Group = tuple[str, str, list[str], bool, bool]  # see _trailing_group


def _trailing_group(text: str) -> Group | None:
    """(head up to and with the opening bracket, closing bracket, items, whether the bracket
    opens a literal, whether the text holds a magic trailing comma) of the bracket pair that
    ends `text`; None when `text` does not end in one, has unbalanced brackets, or holds a
    string with a bracket or comma in it that cannot be told apart cheaply."""
    found = _group_and_pairs(text)
    return None if found is None else found[0]


def _group_and_pairs(text: str) -> tuple[Group, list[Pair]] | None:
    """`_trailing_group`, and the bracket pairs of `text` (see `_scan`)."""
    if not text or text[-1] not in ")]}":
        return None
    scanned = _scan_commas(text)
    if scanned is None or not scanned[0] or scanned[0][-1][1] != len(text) - 1:
        return None
    pairs, commas = scanned
    start = pairs[-1][0]
    items = _split_items(text, [start, *commas, len(text) - 1])
    if items is None or not items:
        return None
    group = text[: start + 1], text[-1], items, _is_atom(text, start), _has_magic_comma(text, pairs)
    return group, pairs


def _split_items(text: str, cuts: list[int]) -> list[str] | None:
    """The items of `text` between the `cuts` (its bracket, top-level commas, closing bracket),
    a trailing comma ending the last; None when one is empty."""
    items = [text[begin + 1 : end].strip() for begin, end in itertools.pairwise(cuts)]
    if items[-1] == "":
        items.pop()
    if any(not item for item in items):
        return None
    return items


@functools.lru_cache(maxsize=1 << 16)
def exploded(text: str, indent: int, suffix: str = "") -> str:
    """`text` (one expression or statement on one line, printed at column `indent` and followed
    by `suffix`) laid out as black lays it out: kept whole when it fits and holds no magic
    trailing comma; else split at its trailing brackets. The contents then stay on one line when
    they fit (and are not the items of a literal, or end in a magic comma), else go one item a
    line with a trailing comma. Continuation lines carry their indentation; the first does not.
    What cannot be split (a long string) is left long, for `fits_black` to notice.

    An assignment of a call whose first line would still not fit (`name = function(`) goes
    in parentheses instead, as black's second try does, when every line then fits."""
    laid = _at_brackets(text, indent, suffix)
    first, newline, rest = laid.partition("\n")
    if newline and indent + _width(first) > LINE_LENGTH and rest.rpartition("\n")[0][-1:] == ",":
        head = _annotation_split(first, indent)
        if head is not None:
            return head + newline + rest
    assigned = _ASSIGNED_CALL.fullmatch(text)
    if assigned is None or suffix or indent + _width(laid.split("\n", 1)[0]) <= LINE_LENGTH:
        return laid
    call = _trailing_group(assigned[2])
    if "\n" not in laid or call is None or not _DOTTED.fullmatch(call[0][:-1]):
        return laid
    inner = exploded(assigned[2], indent + 4)
    wrapped = f"{assigned[1]} = (\n{' ' * (indent + 4)}{inner}\n{' ' * indent})"
    rows = wrapped.split("\n")
    if indent + _width(rows[0]) <= LINE_LENGTH and all(_width(r) <= LINE_LENGTH for r in rows[1:]):
        return wrapped
    return laid


_COMMA_BEFORE_CLOSE = re.compile(r", *[)\]}]")
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)*")
_ASSIGNED_CALL = re.compile(r"([A-Za-z_][A-Za-z_0-9.]*) = ([A-Za-z_][A-Za-z_0-9.]*\(.*\))")


_ANNOTATED_LITERAL = re.compile(
    r"([A-Za-z_][A-Za-z_0-9]*): ([A-Za-z_][A-Za-z_0-9.]*)\[([^|]+)\] = ([\[{])"
)


def _annotation_split(first: str, indent: int) -> str | None:
    """`name: T[...] = {` (the first line of a literal split one item a line, with a magic
    trailing comma) that does not fit, as black writes it: split at the annotation's bracket
    when `name: T[` fits (or `name: (` does not), else the annotation in parentheses when it
    fits there (black's second try); None for any other line."""
    match = _ANNOTATED_LITERAL.fullmatch(first)
    if match is None:
        return None
    name, hint, inner, opening = match.groups()
    pad, inner_pad = " " * indent, " " * (indent + 4)
    wrapped = f"{name}: ("
    if indent + _width(f"{name}: {hint}[") <= LINE_LENGTH or _width(wrapped) > LINE_LENGTH - indent:
        if inner.endswith(",") or indent + 4 + _width(inner) > LINE_LENGTH:
            return None
        return f"{name}: {hint}[\n{inner_pad}{inner}\n{pad}] = {opening}"
    if indent + 4 + _width(f"{hint}[{inner}]") > LINE_LENGTH:
        return None
    return f"{wrapped}\n{inner_pad}{hint}[{inner}]\n{pad}) = {opening}"


def _at_brackets(text: str, indent: int, suffix: str = "") -> str:
    """`exploded` without the second try."""
    if suffix == "," and indent + _width(text) + 1 > LINE_LENGTH:
        members = _top_level(text, " | ")
        if len(members) > 1 and all(members):  # an item black splits at its `|`, one a line
            last = len(members) - 1
            lines = [
                exploded(m if n == 0 else "| " + m, indent, "," if n == last else "")
                for n, m in enumerate(members)
            ]
            return ("\n" + " " * indent).join(lines)
    fits = indent + _width(text) + len(suffix) <= LINE_LENGTH
    if fits and _COMMA_BEFORE_CLOSE.search(text) is None:
        return text  # no magic trailing comma either
    found = _group_and_pairs(text) if text[-1:] in ")]}" else None
    if found is None or fits and not found[0][4]:
        return text
    (head, close, items, atom, _), pairs = found
    body = text[len(head) : -1].strip()
    inner = " " * (indent + 4)
    end = "\n" + " " * indent + close
    trailing = body.endswith(",")
    one_tuple = trailing and len(items) == 1 and close == ")" and atom
    members = _top_level(items[0], " | ") if len(items) == 1 and close == "]" else []
    if (
        len(members) > 1
        and not (atom or trailing)
        and all(map(_is_type, members))
        and indent + 4 + _width(items[0]) > LINE_LENGTH
    ):  # a union in a subscript: one member a line, after `|`
        lines = [exploded(m if n == 0 else "| " + m, indent + 4) for n, m in enumerate(members)]
        return head + "".join("\n" + inner + line for line in lines) + end
    if len(items) == 1 and (not trailing or one_tuple):
        item = exploded(items[0], indent + 4, "," if trailing else "")
        return head + "\n" + inner + item + ("," if trailing else "") + end
    if (
        not (trailing or atom)
        and indent + 4 + _width(body) <= LINE_LENGTH
        and not _has_magic_comma(text, [pair for pair in pairs if pair[0] >= len(head)])
    ):  # the pairs inside the body: black's magic commas there keep it exploded
        return head + "\n" + inner + body + end
    lines = [inner + exploded(item, indent + 4, ",") + "," for item in items]
    return head + "\n" + "\n".join(lines) + end


def _top_level(text: str, separator: str) -> list[str]:
    """`text` cut at every `separator` outside brackets and strings (one pass)."""
    parts: list[str] = []
    depth = 0
    begin = 0
    for match in _cutter(separator).finditer(text):
        char = text[match.start()]
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth -= 1
        elif char in "\"'":
            if match.end() - match.start() == 1:
                break  # an unterminated string runs to the end
        elif depth == 0:
            parts.append(text[begin : match.start()])
            begin = match.end()
    parts.append(text[begin:])
    return parts


@functools.cache
def _cutter(separator: str) -> re.Pattern[str]:
    """What `_top_level` looks at: strings, brackets and `separator`."""
    return re.compile(_STRING + r"|[()\[\]{}]|" + re.escape(separator), re.DOTALL)


_SIMPLE_DEFAULT = re.compile(r"[A-Za-z_][A-Za-z_0-9]*|-?[0-9]+")


def annotated(text: str, indent: int, suffix: str = "") -> str:
    """`name: T` or `name: T = default` (a class attribute; a parameter when `suffix` is its
    comma) printed at column `indent`, as black lays it out when it does not fit: a union goes
    in parentheses, on one line when it fits there, else one member a line, each led by `|`;
    a lone subscript splits at its brackets; a class attribute whose line up to ` = (` fits
    splits at its default instead. Shapes black treats otherwise (a lone name, a union ending
    in a bracket, a default that is not a name or a number) are left long, for `fits_black`
    to refuse."""
    if indent + _width(text) + len(suffix) <= LINE_LENGTH or "\n" in text:
        return text
    name, colon, rest = text.partition(": ")
    parts = _top_level(rest, " = ")
    if not (colon and name.isidentifier() and len(parts) <= 2):
        return text
    hint, default = parts[0], parts[1] if len(parts) == 2 else ""
    tail = f" = {default}" if default else ""
    if default and not _SIMPLE_DEFAULT.fullmatch(default):
        return text
    if default and suffix != "," and indent + _width(f"{name}: {hint} = (") <= LINE_LENGTH:
        return f"{name}: {hint} = (\n{' ' * (indent + 4)}{default}\n{' ' * indent})"
    members = _top_level(hint, " | ")
    if len(members) == 1:
        alone = hint.isidentifier() and not default and not suffix  # a class attribute
        if alone and indent + 4 + _width(hint) <= LINE_LENGTH:
            return f"{name}: (\n{' ' * (indent + 4)}{hint}\n{' ' * indent})"
        if hint[-1:] not in ")]}":
            return text
        return exploded(f"{name}: {hint}", indent, tail + suffix) + tail
    inner = indent + 4
    if inner + _width(hint) <= LINE_LENGTH:
        lines = [hint]
    else:
        lines = [exploded(m if n == 0 else "| " + m, inner) for n, m in enumerate(members)]
    body = "".join("\n" + " " * inner + line for line in lines)
    return f"{name}: ({body}\n{' ' * indent}){tail}"


_TYPE_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9.]*")


def _is_type(text: str) -> bool:
    """Whether `text` is a name or a subscripted name (`Literal[...]`, `list[...]`)."""
    if _TYPE_NAME.fullmatch(text):
        return True
    group = _trailing_group(text) if text.endswith("]") else None
    return group is not None and bool(_TYPE_NAME.fullmatch(group[0][:-1]))


def imported(names: list[str], module: str, indent: int = 0) -> str:
    """`from module import names` at column `indent`, as black writes it: one line when it fits,
    else in brackets, one name a line with a trailing comma."""
    line = f"from {module} import {', '.join(names)}"
    if indent + _width(line) <= LINE_LENGTH:
        return line
    inner = "\n" + " " * (indent + 4)
    return (
        f"from {module} import ("
        + "".join(inner + name + "," for name in names)
        + "\n"
        + " " * indent
        + ")"
    )


def signature(params: list[str], head: str, tail: str, indent: int = 0) -> str:
    """`head(params)tail` (a `def` line: `tail` is `) -> T:` less its bracket) as black writes
    it: one line when it fits, else the parameters on their own line when they fit there, else
    one a line with a trailing comma."""
    body = ", ".join(params)
    line = f"{head}({body}){tail}"
    if indent + _width(line) <= LINE_LENGTH:
        return line
    inner = "\n" + " " * (indent + 4)
    end = "\n" + " " * indent + ")" + tail
    if indent + 4 + _width(body) <= LINE_LENGTH and len(params) > 1:
        return head + "(" + inner + body + end
    return head + "(" + "".join(inner + param + "," for param in params) + end


def subscript_return(items: list[str], generic: str, indent: int) -> str:
    """`) -> generic[items]:`, the last line of a `def` whose parameters are exploded, as black
    writes it: too long, it splits inside the subscript, the items on one line when they fit
    there, else one a line with a trailing comma (one item too long stays as it is)."""
    body = ", ".join(items)
    line = f") -> {generic}[{body}]:"
    if indent + _width(line) <= LINE_LENGTH:
        return line
    pad = " " * indent
    if indent + 4 + _width(body) <= LINE_LENGTH:
        return f") -> {generic}[\n{pad}    {body}\n{pad}]:"
    if len(items) == 1:  # black splits it all the same
        return f") -> {generic}[\n{pad}    {body}\n{pad}]:"
    return f") -> {generic}[" + "".join(f"\n{pad}    {item}," for item in items) + f"\n{pad}]:"


def assigned(head: str, atom: str, indent: int = 0) -> str:
    """`head`, an annotated assignment's `name: T = `, then `atom` (a string literal, a name) as
    black writes it: too long for its line, the atom goes between parentheses on a line of its
    own (even when it does not fit there either)."""
    line = head + atom
    if indent + _width(line) <= LINE_LENGTH:
        return line
    pad = " " * indent
    return f"{head}(\n{pad}    {atom}\n{pad})"


def tuple_source(items: list[str]) -> str:
    """A tuple of `items` (source texts): `()`, `(a,)`, or `(a, b,)` with the magic trailing
    comma that has black (and `exploded`) give each item its own line."""
    return "(" + ", ".join(items) + ("," if items else "") + ")"


def fits_black(text: str) -> bool:
    """Whether black would leave `text` as it is, judged cheaply and on the safe side: every line
    fits in 88 columns, or is inside or is a lone string (a docstring, an item of an exploded
    literal) black cannot split; every string literal is in black's form (prefix, quotes); the
    docstrings are what black makes of them. Carriage returns, form feeds, trailing blanks and
    tabs outside string literals are refused outright."""
    if "\r" in text or "\f" in text or not text.endswith("\n"):
        return False
    lines = text.split("\n")
    if any(line.endswith(" ") for line in lines):
        return False
    long = {n for n, line in enumerate(lines, 1) if _width(line) > LINE_LENGTH}
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    if "\t" in text and text.count("\t") != sum(
        tok.string.count("\t") for tok in tokens if tok.type == tokenize.STRING
    ):
        return False  # black keeps a tab only inside a string (the docstring check sees those)
    if not (_brackets_kept(tokens, lines) and _long_lines_unsplittable(tokens, long)):
        return False
    docstrings = _strings_in_form(tokens)
    return docstrings is not None and _docstrings_in_form(docstrings)


def _brackets_kept(tokens: list[tokenize.TokenInfo], lines: list[str]) -> bool:
    """Whether every bracket that spans lines is one black keeps open: it ends in a magic
    trailing comma (not the comma of a one-item tuple or subscript, which black may join), or
    holds one line that would not fit joined to its brackets' lines (black's right-hand split)."""
    stack: list[tuple[tokenize.TokenInfo, bool, int, int]] = []  # opener, bare, commas, index
    pairs = _bracket_pairs(tokens)
    exploding: set[tuple[int, int]] = set()  # where brackets black must split close
    previous: tokenize.TokenInfo | None = None
    last_significant: tokenize.TokenInfo | None = None
    for index, tok in enumerate(tokens):
        if tok.type in (tokenize.NL, tokenize.COMMENT):
            continue
        if previous is not None and previous.end[0] == tok.start[0] and _bad_gap(previous, tok):
            return False
        if tok.type == tokenize.OP and tok.string in "([{":
            bare = tok.string != "{" and not (
                last_significant is not None
                and (
                    last_significant.type in (tokenize.NAME, tokenize.STRING)
                    and not keyword.iskeyword(last_significant.string)
                    or last_significant.string in (")", "]")
                )
            )
            # a one-item tuple's comma, or a one-item subscript's, is not magic; a list's is
            special = bare if tok.string == "(" else tok.string == "[" and not bare
            stack.append((tok, special, 0, index))
        elif tok.type == tokenize.OP and tok.string in ")]}":
            if not stack:
                return False
            opener, single_is_special, commas, start = stack.pop()
            one_line = opener.start[0] == tok.start[0]
            comma_last = previous is not None and previous.string == ","
            if one_line and comma_last and not (single_is_special and commas == 1):
                return False  # a magic trailing comma on one line: black explodes it
            if opener.start[0] != tok.start[0]:
                if opener.string == "(" and _annotation_opener(opener, lines):
                    if not (
                        _union_kept(tokens[start + 1 : index], opener, tok, lines)
                        or not stack
                        and _annotation_before_literal(opener, tok, lines, pairs)
                    ):
                        return False
                    previous = last_significant = tok
                    continue
                if previous is None or previous.string != ",":
                    tail = lines[tok.start[0] - 1].strip()
                    if not commas and _def_tail(opener, tail, lines):
                        return False  # one parameter: black adds a trailing comma
                    if single_is_special and not _string_kept_wrapped(
                        tokens[start + 1 : index], opener, lines
                    ):
                        return False
                    if not (
                        _joined_too_long(opener, tok, lines)
                        or not stack
                        and _annotation_before_literal(opener, tok, lines, pairs)
                    ):
                        if not (
                            stack
                            and not single_is_special
                            and _holds_exploding(opener, tok, lines, pairs, exploding)
                        ):
                            return False
                        exploding.add(tok.start)
                    if tok.start[0] > opener.start[0] + 2 and (
                        commas or not _one_item_between(opener, tok, lines, pairs)
                    ):
                        if (
                            opener.string == "("
                            and not commas
                            and _ternary_between(opener, tok, lines)
                        ):
                            previous = last_significant = tok
                            continue
                        if opener.string != "[" or commas or not single_is_special:
                            return False
                        if _union_body(tokens[start + 1 : index], opener, tok, lines) is None:
                            return False
                    previous = last_significant = tok
                    continue
                if single_is_special and commas == 1:
                    if opener.string != "(" or not (  # too long joined, or its item exploded
                        _joined_too_long(opener, tok, lines)
                        or _one_item_between(opener, tok, lines, pairs)
                    ):
                        return False
                else:
                    exploding.add(tok.start)  # a magic trailing comma
        elif tok.type == tokenize.OP and tok.string == "," and stack:
            opener, special, commas, start = stack[-1]
            stack[-1] = (opener, special, commas + 1, start)
        previous = tok
        last_significant = tok
    return not stack


_ANNOTATED_VALUE = re.compile(r" *[A-Za-z_][A-Za-z_0-9]*: [A-Za-z_][A-Za-z_0-9.]* = \(")


def _string_kept_wrapped(
    body: list[tokenize.TokenInfo], opener: tokenize.TokenInfo, lines: list[str]
) -> bool:
    """False for parentheses around a lone string that black takes away (`x = (` / a string
    too long for any line / `)`: black leaves `x = "..."` long); black keeps them after an
    annotation, `name: T = (`."""
    lone = [t for t in body if t.type not in (tokenize.NL, tokenize.COMMENT)]
    if len(lone) != 1 or lone[0].type != tokenize.STRING:
        return True
    return bool(_ANNOTATED_VALUE.fullmatch(lines[opener.start[0] - 1]))


_LITERAL_TAIL = re.compile(r"[)\]] = [\[{]")


def _annotation_before_literal(
    opener: tokenize.TokenInfo,
    closer: tokenize.TokenInfo,
    lines: list[str],
    pairs: dict[tuple[int, int], tuple[int, int]],
) -> bool:
    """`name: T[` / one line / `] = {`, or `name: (` / `T[...]` / `) = {`: the annotation of an
    assignment whose value (a list or dict literal) ends in a magic trailing comma, split as
    black splits the line up to the value's bracket when it does not fit joined: at the
    annotation's bracket when `name: T[` fits, else in parentheses (black's second try)."""
    first, last = opener.start[0], closer.start[0]
    head, tail = lines[first - 1], lines[last - 1]
    if last != first + 2 or opener.end[1] != len(head):
        return False
    if not _LITERAL_TAIL.fullmatch(tail.lstrip()):
        return False
    if not _annotation_opener(opener, lines):
        return False
    end = pairs.get((last, len(tail) - 1))
    indent = len(head) - len(head.lstrip())
    if end is None or end[1] != indent or not lines[end[0] - 2].endswith(","):
        return False
    body, tail = lines[first].strip(), tail.lstrip()
    joined = head + body + tail if opener.string == "[" else head[:-1] + body + tail[1:]
    if _width(joined) <= LINE_LENGTH:
        return False  # black joins it
    if opener.string == "[":
        return True  # a line too long after `name: T[` is refused on its own
    hint = _SUBSCRIPTED.match(body)
    return (
        hint is not None
        and body[hint.end() : hint.end() + 1] == "["
        and body.endswith("]")
        and _width(head[:-1] + body[: hint.end() + 1]) > LINE_LENGTH
    )


_ITEM_HEAD = re.compile(
    r' *(?:"[^"\\]*": |[A-Za-z_][A-Za-z_0-9]*=)?(?:[A-Za-z_][A-Za-z_0-9.]*)?[(\[{]'
)


def _holds_exploding(
    opener: tokenize.TokenInfo,
    closer: tokenize.TokenInfo,
    lines: list[str],
    pairs: dict[tuple[int, int], tuple[int, int]],
    exploding: set[tuple[int, int]],
) -> bool:
    """`name(`, `[` or `{` / one item ending in a bracket black must split (it ends in a magic
    trailing comma, or holds such a bracket alone) / its closing bracket (and a comma): black
    splits at the outer bracket too, whatever the length."""
    if opener.end[1] != len(lines[opener.start[0] - 1]):
        return False
    if lines[closer.start[0] - 1].strip() not in (closer.string, closer.string + ","):
        return False
    if closer.start[0] - opener.start[0] < 3 or not _one_item_between(opener, closer, lines, pairs):
        return False
    if not _ITEM_HEAD.fullmatch(lines[opener.start[0]]):
        return False  # a delimiter before the inner bracket: black may split there first
    inner = lines[closer.start[0] - 2]
    return (closer.start[0] - 1, len(inner) - len(inner.lstrip())) in exploding


def _joined_too_long(
    opener: tokenize.TokenInfo, closer: tokenize.TokenInfo, lines: list[str]
) -> bool:
    """`head(` / lines / `)` or `),` that black cannot join (its right-hand split), nor
    `head(item,)`, a one-item tuple: the lines stripped and put together (no longer than black's
    joined line, which adds spaces) do not fit."""
    first, last = opener.start[0], closer.start[0]
    if opener.end[1] != len(lines[first - 1]):
        return False
    tail = lines[last - 1].strip()
    if tail not in (closer.string, closer.string + ",") and not (
        _def_tail(opener, tail, lines)
        or _class_tail(opener, tail, lines)
        or _return_tail(opener, tail, lines)
        or _default_tail(opener, closer, tail, lines)
    ):
        return False
    joined = lines[first - 1] + "".join(line.strip() for line in lines[first : last - 1]) + tail
    return _width(joined) > LINE_LENGTH


_ANNOTATION_HEAD = re.compile(r" *[A-Za-z_][A-Za-z_0-9]*: ")
_SUBSCRIPTED = re.compile(r"[A-Za-z_][A-Za-z_0-9.]*")
_DEFAULT_TAIL = re.compile(r"[)\]}] = (?:[A-Za-z_][A-Za-z_0-9]*|-?[0-9]+),?")


def _annotation_opener(opener: tokenize.TokenInfo, lines: list[str]) -> bool:
    """Whether `opener` is the first bracket of a class attribute's or a parameter's
    annotation: its line is `name: ...(` up to it."""
    line = lines[opener.start[0] - 1]
    head = _ANNOTATION_HEAD.match(line)
    if head is None:
        return False
    between = line[head.end() : opener.start[1]]
    return not between if opener.string == "(" else bool(_SUBSCRIPTED.fullmatch(between))


def _default_tail(
    opener: tokenize.TokenInfo, closer: tokenize.TokenInfo, tail: str, lines: list[str]
) -> bool:
    """`] = default` (a comma after it in a parameter list) closing the annotation of
    `name: T[` ... ; a class attribute only when its line up to ` = (` would not fit joined
    (black splits at the default's invisible parentheses then)."""
    if not (_DEFAULT_TAIL.fullmatch(tail) and _annotation_opener(opener, lines)):
        return False
    if tail.endswith(","):
        return True
    first, last = opener.start[0], closer.start[0]
    joined = lines[first - 1] + "".join(line.strip() for line in lines[first : last - 1])
    return _width(joined + tail[0] + " = (") > LINE_LENGTH


def _union_kept(
    body: list[tokenize.TokenInfo],
    opener: tokenize.TokenInfo,
    closer: tokenize.TokenInfo,
    lines: list[str],
) -> bool:
    """Whether an annotation `name: (` / union / `)` (` = default`, `,`) is black's: a union of
    two or more members (see `_union_body`) that does not fit joined. A class attribute's line
    up to ` = (` must not fit joined either (black splits at the default then)."""
    first, last = opener.start[0], closer.start[0]
    tail = lines[last - 1].strip()
    if opener.end[1] != len(lines[first - 1]) or not (
        tail in (")", "),") or _DEFAULT_TAIL.fullmatch(tail) and tail[0] == ")"
    ):
        return False
    lone = [t for t in body if t.type != tokenize.NL]
    if tail == ")" and len(lone) == 1 and _is(lone[0], tokenize.NAME) and first + 2 == last:
        joined: str | None = lone[0].string  # `name: (` / a type name / `)`
    else:
        joined = _union_body(body, opener, closer, lines)
    if joined is None:
        return False
    head = lines[first - 1][:-1]
    if _width(head + joined + tail[1:]) <= LINE_LENGTH:
        return False
    if tail != ")" and not tail.endswith(","):
        return _width(head + joined + " = (") > LINE_LENGTH
    return True


_TYPE_TOKENS = {"|", ".", "[", "]"}


def _union_body(
    body: list[tokenize.TokenInfo],
    opener: tokenize.TokenInfo,
    closer: tokenize.TokenInfo,
    lines: list[str],
) -> str | None:
    """The body of a bracket joined on one line (spaces inside split members left out, so
    never longer than black's), when it is a union of two or more types (names, subscripts)
    laid out as black lays it out: on one line, or, when that does not fit, one member a line,
    each after the first led by `|`. None otherwise."""
    first, last = opener.start[0], closer.start[0]
    if any(t.type == tokenize.COMMENT for t in body):
        return None
    significant = [t for t in body if t.type != tokenize.NL]
    depth = 0
    members = 1
    row = first
    for tok in significant:
        starts_row = tok.start[0] != row
        row = tok.end[0]
        if depth == 0 and not (tok.type == tokenize.NAME or tok.string in _TYPE_TOKENS):
            return None
        if depth == 0 and tok.string == "|":
            members += 1
            if last - first > 2 and not starts_row:
                return None
        elif starts_row and depth == 0 and tok is not significant[0]:
            return None  # a line inside the body that neither starts a member nor closes one
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            depth -= 1
    if members < 2:
        return None
    inner = lines[first : last - 1]
    joined = "".join((" " if line.lstrip().startswith("| ") else "") + line.strip()
                     for line in inner).lstrip()  # fmt: skip
    indent = len(lines[first - 1]) - len(lines[first - 1].lstrip())
    if last - first > 2 and indent + 4 + _width(joined) <= LINE_LENGTH:
        return None
    return joined


def _class_tail(opener: tokenize.TokenInfo, tail: str, lines: list[str]) -> bool:
    """`):` closing the bases of a `class` line."""
    line = lines[opener.start[0] - 1]
    return (
        tail == "):" and line.lstrip().startswith("class ") and line.index("(") == opener.start[1]
    )


_RETURN_HEAD = re.compile(r" *\) -> [A-Za-z_][A-Za-z_0-9.]*\[")


def _return_tail(opener: tokenize.TokenInfo, tail: str, lines: list[str]) -> bool:
    """`]:` closing the subscript of a return annotation split on its own (`) -> T[`)."""
    line = lines[opener.start[0] - 1]
    return tail == "]:" and _RETURN_HEAD.fullmatch(line) is not None


def _bad_gap(before: tokenize.TokenInfo, after: tokenize.TokenInfo) -> bool:
    """A blank black never leaves: after an opening bracket, before a closing one or a comma."""
    if before.end[1] == after.start[1]:
        return False
    return (before.type == tokenize.OP and before.string in "([{") or (
        after.type == tokenize.OP and after.string in ")]},"
    )


def _bracket_pairs(tokens: list[tokenize.TokenInfo]) -> dict[tuple[int, int], tuple[int, int]]:
    """Where each bracket closes, by where it opens."""
    pairs: dict[tuple[int, int], tuple[int, int]] = {}
    starts: list[tuple[int, int]] = []
    for tok in tokens:
        if tok.type == tokenize.OP and tok.string in "([{":
            starts.append(tok.start)
        elif tok.type == tokenize.OP and tok.string in ")]}" and starts:
            pairs[starts.pop()] = tok.start
    return pairs


def _one_item_between(
    opener: tokenize.TokenInfo,
    closer: tokenize.TokenInfo,
    lines: list[str],
    pairs: dict[tuple[int, int], tuple[int, int]],
) -> bool:
    """Whether the lines between `opener` and `closer` hold one expression split at its own
    trailing bracket: its first line ends in a bracket that closes first thing on the last."""
    first, last = opener.start[0] + 1, closer.start[0] - 1
    body_start = lines[first - 1].rstrip()
    if not body_start or body_start[-1] not in "([{":
        return False
    end = pairs.get((first, len(body_start) - 1))
    last_line = lines[last - 1]
    return end == (last, len(last_line) - len(last_line.lstrip()))


def _def_tail(opener: tokenize.TokenInfo, tail: str, lines: list[str]) -> bool:
    """`) -> T:` closing the parameters of a `def` line (black splits a def at its first
    bracket)."""
    head = lines[opener.start[0] - 1].lstrip()
    if not head.startswith(("def ", "async def ")):
        return False
    if lines[opener.start[0] - 1].index("(") != opener.start[1]:
        return False
    return tail == "):" or tail.startswith(") -> ") and tail.endswith(":")


_PREFIXES_KEPT = ("", "b", "r", "f", "rb", "rf")  # string prefixes black leaves as they are
_STATEMENT_START = (tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE, tokenize.NL)


def _strings_in_form(tokens: list[tokenize.TokenInfo]) -> list[tuple[int, str]] | None:
    """The docstrings (depth, token), when every other string is in black's form; else None."""
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
        prefix = value[: len(value) - len(value.lstrip("bfr"))]
        if prefix not in _PREFIXES_KEPT or value[len(prefix)] not in "\"'":
            return None  # a prefix black rewrites (u, upper case, br, fr): left to black
        before = tokens[index - 1].type if index else tokenize.NEWLINE
        after = tokens[index + 1].type if index + 1 < len(tokens) else tokenize.NEWLINE
        if before in _STATEMENT_START and after in (tokenize.NEWLINE, tokenize.ENDMARKER):
            docstrings.append((depth, value))
            continue
        if value[len(prefix)] == '"' and (
            "\\" not in value
            or not (_QUOTES.search(value, len(prefix) + 1, len(value) - 1) or _CASED.search(value))
        ):
            continue  # double quotes, no quote inside nor escape black recases: kept as it is
        if "r" not in prefix and _CASED.search(value):
            return None  # an escape whose case black may change (\xAB, \N{name}): left to black
        from black.strings import normalize_string_quotes

        if normalize_string_quotes(value) != value:
            return None
    return docstrings


_QUOTES = re.compile("[\"']")
# escapes black writes in lower case (hex digits) or upper case (names): one that is not yet
_CASED = re.compile(r"\\(?:x[0-9a-f]?[A-F]|u[0-9a-f]{0,3}[A-F]|U[0-9a-f]{0,7}[A-F]|N\{[^}]*[a-z])")


def _ternary_between(
    opener: tokenize.TokenInfo, closer: tokenize.TokenInfo, lines: list[str]
) -> bool:
    """`(` / `a` / `if b` / `else c` / `)`: a conditional expression black split at its `if`
    and `else` (its highest delimiter when the brackets hold no comma), each part one line at
    one level deeper than the brackets."""
    body = lines[opener.start[0] : closer.start[0] - 1]
    closing = lines[closer.start[0] - 1]
    margin = " " * (len(closing) - len(closing.lstrip()) + 4)
    if len(body) != 3 or not all(line.startswith(margin) for line in body):
        return False
    first, condition, other = (line[len(margin) :] for line in body)
    return (
        condition.startswith("if ")
        and other.startswith("else ")
        and not first.startswith((" ", "if ", "else "))
        and not condition.startswith("if  ")
        and not other.startswith("else  ")
        and all(_width(line) <= LINE_LENGTH for line in body)
    )


def _docstrings_in_form(docstrings: list[tuple[int, str]]) -> bool:
    """Whether black leaves every docstring as it is: they are formatted once, together, each
    at its own depth in a skeleton module, and compared token by token."""
    docstrings = [
        (depth, value) for depth, value in docstrings if not _docstring_kept(depth, value)
    ]
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


# Characters that make a docstring's case more than plain (see `_docstring_kept`): escapes,
# tabs, and the line breaks of `str.splitlines` other than "\n".
_NOT_PLAIN = re.compile(r"[\\\t\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _docstring_kept(depth: int, value: str) -> bool:
    """Whether black's docstring rules leave `value`, a docstring at indentation `depth`, as it
    is; decided here for the plain case only (three double quotes, no prefix, no character of
    `_NOT_PLAIN`), anything else is False and left to black. The rules: the first line and a
    one-line docstring are stripped; the other lines are re-indented to the docstring's own
    indentation and stripped on the right, a blank one emptied (the last one keeps the
    indentation of the closing quotes); a quote at either end gets a space; closing quotes
    that would end past the line length go on a line of their own."""
    if len(value) < 7 or not value.startswith('"""') or not value.endswith('"""'):
        return False
    body = value[3:-3]
    if body[0] == '"' or body[-1] == '"' or _NOT_PLAIN.search(body):
        return False
    lines = body.split("\n")
    if lines[0] != lines[0].strip():
        return False
    if len(lines) == 1:
        return True
    indent = " " * 4 * depth
    margins = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    if not margins:
        return False  # only blank lines after the first: black drops them
    margin = min(margins)
    for number, line in enumerate(lines[1:], 2):
        text = line[margin:].rstrip()
        if line != (indent + text if text or number == len(lines) else ""):
            return False
    return len(lines[-1]) + 3 <= LINE_LENGTH or len(indent) + 3 > LINE_LENGTH


# Lines black has no place to split: a comment on its own line, one item of an exploded bracket
# (below), the head of an exploded import.
_UNSPLITTABLE_ITEMS: tuple[tuple[int | str, ...], ...] = (
    (tokenize.STRING, ":", tokenize.STRING, ","),  # "key": "value", in a dict
    (tokenize.STRING, ":", tokenize.STRING),  # the same, alone in its brackets
    (tokenize.NAME, "=", tokenize.STRING, ","),  # name="value", in a call
    (tokenize.NAME, "=", tokenize.STRING),
    (tokenize.NAME, "=", tokenize.NAME, ".", tokenize.NAME, ","),  # name=module.NAME,
    (tokenize.NAME, "as", tokenize.NAME, ","),  # Name as Name, in an import
    (tokenize.NAME, ","),  # Name, in an import
    (tokenize.NAME,),  # a member of a union split one a line
    ("|", tokenize.NAME),
    (tokenize.NAME, "=", tokenize.NAME, ".", tokenize.NAME, "(", ")", ","),  # name=models.X(),
    (tokenize.NAME, "=", tokenize.NAME, ".", tokenize.NAME, "(", ")"),
)


def _is(tok: tokenize.TokenInfo, want: int | str) -> bool:
    if isinstance(want, int):
        return tok.type == want and not (want == tokenize.NAME and keyword.iskeyword(tok.string))
    return tok.string == want and tok.type in (tokenize.OP, tokenize.NAME)


def _is_import_head(row: list[tokenize.TokenInfo]) -> bool:
    """`from a.b.c import (`: ...or the head of an exploded import, whose module name black
    cannot split."""
    if len(row) < 4 or row[0].string != "from" or row[-2].string != "import":
        return False
    if row[-1].string != "(":
        return False
    return all(t.type == tokenize.NAME or t.string == "." for t in row[1:-2])


def _is_bare_head(row: list[tokenize.TokenInfo]) -> bool:
    """`"key": models.Name.from_dict(`, `name=models.Name(`, `models.Name(` inside brackets: a
    head that ends in the only bracket of its line and holds no delimiter black could split at
    (a dot after a name is none), so black leaves it long."""
    if len(row) < 2 or not (row[-1].type == tokenize.OP and row[-1].string in "([{"):
        return False
    kinds = [tokenize.STRING if t.type == tokenize.STRING else t.string for t in row[:-1]]
    if any(a == b == tokenize.STRING for a, b in itertools.pairwise(kinds)):
        return False  # strings side by side: black may split between them
    for t in row[:-1]:
        if t.type == tokenize.STRING or _is(t, tokenize.NAME):
            continue
        if not (t.type == tokenize.OP and t.string in (".", ":", "=")):
            return False
    return True


def _is_class_head(row: list[tokenize.TokenInfo]) -> bool:
    """`class Name(`: the bases on the lines below; black cannot shorten the head."""
    return (
        len(row) == 3
        and row[0].string == "class"
        and _is(row[1], tokenize.NAME)
        and row[2].string == "("
    )


def _is_long_name_annotation(row: list[tokenize.TokenInfo]) -> bool:
    """`name: Type`, a class attribute whose type (one name) would not fit on a line of its own
    in parentheses either: black leaves it long."""
    if len(row) != 3 or not (_is(row[0], tokenize.NAME) and _is(row[2], tokenize.NAME)):
        return False
    return row[1].string == ":" and row[0].start[1] + 4 + _width(row[2].string) > LINE_LENGTH


_FLAT_OPS = {".", ":", "="}
_CONSTANTS = {"True", "False", "None"}


def _is_flat_item(row: list[tokenize.TokenInfo]) -> bool:
    """`"key": value,`, `name: Type,`, `name="text"`, `models.Name()`, `**NAME`: an item of an
    exploded bracket made of names, numbers and single strings joined by `.`, `:` or `=` (no
    delimiter black could split at), ending at most in an empty call (black will not split an
    empty bracket) and a comma."""
    body = row[:-1] if row[-1].string == "," else row
    if body and body[0].string in ("*", "**"):
        body = body[1:]  # an unpacked argument: no delimiter
    if len(body) >= 3 and body[-2].string == "(" and body[-1].string == ")":
        if not _is(body[-3], tokenize.NAME):
            return False
        body = body[:-2]
    if not body:
        return False
    for index, tok in enumerate(body):
        if tok.type == tokenize.STRING:
            if index and body[index - 1].type == tokenize.STRING:
                return False  # strings side by side: black may split between them
        elif not (
            _is(tok, tokenize.NAME)
            or tok.type == tokenize.NUMBER
            or tok.string in _CONSTANTS
            or tok.type == tokenize.OP
            and tok.string in _FLAT_OPS
        ):
            return False
    return True


def _is_def_head(row: list[tokenize.TokenInfo]) -> bool:
    """`def name(` / `async def name(`: the parameters on the lines below; black splits a def
    at its first bracket and cannot shorten the head."""
    names = [t.string for t in row[:-2]]
    return (
        names in (["def"], ["async", "def"])
        and _is(row[-2], tokenize.NAME)
        and row[-1].string == "("
    )


_LONE_ARGUMENT = re.compile(r"(?:\*\*)?[A-Za-z_][A-Za-z_0-9.]*")


def _is_call_statement_head(row: list[tokenize.TokenInfo], after: list[tokenize.TokenInfo]) -> bool:
    """`module.function(` or `target = module.function(`, a statement whose arguments are on
    the lines below, with no delimiter black could split the head at. An assignment only when
    black's second try (the call in parentheses, on lines of its own) leaves a line too long,
    so black keeps the first: the call's head does not fit there, or its one argument does not
    fit on a line of its own below it."""
    if row[-1].string != "(" or any(keyword.iskeyword(t.string) for t in row):
        return False
    text = "".join(t.string if t.string != "=" else " = " for t in row[:-1])
    target, equals, callee = text.rpartition(" = ")
    if not _DOTTED.fullmatch(callee) or equals and not _DOTTED.fullmatch(target):
        return False
    if not equals:
        return True
    indent, first = row[0].start[1], row[0].start[0]
    if indent + 4 + _width(callee + "(") > LINE_LENGTH:
        return True
    below = {t.start[0]: t.line.strip() for t in itertools.islice(after, 8)}
    argument = below.get(first + 1, "")
    return (
        below.get(first + 2) == ")"
        and bool(_LONE_ARGUMENT.fullmatch(argument))
        and indent + 8 + _width(argument) > LINE_LENGTH
        and indent + 4 + _width(f"{callee}({argument})") > LINE_LENGTH
    )


def _unsplittable_items(tokens: list[tokenize.TokenInfo], long: set[int]) -> set[int]:
    """The long lines black has no place to split (see `_UNSPLITTABLE_ITEMS`)."""
    found: set[int] = set()
    depth = 0
    for index, tok in enumerate(tokens):
        starts_row = (
            not index
            or tokens[index - 1].end[0] < tok.start[0]
            or tokens[index - 1].type in (tokenize.INDENT, tokenize.DEDENT)
        )
        row_depth = depth
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            depth -= 1
        if tok.start[0] not in long or not starts_row:
            continue
        end = index
        while end < len(tokens) and tokens[end].type not in (tokenize.NL, tokenize.NEWLINE):
            end += 1
        row = tokens[index:end]
        if not row or any(t.start[0] != t.end[0] or t.start[0] != tok.start[0] for t in row):
            continue
        if len(row) == 1 and row[0].type == tokenize.COMMENT and row[0].string.startswith("# "):
            found.add(tok.start[0])  # a comment on its own line: black leaves it long
            continue
        if row_depth == 0:
            if (
                _is_import_head(row)
                or _is_long_name_annotation(row)
                or _is_class_head(row)
                or _is_def_head(row)
                or index
                and tokens[index - 1].type in _STATEMENT_START
                and _is_call_statement_head(row, tokens[end : end + 8])
            ):
                found.add(tok.start[0])
            continue
        if _is_bare_head(row) or tokens[end].type == tokenize.NL and _is_flat_item(row):
            found.add(tok.start[0])
            continue
        if tokens[end].type == tokenize.NL and any(
            len(row) == len(pattern) and all(_is(t, w) for t, w in zip(row, pattern, strict=True))
            for pattern in _UNSPLITTABLE_ITEMS
        ):
            found.add(tok.start[0])
    return found


def _long_lines_unsplittable(tokens: list[tokenize.TokenInfo], long: set[int]) -> bool:
    if not long:
        return True
    allowed: set[int] = _unsplittable_items(tokens, long)
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
