"""Writing the lookup index: term files in, one binary file out.

Only an index build imports this (and simplemma, YAML for hand-edited files,
multiprocessing); a lookup reads the file with :class:`diploterm.lookup.Index`.

Layout (sections, each starting at a multiple of 8 bytes): ``fold`` (every term
folded, one per line, sorted by length then text) with ``fold_starts``;
``form_concept``, ``form_term``, ``form_lang``, ``form_status`` per term;
``lemma`` (the lemma keys, sorted the same way) with ``lemma_starts`` and
``lemma_owner``; a word index (``*_words``, ``*_post_starts``, ``*_postings``)
for each of the two; ``lemmas`` (query word -> lemma tables); ``records``
(each concept, marshalled) with ``record_starts``.
"""

from __future__ import annotations

import marshal
from array import array
from collections import defaultdict
from collections.abc import Iterable
from itertools import accumulate
from operator import itemgetter
from typing import IO

from . import lookup
from .lookup import _MAGIC, _MARSHAL, INDEX_VERSION, fold, lemma_key, tokens
from .model import LANGS, STATUSES

_STATUS_RANK = {s: i for i, s in enumerate(STATUSES)}


def _record(concept) -> bytes:
    terms = tuple((lang, t.term, t.status, t.pos, t.type, t.note) for lang in LANGS for t in concept.terms(lang))
    src = concept.sources[0] if concept.sources else None
    source = None if src is None else (src.doc, src.es_span, src.en_span, src.pattern, src.ref)
    return marshal.dumps((concept.id, concept.subject, terms, source), _MARSHAL)


def _blob(entries: list[bytes]) -> tuple[bytes, array]:
    """Entries joined by newlines, with the offset where each starts (and the end)."""
    # map/accumulate keep the loop in C: this runs over every term of the termbase.
    starts = array("I", accumulate(map((1).__add__, map(len, entries)), initial=0))
    return b"\n".join(entries) + b"\n" if entries else b"", starts


def _word_index(entries: list[bytes]) -> dict[str, bytes]:
    """Sections of a word index over blob *entries*: each distinct word, and the
    entries (by number, ascending) that have it."""
    postings: defaultdict[bytes, list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        for word in set(entry.split()):
            postings[word].append(i)
    vocabulary = sorted(postings)
    words_blob, word_starts = _blob(vocabulary)
    lists = [postings[w] for w in vocabulary]
    post_starts = array("I", accumulate(map(len, lists), initial=0))
    flat = array("I")
    for entries_of_word in lists:
        flat.extend(entries_of_word)
    return {
        "_words": words_blob,
        "_words_starts": word_starts.tobytes(),
        "_post_starts": post_starts.tobytes(),
        "_postings": flat.tobytes(),
    }


def _inflections(word: str, lang: str) -> set[str]:
    """Regular plural, gender and verb forms of a folded *word* (candidates only)."""
    if not word.isalpha():
        return set()
    if lang == "es":
        forms = {word + "s", word + "es"}
        if word.endswith("z"):
            forms.add(word[:-1] + "ces")
        if word.endswith("o"):
            forms |= {word[:-1] + "a", word[:-1] + "as"}
        return forms
    forms = {word + "s", word + "es", word + "ed", word + "ing", word + "d"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
    return forms


def lemma_tables(words: dict[str, set[str]]) -> dict[str, dict[str, str]]:
    """Per language, folded word form -> folded lemma, for the lemmas of the termbase.

    Query words are looked up here instead of running simplemma, whose Spanish
    dictionary alone takes over a second to load: every inflected form the
    simplemma dictionary knows for a lemma the termbase uses is stored, so
    ``salvoconductos`` finds ``salvoconducto`` without loading simplemma.
    """
    import simplemma
    from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

    tables: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        own = {}
        raw_wanted = set()  # the lemmas as the dictionary spells them, accents and all
        for word in sorted(words.get(lang, ())):
            lemma = simplemma.lemmatize(word, lang=lang)
            own[fold(word)] = fold(lemma) or fold(word)
            raw_wanted |= {lemma.encode(), lemma.lower().encode()}
        wanted = set(own.values())
        table: dict[str, str] = {}
        dictionary = DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang)
        # The raw bytes mapping, when there is one, spares decoding 800 000 pairs.
        raw = getattr(dictionary, "_dict", None)
        pairs: Iterable = (
            ((k, v) for k, v in raw.items() if v.lower() in raw_wanted or v in raw_wanted)
            if isinstance(raw, dict)
            else ((k.encode(), v.encode()) for k, v in dictionary.items())
        )
        for form_b, lemma_b in pairs:
            lemma = fold(lemma_b.decode())
            if lemma in wanted:
                table.setdefault(fold(form_b.decode()), lemma)
        # Forms simplemma derives by rule rather than from its dictionary
        # (``inamistosos``): guess the regular inflections, let simplemma judge.
        for word in sorted(own):
            for form in sorted(_inflections(word, lang)):
                if form not in table and form not in own:
                    lemma = fold(simplemma.lemmatize(form, lang=lang))
                    if lemma in wanted:
                        table[form] = lemma
        table.update(own)
        # Sorted: insertion order would follow set iteration, which varies between runs.
        tables[lang] = {form: lemma for form, lemma in sorted(table.items()) if form != lemma}
    return tables


def _lemma_worker(conn) -> None:
    """In a second process: load simplemma's dictionaries, then answer one request."""
    from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

    for lang in LANGS:
        DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang)
    words = conn.recv()
    conn.send(lemma_tables(words))
    conn.close()


