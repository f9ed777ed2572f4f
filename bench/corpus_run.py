#!/usr/bin/env python3
"""Run leadgen over the public corpus (corpus_specs.py) and report what happens to each spec.

Per spec, in subprocesses with timeouts:

1. openapi-spec-validator alone (no leadgen lints) classifies the spec as valid or invalid;
2. `leadgen generate SPEC --output TMP --no-cache --quiet --package corpus_NNNN`:
   exit 0 is `generated`, exit 2 is `refused` (the first stderr line is the diagnostic),
   anything else, a traceback on stderr or the timeout is `crashed`;
3. for a generated package: every module of it is imported with the venv's python, then
   `mypy --strict -p corpus_NNNN` (one mypy cache per worker, so the stdlib and httpx are
   analysed once per worker).

The target: every valid spec generates a package that imports and passes mypy --strict, or is
refused with a positioned diagnostic naming the unsupported feature; nothing crashes.

    .venv/bin/python bench/corpus_run.py --jobs 2 --json bench/.cache/corpus-results.json \\
        --findings bench/corpus-findings.md
    .venv/bin/python bench/corpus_run.py --only openapi-core --limit 5
    .venv/bin/python bench/corpus_run.py --from-json bench/.cache/corpus-results.json  # report only
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from queue import Empty, Queue
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_specs import SOURCES, CorpusSpec, corpus_specs

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PY = sys.executable
LEADGEN = str(BIN / "leadgen")

VALIDATE = """
import json, sys
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename
for path in sys.stdin:
    try:
        spec, base_uri = read_from_filename(path.strip())
        validate(spec, base_uri=base_uri)
    except Exception as exc:
        line = (str(exc).strip().splitlines() or [""])[0]
        verdict = f"invalid: {type(exc).__name__}: {line}"[:300]
    else:
        verdict = "valid"
    print(json.dumps(verdict), flush=True)
"""

IMPORT_ALL = """
import importlib, pkgutil, sys, traceback
name = sys.argv[1]
package = importlib.import_module(name)
failed = 0
for info in pkgutil.walk_packages(package.__path__, name + "."):
    if info.name.rsplit(".", 1)[-1] == "__main__":
        continue
    try:
        importlib.import_module(info.name)
    except BaseException as exc:
        failed += 1
        line = (str(exc).strip().splitlines() or [""])[0]
        print(f"{info.name}: {type(exc).__name__}: {line}"[:400])
