"""``archive-viewer bench``: load speed and memory on a generated archive.

The archive is generated in the real layout (``YYYY/YYYYMM/YYYYMMDD/``, one
record a file, GBK with CRLF) with Chinese text that has the statistics of
news text: a character bigram chain learnt from the bundled seed record,
mixed with the most frequent characters of modern Chinese in Zipf
proportions, and log-normal body lengths.

Every figure is printed as a ratio against a floor measured in the same
run: reading every file's bytes and decoding them as GB18030, no parsing.
Memory is measured in a fresh process, as peak RSS above the interpreter's
baseline after imports.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from viewer.core.files.memory import private_kib, rss_kib

if TYPE_CHECKING:
    from viewer.core.search.gramindex import GramIndex

#: The most frequent characters of modern Chinese, most frequent first.
COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而"
    "方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好"
    "应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向"
    "道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特"
    "件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队"
    "南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风"
    "切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许"
    "步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列"
    "习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派"
    "层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
)
PUNCT_MID = "，，，，，、、；"
PUNCT_END = "。。。。！？"
SECTIONS = ("要闻", "国内时事", "国际", "经济", "理论", "评论", "文化", "体育", "科教", "地方新闻", "社会", "副刊")
GENRES = ("消息", "消息", "消息", "通讯", "评论", "图片", "言论", "特写", "综述", "专访")
CLASSES = ("D261.4", "D412.6", "F120.4", "F323", "G40", "D63", "C913", "K29", "I207", "G80", "D81", "F27")


class TextModel:
    """Generates Chinese text with news-like character statistics."""

    def __init__(self, seed_text: str, rng: random.Random) -> None:
        self.rng = rng
        chars = [c for c in seed_text if "\u4e00" <= c <= "\u9fff"]
        self.follow: dict[str, list[str]] = {}
        for a, b in zip(chars, chars[1:]):
            self.follow.setdefault(a, []).append(b)
        weights = [1 / (rank + 1) for rank in range(len(COMMON))]
        self._common = rng.choices(COMMON, weights=weights, k=50000)
        self._i = 0
        self._starts = chars or list(COMMON)

    def _common_char(self) -> str:
        self._i = (self._i + 1) % len(self._common)
        return self._common[self._i]

    def sentence(self, n: int) -> str:
        rng = self.rng
        out = [rng.choice(self._starts)]
        while len(out) < n:
            prev = out[-1]
            nxt = self.follow.get(prev)
            if nxt and rng.random() < 0.6:
                out.append(rng.choice(nxt))
            else:
                out.append(self._common_char())
            if rng.random() < 0.06 and len(out) < n - 2:
                out.append(rng.choice(PUNCT_MID))
        return "".join(out)

    def paragraph(self, n: int) -> str:
        parts, total = [], 0
        while total < n:
            k = max(6, int(self.rng.gauss(28, 10)))
            parts.append(self.sentence(k) + self.rng.choice(PUNCT_END))
            total += k + 1
        return "".join(parts)


def _seed_text() -> str:
    root = Path(__file__).resolve().parents[2] / "seeds"
    for path in sorted(root.glob("*.txt")):
        try:
            return path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return COMMON


def generate(directory: str | os.PathLike[str], records: int, seed: int = 20050217) -> int:
    """Write a synthetic archive of ``records`` files; returns bytes written."""
    import datetime as dt

    rng = random.Random(seed)
    model = TextModel(_seed_text(), rng)
    root = Path(directory)
    day = dt.date(2001, 1, 1)
    issue = 15000
    written = 0
    made = 0
    while made < records:
        folder = root / f"{day:%Y}" / f"{day:%Y%m}" / f"{day:%Y%m%d}"
        folder.mkdir(parents=True, exist_ok=True)
        per_day = min(records - made, rng.randint(22, 38))
        page, item = 1, 0
        for _ in range(per_day):
            item += 1
            if item > rng.randint(3, 7):
                page, item = page + 1, 1
            fields = [
                ("ZQ", "总期", str(issue)),
                ("RQ", "日期", f"{day:%Y%m%d}"),
                ("BH", "版号", f"{page:02d}"),
                ("TH", "条号", str(item)),
            ]
            if rng.random() < 0.3:
                fields.append(("YT", "引题", model.sentence(rng.randint(8, 24))))
            fields.append(("BT", "标题", model.sentence(rng.randint(6, 22))))
            if rng.random() < 0.2:
                fields.append(("FT", "副题", model.sentence(rng.randint(8, 20))))
            if rng.random() < 0.5:
                fields.append(("ZZ", "作者", "本报记者 " + model.sentence(rng.randint(2, 3))))
            fields += [
                ("FL", "分类", rng.choice(CLASSES)),
                ("BM", "版名", SECTIONS[(page - 1) % len(SECTIONS)]),
                ("TC", "体裁", rng.choice(GENRES)),
            ]
            length = int(min(9000, max(60, rng.lognormvariate(6.6, 0.7))))
            paras, left = [], length
            while left > 0:
                n = min(left, max(40, int(rng.gauss(180, 80))))
                paras.append("    " + model.paragraph(n))
                left -= n
            lines = [f"〖{c}/{n}〗{v}〖-{c}/{n}〗" for c, n, v in fields]
            lines += ["〖ZW/正文〗", *paras, "〖-ZW/正文〗", ""]
            data = "\r\n".join(lines).encode("gbk")
            (folder / f"{day:%Y%m%d}{page:02d}{item:03d}.txt").write_bytes(data)
            written += len(data)
            made += 1
        day += dt.timedelta(days=1)
        issue += 1
    return written


def _files(directory: str) -> list[str]:
    out: list[str] = []
    for dirpath, _dirs, names in os.walk(directory):
        out.extend(os.path.join(dirpath, n) for n in names)
    return sorted(out)


def floor(files: list[str]) -> float:
    """Seconds to read every file and decode it as GB18030, nothing more."""
    start = time.perf_counter()
    for path in files:
        with open(path, "rb") as fh:
            fh.read().decode("gb18030")
    return time.perf_counter() - start


def measure_load(directory: str, workers: int | None) -> dict:
    """Load ``directory`` into an Archive; time and memory as a dict.

    Run in a fresh process (``python -m viewer.bench``) so that the
    baseline and peak RSS are this load's own.
    """
    from viewer.core.records.archive import Archive

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    private_before = private_kib()
    start = time.perf_counter()
    archive = Archive.open([directory], workers=workers)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sort_start = time.perf_counter()
    archive.default_order()
    sort_seconds = time.perf_counter() - sort_start
    return {
        "records": len(archive),
        "seconds": seconds,
        "baseline_kib": baseline,
        "peak_kib": peak,
        "now_kib": rss_kib(),
        "private_kib": private_kib() - private_before,
        "default_order_seconds": sort_seconds,
        "problems": archive.count_problems(),
    }


def _measure_in_subprocess(directory: str, workers: int | None) -> dict:
    cmd = [sys.executable, "-m", "viewer.bench", directory]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def run_bench(
    records: int,
    *,
    directory: str | None = None,
    workers: int | None = None,
    out: TextIO,
    more: Callable[[str, float, list], None] | None = None,
    search: bool = True,
) -> int:
    """Generate (or reuse) an archive, measure, and print the report.

    Args:
        more: called with the archive folder, the core load time and the
            summary rows, to measure and print more (the CLI adds the GUI
            path this way).
    """
    tmp = None
    if directory is None:
        tmp = tempfile.TemporaryDirectory(prefix="archive-viewer-bench-")
        directory = tmp.name
    try:
        files = _files(directory)
        if len(files) != records:
            if files:
                print(f"{directory} holds {len(files)} files, not {records}; generate into an empty folder", file=out)
                return 2
            t = time.perf_counter()
            size = generate(directory, records)
            print(f"generated {records} records ({size / 2**20:.1f} MiB) in {time.perf_counter() - t:.1f} s", file=out)
            files = _files(directory)
        floor(files)  # warm the page cache, so that both sides read from memory
        floor_s = min(floor(files) for _ in range(2))
        parallel = _measure_in_subprocess(directory, workers)
        single = _measure_in_subprocess(directory, 0)
        cpus = os.cpu_count() or 1
        n = parallel["records"]
        print(f"\narchive-viewer bench: {n} records in {len(files)} files, {cpus} CPUs", file=out)
        print(f"  floor: read + decode GB18030, 1 process   {floor_s:8.2f} s  {n / floor_s:10.0f} rec/s", file=out)
        _line(out, f"load, {workers if workers is not None else cpus} worker processes", parallel["seconds"], floor_s, n)
        _line(out, "load, in one process", single["seconds"], floor_s, n)
        above = (parallel["peak_kib"] - parallel["baseline_kib"]) / 1024
        private = parallel["private_kib"] / 1024
        print(f"  memory of the core load: peak RSS above baseline {above:.1f} MiB, anonymous (heap) after it {private:.1f} MiB"
              f" ({above * 1024 * 1024 / max(n, 1):.0f} B/record)", file=out)
        summary: list = []
        load_ratio = parallel["seconds"] / floor_s
        summary.append(("cold load, ratio to the floor", f"{parallel['seconds']:.1f} s, {load_ratio:.2f}x", "<= 2x", load_ratio / 2))
        print(f"  default order (date, page, item)           {parallel['default_order_seconds']:8.3f} s", file=out)
        print(f"  problems found                             {parallel['problems']:8d}", file=out)
        print("  target: load within 2.0x the floor", file=out)
        if search:
            search_bench(directory, workers, out, summary)
            cache_bench(directory, workers, out, summary)
        if more is not None:
            more(directory, parallel["seconds"], summary)
        print_summary(n, summary, out)
        return 0
    finally:
        if tmp is not None:
            tmp.cleanup()


#: The one-character query; the 2-, 4- and 8-character ones are cut from a
#: body of the archive itself (so that they occur, as real queries do).
SEARCH_TERMS = ("党",)
SEARCH_TARGET_S = 0.1
#: How many times faster than rg a search should be.
RG_TARGET = 20.0
#: Lines that fill a first screen of the concordance, and the time they should take.
KWIC_SCREEN, KWIC_TARGET_S = 40, 0.3
CLI_TARGET_S = 1.0


def _rg(directory: str, term: str) -> float | None:
    import shutil

    rg = shutil.which("rg")
    if rg is None:
        return None
    t = time.perf_counter()
    subprocess.run([rg, "-l", "-E", "gbk", "--no-messages", term, directory],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def _folder_mib(folder: str, suffix: str = "") -> float:
    total = 0
    for dirpath, _dirs, names in os.walk(folder):
        total += sum(os.path.getsize(os.path.join(dirpath, n)) for n in names if n.endswith(suffix))
    return total / 2**20


def search_bench(directory: str, workers: int | None, out: TextIO, summary: list | None = None) -> None:
    """The search index: building it, opening it again, every query length
    against the 100 ms target and against rg, the streamed concordance, and
    ``archive-viewer search`` as a whole process."""
    import statistics

    from viewer.core.records.archive import Archive
    from viewer.core.search.gramindex import GramIndex, folder_in
    from viewer.core.search.kwic import Concordance
    from viewer.core.search.query import parse_query
    from viewer.core.search.searcher import Searcher

    summary = [] if summary is None else summary
    archive = Archive.open([directory], workers=workers)
    with tempfile.TemporaryDirectory(prefix="archive-viewer-bench-cache-") as tmp:
        cache_folder = os.path.join(tmp, "archive-viewer")  # as the CLI finds it with XDG_CACHE_HOME=tmp
        t = time.perf_counter()
        grams = GramIndex.open(archive, cache_folder, workers=workers)
        build = time.perf_counter() - t
        if grams is None or not grams.complete:
            print(f"\nsearch index: could not be built ({grams.problems[:1] if grams else 'no cache folder'})", file=out)
            return
        grams.close()
        t = time.perf_counter()
        grams = GramIndex.open(archive, cache_folder, workers=workers)
        reopen = time.perf_counter() - t
        assert grams is not None
        folder = folder_in(cache_folder)
        print(f"\nsearch index ({len(archive)} records): built in {build:.1f} s, kept in the cache folder: "
              f"{_folder_mib(folder, '.grams'):.0f} MiB of postings, {_folder_mib(folder, '.u16'):.0f} MiB of bodies; "
              f"opened again in {reopen:.2f} s", file=out)
        searcher = Searcher(archive, None, grams=grams)
        terms = _terms(grams, len(archive))
        for term in terms:
            query = parse_query(term)
            times = []
            for _ in range(3):
                t = time.perf_counter()
                result = searcher.search(query)
                times.append(time.perf_counter() - t)
            ours = statistics.median(times)
            label = f"search, {len(term)} character{'s' if len(term) > 1 else ''} ({term})"
            line = f"  {label:<36}{ours * 1000:8.1f} ms  {len(result.ids):8d} records  ratio to 100 ms {ours / SEARCH_TARGET_S:5.2f}"
            theirs = _rg(directory, term)
            if theirs is not None:
                line += f"  rg -l {theirs:6.2f} s: {theirs / ours:8.0f}x faster"
                summary.append((f"{label} vs rg", f"{theirs / ours:.0f}x faster", f">= {RG_TARGET:.0f}x", RG_TARGET / (theirs / ours)))
            summary.append((label, f"{ours * 1000:.1f} ms", "<= 100 ms", ours / SEARCH_TARGET_S))
            print(line, file=out)
        result = searcher.search(parse_query(terms[0]))
        t = time.perf_counter()
        conc = Concordance(searcher, result, 20)
        while len(conc) < KWIC_SCREEN and not conc.complete:
            conc.grow(records=16)
        lines = [conc.line(i) for i in range(min(KWIC_SCREEN, len(conc)))]
        first = time.perf_counter() - t
        conc.grow()
        every = time.perf_counter() - t
        print(f"  concordance of {terms[0]}: first {len(lines)} lines after {first * 1000:.0f} ms "
              f"(ratio to 300 ms {first / KWIC_TARGET_S:.2f}); all {len(conc):,} lines after {every:.1f} s, "
              f"streamed, {len(conc) * 13 / 2**20:.0f} MiB", file=out)
        summary.append((f"concordance of {terms[0]}, first screen", f"{first * 1000:.0f} ms", "<= 300 ms", first / KWIC_TARGET_S))
        grams.close()
        cli_bench(directory, workers, tmp, out, summary, terms[2])
    if _rg(directory, "党") is None:
        print("  (ripgrep is not installed: no comparison; apt-get install ripgrep)", file=out)
    print(f"  targets: every query <= 100 ms and >= {RG_TARGET:.0f}x faster than rg", file=out)


def _terms(grams: GramIndex, records: int) -> list[str]:
    """The queries: 党, then 2, 4 and 8 characters from a body in the middle
    of the archive (Chinese characters only, so that they are words)."""
    terms = list(SEARCH_TERMS)
    for rid in range(records // 2, records):
        text = "".join(c for c in grams.body(rid) if "\u4e00" <= c <= "\u9fff")
        if len(text) >= 60:
            return terms + [text[20:22], text[30:34], text[50:58]]
    return terms + ["教育", "学习培训", "先进性教育活动领"]


def cli_bench(directory: str, workers: int | None, cache_home: str, out: TextIO, summary: list, term: str) -> None:
    """``archive-viewer search`` as a whole process with a warm cache (the
    first run fills the metadata cache; the search index is already there),
    then with ``--trust-folders`` (its first run writes the folders down).

    The program's modules run from compiled bytecode, as in an installed
    copy (pip compiles it; a source checkout writes it at its first run):
    an environment that forbids writing it (``PYTHONDONTWRITEBYTECODE``)
    would have every run compile some sixty modules again, about 0.15 s.
    The bytecode goes to a folder beside the bench's cache
    (``PYTHONPYCACHEPREFIX``), removed with it."""
    cmd = [sys.executable, "-m", "viewer", "search", directory, term]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    env = {**os.environ, "XDG_CACHE_HOME": cache_home, "PYTHONPYCACHEPREFIX": os.path.join(cache_home, "bytecode")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def runs(extra: list[str]) -> list[float]:
        took = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run(cmd + extra, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            took.append(time.perf_counter() - t)
        return took

    checked = runs([])
    warm = min(checked[1:])
    theirs = _rg(directory, term)
    line = (f"  archive-viewer search {term}, whole process, warm: {warm:.2f} s (first run {checked[0]:.1f} s), "
            f"ratio to 1 s {warm / CLI_TARGET_S:.2f}")
    if theirs is not None:
        line += f"; rg -l {theirs:.2f} s"
    print(line, file=out)
    trusting = min(runs(["--trust-folders"])[1:])
    print(f"  the same with --trust-folders (opt-in; files not checked): {trusting:.2f} s, "
          f"ratio to 1 s {trusting / CLI_TARGET_S:.2f}", file=out)
    summary.append(("archive-viewer search, whole process, warm", f"{warm:.2f} s", "<= 1 s", warm / CLI_TARGET_S))
    summary.append(("  the same, --trust-folders (opt-in)", f"{trusting:.2f} s", "<= 1 s", trusting / CLI_TARGET_S))


def print_summary(records: int, summary: list, out: TextIO) -> None:
    """Every figure against its target: ratio = measured / target, so 1.00 or
    less meets it (for "x times faster" figures: target / measured)."""
    print(f"\nsummary at {records:,} records (ratio <= 1.00 meets the target)", file=out)
    width = max((len(label) for label, *_ in summary), default=10)
    for label, measured, target, ratio in summary:
        verdict = "met" if ratio <= 1.0 else "NOT met"
        print(f"  {label:<{width}}  {measured:>18}  target {target:<10} ratio {ratio:6.2f}  {verdict}", file=out)


def cache_bench(directory: str, workers: int | None, out: TextIO, summary: list | None = None) -> None:
    """Reopening with a warm persistent index: time to the first rows and in all."""
    from viewer.core.records.archive import Archive
    from viewer.core.records.cache import IndexCache

    with tempfile.TemporaryDirectory(prefix="archive-viewer-bench-cache-") as tmp:
        cache = IndexCache.in_folder(tmp)
        t = time.perf_counter()
        Archive.open([directory], workers=workers, cache=cache)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        first: float | None = None
        archive = Archive()

        def added(_batch: object, _rids: range) -> None:
            nonlocal first
            if first is None and len(archive):
                first = time.perf_counter() - t

        archive.fill([directory], workers=workers, cache=cache, added=added)
        warm = time.perf_counter() - t
        Archive.open([directory], workers=workers, cache=cache, trust_folders=True)  # (lists the folders, writes them down)
        t = time.perf_counter()
        trusted = Archive.open([directory], workers=workers, cache=cache, trust_folders=True)
        trusting = time.perf_counter() - t
        # One folder changed, as saving an annotation changes it (a new name
        # in it): only that folder is listed again (removed at once after).
        marker = os.path.join(os.path.dirname(trusted.files[len(trusted.files) // 2].path), ".archive-viewer-bench")
        try:
            with open(marker, "x", encoding="utf-8"):
                pass
            t = time.perf_counter()
            partly = Archive.open([directory], workers=workers, cache=cache, trust_folders=True)
            relisting = time.perf_counter() - t
        finally:
            try:
                os.unlink(marker)
            except OSError:
                pass
        cache.close()
    if first is None:  # (no record came before the end)
        first = warm
    print(f"\nreopen with the persistent index ({len(archive)} records; first load that fills it {cold:.2f} s)", file=out)
    print(f"  warm reopen: first rows after {first * 1000:.0f} ms, all after {warm:.2f} s"
          f"  (targets: first rows <= 1 s, ratio {first / 1.0:.2f}; every record <= 5 s, ratio {warm / 5.0:.2f})", file=out)
    said = "no folder listed, no file checked" if trusted.folders_trusted else "NOT trusted: every file checked"
    print(f"  warm reopen trusting unchanged folders (opt-in): all after {trusting:.2f} s ({said})", file=out)
    said = (f"{partly.folders_relisted} folder listed again, the rest trusted" if partly.folders_relisted
            else "NOT partly trusted: every file checked")
    print(f"  the same after one folder changed (a file added to it): all after {relisting:.2f} s ({said})", file=out)
    if summary is not None:
        summary.append(("warm reopen, every record", f"{warm:.1f} s", "<= 5 s", warm / 5.0))
        summary.append(("warm reopen, folders trusted (opt-in)", f"{trusting:.1f} s", "<= 5 s", trusting / 5.0))
        summary.append(("  the same, one folder changed", f"{relisting:.1f} s", "<= 5 s", relisting / 5.0))


def _line(out: TextIO, label: str, seconds: float, floor_s: float, n: int) -> None:
    print(
        f"  {label:<42} {seconds:8.2f} s  {n / seconds:10.0f} rec/s  ratio to floor {seconds / floor_s:5.2f}x",
        file=out,
    )


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="measure one archive load in this process (used by bench)")
    parser.add_argument("directory")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    print(json.dumps(measure_load(args.directory, args.workers)))
