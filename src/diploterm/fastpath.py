"""The ``glossary`` entry point: ``glossary lookup`` without loading Click.

A translator runs lookup dozens of times an hour, and importing Click alone
costs about half of the 100 ms a cold lookup may take. The common forms
(``glossary [--root DIR] lookup TERM... [--json] [--exact] [--lang es|en]
[-n/--limit N]``) are therefore parsed here, by hand, and answered with the
same library calls and output functions as the Click command. Anything else
(``--help``, ``--examples``, an unknown option, a bad value, an unexpected
error) goes to the Click command, which then owns the message and exit code.
"""

from __future__ import annotations

import sys

_FLAGS = {"--json": "as_json", "--exact": "exact"}


def _parse(argv: list[str]) -> dict | None:
    """The lookup options of *argv*, or None where Click must decide."""
    opts: dict = {"root": None, "as_json": False, "exact": False, "lang": None, "limit": 10, "terms": []}
    args = list(argv)
    if args[:1] == ["--root"] and len(args) > 1:
        opts["root"], args = args[1], args[2:]
    elif args[:1] and args[0].startswith("--root="):
        opts["root"], args = args[0].split("=", 1)[1], args[1:]
    if args[:1] != ["lookup"]:
        return None
    args = args[1:]
    while args:
        arg = args.pop(0)
        if arg == "--":
            opts["terms"].extend(args)
            break
        if arg in _FLAGS:
            opts[_FLAGS[arg]] = True
            continue
        name, eq, value = arg.partition("=")
        if name in ("--lang", "--limit", "-n"):
            if not eq:
                if not args:
                    return None
                value = args.pop(0)
            if name == "--lang":
                if value not in ("es", "en"):
                    return None
                opts["lang"] = value
            else:
                if not value.isdigit() or int(value) < 1:
                    return None
                opts["limit"] = int(value)
            continue
        if arg.startswith("-"):
            return None
        opts["terms"].append(arg)
    if not " ".join(opts["terms"]).strip():
        return None
    return opts


def try_lookup(argv: list[str]) -> int | None:
    """Answer a lookup command line; return its exit code, or None to hand it to Click."""
    opts = _parse(argv)
    if opts is None:
        return None
    from .errors import DiplotermError
    from .lookup import lookup
    from .rootdir import resolve_root_dir

    query = " ".join(opts["terms"])
    try:
        root = resolve_root_dir(opts["root"])
        hits, warnings = lookup(root, query, lang=opts["lang"], exact=opts["exact"], limit=opts["limit"])
    except DiplotermError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    except Exception:
        return None  # Click reruns it and reports the bug the usual way
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if opts["as_json"]:
        import json

        from .lookup import hit_to_json

        print(json.dumps([hit_to_json(h, False) for h in hits], ensure_ascii=False, indent=2))
    elif hits and sys.stdout.isatty():
        from rich.console import Console

        from .lookup_view import rich_table

        Console().print(rich_table(hits))
    elif hits:
        from .lookup_view import plain_text

        sys.stdout.write(plain_text(hits))
    if not hits:
        if not opts["as_json"]:
            print(f"no match for {query!r}", file=sys.stderr)
        return 1
    return 0


def main() -> None:
    try:
        code = try_lookup(sys.argv[1:])
        if code is not None:
            sys.stdout.flush()
            sys.exit(code)
    except BrokenPipeError:
        # `glossary lookup x | head`: the reader left; nothing is wrong.
        sys.stderr.close()
        sys.exit(0)
    from .cli import main as click_main

    click_main()
