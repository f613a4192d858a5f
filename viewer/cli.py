"""The command line: a thin layer over :mod:`viewer.core`.

``archive-viewer`` with no command (or with only paths) opens the GUI.
The output forms of ``list`` and ``check`` are a contract that other tools
script against; they are documented in the README.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from viewer import __version__
from viewer.arguments import TOP_EPILOG, TOP_USAGE, OneLineParser
from viewer.core.files.names import name_fields, one_line, text_of
from viewer.core.records.archive import COL_FILE, COL_LENGTH, COL_PROBLEMS, Archive
from viewer.core.records.collation import COLLATIONS, PINYIN
from viewer.core.records.decoding import EncodingOverrides
from viewer.core.records.diagnostics import Problem, ProblemKind, Severity
from viewer.core.records.fields import KNOWN_FIELDS, ZW, field_name, normalize_code

if TYPE_CHECKING:
    from viewer.core.records.cache import IndexCache
    from viewer.core.records.checks import Settings as CheckSettings
    from viewer.core.search.kwic import KwicLine
    from viewer.core.search.prepare import Prepared
    from viewer.core.search.query import Query
    from viewer.core.search.searcher import Searcher, SearchResult
    from viewer.core.session import Session

COMMANDS = ("list", "check", "search", "correct", "export", "progress", "bench", "annotations", "merge-sidecars", "git-setup")
DEFAULT_TABLE_FIELDS = ("RQ", "BH", "TH", "BM", "BT")


class UsageError(Exception):
    """A mistake in the command line; exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="archive-viewer",
        usage=TOP_USAGE,
        description="Read, check, search and annotate archived newspaper records.",
        epilog=TOP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser, prog="archive-viewer")

    def encoding_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--encoding",
            action="append",
            default=[],
            metavar="ENC|PATH=ENC",
            help="read every file (ENC) or the files under PATH (PATH=ENC) in this encoding; repeatable",
        )
        p.add_argument("--workers", type=_count, default=None, help="worker processes (0: none; default: one per CPU)")
        p.add_argument("--no-cache", action="store_true",
                       help="read every file, without the index in the user cache (the output is the same)")
        p.add_argument("--trust-folders", action="store_true",
                       help="reopen without checking each file when no folder has changed: faster, but misses "
                       "files rewritten in place (see the README's \"Trusting folders\")")

    def fallback_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--fallback", metavar="DIR",
                       help="where sidecars of read-only folders are kept (default: the user data folder)")

    p_list = sub.add_parser("list", help="list records")
    p_list.add_argument("paths", nargs="+", metavar="PATH")
    p_list.add_argument("--format", choices=("table", "csv", "jsonl"), default="table")
    p_list.add_argument(
        "--fields", metavar="CODES", help="comma-separated codes or names (BT,RQ or 标题,日期); default: all"
    )
    p_list.add_argument("--body", action="store_true", help="include the body")
    p_list.add_argument("--sort", metavar="CODE", help="sort by a field (typed: dates and numbers sort as such)")
    p_list.add_argument("--collation", choices=COLLATIONS, default=PINYIN,
                        help="how --sort orders text: pinyin (default) or codepoint")
    encoding_option(p_list)

    p_check = sub.add_parser("check", help="report every problem; exit 1 if there are any")
    p_check.add_argument("paths", nargs="+", metavar="PATH")
    p_check.add_argument("--format", choices=("text", "jsonl"), default="text")
    p_check.add_argument(
        "--skip", action="append", default=[], metavar="CHECK[,CHECK]",
        help="switch off proofreading checks: " + ", ".join(_check_names()) + ", or all",
    )
    p_check.add_argument("--confusions", metavar="FILE",
                         help="known misreadings, one WRONG→RIGHT a line (default: the archive's "
                         ".archive-viewer-confusions.txt, else a built-in list)")
    encoding_option(p_check)

    p_search = sub.add_parser(
        "search",
        help="full-text search (see the README for the query language)",
        usage="archive-viewer search [OPTIONS] PATH... QUERY\n       archive-viewer search [OPTIONS] PATH... -- QUERY",
        epilog=SEARCH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_search.add_argument("args", nargs="+", metavar="PATH... QUERY", help="files or folders, then the query")
    p_search.add_argument("--kwic", action="store_true", help="one line a hit: left context | match | right context")
    p_search.add_argument("--width", type=_count, default=20, help="context characters on each side (default 20)")
    p_search.add_argument("--sort", choices=("archive", "1L", "1R", "date", "title"), default="archive",
                          help="concordance order (default: archive order)")
    p_search.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")
    p_search.add_argument("--variants", action="store_true",
                          help="match simplified and traditional forms alike (发展 finds 發展; OpenCC's tables)")
    fallback_option(p_search)
    encoding_option(p_search)

    p_ann = sub.add_parser("annotations", help="export every annotation of an archive")
    p_ann.add_argument("paths", nargs="+", metavar="PATH")
    p_ann.add_argument("--format", choices=("jsonl", "csv", "md", "w3c"), default="jsonl")
    fallback_option(p_ann)
    encoding_option(p_ann)

    p_export = sub.add_parser(
        "export",
        help="write the records as tagged files under a new folder, with accepted corrections if asked",
        description="Write every record under DIR, each file at its path relative to the archive. By default "
        "each file keeps its own bytes: a file is byte for byte its source except inside the corrections "
        "applied (same encoding, newlines and byte order mark). Never writes over any file.",
    )
    p_export.add_argument("paths", nargs="+", metavar="PATH")
    p_export.add_argument("--to", required=True, metavar="DIR", help="the folder to write into (files there are never replaced)")
    p_export.add_argument("--format", choices=("tagged",), default="tagged", help="the records' own tagged format")
    p_export.add_argument("--corrections", choices=("none", "accepted"), default="none",
                          help="apply the accepted corrections (default: none)")
    p_export.add_argument("--changed-only", action="store_true", help="write only the files a correction changes")
    p_export.add_argument("--out-encoding", metavar="ENC",
                          help="re-encode every file in ENC (default: each file's own encoding, byte for byte)")
    fallback_option(p_export)
    encoding_option(p_export)

    p_correct = sub.add_parser(
        "correct",
        help="find and replace as corrections: propose them (open) or accept them",
        description="Find every place TEXT occurs (in the records a query finds, or in every record) and make "
        "each a correction to REPLACEMENT, open (to review in the window) or, with --accept, accepted. The "
        "record files are never changed. Prints each place in its context, then how many.",
    )
    p_correct.add_argument("paths", nargs="+", metavar="PATH")
    p_correct.add_argument("--find", metavar="TEXT", help="the text to correct")
    p_correct.add_argument("--replace", metavar="TEXT", help="what it becomes")
    p_correct.add_argument("--confusions", metavar="FILE",
                           help="many pairs at once: a list of misreadings, one WRONG→RIGHT a line")
    p_correct.add_argument("--query", metavar="Q", help="only in the records this query finds (the search's language)")
    p_correct.add_argument("--field", action="append", default=[], metavar="CODE",
                           help="only in this field (标题, BT, 正文…); repeatable (default: 引题 标题 副题 作者 正文)")
    p_correct.add_argument("--accept", action="store_true", help="make them accepted corrections (default: open)")
    p_correct.add_argument("--author", metavar="NAME", help="the name on the corrections (default: your login name)")
    p_correct.add_argument("--dry-run", action="store_true", help="list the places; write nothing")
    fallback_option(p_correct)
    encoding_option(p_correct)

    p_progress = sub.add_parser("progress", help="review progress: records by level, by editor and by month")
    p_progress.add_argument("paths", nargs="+", metavar="PATH")
    p_progress.add_argument("--format", choices=("table", "jsonl"), default="table")
    fallback_option(p_progress)
    encoding_option(p_progress)

    p_merge = sub.add_parser(
        "merge-sidecars",
        help="git merge driver: merge three versions of a sidecar per annotation",
        description="Merge BASE, OURS and THEIRS (git's %%O %%A %%B) annotation by annotation and write "
        "the result to OURS. Exit 0 when merged; 1 when a version cannot be read (OURS is left as it was, "
        "and git reports a conflict). Set up by: archive-viewer git-setup",
    )
    p_merge.add_argument("base", metavar="BASE")
    p_merge.add_argument("ours", metavar="OURS")
    p_merge.add_argument("theirs", metavar="THEIRS")
    p_merge.add_argument("path", nargs="?", default="", metavar="PATH", help="the sidecar's path in the repository (%%P)")

    p_git = sub.add_parser(
        "git-setup",
        help="make a git repository merge sidecars per annotation",
        description="Add the merge driver's lines to the repository's .gitattributes and the driver to its "
        ".git/config, and say what was done. Running it again changes nothing.",
    )
    p_git.add_argument("repo", nargs="?", default=".", metavar="REPO", help="a folder in the repository (default: .)")

    p_bench = sub.add_parser("bench", help="measure loading on a generated archive")
    p_bench.add_argument("--records", type=_count, default=20000, help="records to generate (default 20000)")
    p_bench.add_argument("--dir", help="generate into this folder and keep it (default: a temporary folder)")
    p_bench.add_argument("--workers", type=_count, default=None)
    p_bench.add_argument("--no-gui", action="store_true", help="skip the GUI path (window, sort, select, filter)")
    p_bench.add_argument("--no-search", action="store_true", help="skip the search measurements")
    return parser


SEARCH_EPILOG = """how the arguments are read:
  The last argument is the query; the ones before it are files and folders.
  Options start with "--" (and -h); any other argument that starts with "-"
  is query text, a term to exclude:  archive-viewer search PATH -教育
  "--" ends the options: the one argument after it is the query, so a query
  that starts with "--" can be given:  archive-viewer search PATH -- -test
  A query of several words is one argument: quote it ("党员 教育").
  Given in grep's order (QUERY PATH), the command says so and reads it the
  other way round when the last argument is a file or folder and the first
  is not.

exit status: 0 something matched; 1 nothing matched; 2 a usage error, a
bad query, or a PATH that does not exist or cannot be read."""

#: Options of ``search`` that take a value (for reading its arguments).
_SEARCH_VALUES = frozenset({"--width", "--sort", "--format", "--fallback", "--encoding", "--workers"})


def _count(text: str) -> int:
    """An argparse type: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _overrides(specs: list[str]) -> EncodingOverrides:
    overrides = EncodingOverrides()
    for spec in specs:
        path, sep, codec = spec.rpartition("=")
        try:
            overrides.set(path if sep else "*", codec)
        except LookupError as e:
            raise UsageError(str(e) if "text encoding" in str(e) else f"unknown encoding: {codec}") from None
    return overrides


def _search_argv(argv: list[str]) -> tuple[list[str], list[str]]:
    """Split ``search``'s arguments into options (for argparse) and the rest.

    Returns:
        The options with their values, and the positional arguments after
        the options (with a ``--`` kept in place when there was one).
    """
    options: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if arg in ("-h", "--help") or (arg.startswith("--") and arg[2:3].isascii() and arg[2:3].isalpha()):
            options.append(arg)
            if arg in _SEARCH_VALUES and i + 1 < len(argv):
                options.append(argv[i + 1])
                i += 1
        else:
            rest.append(arg)
        i += 1
    return options, rest


def _is_command_word(arg: str) -> bool:
    """Does ``arg`` look like a mistyped command rather than a path?"""
    return not arg.startswith("-") and "/" not in arg and os.sep not in arg and "." not in arg and not os.path.exists(arg)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help", "--version"):
        first = next((a for a in argv if not a.startswith("-")), None)
        if first is not None and argv.index(first) == 0 and _is_command_word(first):
            print(
                f"archive-viewer: error: {first!r} is not a command, nor a file or folder "
                f"(commands: {', '.join(COMMANDS)}; see archive-viewer --help)",
                file=sys.stderr,
            )
            return 2
        from viewer.ui.app import run_gui

        return run_gui(argv)
    parser = _parser()
    if argv[0] == "search":
        options, rest = _search_argv(argv[1:])
        args = parser.parse_args(["search", *options, "--", *(a for a in rest if a != "--")])
        args.dashdash = rest.index("--") if "--" in rest else None
    else:
        args = parser.parse_args(argv)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        # Machine formats are UTF-8 whatever the locale; text that cannot be
        # written is replaced, never a traceback.
        machine = getattr(args, "format", "") in ("jsonl", "csv", "w3c")
        out.reconfigure(**({"encoding": "utf-8"} if machine else {}), errors="replace")
    try:
        if args.command == "list":
            return cmd_list(args, out)
        if args.command == "check":
            return cmd_check(args, out)
        if args.command == "search":
            return cmd_search(args, out)
        if args.command == "annotations":
            return cmd_annotations(args, out)
        if args.command == "export":
            return cmd_export(args, out)
        if args.command == "correct":
            return cmd_correct(args, out)
        if args.command == "progress":
            return cmd_progress(args, out)
        if args.command == "merge-sidecars":
            return cmd_merge_sidecars(args)
        if args.command == "git-setup":
            return cmd_git_setup(args, out)
        if args.command == "bench":
            from viewer.bench import run_bench

            if args.records < 1:
                raise UsageError("bench --records needs 1 or more")
            more = None if args.no_gui else lambda d, core, summary: _gui_bench(d, core, args.workers, out, summary)
            return run_bench(
                args.records, directory=args.dir, workers=args.workers, out=out, more=more, search=not args.no_search
            )
    except UsageError as e:
        print(one_line(f"archive-viewer: error: {e}"), file=sys.stderr)
        return 2
    except BrokenPipeError:  # `archive-viewer list … | head`
        sys.stderr.close()
        return 0
    return 2


def _open_session(args: argparse.Namespace, paths: Sequence[str] | None = None, **more: Any) -> Session:
    """The archive a command works on, with its annotations (sidecars of
    read-only folders from ``--fallback`` or the user data folder)."""
    from viewer.core.files.paths import fallback_annotations_dir
    from viewer.core.session import Session

    session = Session.open(
        list(args.paths if paths is None else paths),
        overrides=_overrides(args.encoding),
        workers=args.workers,
        fallback_root=args.fallback or str(fallback_annotations_dir()),
        cache=_cache(args),
        trust_folders=args.trust_folders,
        **more,
    )
    _say_trusted(session.archive)
    return session


def _say_trusted(archive: Archive) -> None:
    """One line on stderr when the archive was taken from the cache without
    checking its files (``--trust-folders``: no folder changed, or only the
    few that changed were listed again): what the output stands on.
    Standard output is the same either way."""
    if not archive.folders_trusted:
        return
    n = archive.folders_relisted
    if n:
        said = (f"{n:,} folder{'s' if n != 1 else ''} changed since the archive was last listed: only "
                f"{'those were' if n != 1 else 'that one was'} listed again and {'their' if n != 1 else 'its'} "
                "files checked, the others' files not one by one")
    else:
        said = "no folder changed since it was last listed: files not checked one by one"
    print(f"archive-viewer: {said} (--trust-folders; a file rewritten in place would not show)", file=sys.stderr)


def _cache(args: argparse.Namespace) -> IndexCache | None:
    """The persistent index in the user cache folder, unless ``--no-cache``
    (files whose size, times and inode are unchanged are not read again;
    see the README's "What the cache trusts")."""
    if getattr(args, "no_cache", False):
        return None
    from viewer.core.files.paths import user_cache_dir
    from viewer.core.records.cache import IndexCache

    return IndexCache.in_folder(user_cache_dir())


# -- bench --------------------------------------------------------------

#: GUI targets (seconds), from the issue about a million records.
GUI_TARGETS = {"first_rows": 1.0, "sort_title": 1.0, "sort_date": 1.0, "select": 0.05, "filter": 0.2, "search": 0.1,
               "facets": 0.3, "browser": 1.0, "blocked": 0.1}
#: The whole GUI process, above its baseline (MiB).
GUI_MEMORY_TARGET = 500


def _gui_bench(directory: str, core_seconds: float, workers: int | None, out: TextIO, summary: list) -> None:
    """Run the GUI path offscreen, each opening in a fresh process, and print
    it as ratios to targets: the first opening (a fresh cache: the search
    index is built; the window is left open until the checks have run, as
    a user's would be, so that their findings are kept), then a warm one
    (with trusting folders on, which writes the folders down), then one
    with the folders trusted."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="archive-viewer-bench-gui-") as cache:
        for title, prefix, extra, trusted in (
            ("first opening, a fresh cache", "GUI", ["--settle"], False),
            ("opened again, every file checked", "GUI warm", ["--trust-folders"], False),
            ("opened again, folders trusted (opt-in)", "GUI trusted", ["--trust-folders"], True),
        ):
            if not _gui_run(directory, core_seconds, workers, [*extra, "--cache", cache], title, prefix, out, summary,
                            trusted):
                return


def _gui_run(directory: str, core_seconds: float, workers: int | None, extra: list[str], title: str, prefix: str,
             out: TextIO, summary: list, trusted: bool) -> bool:
    """One opening of the window (:mod:`viewer.ui.gui_bench`), printed
    (``trusted``: the folders should be trusted; said when they were not)."""
    import os
    import subprocess

    cmd = [sys.executable, "-m", "viewer.ui.gui_bench", directory, *extra]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        print(f"  GUI path ({title}): failed ({done.stderr.strip().splitlines()[-1:] or done.returncode})", file=out)
        return False
    g = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\nGUI path, {title} (offscreen, {g['records']} records; core load above: {core_seconds:.2f} s)", file=out)
    if trusted and not g["folders_trusted"]:
        print("  (the folders were NOT trusted: some changed within 3 s of being listed, so every file was checked)",
              file=out)
    labels = {
        "first_rows": "open to first rows shown",
        "sort_title": "sort by 标题 (title)",
        "sort_date": "sort by 日期 (date)",
        "select": "select a row to reader filled",
        "filter": "quick filter to table updated",
        "search": "search to table updated",
        "facets": "facet counts of every record",
        "browser": f"annotation browser, {g.get('annotations', 0)} annotations",
        "blocked": "longest the GUI thread was blocked",
    }
    for key, label in labels.items():
        if key not in g:
            continue
        target = GUI_TARGETS[key]
        pad = 38 - sum(2 if ord(c) > 0x2E80 else 1 for c in label)
        print(f"  {label}{' ' * max(pad, 1)}{g[key] * 1000:8.1f} ms  target {target * 1000:5.0f} ms, ratio {g[key] / target:5.2f}", file=out)
        summary.append((f"{prefix}: {label}", f"{g[key] * 1000:.0f} ms", f"<= {target * 1000:.0f} ms", g[key] / target))
    print(f"  open to fully loaded and ordered          {g['loaded']:8.2f} s", file=out)
    print(f"  search index ready after loading          {g['index_wait']:8.2f} s", file=out)
    if "browser_placed" in g:
        print(f"  annotation browser, every span placed     {g['browser_placed']:8.2f} s", file=out)
        print(f"  annotation files still being read after the facets {g['annotations_read']:6.2f} s", file=out)
    if "settled" in g:
        print(f"  checks done (window left open) after      {g['settled']:8.2f} s more", file=out)
    print(f"  memory of the whole GUI process above its baseline: {g['rss_mib']:.0f} MiB resident "
          f"({g['rss_loaded_mib']:.0f} MiB once loaded, {g['rss_index_mib']:.0f} MiB with the index open), "
          f"{g['private_mib']:.0f} MiB anonymous (the heap; the rest is mostly pages of the mapped index, "
          f"which the kernel drops when it needs them; target {GUI_MEMORY_TARGET} MiB)", file=out)
    blocked = ", ".join(f"{k[8:]} {g[k] * 1000:.0f} ms" for k in g if k.startswith("blocked_"))
    print(f"  longest block of the GUI thread by phase: {blocked}", file=out)
    summary.append((f"{prefix}: anonymous memory above baseline", f"{g['private_mib']:.0f} MiB",
                    f"<= {GUI_MEMORY_TARGET} MiB", g["private_mib"] / GUI_MEMORY_TARGET))
    return True


# -- paths and names -------------------------------------------------------


def _n(count: int, word: str) -> str:
    """``1 record``, ``2 records``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"



def _named_path_errors(problems: list[Problem], paths: Sequence[str]) -> list[Problem]:
    """Problems of the paths given on the command line that could not be opened."""
    given = {os.fspath(p) for p in paths}
    return [p for p in problems if p.severity is Severity.ERROR and p.record is None and p.file in given
            and p.kind is ProblemKind.UNREADABLE]


def _report_unreadable(archive: Archive, paths: Sequence[str]) -> tuple[bool, bool]:
    """Name on stderr every file that could not be read at all.

    Returns:
        (a PATH given on the command line could not be opened, some other
        file could not be read).
    """
    named = _named_path_errors(archive.problems, paths)
    others = False
    for p in archive.problems:
        if p.severity is Severity.ERROR and p.record is None:
            print(one_line(f"archive-viewer: {p.file}: {p.message}"), file=sys.stderr)
            others = others or p not in named
    return bool(named), others


# -- list ---------------------------------------------------------------


def _problem_text(p: Problem) -> str:
    return f"line {p.line}: {p.message}" if p.line is not None else p.message


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    overrides = _overrides(args.encoding)
    codes = [normalize_code(c) for c in args.fields.split(",") if c.strip()] if args.fields else None
    archive = Archive.open(args.paths, overrides=overrides, workers=args.workers, cache=_cache(args),
                           trust_folders=args.trust_folders)
    _say_trusted(archive)
    named, others = _report_unreadable(archive, args.paths)
    ids = archive.ids()
    held = set(KNOWN_FIELDS) | set(archive.extra_codes())
    for code in [c for c in dict.fromkeys(codes or ()) if c not in held]:
        print(f"archive-viewer: no record has a field {code} (--fields); its column is empty", file=sys.stderr)
    if args.sort:
        code = normalize_code(args.sort)
        if code not in held and code not in (COL_LENGTH, COL_FILE, COL_PROBLEMS):
            print(f"archive-viewer: no record has a field {code} (--sort); listed in the archive's order",
                  file=sys.stderr)
        ids = archive.sorted_ids(ids, code, collation=args.collation)
    if args.format == "jsonl":
        _list_jsonl(archive, ids, codes, args.body, out)
    elif args.format == "csv":
        _list_csv(archive, ids, codes, args.body, out)
    else:
        _list_table(archive, ids, codes or list(DEFAULT_TABLE_FIELDS), args.body, out)
    return 2 if named else 1 if others else 0


def _record_fields(archive: Archive, rid: int, codes: list[str] | None) -> dict[str, str]:
    if codes is None:
        return archive.fields(rid)
    return {code: archive.value(rid, code) for code in codes}


def _body(archive: Archive, rid: int) -> str:
    record = archive.read(rid)
    return record.body() if record else ""


def _list_jsonl(archive: Archive, ids: Sequence[int], codes: list[str] | None, body: bool, out: TextIO) -> None:
    for rid in ids:
        src = archive.source(rid)
        obj = name_fields({}, src.path, archive.key(rid))
        obj |= {
            "index": archive.index_in_file(rid),
            "encoding": archive.encoding(rid),
            "fields": _record_fields(archive, rid, codes),
            "pictures": [{"page": p.page, "file": p.file} for p in archive.pictures(rid)],
            "problems": [_problem_text(p) for p in archive.record_problems(rid)],
        }
        if body:
            obj["body"] = _body(archive, rid)
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _all_codes(archive: Archive) -> list[str]:
    return [code for code in KNOWN_FIELDS if code != ZW] + archive.extra_codes()


def _list_csv(archive: Archive, ids: Sequence[int], codes: list[str] | None, body: bool, out: TextIO) -> None:
    codes = codes or _all_codes(archive)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "index", "key", "encoding", *codes, *(["body"] if body else [])])
    for rid in ids:
        row = [text_of(archive.source(rid).path), archive.index_in_file(rid), text_of(archive.key(rid)), archive.encoding(rid)]
        row += [archive.value(rid, code) for code in codes]
        if body:
            row.append(_body(archive, rid))
        writer.writerow(row)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` terminal cells and pad it."""
    text = " ".join(text.split())
    if _width(text) > width:
        cells, cut = 0, []
        for ch in text:
            w = _width(ch)
            if cells + w > width - 1:
                break
            cut.append(ch)
            cells += w
        text = "".join(cut) + "…"
    return text + " " * (width - _width(text))


def _list_table(archive: Archive, ids: Sequence[int], codes: list[str], body: bool, out: TextIO) -> None:
    labels = [f"{field_name(c)}" for c in codes]
    rows = [[archive.value(rid, c) for c in codes] for rid in ids]
    widths = []
    for i, label in enumerate(labels):
        cells = [_width(" ".join(r[i].split())) for r in rows[:2000]]
        widths.append(min(max([_width(label), *cells]), 40))
    out.write("  ".join(_fit(label, w) for label, w in zip(labels, widths)).rstrip() + "\n")
    for rid, row in zip(ids, rows):
        out.write("  ".join(_fit(v, w) for v, w in zip(row, widths)).rstrip() + "\n")
        if body:
            for para in _body(archive, rid).splitlines():
                out.write(f"    {para}\n")
    out.write(f"({_n(len(rows), 'record')})\n")


# -- search -------------------------------------------------------------


def cmd_search(args: argparse.Namespace, out: TextIO) -> int:
    import tempfile

    from viewer.core.search.kwic import Concordance
    from viewer.core.search.query import QueryError, parse_query

    paths, text = _search_paths_and_query(args)
    if not text.strip():
        raise UsageError("the query is empty: give the text to search for")
    try:
        query = parse_query(text)
    except QueryError as e:
        raise UsageError(f"bad query: {e}") from None
    if args.variants:
        from viewer.core.search.variants import fold

        query = fold(query)
    session = _open_session(args, paths, listed=False)  # (its answer is in archive order)
    archive = session.archive
    named, _others = _report_unreadable(archive, paths)
    with tempfile.TemporaryDirectory(prefix="archive-viewer-search-") as tmp:
        session.use_search(_prepare_search(args, archive, tmp))
        try:
            searcher, result = _run_search(args, session, tmp, query)
            if args.kwic:
                # Kept as numbers and written line by line: two million hits
                # never become two million objects.
                conc = Concordance(searcher, result, args.width)
                conc.grow()
                conc.sort(args.sort)
                _search_kwic(archive, conc.lines(), len(conc), args.format, args.width, out)
                found = len(conc) > 0
            else:
                _search_records(archive, result, args.format, out)
                found = bool(result.ids)
        finally:
            session.close()
    return 2 if named else 0 if found else 1


def _prepare_search(args: argparse.Namespace, archive: Archive, tmp: str) -> Prepared:
    """The persistent search index in the user cache folder (a body store in
    ``tmp`` to scan with ``--no-cache``, or where the index cannot be used)."""
    from viewer.core.files.paths import user_cache_dir
    from viewer.core.search.prepare import prepare

    index_folder = None if getattr(args, "no_cache", False) else user_cache_dir()
    return prepare(archive, index_folder=index_folder, store_folder=tmp, workers=args.workers, cache=_cache(args))


def _run_search(args: argparse.Namespace, session: Session, tmp: str, query: Query) -> tuple[Searcher, SearchResult]:
    """Search; an index that turns out damaged (it removes itself) is
    replaced by reading the text, with a note on stderr, and the same answer."""
    from viewer.core.search.gramindex import IndexDamaged
    from viewer.core.search.prepare import prepare

    searcher = session.searcher()
    try:
        return searcher, searcher.search(query)
    except IndexDamaged:
        print("archive-viewer: the search index was damaged and has been removed (it is built again next time);"
              " searching by reading the text", file=sys.stderr)
        session.use_search(prepare(session.archive, index_folder=None, store_folder=tmp, workers=args.workers,
                                   cache=_cache(args)))
        searcher = session.searcher()
        return searcher, searcher.search(query)


def _search_paths_and_query(args: argparse.Namespace) -> tuple[list[str], str]:
    """The files and folders to search, and the query (see ``search --help``)."""
    items = list(args.args)
    if args.dashdash is not None:
        paths, after = items[: args.dashdash], items[args.dashdash :]
        if len(after) != 1:
            shown = " ".join(after) or "nothing"
            raise UsageError(f"after --, give the query as one argument (quote it), not: {shown}")
        if not paths:
            raise UsageError("search needs at least one PATH before the query")
        return paths, after[0]
    if len(items) < 2:
        raise UsageError("search needs at least one PATH and a QUERY")
    *paths, text = items
    if os.path.exists(text) and not os.path.exists(paths[0]) and all(os.path.exists(p) for p in paths[1:]):
        print(
            f"archive-viewer: note: reading this as: search {' '.join(items[1:])} {items[0]}"
            " (the order is PATH... QUERY)",
            file=sys.stderr,
        )
        return [*paths[1:], text], paths[0]
    if len(paths) > 1 and _is_command_word(paths[-1]):  # a bare word, not a path: part of the query?
        raise UsageError(
            f"{paths[-1]!r} is not a file or folder; a query of several words is one argument: "
            f"\"{paths[-1]} {text}\""
        )
    return paths, text


def _search_records(archive: Archive, result: SearchResult, fmt: str, out: TextIO) -> None:
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["file", "index", "key", "title", "hits"])
    elif fmt == "table":
        out.write(f"{_fit(field_name('RQ'), 8)}  {_fit(field_name('BT'), 40)}  {'hits':>5}  key\n")
    for rid in result.ids:
        row = name_fields({}, archive.source(rid).path)
        row |= {
            "index": archive.index_in_file(rid),
            "key": text_of(archive.key(rid)),
            "title": archive.value(rid, "BT"),
            "hits": result.count(rid),
        }
        if fmt == "jsonl":
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            writer.writerow([row["file"], row["index"], row["key"], row["title"], row["hits"]])
        else:
            date = archive.value(rid, "RQ")
            out.write(f"{_fit(date, 8)}  {_fit(row['title'], 40)}  {row['hits']:>5}  {one_line(row['key'])}\n")
    if fmt == "table":
        out.write(f"({_n(len(result.ids), 'record')})\n")


def _search_kwic(archive: Archive, lines: Iterable[KwicLine], count: int, fmt: str, width: int, out: TextIO) -> None:
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["file", "index", "key", "left", "match", "right"])
    cells = width * 2
    if fmt == "table":
        out.write(f"{' ' * max(0, cells - 12)}left context 【match】 {_fit('right context', cells)}  key\n")
    for line in lines:
        row = name_fields({}, archive.source(line.rid).path)
        row |= {
            "index": archive.index_in_file(line.rid),
            "key": text_of(archive.key(line.rid)),
            "left": line.left,
            "match": line.match,
            "right": line.right,
        }
        if fmt == "jsonl":
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            writer.writerow([row[k] for k in ("file", "index", "key", "left", "match", "right")])
        else:
            left = line.left[-width:]
            out.write(f"{' ' * max(0, cells - _width(left))}{left} 【{line.match}】 {_fit(line.right, cells)}  {one_line(row['key'])}\n")
    if fmt == "table":
        out.write(f"({_n(count, 'hit')})\n")


# -- annotations --------------------------------------------------------


def cmd_annotations(args: argparse.Namespace, out: TextIO) -> int:

    session = _open_session(args)
    named, _others = _report_unreadable(session.archive, args.paths)
    session.export_annotations(args.format, out)
    unreadable = session.store.unreadable()
    for message in unreadable:
        print(one_line(f"archive-viewer: sidecar not readable, left alone: {message}"), file=sys.stderr)
    for message in session.store.notes():
        print(one_line(f"archive-viewer: {message}"), file=sys.stderr)
    return 2 if named else 1 if unreadable else 0


# -- export -------------------------------------------------------------


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from viewer.core.record_export import ExportError, export_tagged
    from viewer.core.records.decoding import normalize_encoding

    if os.path.exists(args.to) and not os.path.isdir(args.to):
        raise UsageError(f"--to: {args.to} is a file, not a folder")
    if args.out_encoding:
        try:
            normalize_encoding(args.out_encoding)
        except LookupError as e:
            raise UsageError(f"--out-encoding: {e}") from None
    session = _open_session(args)
    named, _others = _report_unreadable(session.archive, args.paths)
    if named:
        return 2
    ids = session.archive.default_order()
    corrections = session.accepted_corrections(ids) if args.corrections == "accepted" else None
    try:
        report = export_tagged(session.archive, ids, args.to, args.out_encoding, corrections,
                               skip_unchanged=args.changed_only, opened=session.paths)
    except ExportError as e:
        print(one_line(f"archive-viewer: error: {e}"), file=sys.stderr)
        return 1
    except OSError as e:
        print(one_line(f"archive-viewer: error: {e.filename}: {e.strerror}"), file=sys.stderr)
        return 1
    for key, c in report.applied:
        anchor = c.anchor
        where = f"{anchor.field} “{anchor.exact}”" if anchor else ""
        out.write("\t".join(map(one_line, ("applied", key, f"{where} → “{c.replacement}”", c.author))) + "\n")
    for key, c, why in report.held:
        anchor = c.anchor
        where = f"{anchor.field} “{anchor.exact}”" if anchor else ""
        out.write("\t".join(map(one_line, ("held", key, f"{where} → “{c.replacement}”", c.author, why))) + "\n")
    for message in session.store.unreadable():
        print(one_line(f"archive-viewer: sidecar not readable, left alone: {message}"), file=sys.stderr)
    out.write(
        f"{_n(report.records, 'record')} in {_n(report.files, 'file')} written to {args.to}"
        + (f": {_n(len(report.applied), 'correction')} applied, {len(report.held)} held" if corrections is not None else "")
        + (f"; {_n(report.unchanged, 'file')} as their source" if args.out_encoding is None else "")
        + (f"; {_n(report.skipped, 'file')} left out (unchanged)" if args.changed_only else "")
        + "\n"
    )
    return 0


# -- correct ------------------------------------------------------------


def cmd_correct(args: argparse.Namespace, out: TextIO) -> int:
    import tempfile

    from viewer.core import batch_corrections
    from viewer.core.annotations.model import default_author
    from viewer.core.records.checks import parse_confusions
    from viewer.core.search.query import QueryError, parse_query

    if args.confusions:
        if args.find is not None or args.replace is not None:
            raise UsageError("give either --find and --replace, or --confusions")
        try:
            with open(args.confusions, "rb") as fh:
                pairs = [(w, r) for w, r in parse_confusions(fh.read().decode("utf-8")) if r]
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError(f"--confusions: cannot read {args.confusions}: {getattr(e, 'strerror', None) or e}") from None
        if not pairs:
            raise UsageError(f"--confusions: {args.confusions} has no WRONG→RIGHT line")
    else:
        if not args.find or args.replace is None:
            raise UsageError("give --find TEXT and --replace TEXT (or --confusions FILE)")
        if args.find == args.replace:
            raise UsageError("--find and --replace are the same text")
        pairs = [(args.find, args.replace)]
    fields = [normalize_code(f) for f in args.field] or list(batch_corrections.TEXT_FIELDS)
    unknown = [f for f, code in zip(args.field, fields) if code not in KNOWN_FIELDS]
    if unknown:
        raise UsageError(f"--field: no field called {unknown[0]!r} (for example 标题 or BT, 正文 or ZW)")
    query = None
    if args.query is not None:
        try:
            query = parse_query(args.query)
        except QueryError as e:
            raise UsageError(f"bad query: {e}") from None
    session = _open_session(args, author=args.author or default_author())
    named, _others = _report_unreadable(session.archive, args.paths)
    if named:
        return 2
    archive = session.archive
    ids: list[int] = list(archive.ids())
    if query is not None:
        with tempfile.TemporaryDirectory(prefix="archive-viewer-correct-") as tmp:
            session.use_search(_prepare_search(args, archive, tmp))
            try:
                ids = list(_run_search(args, session, tmp, query)[1].ids)
            finally:
                session.close()
    found = batch_corrections.find(archive, ids, pairs, fields=fields,
                                   taken=batch_corrections.overlapping(session.correction_spans()))
    for p in found:
        context = f"{p.left}[{p.found}→{p.replacement}]{p.right}".replace("\n", "⏎")
        out.write("\t".join(map(one_line, (archive.key(p.rid), p.field, context))) + "\n")
    records = len({p.rid for p in found})
    status = "accepted" if args.accept else "open"
    if args.dry_run:
        out.write(f"{_n(len(found), 'place')} in {_n(records, 'record')} (nothing written: --dry-run)\n")
        return 0
    session.add_corrections(found, status)
    _results, problems = session.save()
    for problem in problems:
        print(one_line(f"archive-viewer: cannot save the annotations of {problem.source}: {problem.message}"), file=sys.stderr)
    verb = "accepted" if args.accept else "proposed (open, to review)"
    out.write(f"{_n(len(found), 'correction')} {verb} in {_n(records, 'record')}\n")
    return 1 if problems else 0


# -- progress -----------------------------------------------------------


def cmd_progress(args: argparse.Namespace, out: TextIO) -> int:
    from viewer.core import progress
    from viewer.core.annotations.index import STATUS_ORDER

    session = _open_session(args)
    named, others = _report_unreadable(session.archive, args.paths)
    if named:
        return 2
    for message in session.store.unreadable():
        print(one_line(f"archive-viewer: sidecar not readable, left alone: {message}"), file=sys.stderr)
    r = progress.report(session.archive, session.index, history=session.status_history())
    if args.format == "jsonl":
        lines: list[dict] = [{"total": r.total, "levels": r.levels}]
        lines += [{"editor": name, "levels": levels} for name, levels in r.editors.items()]
        lines += [{"month": month, "levels": levels} for month, levels in r.months.items()]
        lines += [{"work_month": month, "editor": name, "records": n}
                  for month, editors in r.work.items() for name, n in editors.items()]
        for obj in lines:
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    else:
        levels = list(STATUS_ORDER)

        def table(title: str, rows: dict[str, dict[str, int]]) -> None:
            width = max([_width(title), *(_width(k) for k in rows)]) + 2
            out.write(_fit(title, width) + "".join(f"{level:>12}" for level in levels) + "\n")
            for name, counts in rows.items():
                out.write(_fit(name, width) + "".join(f"{counts.get(level, 0):>12,}" for level in levels) + "\n")

        done = r.levels.get("proofread", 0) + r.levels.get("validated", 0)
        out.write(f"{_n(r.total, 'record')}: {done:,} proofread ({r.levels.get('validated', 0):,} of them validated)\n\n")
        table("level", {"records": r.levels})
        if r.editors:
            out.write("\n")
            table("editor", r.editors)
        out.write("\n")
        table("month", r.months)
        if r.work:
            out.write("\nproofread or validated, by the month it was done\n")
            for month, editors in r.work.items():
                out.write(f"  {month}  " + ", ".join(f"{name} {n:,}" for name, n in editors.items()) + "\n")
    return 2 if named else 1 if others or session.store.unreadable() else 0


# -- git ----------------------------------------------------------------


def cmd_merge_sidecars(args: argparse.Namespace) -> int:
    from viewer.core.annotations.git import MergeError, merge_files

    try:
        merge_files(args.base, args.ours, args.theirs, args.path)
    except MergeError as e:
        print(one_line(f"archive-viewer: cannot merge {args.path or args.ours}: {e}"), file=sys.stderr)
        return 1
    except OSError as e:
        print(one_line(f"archive-viewer: cannot merge {args.path or args.ours}: {e.filename}: {e.strerror}"), file=sys.stderr)
        return 1
    return 0


def cmd_git_setup(args: argparse.Namespace, out: TextIO) -> int:
    from viewer.core.annotations.git import setup

    try:
        steps = setup(args.repo)
    except ValueError as e:
        raise UsageError(str(e)) from None
    except OSError as e:
        print(one_line(f"archive-viewer: error: {e.filename}: {e.strerror}"), file=sys.stderr)
        return 1
    for step in steps:
        out.write(f"{'set' if step.changed else 'already set'}: {step.what}\n")
    out.write("Sidecars (*.annotations.json) now merge per annotation in this repository; "
              "every clone runs archive-viewer git-setup once.\n")
    return 0


# -- check --------------------------------------------------------------


def _check_names() -> tuple[str, ...]:
    from viewer.core.records.checks import NAMES

    return NAMES


def _check_settings(args: argparse.Namespace) -> CheckSettings:
    from viewer.core.records.checks import NAMES, Settings, archive_confusions, parse_confusions

    off: set[str] = set()
    for spec in args.skip:
        for name in (n.strip() for n in spec.split(",")):
            if name == "all":
                off.update(NAMES)
            elif name in NAMES:
                off.add(name)
            elif name:
                raise UsageError(f"--skip: no check called {name!r} (checks: {', '.join(NAMES)}, all)")
    confusions = None
    if args.confusions:
        try:
            with open(args.confusions, "rb") as fh:
                confusions = parse_confusions(fh.read().decode("utf-8"))
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError(f"--confusions: cannot read {args.confusions}: {getattr(e, 'strerror', None) or e}") from None
    else:
        confusions = archive_confusions(args.paths)
    return Settings(frozenset(off), confusions)


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from viewer.core.records import checks

    overrides = _overrides(args.encoding)
    settings = _check_settings(args)
    notes: list[Problem] = []
    counts = {s: 0 for s in Severity}
    archive = Archive()

    def line(p: Problem) -> str:
        name = f" [{p.kind.value}]" if p.kind.value in checks.NAMES else ""
        return one_line(f"{p.location()}: {p.severity.value}: {p.message}{name}") + "\n"

    def emit_file(fid: int, problems: list[Problem]) -> None:
        for p in problems:
            counts[p.severity] += 1
        if args.format == "jsonl":
            obj = name_fields({}, archive.files[fid].path)
            obj |= {
                "encoding": archive.encodings[fid],
                "records": len(archive.file_records[fid]),
                "problems": [_problem_obj(p) for p in problems],
            }
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        else:
            for p in problems:
                out.write(line(p))

    def emit_note(p: Problem) -> None:
        counts[p.severity] += 1
        if args.format == "jsonl":
            obj = name_fields({}, p.file)
            obj |= {"encoding": None, "records": 0, "problems": [_problem_obj(p)]}
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        else:
            out.write(line(p))

    cache = _cache(args)
    archive.fill(args.paths, overrides=overrides, workers=args.workers, cache=cache,
                 discovered=lambda _files, found: notes.extend(found), trust_folders=args.trust_folders)
    archive.save_snapshot()
    _say_trusted(archive)
    found: dict[str, list[Problem]] = {}
    for p in checks.run(archive, settings, workers=args.workers, cache=cache):
        found.setdefault(p.file, []).append(p)
    for fid, src in enumerate(archive.files):
        own = [archive.problems[i] for i in archive.file_problems[fid]]
        extra = sorted(found.get(src.path, []), key=lambda p: (p.line or 0, p.record or 0))
        emit_file(fid, own + extra)
    for p in notes:
        emit_note(p)
    if args.format == "text":
        out.write(
            f"{_n(len(archive.files), 'file')}, {_n(len(archive), 'record')}: {_n(counts[Severity.ERROR], 'error')}, "
            f"{_n(counts[Severity.WARNING], 'warning')}, {_n(counts[Severity.NOTE], 'note')}\n"
        )
    named = _named_path_errors(notes, args.paths)
    for p in named:
        print(one_line(f"archive-viewer: {p.file}: {p.message}"), file=sys.stderr)
    return 2 if named else 1 if counts[Severity.ERROR] or counts[Severity.WARNING] else 0


def _problem_obj(p: Problem) -> dict:
    return {"line": p.line, "message": p.message, "kind": p.kind.value, "severity": p.severity.value}

