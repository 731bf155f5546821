"""The project on disk: where its root is, its settings, where each file lives."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ProjectError
from .rootdir import find_root_dir, resolve_root_dir

CONFIG_NAME = "config.yaml"

# RFC 5646 well-formed tag (language[-script][-region][-variant]*), which is what
# TMX/TBX tools compare; 'es_ES' or 'spa' must be refused before they reach a file.
_BCP47 = re.compile(
    r"^(?P<lang>[a-z]{2,3})(-[A-Z][a-z]{3})?(-(?P<region>[A-Z]{2}|[0-9]{3}))?(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*$"
)


def check_language_tag(tag: str, lang: str) -> str | None:
    """Why *tag* is not an exact BCP 47 tag for language *lang*, or ``None`` if it is.

    >>> check_language_tag("es-419", "es") is None
    True
    >>> check_language_tag("es_MX", "es")
    "'es_MX' is not a BCP 47 tag (use a hyphen and canonical case, e.g. 'es-MX' or 'es-419')"
    """
    m = _BCP47.match(tag or "")
    if not m:
        return (
            f"{tag!r} is not a BCP 47 tag (use a hyphen and canonical case, e.g. '{lang}-MX' or '{lang}-419')"
            if lang == "es"
            else f"{tag!r} is not a BCP 47 tag (use a hyphen and canonical case, e.g. 'en-US')"
        )
    if m.group("lang") != lang:
        return f"{tag!r} is not a {lang!r} tag"
    region = m.group("region")
    if region:
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(f"{lang}_{region}")
        except (UnknownLocaleError, ValueError):
            return f"{tag!r}: CLDR knows no locale {lang}-{region}"
    return None


@dataclass(frozen=True)
class Config:
    """Project settings from ``glossary/config.yaml``."""

    es: str = "es-419"
    en: str = "en-US"
    creator: str = "diploterm"
    title: str = "diploterm glossary"
    subjects: tuple[str, ...] = field(default_factory=tuple)

    def tag(self, lang: str) -> str:
        return self.es if lang == "es" else self.en


@dataclass(frozen=True)
class Project:
    root: Path
    config: Config

    @property
    def glossary_dir(self) -> Path:
        return self.root / "glossary"

    @property
    def terms_dir(self) -> Path:
        return self.glossary_dir / "terms"

    @property
    def tmx_dir(self) -> Path:
        return self.root / "tmx"

    @property
    def pair(self) -> str:
        return f"{self.config.es}_{self.config.en}"

    @property
    def memory_path(self) -> Path:
        """The project's memory of aligned segments (a source, edited by tools)."""
        return self.tmx_dir / f"memory.{self.pair}.tmx"

    def artifact_paths(self) -> dict[str, Path]:
        """Built artifacts by format name (all committed, all rebuilt by ``build``)."""
        return {
            "tbx": self.glossary_dir / "diploterm.tbx",
            "tbx2": self.glossary_dir / "diploterm.v2.tbx",
            "tsv": self.glossary_dir / "diploterm.tsv",
            "tmx": self.tmx_dir / f"diploterm.{self.pair}.tmx",
        }

    def relpath(self, path: Path) -> str:
        """*path* relative to the root, with forward slashes (how sources cite documents)."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above *start* that has a ``glossary/`` folder."""
    return Path(find_root_dir(start))


def load_config(root: Path) -> Config:
    path = root / "glossary" / CONFIG_NAME
    if not path.exists():
        return Config()
    from .yamlio import load_yaml_file

    data = load_yaml_file(path)
    if data is None:
        return Config()
    where = str(path)
    if not isinstance(data, dict):
        raise ProjectError("the settings must be a mapping (key: value)", where, 1)
    known = {"languages", "creator", "title", "subjects"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ProjectError(f"unknown setting {unknown[0]!r}; known: {', '.join(sorted(known))}", where)
    langs = data.get("languages") or {}
    if not isinstance(langs, dict) or set(langs) - {"es", "en"}:
        raise ProjectError("'languages' takes 'es' and 'en' tags, e.g. {es: es-419, en: en-US}", where)
    cfg = Config(
        es=str(langs.get("es", Config.es)),
        en=str(langs.get("en", Config.en)),
        creator=str(data.get("creator", Config.creator)),
        title=str(data.get("title", Config.title)),
        subjects=tuple(str(s) for s in data.get("subjects") or ()),
    )
    for lang in ("es", "en"):
        problem = check_language_tag(cfg.tag(lang), lang)
        if problem:
            raise ProjectError(f"languages.{lang}: {problem}", where)
    return cfg


def resolve_root(root: Path | None = None) -> Path:
    """The project root (*root*, checked, or found from the working directory), without
    reading the settings: for commands that need only paths, such as lookup."""
    return Path(resolve_root_dir(root))


def open_project(root: Path | None = None) -> Project:
    """The project at *root* (or found from the working directory)."""
    root = resolve_root(root)
    return Project(root=root, config=load_config(root))
