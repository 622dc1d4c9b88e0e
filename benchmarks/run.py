"""Run the libya-conflict benchmarks and print one table: figure, target, anchor, ratio.

    python benchmarks/run.py            # bulk rows at 1k, 10k, 100k and 1M records (~4 min)
    python benchmarks/run.py --quick    # 1k and 10k records, fewer repetitions (~1 min)

Use ``./scripts/bench.sh`` to run it against a freshly built wheel in a throw-away venv.

Every figure comes from a fresh child process: start-up rows time the whole interpreter (median
of several runs, minus a bare ``python -c pass``); the other rows time their step inside the
child with ``time.perf_counter`` and read its peak resident memory with
``resource.getrusage``. Synthetic records come from ``benchmarks/generate.py`` (seeded, same
bytes every run). The pure-Python references (jsonschema record by record, the
``check-jsonschema`` command) are too slow for the full files: they run on a sample and the
figure is extrapolated linearly, as the row says.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
SCHEMA_BASE = "https://libya-conflict.github.io/schemas/v1/"

_CHILD = """\
import resource, time
_start = time.perf_counter()
{body}
_took = time.perf_counter() - _start
print("RESULT", _took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def child(body: str, repeat: int = 1) -> tuple[float, float]:
    """Median seconds of ``body`` in fresh child processes, and their peak RSS in MB."""
    times: list[float] = []
    peak = 0.0
    for _ in range(repeat):
        done = subprocess.run(
            [PY, "-c", _CHILD.format(body=body)], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            sys.exit(f"benchmark step failed:\n{body}\n{done.stderr[-3000:]}")
        result = next(line for line in done.stdout.splitlines() if line.startswith("RESULT"))
        _, took, rss_kb = result.split()
        times.append(float(took))
        peak = max(peak, int(rss_kb) / 1024)
    return statistics.median(times), peak


def startup(codes: dict[str, str], repeat: int) -> dict[str, float]:
    """Median wall seconds of a fresh interpreter running each code, after one warm-up.

    The codes take turns, round after round, so a machine that slows down or speeds up
    meanwhile moves every figure alike and the ratios hold.
    """
    times: dict[str, list[float]] = {name: [] for name in codes}
    for run in range(repeat + 1):
        for name, code in codes.items():
            start = time.perf_counter()
            subprocess.run([PY, "-c", code], check=True)
            if run:
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(found) for name, found in times.items()}


class Table:
    """The rows printed at the end, echoed to stderr as they come."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []

    def add(self, what: str, figure: str, target: str, anchor: str, ratio: str) -> None:
        self.rows.append((what, figure, target, anchor, ratio))
        print(f"  {what}: {figure} [{ratio}]", file=sys.stderr, flush=True)

    def print(self) -> None:
        print("| what | figure | target | anchor | ratio |")
        print("|---|---|---|---|---|")
        for row in self.rows:
            print("| " + " | ".join(row) + " |")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def generate(count: int, *options: str) -> None:
    """Write synthetic records, and flush them to disk, so that the kernel writing them back
    does not compete with the timings that follow."""
    subprocess.run([PY, str(HERE / "generate.py"), str(count), *options], check=True)
    if hasattr(os, "sync"):
        os.sync()


def imports(table: Table, repeat: int) -> None:
    found = startup(
        {
            "bare": "pass",
            "package": "import libya_conflict",
            "anchor": "import attrs, cattrs",
            "loaded": "import libya_conflict as lc; lc.load()",
        },
        repeat,
    )
    bare = found["bare"]
    # + 0.0 turns a rounded -0.0 into 0.0
    package, anchor, loaded = (
        round(found[k] - bare, 4) + 0.0 for k in ("package", "anchor", "loaded")
    )
    table.add(
        "`import libya_conflict` (fresh process, minus bare)",
        f"{package * 1000:+.1f} ms",
        "<= +5 ms",
        f"bare interpreter {ms(bare)}",
        f"{package / bare:.2f}x bare ({'met' if package <= 0.005 else 'NOT met'})",
    )
    table.add(
        "`import libya_conflict; load()` bundled data (fresh process, minus bare)",
        f"{loaded * 1000:+.1f} ms",
        f"<= 2.5x anchor = +{ms(2.5 * anchor)}",
        f"`import attrs, cattrs` +{ms(anchor)}",
        f"{loaded / anchor:.2f}x anchor ({'met' if loaded <= 2.5 * anchor else 'NOT met'})",
    )


_QUERIES = {
    "ds.get(id) (every ID)": ("[ds.get(i) for i in ids]", "len(ids)", "O(1)"),
    "ds.resolve(name)": ("[ds.resolve(n) for n in names]", "len(names)", "indexed"),
    "events.between(2019-04-01, 2019-12-31)": (
        "ds.events.between('2019-04-01', '2019-12-31')",
        "1",
        "indexed",
    ),
    "events.at(2019-04-04)": ("ds.events.at('2019-04-04')", "1", "indexed"),
    "events.involving(one party)": ("ds.events.involving(party)", "1", "indexed"),
    "support.where(recipient=...)": ("ds.support.where(recipient=party)", "1", "indexed"),
}


def queries(table: Table, data: str | None, label: str) -> None:
    # The synthetic records refer to bundled ones: query them together, as one dataset.
    source = "lc.load()" if data is None else f"lc.Dataset([*lc.load(), *lc.load({data!r})])"
    for what, (statement, count, target) in _QUERIES.items():
        body = (
            "import timeit, libya_conflict as lc\n"
            f"ds = {source}\nids = [r.id for r in ds]\n"
            "names = [r.names[0] for r in list(ds.actors)[:50] if r.names]\n"
            "names = [n for n in names if len(ds.lookup(n)) == 1]\n"
            "party = next(iter(ds.events)).participants[0].ref\n"
            f"per = min(timeit.repeat(lambda: {statement}, number=3, repeat=5)) / 3 / {count}\n"
            "print('PER', per, len(ds))"
        )
        done = subprocess.run([PY, "-c", body], capture_output=True, text=True, check=True)
        per, size = next(
            line for line in done.stdout.splitlines() if line.startswith("PER")
        ).split()[1:]
        table.add(
            f"{what}, {label} ({int(size):,} records)",
            f"{float(per) * 1e6:,.2f} us per call",
            target,
            "-",
            "-",
        )


def bulk(table: Table, sizes: list[int], work: Path, sample: int) -> None:
    schemas = work / "schemas"
    schemas.mkdir(exist_ok=True)
    for name in ("event", "common"):
        with (schemas / f"{name}.schema.json").open("w") as handle:
            subprocess.run([PY, "-m", "libya_conflict", "schema", name], stdout=handle, check=True)
    previous: tuple[int, float, float] | None = None
    for count in sizes:
        path = work / f"events-{count}.jsonl"
        generate(count, "--types", "event", "--out", str(path))
        size_mb = path.stat().st_size / 1e6
        stream, stream_rss = child(
            f"import orjson\nfor line in open({str(path)!r}, 'rb'):\n    orjson.loads(line)"
        )
        parse, parse_rss = child(
            f"import orjson\nrecords = [orjson.loads(line) for line in open({str(path)!r}, 'rb')]"
        )
        took, rss = child(
            "import libya_conflict as lc\n"
            f"report = lc.validate([{str(path)!r}], record_type='event')\n"
            "assert report.ok and report.records == " + str(count) + ", str(report)[:3000]"
        )
        table.add(
            f"bulk validate {count:,} events ({size_mb:.0f} MB JSON Lines), 1 process",
            f"{took:.2f} s = {count / took:,.0f} rec/s; peak RSS {rss:.0f} MB",
            "<= 10x the streamed orjson parse; memory bounded",
            f"orjson parse, streamed: {stream:.2f} s, {stream_rss:.0f} MB; "
            f"into a list: {parse:.2f} s, {parse_rss:.0f} MB",
            f"{took / stream:.1f}x streamed parse ({'met' if took <= 10 * stream else 'NOT met'})",
        )
        if previous is not None:
            before_count, before_took, before_rss = previous
            table.add(
                f"  growth {before_count:,} -> {count:,} records (x{count // before_count})",
                f"time x{took / before_took:.1f}; peak RSS x{rss / before_rss:.2f}",
                f"<= x{count // before_count} (linear)",
                "-",
                "-",
            )
        previous = (count, took, rss)
        if count >= 10_000 and count == sizes[-1]:
            took2, rss2 = child(
                "import libya_conflict as lc\n"
                f"report = lc.validate([{str(path)!r}], record_type='event', jobs=2)\n"
                "assert report.ok, str(report)[:3000]"
            )
            table.add(
                f"bulk validate {count:,} events, --jobs 2",
                f"{took2:.2f} s = {count / took2:,.0f} rec/s; peak RSS {rss2:.0f} MB (parent)",
                ">= 1.3x faster than 1 process",
                f"1 process {took:.2f} s",
                f"{took / took2:.2f}x speed-up ({'met' if took / took2 >= 1.3 else 'NOT met'})",
            )
        if count >= 100_000 or count == sizes[-1]:
            references(table, path, count, took, schemas, work, sample)


def references(
    table: Table, path: Path, count: int, took: float, schemas: Path, work: Path, sample: int
) -> None:
    sample = min(sample, count)
    js, js_rss = child(
        "import itertools, json\nfrom libya_conflict._validation.schemas import validator_for\n"
        "validator = validator_for('event')\n"
        f"lines = itertools.islice(open({str(path)!r}, 'rb'), {sample})\n"
        "assert all(validator.is_valid(json.loads(line)) for line in lines)"
    )
    estimate = js * count / sample
    table.add(
        f"  jsonschema, record by record, {count:,} events",
        f"{estimate:,.1f} s (extrapolated from {sample:,}); peak RSS {js_rss:.0f} MB",
        "-",
        "naive reference (schema only)",
        f"bulk is {estimate / took:,.0f}x faster",
    )
    checker = shutil.which("check-jsonschema") or str(Path(PY).parent / "check-jsonschema")
    if not Path(checker).exists():
        table.add("  check-jsonschema", "not installed", "-", "-", "-")
        return
    folder = work / f"files-{count}"
    folder.mkdir(exist_ok=True)
    files = []
    with path.open("rb") as handle:
        for number in range(min(sample, 1_000)):
            target = folder / f"{number}.json"
            target.write_bytes(handle.readline())
            files.append(str(target))
    start = time.perf_counter()
    done = subprocess.run(
        [
            checker,
            "--schemafile",
            str(schemas / "event.schema.json"),
            "--base-uri",
            schemas.as_uri() + "/",
            *files,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    checked = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"check-jsonschema failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    estimate = checked * count / len(files)
    table.add(
        f"  `check-jsonschema` command, {count:,} events",
        f"{estimate:,.1f} s (extrapolated from {len(files):,} files, one run)",
        "-",
        "naive reference (schema only)",
        f"bulk is {estimate / took:,.0f}x faster",
    )


_ORDER = ("places", "actors", "armed_groups", "relations", "support", "events")


def mixed(table: Table, count: int, work: Path, broken: float) -> None:
    """Every record type, cross-referencing, with a share broken in every way there is."""
    folder = work / f"mixed-{count}"
    generate(count, "--bundle", str(folder), "--invalid", str(broken))
    files = [
        str(folder / f"{name}.jsonl") for name in _ORDER if (folder / f"{name}.jsonl").exists()
    ]
    took, rss = child(
        "import libya_conflict as lc\n"
        f"report = lc.validate({files!r})\n"
        "assert not report.ok and report.records <= " + str(count)
    )
    table.add(
        f"bulk validate {count:,} records of every type, {broken:.0%} broken, 1 process",
        f"{took:.2f} s = {count / took:,.0f} rec/s; peak RSS {rss:.0f} MB",
        "same problems as the reference (tests/test_bulk.py)",
        "jsonschema writes the messages for each broken record",
        "-",
    )


def loading(table: Table, count: int, work: Path) -> None:
    bundle = work / f"bundle-{count}"
    folder = work / f"folder-{count}"
    generate(count, "--bundle", str(bundle), "--folder", str(folder))
    budgets = {"JSON Lines bundle": 3.0, "data folder of files": 3.5}
    for label, path in (("JSON Lines bundle", bundle), ("data folder of files", folder)):
        limit = budgets[label] * count / 100_000
        took, rss = child(
            f"import libya_conflict as lc\nds = lc.load({str(path)!r})\nassert len(ds) == {count}",
            repeat=3,
        )
        # What the program pays next: CPython 3.11's first collection walks every new object.
        collect, _ = child(
            f"import gc, libya_conflict as lc\nds = lc.load({str(path)!r})\n"
            "_start = time.perf_counter()  # the load is not timed, only what follows\n"
            "gc.collect()"
        )
        budget = f"<= {limit:.2f} s ({'met' if took <= limit else 'NOT met'})"
        table.add(
            f"load() {count:,} records from a {label} (fresh process, with imports; median of 3)",
            f"{took:.2f} s = {count / took:,.0f} rec/s; peak RSS {rss:.0f} MB",
            budget,
            f"then the first garbage collection: {collect:.2f} s",
            "-",
        )
    queries(table, str(bundle), "synthetic bundle")


def source_lines(table: Table) -> None:
    """Lines of the package's source, per sub-package, against the 8,000-line budget."""
    src = HERE.parent / "src" / "libya_conflict"
    parts: dict[str, int] = {}
    for path in sorted(src.rglob("*.py")):
        key = path.parent.relative_to(src).as_posix() if path.parent != src else "(top level)"
        parts[key] = parts.get(key, 0) + len(path.read_text(encoding="utf-8").splitlines())
    total = sum(parts.values())
    table.add(
        "lines of src/ (all .py files)",
        f"{total:,}: " + ", ".join(f"{k} {v:,}" for k, v in parts.items()),
        "<= 8,000",
        "-",
        "met" if total <= 8_000 else "NOT met",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k records only")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    repeat = 9 if args.quick else 31
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000, 1_000_000]
    work = Path(tempfile.mkdtemp(prefix="libya-conflict-bench-"))
    table = Table()
    started = time.perf_counter()
    try:
        source_lines(table)
        imports(table, repeat)
        queries(table, None, "bundled data")
        bulk(table, sizes, work, sample=500 if args.quick else 2_000)
        mixed(table, 10_000 if args.quick else 100_000, work, broken=0.03)
        loading(table, 10_000 if args.quick else 100_000, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    table.print()
    print(
        f"\nPython {sys.version.split()[0]} on {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}; {time.perf_counter() - started:.0f} s in all."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