class LemmaWorker:
    """simplemma in another process, loading its dictionaries (two seconds and more)
    while this one reads the term files; in this process if that cannot be done."""

    def __init__(self) -> None:
        self._conn = self._proc = None
        try:
            import multiprocessing

            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._conn, child = ctx.Pipe()
            self._proc = ctx.Process(target=_lemma_worker, args=(child,), daemon=True)
            self._proc.start()
            child.close()
        except (OSError, ValueError, ImportError):
            self._conn = self._proc = None

    def tables(self, words: dict[str, set[str]]) -> dict[str, dict[str, str]]:
        if self._conn is not None:
            try:
                self._conn.send(words)
                return self._conn.recv()
            except (EOFError, OSError):
                pass  # the worker died: do the work here
            finally:
                self._conn.close()
                self._proc.join(timeout=5)  # type: ignore[union-attr]
                if self._proc.is_alive():  # type: ignore[union-attr]
                    self._proc.kill()  # type: ignore[union-attr]
        return lemma_tables(words)


def concept_material(concept) -> tuple:
    """What the index keeps of one concept: ``(id, record, forms)``.

    *forms* holds ``(folded text as bytes, term number, language number, status
    rank, text)`` for each term, Spanish ones first.
    """
    forms = []
    ti = 0
    for li, lang in enumerate(LANGS):
        for term in concept.terms(lang):
            forms.append((fold(term.term).encode(), ti, li, _STATUS_RANK.get(term.status, len(STATUSES)), term.term))
            ti += 1
    return (concept.id, _record(concept), forms)


def parts_material(parts) -> tuple:
    """:func:`concept_material` straight from :func:`diploterm.termscan.canonical_parts`,
    without making model objects first (a fifth of the time of an index build)."""
    top, _, terms, sources = parts
    forms = []
    record_terms = []
    ti = 0
    for li, lang in enumerate(LANGS):
        for term in terms[lang]:
            record_terms.append((lang, *term))
            forms.append((fold(term[0]).encode(), ti, li, _STATUS_RANK.get(term[1], len(STATUSES)), term[0]))
            ti += 1
    source = sources[0] if sources else None
    record = marshal.dumps((top["id"], top.get("subject"), tuple(record_terms), source), _MARSHAL)
    return (top["id"], record, forms)


def collect_words(materials: Iterable[tuple]) -> dict[str, set[str]]:
    """The words of every term, per language, case-folded with accents (simplemma's input)."""
    words: dict[str, set[str]] = {lang: set() for lang in LANGS}
    for _, _, forms in materials:
        for _, _, li, _, text in forms:
            words[LANGS[li]].update(tokens(text))
    return words


def write_index(out: IO[bytes], concepts: list, lemmas: dict[str, dict[str, str]] | None = None) -> None:
    """Write the index of *concepts* to the binary file *out*.

    *lemmas* are the tables :func:`lemma_tables` makes from :func:`collect_words`,
    computed here unless given.
    """
    materials = sorted((concept_material(c) for c in concepts), key=itemgetter(0))
    if lemmas is None:
        lemmas = lemma_tables(collect_words(materials))
    out.write(index_bytes(materials, lemmas))


