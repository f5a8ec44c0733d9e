"""The `innocast` command's entry point: plain `innocast tag` runs without click.

Importing click, building its command tree and tearing it down at exit cost a fresh process
more CPU than loading the taxonomy and tagging an article (benchmarks/results/startup.md), so
`innocast tag FILE [--json]` is parsed here and runs the function the click command runs
(flows/tagging.py). Everything else (help, `--taxonomy`, `--semantic`, any other or repeated
option, a second file, shell completion, a stream click would re-encode) goes to the click
command line, so help and usage errors stay click's own. What the plain path prints is JSON or
the default taxonomy's labels, which hold no terminal codes for `click.echo` to strip.
"""

from __future__ import annotations

import codecs
import os
import sys
from typing import Any

from flows.errors import is_user_error, one_line

# Prefect reads these when it is first imported, which the commands do only when they run a
# flow. A local ephemeral API must not give up while Whisper keeps both cores busy, and with no
# network its telemetry only logs errors.
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}
# The flags a plain `innocast tag` may carry, by the name of the parameter they set.
PLAIN_TAG_FLAGS = {"--json": "as_json"}


def main() -> None:
    """Entry point of the `innocast` command."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    options = plain_tag(sys.argv[1:]) if _click_would_change_nothing() else None
    if options is None:
        from flows.cli import cli, run_cli

        run_cli(cli)
    else:
        run_plain_tag(options)


def plain_tag(args: list[str]) -> dict[str, Any] | None:
    """The tag command's parameters if `args` is a plain `tag FILE [--json]`, which click
    would parse the same way, else None.

    >>> plain_tag(["tag", "--json", "-"])
    {'as_json': True, 'file': '-', 'taxonomy_path': None, 'semantic': False}
    >>> [plain_tag(args) for args in (["tag"], ["tag", "a", "b"], ["tag", "-h", "a"],
    ...     ["tag", "a", "--json", "--json"], ["tag", "a", "--semantic"], ["tags", "a"])]
    [None, None, None, None, None, None]
    """
    if not args or args[0] != "tag":
        return None
    options: dict[str, Any] = dict.fromkeys(PLAIN_TAG_FLAGS.values(), False)
    files = []
    for arg in args[1:]:
        if arg in PLAIN_TAG_FLAGS and not options[PLAIN_TAG_FLAGS[arg]]:
            options[PLAIN_TAG_FLAGS[arg]] = True
        elif arg == "-" or not arg.startswith("-"):
            files.append(arg)
        else:
            return None
    if len(files) != 1:
        return None
    return {**options, "file": files[0], "taxonomy_path": None, "semantic": False}


def run_plain_tag(options: dict[str, Any]) -> None:
    """Run the tag command's function, ending as the click command line would on errors."""
    from flows.tagging import tag_file

    try:
        tag_file(**options, echo=echo)
    except (EOFError, KeyboardInterrupt):
        echo("", err=True)
        echo("Aborted.", err=True)
        sys.exit(1)
    except BrokenPipeError:
        # The reader went away: what is still buffered goes nowhere, and the exit code says so.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:
        if not is_user_error(exc):
            raise
        echo(f"Error: {one_line(exc)}", err=True)
        sys.exit(1)


def echo(line: str, err: bool = False) -> None:
    """Print one line to standard output (or error) and flush, as `click.echo` does."""
    stream = sys.stderr if err else sys.stdout
    stream.write(line + "\n")
    stream.flush()


def _click_would_change_nothing() -> bool:
    """Whether click would run a command as it is: not when a shell asks it to complete the
    command line, nor when it would re-encode a stream that claims ASCII (a misconfigured
    locale) or find no stream to print to."""
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return False
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        if stream is None or codecs.lookup(encoding).name == "ascii":
            return False
    return True
