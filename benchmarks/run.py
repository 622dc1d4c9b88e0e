"""Run the libya-conflict benchmarks and print one table: figure, target, anchor, ratio.

    python benchmarks/run.py            # full: bulk rows at 100k and 1M records
    python benchmarks/run.py --quick    # 10k records, fewer repetitions

Every timed step runs in a fresh child process (`python -c ...`), so imports are counted and
peak memory (RSS, resource.getrusage) is that step's own. Slow references (jsonschema record by
record, the check-jsonschema command) run on a sample and are extrapolated; the row says so.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable

_CHILD = """
import resource, sys, time
t0 = time.perf_counter()
{body}
t1 = time.perf_counter()
print(t1 - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def child(body: str, repeat: int = 1) -> tuple[float, float]:
    """Median wall seconds of ``body`` in fresh processes, and its peak RSS in MB."""
    times, rss = [], 0.0
    for _ in range(repeat):
        out = subprocess.run(
            [PY, "-c", _CHILD.format(body=body)], capture_output=True, text=True, check=True
        ).stdout.split()
        times.append(float(out[-2]))
        rss = max(rss, int(out[-1]) / 1024)
    return statistics.median(times), rss


def wall(code: str, repeat: int) -> float:
    """Median wall seconds of a whole fresh interpreter running ``code``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([PY, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


ROWS: list[tuple[str, str, str, str, str]] = []


def row(what: str, figure: str, target: str, anchor: str, ratio: str) -> None:
    ROWS.append((what, figure, target, anchor, ratio))
    print(f"  {what}: {figure} ({ratio})", file=sys.stderr)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k records, fewer repetitions")
    args = parser.parse_args()
    repeat = 5 if args.quick else 9
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000, 1_000_000]
    work = Path(tempfile.mkdtemp(prefix="lc-bench-"))

    bare = wall("pass", repeat)
    imp = wall("import libya_conflict", repeat) - bare
    ac = wall("import attrs, cattrs", repeat) - bare
    load = wall("import libya_conflict as lc; lc.load()", repeat) - bare
    row("import libya_conflict", ms(imp), "<= 5 ms over bare", f"bare {ms(bare)}", f"+{imp / bare:.2f}x bare")
    row("import + load() bundled", ms(load), f"<= {ms(1.5 * ac)}", f"attrs+cattrs {ms(ac)}", f"{load / ac:.2f}x attrs+cattrs")

    setup = "import libya_conflict as lc; ds = lc.load(); ids = [r.id for r in ds]"
    for label, stmt in (
        ("get(id)", "[ds.get(i) for i in ids]"),
        ("resolve(name)", "[ds.resolve(n) for n in ('Hifter', 'LNA', 'Tripoli', 'Misrata', 'GNA')]"),
        ("events.between", "ds.events.between('2019-04-01', '2019-12-31')"),
        ("events.involving", "ds.events.involving('lna')"),
    ):
        count = "len(ids)" if "ids" in stmt else "5" if "resolve" in stmt else "1"
        body = f"{setup}\nimport timeit\nn = {count}\nbest = min(timeit.repeat(lambda: {stmt}, number=20, repeat=5)) / 20 / n"
        out = subprocess.run([PY, "-c", body + "\nprint(best)"], capture_output=True, text=True, check=True)
        per = float(out.stdout.split()[-1])
        row(label, f"{per * 1e6:.2f} us per call", "O(1) get; indexed queries", "dict lookup ~0.05 us", "-")

    previous = None
    for n in sizes:
        path = work / f"events-{n}.jsonl"
        subprocess.run([PY, str(HERE / "generate.py"), str(n), "--types", "event", "--out", str(path)], check=True)
        mb = path.stat().st_size / 1e6
        parse, parse_rss = child(f"import orjson\nrecs = [orjson.loads(l) for l in open({str(path)!r}, 'rb')]")
        bulk, bulk_rss = child(f"import libya_conflict as lc\nr = lc.validate([{str(path)!r}], record_type='event')\nassert r.ok, str(r)[:2000]")
        rate = n / bulk
        row(f"validate {n:,} events ({mb:.0f} MB)", f"{bulk:.2f} s, {rate:,.0f} rec/s, peak {bulk_rss:.0f} MB",
            ">= 100,000 rec/s, < 300 MB", f"orjson parse {parse:.2f} s, {parse_rss:.0f} MB", f"{bulk / parse:.2f}x parse")
        if previous is not None:
            pn, pt, pr = previous
            row(f"  growth {pn:,} -> {n:,}", f"time x{bulk / pt:.1f}, RSS x{bulk_rss / pr:.2f}", f"<= x{n // pn} (linear)", "-", "-")
        previous = (n, bulk, bulk_rss)
        if n in (sizes[-1], 100_000) or (args.quick and n == sizes[-1]):
            sample = min(n, 2_000)
            js, js_rss = child(
                "import json, itertools, libya_conflict._schemas as s\nv = s.validator_for('event')\n"
                f"[v.is_valid(json.loads(l)) for l in itertools.islice(open({str(path)!r}, 'rb'), {sample})]"
            )
            row(f"  jsonschema record by record (x{n // sample} from {sample:,})", f"{js * n / sample:.1f} s (extrapolated)",
                "-", "reference", f"{(js * n / sample) / bulk:.0f}x slower than bulk")
            sample_path = work / f"sample-{sample}"
            sample_path.mkdir(exist_ok=True)
            schema = sample_path / "event.schema.json"
            subprocess.run([PY, "-m", "libya_conflict", "schema", "event"], stdout=schema.open("w"), check=True)
            files = []
            with path.open() as handle:
                for i, line in zip(range(min(sample, 500)), handle):
                    f = sample_path / f"{i}.json"
                    f.write_text(line)
                    files.append(str(f))
            cj = shutil_which("check-jsonschema")
            if cj:
                start = time.perf_counter()
                subprocess.run([cj, "--schemafile", str(schema), "--base-uri", "https://libya-conflict.github.io/schemas/v1/", *files], capture_output=True)
                took = time.perf_counter() - start
                row(f"  check-jsonschema (x{n // len(files)} from {len(files)} files)", f"{took * n / len(files):.1f} s (extrapolated; schema only)",
                    "-", "reference", f"{(took * n / len(files)) / bulk:.0f}x slower than bulk")
    bundle = work / "bundle"
    n_load = 10_000 if args.quick else 100_000
    subprocess.run([PY, str(HERE / "generate.py"), str(n_load), "--folder", str(work / "folder")], check=True)
    took, rss = child(f"import libya_conflict as lc\nds = lc.load({str(work / 'folder')!r})\nassert len(ds) == {n_load}")
    row(f"load() data folder, {n_load:,} records", f"{took:.2f} s, peak {rss:.0f} MB", "<= 2 s at 100,000", "-", f"{n_load / took:,.0f} rec/s")
    del bundle

    print("\n| what | figure | target | anchor | ratio |\n|---|---|---|---|---|")
    for r in ROWS:
        print("| " + " | ".join(r) + " |")
    print(f"\n(python {sys.version.split()[0]}; work files in {work})")
    return 0


def shutil_which(name: str) -> str | None:
    import shutil

    found = shutil.which(name) or (str(Path(PY).parent / name) if (Path(PY).parent / name).exists() else None)
    return found


if __name__ == "__main__":
    json  # noqa: B018
    sys.exit(main())