sys.exit(1 if failed else 0)
"""

MYPY_LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?:\d+:)? error: (?P<msg>.*?)(?:  \[(?P<code>[a-z-]+)\])?$"
)
POSITIONED = re.compile(r"^[^:]+:\d+:\d+: ")
ROOT_POSITION = re.compile(r"^[^:]+:1:1: /")  # a pointer below the root, shown at the top
FRAME = re.compile(r'^  File "(?P<file>[^"]+)", line \d+, in (?P<func>\S+)')


def _run(args: list[str], timeout: float, **kwargs: Any) -> tuple[int | None, str, str]:
    """(exit code or None on timeout, stdout, stderr)."""
    try:
        done = subprocess.run(
            args, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else ""
        err = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else ""
        return None, out, err
    return done.returncode, done.stdout, done.stderr


def _leadgen_module(filename: str) -> str | None:
    """`leadgen.spec.refs` for a frame in generator/spec/refs.py (or an installed leadgen/)."""
    path = Path(filename)
    for root in (ROOT / "generator", ROOT / "templates"):
        try:
            relative = path.resolve().relative_to(root)
        except ValueError:
            continue
        prefix = "leadgen" if root.name == "generator" else "leadgen.templates"
        return ".".join([prefix, *relative.with_suffix("").parts])
    parts = path.parts
    if "leadgen" in parts:
        return ".".join(parts[parts.index("leadgen") :])[: -len(".py")]
    return None


def crash_summary(stderr: str) -> tuple[str, str]:
    """(exception type, the innermost leadgen module:function it passed through)."""
    lines = stderr.rstrip().splitlines()
    exception = "?"
    for line in reversed(lines):
        match = re.match(
            r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)?)(?::|$)", line
        )
        if match and not line.startswith(" "):
            exception = match.group(1)
            break
    where = "?"
    innermost = None
    for line in lines:
        frame = FRAME.match(line)
        if frame:
            module = _leadgen_module(frame.group("file"))
            innermost = module
            if module is not None:
                where = f"{module}:{frame.group('func')}"
            else:
                innermost = _third_party(frame.group("file"))
    if innermost is not None and not innermost.startswith("leadgen"):
        where += f" (raised in {innermost})"
    return exception, where


def _third_party(filename: str) -> str:
    """The top-level package of a frame outside leadgen (`openapi_spec_validator`)."""
    parts = Path(filename).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    return Path(filename).stem


def _normalise(message: str) -> str:
    """A refusal or error message with names and numbers masked, to group alike findings."""
    message = re.sub(r"'[^']*'|`[^`]*`|\"[^\"]*\"", "…", message)
    message = re.sub(r"#/[^\s:,)]*", "#/…", message)
    previous = None
    while previous != message:  # a mapping shown in the message, innermost first
        previous, message = message, re.sub(r"\{[^{}]*\}", "…", message)
    message = re.sub(r"\{[^{}]*$", "…", message)  # cut short inside a mapping
    if "{" not in message:  # the end of a mapping whose start was cut
        message = re.sub(r"^.*\}", "…", message)
    message = re.sub(r"\b\d+\b", "N", message)
    return message if len(message) <= 160 else message[:159] + "…"


def refusal_message(first_line: str) -> str:
    """The message of a diagnostic line `file:line:col: #/pointer: message (hint)`."""
    rest = POSITIONED.sub("", first_line, count=1)
    if rest == first_line:
        rest = re.sub(r"^[^:]+: ", "", first_line, count=1)
    if rest.startswith(("#", "/")) and ": " in rest:
        rest = rest.split(": ", 1)[1]
    return re.sub(r" \(.*\)$", "", rest)


class Validator:
    """openapi-spec-validator in one long-lived process (its import costs a second), restarted
    after a timeout or a death."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.process: subprocess.Popen[str] | None = None
        self.lines: Queue[str | None] = Queue()

    def _start(self) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [PY, "-c", VALIDATE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.lines = Queue()

        def pump(stream: Any, into: Queue[str | None]) -> None:
            for line in stream:
                into.put(line)
            into.put(None)

        threading.Thread(target=pump, args=(process.stdout, self.lines), daemon=True).start()
        return process

    def verdict(self, path: Path) -> str:
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(f"{path}\n")
            self.process.stdin.flush()
            line = self.lines.get(timeout=self.timeout)
        except (BrokenPipeError, Empty):
            line = None
        if line is None:
            self.close()
            return "invalid: the validator timed out or died"
        verdict: str = json.loads(line)
        return verdict

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


class Runner:
    def __init__(self, work: Path, timeout: float) -> None:
        self.work = work
        self.timeout = timeout
        self.local = threading.local()
        self.lock = threading.Lock()
        self.workers = 0
        self.validators: list[Validator] = []
        self.generate_flags: list[str] = []

    def _mypy_cache(self) -> Path:
        cache: Path | None = getattr(self.local, "cache", None)
        if cache is None:
            with self.lock:
                self.workers += 1
                cache = self.work / f"mypy-cache-{self.workers}"
            self.local.cache = cache
        return cache

    def _validator(self) -> Validator:
        validator: Validator | None = getattr(self.local, "validator", None)
        if validator is None:
            validator = self.local.validator = Validator(120)
            with self.lock:
                self.validators.append(validator)
        return validator

    def close(self) -> None:
        for validator in self.validators:
            validator.close()

    def run(self, number: int, spec: CorpusSpec) -> dict[str, Any]:
        package = f"corpus_{number:04d}"
        result: dict[str, Any] = {"spec": spec.path, "source": spec.source, "package": package}
        started = time.monotonic()
        verdict = self._validator().verdict(spec.file)
        result["valid"] = verdict == "valid"
        result["validation"] = verdict
        output = self.work / package
        args = [LEADGEN, "generate", str(spec.file), "--output", str(output), "--no-cache"]
        args += ["--quiet", "--package", package, *self.generate_flags]
        code, _, err = _run(args, self.timeout, cwd=self.work)
        result["generate_seconds"] = round(time.monotonic() - started, 2)
        result["exit"] = code
        if code is None:
            result.update(outcome="crashed", crash="timeout", where=f"{self.timeout:.0f} s")
        elif "Traceback (most recent call last)" in err or code not in (0, 2):
            exception, where = crash_summary(err)
            result.update(outcome="crashed", crash=exception, where=where)
            result["stderr"] = err[-3000:]
        elif code == 2:
            first = next((line for line in err.splitlines() if line.strip()), "")
            if len(first) > 1000:  # a schema dumped into the message: keep both ends
                first = f"{first[:400]} … {first[-500:]}"
            result.update(outcome="refused", diagnostic=first)
            result["positioned"] = bool(POSITIONED.match(first))
        else:
            result["outcome"] = "generated"
            self._check(output, package, result)
        shutil.rmtree(output, ignore_errors=True)
        result["seconds"] = round(time.monotonic() - started, 2)
        return result

    def _check(self, output: Path, package: str, result: dict[str, Any]) -> None:
        env = {**os.environ, "PYTHONPATH": str(output)}
        code, out, err = _run([PY, "-c", IMPORT_ALL, package], 120, env=env, cwd=output)
        result["imports"] = code == 0
        if code != 0:
            problems = out.strip().splitlines() or [(err.strip().splitlines() or ["timed out"])[-1]]
            result["import_errors"] = [p.replace(package, "PKG") for p in problems[:20]]
        args = [PY, "-m", "mypy", "--strict", "--cache-dir", str(self._mypy_cache())]
        args += ["--no-error-summary", "--hide-error-context", "-p", package]
        code, out, err = _run(args, 900, cwd=output)
        if code is None:
            result.update(mypy_errors=None, mypy_codes={}, mypy_status="timeout")
            return
        errors = [m for m in map(MYPY_LINE.match, out.splitlines()) if m]
        if code not in (0, 1) or (code == 1 and not errors):
            result.update(mypy_errors=None, mypy_codes={}, mypy_status=f"exit {code}")
            result["mypy_output"] = (out + err)[-2000:]
            return
        codes = Counter(m.group("code") or "syntax" for m in errors)
        result.update(mypy_errors=len(errors), mypy_codes=dict(codes), mypy_status="ok")
        samples: dict[str, str] = {}
        for m in errors:
            samples.setdefault(
                m.group("code") or "syntax",
                f"{m.group('file')}:{m.group('line')}: {m.group('msg')}",
            )
        result["mypy_samples"] = {
            code: sample.replace(package, "PKG") for code, sample in samples.items()
        }


# --- reporting --------------------------------------------------------------------------------


def _status(result: dict[str, Any]) -> str:
    if result["outcome"] == "generated":
        imports = "ok" if result["imports"] else "FAILED"
        errors = result["mypy_errors"]
        mypy = result["mypy_status"] if errors is None else str(errors)
        return f"generated  imports {imports:6} mypy --strict errors {mypy}"
    if result["outcome"] == "refused":
        return f"refused    {result['diagnostic'][:150]}"
    if result["outcome"] == "crashed":
        return f"crashed    {result['crash']} in {result['where']}"
    return result["outcome"]


def _clean(result: dict[str, Any]) -> bool:
    return bool(result.get("imports")) and result.get("mypy_errors") == 0


def summary(results: list[dict[str, Any]]) -> str:
    lines = []
    skipped = Counter(r["outcome"] for r in results if r["valid"] is None)
    ran = [r for r in results if r["valid"] is not None]
    header = f"| {'group':8} | specs | generated | imports ok | mypy clean | refused | crashed |"
    lines += [header, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for title, group in (
        ("valid", [r for r in ran if r["valid"]]),
        ("invalid", [r for r in ran if not r["valid"]]),
        ("all", ran),
    ):
        generated = [r for r in group if r["outcome"] == "generated"]
        counts = [
            len(group),
            len(generated),
            sum(bool(r["imports"]) for r in generated),
            sum(_clean(r) for r in generated),
            sum(r["outcome"] == "refused" for r in group),
            sum(r["outcome"] == "crashed" for r in group),
        ]
        lines.append(f"| {title:8} | " + " | ".join(f"{c}" for c in counts) + " |")
    lines += ["", "| source | specs | generated | imports ok | mypy clean | refused | crashed |"]
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for source in sorted({r["source"] for r in ran}):
        group = [r for r in ran if r["source"] == source]
        generated = [r for r in group if r["outcome"] == "generated"]
        counts = [
            len(group),
            len(generated),
            sum(bool(r["imports"]) for r in generated),
            sum(_clean(r) for r in generated),
            sum(r["outcome"] == "refused" for r in group),
            sum(r["outcome"] == "crashed" for r in group),
        ]
        lines.append(f"| {source} | " + " | ".join(f"{c}" for c in counts) + " |")
    if skipped:
        lines.append("")
        lines.append(", ".join(f"{outcome}: {n}" for outcome, n in sorted(skipped.items())))
    return "\n".join(lines)


def _examples(items: Iterable[str], limit: int = 3) -> str:
    items = sorted(set(items))
    shown = ", ".join(f"`{item}`" for item in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def categories(results: list[dict[str, Any]]) -> dict[str, list[tuple[str, int, list[str]]]]:
    """Section -> [(category, number of specs, corpus paths)], largest first."""
    groups: dict[str, defaultdict[str, list[str]]] = {
        name: defaultdict(list)
        for name in (
            "crashes",
            "refusals of valid specs",
            "unpositioned refusals",
            "import failures",
            "mypy --strict errors",
            "refusals of invalid specs",
        )
    }
    for r in results:
        path = f"bench/.cache/corpus/{r['spec']}"
        if r["outcome"] == "crashed":
            crash, where = (
                crash_summary(r["stderr"]) if r.get("stderr") else (r["crash"], r["where"])
            )
            groups["crashes"][f"{crash} in {where}"].append(path)
        elif r["outcome"] == "refused":
            message = _normalise(refusal_message(r["diagnostic"]))
            section = "refusals of valid specs" if r["valid"] else "refusals of invalid specs"
            groups[section][message].append(path)
            if not r["positioned"]:
                groups["unpositioned refusals"][message].append(path)
            elif ROOT_POSITION.match(r["diagnostic"]):
                groups["unpositioned refusals"][f"at 1:1, the pointer deeper: {message}"].append(
                    path
                )
        elif r["outcome"] == "generated":
            for problem in r.get("import_errors", []) if not r["imports"] else []:
                _, _, error = problem.partition(": ")
                groups["import failures"][_normalise(error or problem)].append(path)
            if r["mypy_errors"] is None:
                groups["mypy --strict errors"][f"mypy {r['mypy_status']}"].append(path)
            for code in r.get("mypy_codes", {}):
                sample = r.get("mypy_samples", {}).get(code, "")
                message = _normalise(sample.split(": ", 1)[-1]) if sample else ""
                area = _area(sample)
                key = f"[{code}] {f'in {area}: ' if area else ''}{message}".strip()
                groups["mypy --strict errors"][key].append(path)
    return {
        section: sorted(
            ((name, len(set(paths)), sorted(set(paths))) for name, paths in found.items() if name),
            key=lambda item: (-item[1], item[0]),
        )
        for section, found in groups.items()
    }


TITLES = {
    "crashes": "Crashes (exception type, and the innermost leadgen module:function it left)",
    "refusals of valid specs": "Refusals of valid specs (grouped by message)",
    "unpositioned refusals": "Refusals without a line:column position, or at 1:1 for a pointer "
    "below the root",
    "import failures": "Generated but does not import",
    "mypy --strict errors": "Generated but mypy --strict reports errors (grouped by error code "
    "and the first message of that code in each spec)",
    "refusals of invalid specs": "Refusals of invalid specs (expected; grouped by message)",
}


def _area(sample: str) -> str:
    """`tests` for `PKG/tests/test_x.py:3: ...`: the part of the package an error is in."""
    parts = sample.split(":", 1)[0].split("/")
    if len(parts) < 2:
        return ""
    return parts[1] if len(parts) > 2 else parts[1].removesuffix(".py")


def _mypy_code(category: str) -> str:
    """`arg-type` from a category `[arg-type] Argument N to …`."""
    return category[1:].split("]", 1)[0]


def _detail(section: str, name: str, result: dict[str, Any]) -> str | None:
    """One line that shows the problem on the first example of a category."""
    if section == "crashes":
        lines = result.get("stderr", "").strip().splitlines()
        return lines[-1][:240] if lines else None
    if section in ("refusals of valid specs", "unpositioned refusals"):
        return str(result["diagnostic"])[:240]
    if section == "import failures":
        errors = result.get("import_errors", [])
        return str(errors[0])[:240] if errors else None
    if section == "mypy --strict errors":
        sample = result.get("mypy_samples", {}).get(_mypy_code(name))
        return str(sample)[:240] if sample else None
    return None


def _commit() -> str | None:
    """The commit of the leadgen being measured (the working tree may differ)."""
    code, out, _ = _run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], 30)
    return out.strip() or None if code == 0 else None


def findings_markdown(
    results: list[dict[str, Any]], seconds: float | None, commit: str | None = None
) -> str:
    by_path = {f"bench/.cache/corpus/{r['spec']}": r for r in results}
    versions = ", ".join(f"{name} {version}" for name, version in sorted(SOURCES.items()))
    out = [
        "# Corpus findings",
        "",
        "What `bench/corpus_run.py` found running leadgen over the public specs gathered by",
        f"`bench/corpus_specs.py` ({versions}).",
        "Every path is a corpus file: `.venv/bin/python bench/corpus_specs.py` fetches them, and",
        "`.venv/bin/python bench/corpus_run.py --only PATH` reruns one (a substring of the path",
        "after `bench/.cache/corpus/`). Valid means openapi-spec-validator accepts the spec.",
        "",
        summary(results),
        "",
    ]
    if seconds is not None:
        out += [f"Run time: {seconds / 60:.1f} min.", ""]
    if commit:
        out += [f"leadgen measured: commit {commit}.", ""]
    for section, found in categories(results).items():
        specs = {path for _, _, paths in found for path in paths}
        out += [f"## {TITLES[section]}: {len(specs)} specs", ""]
        if not found:
            out += ["None.", ""]
            continue
        for name, count, paths in found:
            line = f"- **{name}**: {count} spec(s), e.g. {_examples(paths)}"
            if section == "mypy --strict errors" and name.startswith("["):
                code = _mypy_code(name)
                total = sum(by_path[p].get("mypy_codes", {}).get(code, 0) for p in paths)
                line += f"; {total} errors in all"
            out.append(line)
            detail = _detail(section, name, by_path[paths[0]])
            if detail:
                quoted = detail.replace("`", "'")
                out.append(f"  - first diagnostic or error: `{quoted}`")
            if count > 3 and section != "refusals of invalid specs":
                out.append(
                    "  - every spec: " + ", ".join(f"`{p.split('/', 3)[-1]}`" for p in paths)
                )
        out.append("")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="run the first N specs (after --only)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="run the specs whose corpus path contains SUBSTR (repeat: any of them)",
    )
    parser.add_argument(
        "--exclude", action="append", default=[], help="leave out paths containing SUBSTR"
    )
    parser.add_argument("--jobs", type=int, default=2, help="specs at a time (default 2)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds for one generate")
    parser.add_argument(
        "--lean",
        action="store_true",
        help="generate with --no-tests --no-cli: less to write and type-check",
    )
    parser.add_argument("--json", type=Path, help="write every result to this file")
    parser.add_argument(
        "--resume",
        type=Path,
        help="append each result to this JSON-lines file as it finishes, and skip the specs "
        "already in it (a long run can stop and go on)",
    )
    parser.add_argument("--findings", type=Path, help="write the categorised findings (markdown)")
    parser.add_argument("--from-json", type=Path, help="report on an earlier --json, run nothing")
    parser.add_argument(
        "--report-only", action="store_true", help="with --resume: report on it, run nothing"
    )
    args = parser.parse_args()

    seconds: float | None = None
    commit: str | None = _commit()
    if args.from_json:
        saved = json.loads(args.from_json.read_text())
        results, seconds = saved["results"], saved.get("seconds")
        commit = saved.get("commit")
    else:
        specs = list(enumerate(corpus_specs(), start=1))
        if args.only:
            specs = [(n, s) for n, s in specs if any(x in s.path for x in args.only)]
        specs = [(n, s) for n, s in specs if not any(x in s.path for x in args.exclude)]
        if args.limit is not None:
            specs = specs[: args.limit]
        results = [
            {"spec": s.path, "source": s.source, "outcome": s.status, "valid": None}
            for _, s in specs
            if s.status != "ok"
        ]
        earlier: dict[str, dict[str, Any]] = {}
        if args.resume and args.resume.is_file():
            for line in args.resume.read_text().splitlines():
                if line.strip():
                    entry = json.loads(line)
                    earlier[entry["spec"]] = entry
        wanted = {s.path for _, s in specs}
        results += [r for path, r in earlier.items() if path in wanted]
        todo = [(n, s) for n, s in specs if s.status == "ok" and s.path not in earlier]
        if args.report_only:
            results += [
                {"spec": s.path, "source": s.source, "outcome": "not run", "valid": None}
                for _, s in todo
            ]
            todo = []
        print(f"{len(todo)} specs to run, {len(results)} skipped or done before", file=sys.stderr)
        started = time.monotonic()
        progress = args.resume.open("a") if args.resume else None
        with tempfile.TemporaryDirectory(prefix="leadgen-corpus-") as tmp:
            runner = Runner(Path(tmp), args.timeout)
            if args.lean:
                runner.generate_flags = ["--no-tests", "--no-cli"]
            try:
                with ThreadPoolExecutor(max_workers=args.jobs) as pool:
                    futures = {pool.submit(runner.run, n, s): s for n, s in todo}
                    for done, future in enumerate(as_completed(futures), start=1):
                        result = future.result()
                        results.append(result)
                        if progress is not None:
                            progress.write(json.dumps(result) + "\n")
                            progress.flush()
                        validity = "valid  " if result["valid"] else "invalid"
                        print(
                            f"[{done:>4}/{len(todo)}] {validity} {_status(result)}  "
                            f"{result['spec']}",
                            flush=True,
                        )
            finally:
                runner.close()
                if progress is not None:
                    progress.close()
        seconds = None if args.report_only else time.monotonic() - started
        results.sort(key=lambda r: (r["source"], r["spec"]))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            saved = {"seconds": seconds, "commit": _commit(), "results": results}
            args.json.write_text(json.dumps(saved, indent=1))

    print()
    print(summary(results))
    print()
    for section, found in categories(results).items():
        print(f"{section} ({len({p for _, _, paths in found for p in paths})} specs)")
        for name, count, paths in found[:15]:
            print(f"  {count:>5}  {name[:110]}   e.g. {paths[0]}")
    if seconds is not None:
        print(f"\nrun time: {seconds / 60:.1f} min")
    if args.findings:
        args.findings.write_text(findings_markdown(results, seconds, commit) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