def index_bytes(materials: list[tuple], lemmas: dict[str, dict[str, str]]) -> bytes:
    """The index file for concept *materials* sorted by id (see :func:`concept_material`)."""
    folds, form_concept, form_term, form_lang, form_status = [], [], [], [], []
    records = []
    for ci, (_, record, concept_forms) in enumerate(materials):
        records.append(record)
        for fold_b, ti, li, rank, _ in concept_forms:
            folds.append(fold_b)
            form_concept.append(ci)
            form_term.append(ti)
            form_lang.append(li)
            form_status.append(rank)
    # Forms in order of (length, text, concept, term): two stable sorts of the
    # positions (made in concept and term order), with keys looked up in C.
    order = sorted(range(len(folds)), key=folds.__getitem__)
    order.sort(key=list(map(len, folds)).__getitem__)

    def arranged(values: list) -> list:
        return [values[i] for i in order]

    folds, form_concept, form_term = arranged(folds), arranged(form_concept), arranged(form_term)
    form_lang, form_status = arranged(form_lang), arranged(form_status)
    fold_blob, fold_starts = _blob(folds)
    tables = [lemmas[lang] for lang in LANGS]
    lemma_keys = [lemma_key(f.decode(), tables[li]).encode() for f, li in zip(folds, form_lang, strict=True)]
    lemma_order = sorted(range(len(lemma_keys)), key=lemma_keys.__getitem__)
    lemma_order.sort(key=list(map(len, lemma_keys)).__getitem__)
    lemma_entries = [lemma_keys[i] for i in lemma_order]
    lemma_blob, lemma_starts = _blob(lemma_entries)
    record_starts = array("Q", [0])
    for rec in records:
        record_starts.append(record_starts[-1] + len(rec))
    sections = {
        "fold": fold_blob,
        "fold_starts": fold_starts.tobytes(),
        "form_concept": array("I", form_concept).tobytes(),
        "form_term": array("H", form_term).tobytes(),
        "form_lang": bytes(form_lang),
        "form_status": bytes(form_status),
        "lemma": lemma_blob,
        "lemma_starts": lemma_starts.tobytes(),
        "lemma_owner": array("I", lemma_order).tobytes(),
        "lemmas": marshal.dumps(lemmas, _MARSHAL),
        "records": b"".join(records),
        "record_starts": record_starts.tobytes(),
    }
    for name, entries in (("fold", folds), ("lemma", lemma_entries)):
        sections.update({name + suffix: data for suffix, data in _word_index(entries).items()})
    # Sections start at multiples of 8 so that arrays can be viewed in place.
    table = {}
    offset = 0
    for name, data in sections.items():
        table[name] = (offset, len(data))
        offset += len(data) + (-len(data) % 8)
    header = marshal.dumps({"version": INDEX_VERSION, "sections": table}, _MARSHAL)
    header += b"\0" * (-(len(_MAGIC) + 8 + len(header)) % 8)
    parts = [_MAGIC, len(header).to_bytes(8, "little"), header]
    for data in sections.values():
        parts += [data, b"\0" * (-len(data) % 8)]
    return b"".join(parts)


def _materials(folder: str, files: list[tuple[str, bytes]]) -> tuple[list, list[str], dict[str, set[str]]]:
    """Materials of the readable term files, a warning for each file left out, and
    the words of their terms (:func:`collect_words`)."""
    from .termscan import Unsupported, canonical_parts, load_file

    materials, warnings = [], []
    for name, data in files:
        try:
            materials.append(parts_material(canonical_parts(data.decode("utf-8"), name[: -len(".yaml")])))
            continue
        except (UnicodeDecodeError, Unsupported):
            pass  # not canonical, or a problem to report: the full reader says which
        loaded = load_file(f"{folder}/{name}", name, data)
        errors = [p for p in loaded.problems if p.severity == "error"]
        if errors or loaded.concept is None:
            warnings.append(f"{errors[0]} (file left out of lookup; run 'glossary check')")
        else:
            materials.append(concept_material(loaded.concept))
    return materials, warnings, collect_words(materials)


def _materials_worker(conn, folder: str, files: list[tuple[str, bytes]]) -> None:
    conn.send_bytes(marshal.dumps(_materials(folder, files)))
    conn.close()


def all_materials(folder: str, files: list[tuple[str, bytes]]) -> tuple[list, list[str], dict[str, set[str]]]:
    """:func:`_materials` of all *files*, the second half in a forked process when there are many.

    Parsing is most of an index build; two processes halve it on two cores. The
    results come back marshalled (dataclasses would take longer to unpickle
    than to parse again).
    """
    import multiprocessing

    if len(files) < lookup.WORKER_MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
        return _materials(folder, files)
    half = len(files) // 2
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_materials_worker, args=(sender, folder, files[half:]), daemon=True)
    proc.start()
    sender.close()
    materials, warnings, words = _materials(folder, files[:half])
    try:
        theirs, their_warnings, their_words = marshal.loads(receiver.recv_bytes())
    except (EOFError, OSError, ValueError):  # the worker died: do its half here
        theirs, their_warnings, their_words = _materials(folder, files[half:])
    finally:
        receiver.close()
        proc.join(timeout=5)
        if proc.is_alive():
            proc.kill()
    return materials + theirs, warnings + their_warnings, {lang: words[lang] | their_words[lang] for lang in LANGS}
