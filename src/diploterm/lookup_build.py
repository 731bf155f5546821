"""Writing the lookup index: term files in, one binary file out.

Only an index build imports this (and simplemma, YAML for hand-edited files,
multiprocessing); a lookup reads the file with :class:`diploterm.lookup.Index`.

Layout (sections, each starting at a multiple of 8 bytes): ``fold`` (every term
folded, one per line, sorted by length then text) with ``fold_starts``;
``form_concept``, ``form_term``, ``form_lang``, ``form_status`` per term;
``lemma`` (the lemma keys, sorted the same way) with ``lemma_starts`` and
``lemma_owner``; a word index (``*_words``, ``*_post_starts``, ``*_postings``)
for each of the two; ``lemmas_es`` and ``lemmas_en`` (query word -> lemma, as
sorted ``form\\0lemma`` lines) with their ``*_starts``; ``records`` (each concept,
marshalled) with ``record_starts``.
"""

from __future__ import annotations

import marshal
from array import array
from collections import defaultdict
from collections.abc import Iterable
from itertools import accumulate, chain, repeat
from operator import itemgetter

from . import lookup
from .lookup import _MAGIC, _MARSHAL, INDEX_VERSION, fold, words_of
from .model import LANGS, STATUSES

_STATUS_RANK = {s: i for i, s in enumerate(STATUSES)}


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


def concept_entry(concept) -> tuple:
    """What the index keeps of a :class:`~diploterm.model.Concept`: ``(id, subject,
    terms, first source)``, *terms* mapping each language to ``(term, status, pos,
    type, note)`` tuples and the source a ``(doc, es_span, en_span, pattern, ref)`` tuple."""
    terms = {lang: [(t.term, t.status, t.pos, t.type, t.note) for t in concept.terms(lang)] for lang in LANGS}
    src = concept.sources[0] if concept.sources else None
    source = None if src is None else (src.doc, src.es_span, src.en_span, src.pattern, src.ref)
    return (concept.id, concept.subject, terms, source)


def parts_entry(parts) -> tuple:
    """:func:`concept_entry` straight from :func:`diploterm.termscan.canonical_parts`,
    without making model objects first (a fifth of the time of an index build)."""
    top, _, terms, sources = parts
    return (top["id"], top.get("subject"), terms, sources[0] if sources else None)


def materials_of(entries: list[tuple]) -> tuple[list[tuple], dict[str, set[str]]]:
    """The index material of each entry (:func:`concept_entry`), and the words of their
    terms per language, case-folded with accents kept (simplemma's input).

    A material is ``(id, record, forms)``: *record* is the marshalled entry as a
    hit shows it, *forms* holds ``(folded text as bytes, term number, language
    number, status rank)`` for each term, Spanish ones first.
    """
    rank = _STATUS_RANK.get
    unknown = len(STATUSES)
    chunks: list[set[str]] = [set() for _ in LANGS]
    materials = []
    for cid, subject, terms, source in entries:
        forms = []
        record_terms = []
        ti = 0
        for li, lang in enumerate(LANGS):
            for term in terms[lang]:
                record_terms.append((lang, *term))
                forms.append((fold(term[0]).encode(), ti, li, rank(term[1], unknown)))
                chunks[li].update(term[0].split())
                ti += 1
        record = marshal.dumps((cid, subject, tuple(record_terms), source), _MARSHAL)
        materials.append((cid, record, forms))
    # Words never span white space, so the words of the distinct white-space-separated
    # chunks are those of all terms, for far fewer calls.
    return materials, {lang: words_of(chunks[li]) for li, lang in enumerate(LANGS)}


def _lemma_sections(lemmas: dict[str, dict[str, str]]) -> dict[str, bytes]:
    """Each language's table of query word -> lemma as ``form\\0lemma`` lines sorted by
    form, searched in place by a lookup (unmarshalling a large table would cost
    a lookup more than all the rest)."""
    sections = {}
    for lang in LANGS:
        lines = sorted(f"{form}\0{lemma}".encode() for form, lemma in lemmas[lang].items())
        blob, starts = _blob(lines)
        sections[f"lemmas_{lang}"] = blob
        sections[f"lemmas_{lang}_starts"] = starts.tobytes()
    return sections


