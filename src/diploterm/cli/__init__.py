"""The ``glossary`` command: parse arguments, call the library, print.

Subcommands live in their own modules and are imported only when run, so
``glossary lookup`` starts without loading lxml, rich or the aligners.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from ..errors import DiplotermError

# name -> "module:attribute" (relative to diploterm.cli)
COMMANDS = {
    "accept": "extract:accept",
    "add": "terms:add",
    "align": "align:align",
    "build": "build:build",
    "check": "build:check",
    "export": "interchange:export",
    "extract": "extract:extract",
    "import": "interchange:import_",
    "lookup": "lookup:lookup",
    "memory": "align:memory",
    "reject": "extract:reject",
    "review": "review:review",
}

EXIT_INTERNAL = 3


class InternalError(click.ClickException):
    exit_code = EXIT_INTERNAL


class UserError(click.ClickException):
    exit_code = 2


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{module_name}":
                raise
            return None  # a command whose module is not there yet is not offered
        return getattr(module, attr)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except DiplotermError as exc:
            raise UserError(str(exc)) from exc
        except BrokenPipeError:
            # `glossary lookup x | head`: the reader left; nothing is wrong.
            sys.stderr.close()
            raise click.exceptions.Exit(0) from None
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as exc:
            state = ctx.find_object(State)
            if state is not None and state.debug:
                raise
            raise InternalError(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in diploterm; rerun with --debug for the traceback and report it."
            ) from exc


@dataclass
class State:
    """What every command shares: the --root option, resolved on first use."""

    root: Path | None = None
    debug: bool = False
    _project: object = None

    def project(self):
        from ..project import open_project

        if self._project is None:
            self._project = open_project(self.root)
        return self._project


pass_state = click.make_pass_decorator(State)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder (default: the nearest parent folder that has glossary/).",
)
@click.option("--debug", is_flag=True, help="Show the Python traceback of internal errors.")
@click.version_option(package_name="diploterm", prog_name="glossary")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, debug: bool) -> None:
    """Build and search a Spanish-English glossary and translation memory.

    The termbase is one YAML file per concept in glossary/terms/; `build` turns it
    into TBX, TSV and TMX files that CAT tools load.

    \b
    Exit codes: 0 ok, 1 findings (check, build --check, review; lookup with no hit),
    2 usage or bad input, 3 internal error.
    """
    ctx.obj = State(root=root, debug=debug)


def main() -> None:
    cli.main(prog_name="glossary")