def _sorted_forms(keys: list[bytes]) -> list[int]:
    """Positions of *keys* in order of (length, key, position): two stable sorts, keys looked up in C."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    order.sort(key=list(map(len, keys)).__getitem__)
    return order


def index_bytes(materials: list[tuple], lemmas: dict[str, dict[str, str]]) -> bytes:
    """The index file for concept *materials* sorted by id (see :func:`materials_of`)."""
    per_concept = [forms for _, _, forms in materials]
    forms = list(chain.from_iterable(per_concept))
    order = _sorted_forms([form[0] for form in forms])
    forms = list(map(forms.__getitem__, order))
    concept_of = list(chain.from_iterable(map(repeat, range(len(per_concept)), map(len, per_concept))))
    form_concept = list(map(concept_of.__getitem__, order))
    folds, form_term, form_lang, form_status = (list(map(itemgetter(k), forms)) for k in range(4))
    fold_blob, fold_starts = _blob(folds)
    # lemma_key on bytes, with each form's language table.
    gets = [{k.encode(): v.encode() for k, v in lemmas[lang].items()}.get for lang in LANGS]
    form_gets = map(gets.__getitem__, form_lang)
    lemma_keys = [b" ".join([get(w, w) for w in f.split()]) for f, get in zip(folds, form_gets, strict=True)]
    lemma_order = _sorted_forms(lemma_keys)
    lemma_entries = list(map(lemma_keys.__getitem__, lemma_order))
    lemma_blob, lemma_starts = _blob(lemma_entries)
    records = [record for _, record, _ in materials]
    record_starts = array("Q", accumulate(map(len, records), initial=0))
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
        **_lemma_sections(lemmas),
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
    the words of their terms (see :func:`materials_of`)."""
    from .termscan import Unsupported, canonical_parts, load_file

    entries, warnings = [], []
    for name, data in files:
        try:
            entries.append(parts_entry(canonical_parts(data.decode("utf-8"), name[: -len(".yaml")])))
            continue
        except (UnicodeDecodeError, Unsupported):
            pass  # not canonical, or a problem to report: the full reader says which
        loaded = load_file(f"{folder}/{name}", name, data)
        errors = [p for p in loaded.problems if p.severity == "error"]
        if errors or loaded.concept is None:
            warnings.append(f"{errors[0]} (file left out of lookup; run 'glossary check')")
        else:
            entries.append(concept_entry(loaded.concept))
    materials, words = materials_of(entries)
    return materials, warnings, words


def _read_materials(job: tuple[str, list[str], str]) -> tuple:
    """Read the files *names* of *terms_dir* and make their materials: ``(files, stats,
    materials, warnings, words)``."""
    from .termscan import read_named

    terms_dir, names, folder = job
    stats: list[tuple[str, int, int]] = []
    files = read_named(terms_dir, names, stats)
    return (files, stats, *_materials(folder, files))


def _file_materials(job: tuple[str, list[tuple[str, bytes]]]) -> tuple:
    return _materials(*job)


def _send_result(conn, work, job) -> None:
    conn.send_bytes(marshal.dumps(work(job), _MARSHAL))
    conn.close()


def _in_halves(work, first, second) -> tuple:
    """``(work(first), work(second))``, the second in a forked process meanwhile when
    there is one: two processes halve the reading and parsing on two cores. The
    result comes back marshalled (fast for tuples of text and numbers)."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return work(first), work(second)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_send_result, args=(sender, work, second), daemon=True)
    proc.start()
    sender.close()
    mine = work(first)
    try:
        theirs = marshal.loads(receiver.recv_bytes())
    except (EOFError, OSError, ValueError):  # the worker died: do its half here (and see why)
        theirs = work(second)
    finally:
        receiver.close()
        proc.join(timeout=5)
        if proc.is_alive():
            proc.kill()
    return mine, theirs


def _merged(mine: tuple, theirs: tuple) -> tuple:
    """Results of two halves joined: lists concatenated, word sets united."""
    *lists, words = mine
    *their_lists, their_words = theirs
    return (
        *(a + b for a, b in zip(lists, their_lists, strict=True)),
        {lang: words[lang] | their_words[lang] for lang in LANGS},
    )


def all_materials(folder: str, files: list[tuple[str, bytes]]) -> tuple[list, list[str], dict[str, set[str]]]:
    """:func:`_materials` of all *files*, the second half in a forked process when there are many."""
    if len(files) < lookup.WORKER_MIN_FILES:
        return _materials(folder, files)
    half = len(files) // 2
    return _merged(*_in_halves(_file_materials, (folder, files[:half]), (folder, files[half:])))


def read_all_materials(terms_dir: str, names: list[str], folder: str) -> tuple:
    """Read the term files *names* and make their materials: ``(files, stats, materials,
    warnings, words)`` as :func:`_read_materials`, half in a forked process when there are many."""
    if len(names) < lookup.WORKER_MIN_FILES:
        return _read_materials((terms_dir, names, folder))
    half = len(names) // 2
    return _merged(*_in_halves(_read_materials, (terms_dir, names[:half], folder), (terms_dir, names[half:], folder)))
