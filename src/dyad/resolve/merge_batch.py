"""Vectorised linking for cross-article merging: the links of :func:`dyad.resolve.merge.link_items`,
computed with numpy over all candidate pairs at once instead of one Python call per pair.

The definitions stay those of :mod:`dyad.resolve.merge` (``candidate_pairs`` and ``score_pair``
are the reference); this module only evaluates them in bulk, and bit for bit: every float is
computed with the same operations in the same order as the Python code (the text cosine adds
the products of shared terms in the order of the shorter vector, as ``cosine`` does; adding the
0.0 of a term the other vector lacks changes nothing), and the final rounding to six decimals is
Python's own ``round``. So the links, their scores and hence the clusters are identical.

Steps: items become columns (ids sorted, codes and terms as integer ids, windows as day numbers;
from merge items, or straight from an Arrow table of stored events); candidate pairs are the
overlapping windows within each blocking key (sort by key and window start, then one
``searchsorted`` per membership gives the range of partners); pairs are scored in chunks; the
greedy clustering of ``cluster_links`` runs over integer arrays (``cluster_columns``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from dyad.resolve.merge_text import blend, evidence_vector

if TYPE_CHECKING:
    from dyad.resolve.merge import Link, MergeItem, MergeSettings

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Embeddings of events by (ids, texts): a float matrix, one row per event (merge_store caches them).
VectorSource = Callable[[list[str], list[str]], Any]

_CHUNK = 400_000  # pairs scored at once: bounds the memory of the term expansions


class _Rows:
    """Rows of integer columns (sets of codes, or terms with weights) with a sorted key index,
    so that "which elements of row a are also in row b" is one ``searchsorted`` for many pairs."""

    def __init__(self, lengths: IntArray, cols: IntArray, vals: FloatArray | None = None) -> None:
        self.lengths = lengths
        self.indptr: IntArray = np.zeros(len(lengths) + 1, np.int64)
        np.cumsum(lengths, out=self.indptr[1:])
        self.cols = cols
        self.vals: FloatArray = vals if vals is not None else np.ones(len(cols))
        self.width = int(cols.max()) + 1 if len(cols) else 1
        keys = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths) * self.width + cols
        self.order: IntArray = np.argsort(keys, kind="stable")
        self.keys: IntArray = keys[self.order]

    @classmethod
    def of_sets(cls, sets: Sequence[frozenset[str]], encode: dict[str, int]) -> _Rows:
        lengths = np.fromiter((len(x) for x in sets), np.int64, len(sets))
        flat = [encode.setdefault(c, len(encode)) for x in sets for c in x]
        return cls(lengths, np.array(flat, np.int64))

    def matches(self, a: IntArray, b: IntArray) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        """Every element of row ``a[p]`` that row ``b[p]`` also holds: (pair p, its position in
        row a, its entry in row a, the entry in row b)."""
        lens = self.lengths[a]
        total = int(lens.sum())
        if total == 0 or len(self.keys) == 0:
            empty = np.zeros(0, np.int64)
            return empty, empty, empty, empty
        pair = np.repeat(np.arange(len(a), dtype=np.int64), lens)
        firsts = np.cumsum(lens) - lens
        pos = np.arange(total, dtype=np.int64) - np.repeat(firsts, lens)
        entry_a = np.repeat(self.indptr[a], lens) + pos
        query = b[pair] * self.width + self.cols[entry_a]
        loc = np.minimum(np.searchsorted(self.keys, query), len(self.keys) - 1)
        hit = self.keys[loc] == query
        return pair[hit], pos[hit], entry_a[hit], self.order[loc[hit]]

    def overlap(self, a: IntArray, b: IntArray) -> IntArray:
        """How many elements rows ``a[p]`` and ``b[p]`` share."""
        pair = self.matches(a, b)[0]
        return np.bincount(pair, minlength=len(a)).astype(np.int64)


def _encode(values: Sequence[str | None]) -> IntArray:
    """Dictionary codes of strings (equal strings, equal codes; -1 for None)."""
    if not values:
        return np.zeros(0, np.int64)
    indices = pa.array(values, pa.string()).dictionary_encode().indices
    return np.asarray(pc.fill_null(indices, -1).to_numpy(zero_copy_only=False), np.int64)


@dataclass
class ItemColumns:
    """Merge items (sorted by id) as columns; items without a date window cannot be linked."""

    ids: list[str]
    article: IntArray
    etype: IntArray
    group: IntArray
    windowed: BoolArray
    lo: IntArray
    hi: IntArray
    precise: BoolArray
    day: IntArray  # MergeItem.day as an ordinal, -1 without one
    location: IntArray
    country: IntArray
    negated: BoolArray
    realis: BoolArray
    participants: _Rows
    actors: _Rows
    recipients: _Rows
    n_codes: int
    dense: FloatArray | None
    has_dense: BoolArray
    compatible: BoolArray  # [type, type]
    symmetric: BoolArray   # [type]

    texts: list[str]  # the events' own words (merge.evidence_of)
    focus: list[str]  # the words around their triggers
    text: _Rows | None = None

    @classmethod
    def build(cls, items: Sequence[MergeItem], settings: MergeSettings) -> ItemColumns:
        from dyad.resolve.merge import _GROUP, REALIS, SYMMETRIC_TYPES, compatible_types

        items = sorted(items, key=lambda it: it.id)
        windows = [it.window(settings) for it in items]
        type_names = sorted({it.event_type for it in items})
        type_id = {t: i for i, t in enumerate(type_names)}
        codes: dict[str, int] = {}
        has_dense = np.array([it.vector is not None for it in items], bool)
        dense = None
        if has_dense.any():
            dense = np.zeros((len(items), max(len(it.vector) for it in items if it.vector is not None)))
            for i, it in enumerate(items):
                if it.vector is not None:
                    dense[i, :len(it.vector)] = it.vector
        return cls(
            ids=[it.id for it in items],
            article=_encode([it.article_id for it in items]),
            etype=np.array([type_id[it.event_type] for it in items], np.int64),
            group=_encode([_GROUP.get(it.event_type, it.event_type) for it in items]),
            windowed=np.array([w is not None for w in windows], bool),
            lo=np.array([w[0].toordinal() if w else 0 for w in windows], np.int64),
            hi=np.array([w[1].toordinal() if w else -1 for w in windows], np.int64),
            precise=np.array([it.precise_date for it in items], bool),
            day=np.array([it.day.toordinal() if it.day is not None else -1 for it in items], np.int64),
            location=_encode([it.location or None for it in items]),  # "" is no place, as in score_pair
            country=_encode([it.country or None for it in items]),
            negated=np.array([it.status == "negated" for it in items], bool),
            realis=np.array([it.status in REALIS for it in items], bool),
            participants=_Rows.of_sets([it.participants for it in items], codes),
            actors=_Rows.of_sets([it.actor_codes for it in items], codes),
            recipients=_Rows.of_sets([it.recipient_codes for it in items], codes),
            n_codes=max(len(codes), 1),
            dense=dense, has_dense=has_dense,
            compatible=np.array([[compatible_types(a, b) for b in type_names] for a in type_names], bool),
            symmetric=np.array([t in SYMMETRIC_TYPES for t in type_names], bool),
            texts=[it.text for it in items], focus=[it.focus for it in items],
        )

    @classmethod
    def from_arrow(cls, table: pa.Table, settings: MergeSettings) -> ItemColumns:
        """The columns of ``build([MergeItem.from_row(r) for r in table])`` straight from a table
        with the columns of a stored-event query (no dense vectors), without a Python object per
        event: the store merges this way. Per-value Python (``upper``, ``lower``) runs on the
        distinct values only."""
        from dyad.resolve.merge import _GROUP, REALIS, STAGED_TYPES, SYMMETRIC_TYPES, compatible_types

        table = table.take(pc.sort_indices(table, [("id", "ascending")]))
        n = table.num_rows
        type_idx, type_values = _dictionary(table, "event_type")
        upper = [str(v).upper() for v in type_values] + ["NONE"]  # str(None).upper(), as from_row
        type_names = sorted(set(upper[:-1]) | ({"NONE"} if (type_idx < 0).any() else set()))
        type_id = np.array([type_names.index(t) if t in type_names else -1 for t in upper], np.int64)
        groups = [_GROUP.get(t, t) for t in type_names]
        group_of_type = np.array([sorted(set(groups)).index(g) for g in groups], np.int64)
        etype = type_id[type_idx]
        status_idx, status_values = _dictionary(table, "status")
        negated = np.array([v == "negated" for v in status_values] + [False], bool)[status_idx]
        realis = np.array([v in REALIS for v in status_values] + [False], bool)[status_idx]
        precision_idx, precision_values = _dictionary(table, "date_precision")
        # MergeItem.window, one column at a time
        early, has_early = _days(table, "date_earliest")
        late, has_late = _days(table, "date_latest")
        published, has_published = _days(table, "published")
        precise = np.array([v != "report" for v in precision_values] + [False], bool)[precision_idx]
        precise &= has_early | has_late
        lo_p, hi_p = np.where(has_early, early, late), np.where(has_late, late, early)
        use_date = precise & (hi_p - lo_p <= settings.max_window_days)
        anchor = np.where(has_published, published, np.where(has_late, late, early))
        windowed = use_date | has_published | has_late | has_early
        tol = np.array([settings.decision_tolerance_days if t in STAGED_TYPES else settings.date_tolerance_days
                        for t in type_names], np.int64)[etype]
        lo = np.where(use_date, lo_p - tol, anchor - settings.report_tolerance_days)
        hi = np.where(use_date, hi_p + tol, anchor + settings.report_tolerance_days)
        codes, participants, actors, recipients = _code_sets(table, n)
        texts, focus = _evidence_columns(table)
        return cls(
            ids=table["id"].to_pylist(),
            article=_dictionary(table, "article_id")[0],
            etype=etype, group=group_of_type[etype],
            windowed=windowed, lo=np.where(windowed, lo, 0), hi=np.where(windowed, hi, -1),
            precise=precise, day=np.where(precise & (lo_p == hi_p), lo_p, -1), location=_locations(table),
            country=_dictionary(table, "location_country", empty_is_null=True)[0],
            negated=negated, realis=realis,
            participants=participants, actors=actors, recipients=recipients, n_codes=max(codes, 1),
            dense=None, has_dense=np.zeros(n, bool),
            compatible=np.array([[compatible_types(a, b) for b in type_names] for a in type_names], bool),
            symmetric=np.array([t in SYMMETRIC_TYPES for t in type_names], bool),
            texts=texts, focus=focus,
        )

    def set_dense(self, rows: IntArray, matrix: Any) -> None:
        """Give the items at ``rows`` these embeddings (float32 rows, computed with as float64)."""
        matrix = np.asarray(matrix, np.float32).astype(np.float64)
        if self.dense is None or self.dense.shape[1] < matrix.shape[1]:
            grown = np.zeros((len(self.ids), matrix.shape[1]))
            if self.dense is not None:
                grown[:, :self.dense.shape[1]] = self.dense
            self.dense = grown
        self.dense[rows, :matrix.shape[1]] = matrix
        self.has_dense[rows] = True

    def prepare_text(self, needed: IntArray) -> _Rows:
        """Lexical vectors of the ``needed`` items (the others stay empty: they are in no pair)."""
        vectors: dict[tuple[str, str], dict[str, float]] = {}
        lengths = np.zeros(len(self.ids), np.int64)
        terms: list[str] = []
        weights: list[float] = []
        for i in needed.tolist():
            key = (self.texts[i], self.focus[i])
            vector = vectors.get(key)
            if vector is None:
                vector = vectors[key] = evidence_vector(*key)
            lengths[i] = len(vector)
            terms.extend(vector)
            weights.extend(vector.values())
        self.text = _Rows(lengths, _encode(terms), np.array(weights, np.float64))
        return self.text


_EPOCH = dt.date(1970, 1, 1).toordinal()

_EVIDENCE_COLUMNS = ("text", "mentions", "cut_spans", "keep_spans")


def _evidence_columns(table: pa.Table) -> tuple[list[str], list[str]]:
    """``texts`` and ``focus`` of a stored-event table: :func:`dyad.resolve.merge.evidence_of` of
    each row (from its ``mentions``, ``cut_spans`` and ``keep_spans``, else its ``text``)."""
    from dyad.resolve.merge import evidence_of

    names = [c for c in _EVIDENCE_COLUMNS if c in table.column_names]
    if not names:
        return [""] * table.num_rows, [""] * table.num_rows
    columns = [table[c].to_pylist() for c in names]
    pairs = [evidence_of(dict(zip(names, values, strict=True))) for values in zip(*columns, strict=True)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _dictionary(table: pa.Table, name: str, *, empty_is_null: bool = False) -> tuple[IntArray, list[Any]]:
    """Codes of a string column (-1 for null, and for "" with ``empty_is_null``) and its
    distinct values."""
    if name not in table.column_names:
        return np.full(table.num_rows, -1, np.int64), []
    encoded = pc.dictionary_encode(table[name].combine_chunks())
    values = encoded.dictionary.to_pylist()
    codes = np.asarray(pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False), np.int64)
    if empty_is_null and "" in values:
        codes[codes == values.index("")] = -1
    return codes, values


def _locations(table: pa.Table) -> IntArray:
    """``MergeItem.location`` codes: the geonameid, else the lower-cased place name."""
    names, values = _dictionary(table, "location_name")
    lowered = [v.lower() if v else None for v in values] + [None]
    keys = [lowered[i] for i in names.tolist()]
    if "geonameid" in table.column_names:
        keys = [str(g) if g is not None else k for g, k in zip(table["geonameid"].to_pylist(), keys, strict=True)]
    return _encode(keys)


def _code_sets(table: pa.Table, n: int) -> tuple[int, _Rows, _Rows, _Rows]:
    """Participant, actor and recipient code sets (distinct codes per event) as rows of codes."""
    parts = []
    for name in ("actor_codes", "recipient_codes"):
        if name in table.column_names:
            lists = table[name].combine_chunks()
            parts.append((np.asarray(pc.list_parent_indices(lists).to_numpy(), np.int64), pc.list_flatten(lists)))
        else:
            parts.append((np.zeros(0, np.int64), pa.array([], pa.string())))
    flat = pa.concat_arrays([parts[0][1].cast(pa.string()), parts[1][1].cast(pa.string())])
    encoded = pc.dictionary_encode(flat)
    n_codes = len(encoded.dictionary) + 1
    ids = np.asarray(pc.fill_null(encoded.indices, n_codes - 1).to_numpy(zero_copy_only=False), np.int64)
    split = len(parts[0][0])

    def rows(keys: IntArray) -> _Rows:
        keys = np.unique(keys)
        return _Rows(np.bincount(keys // n_codes, minlength=n).astype(np.int64), keys % n_codes)

    actor_keys = parts[0][0] * n_codes + ids[:split]
    recipient_keys = parts[1][0] * n_codes + ids[split:]
    return (n_codes, rows(np.concatenate((actor_keys, recipient_keys))), rows(actor_keys), rows(recipient_keys))


def _days(table: pa.Table, name: str) -> tuple[IntArray, BoolArray]:
    """Day ordinals (``date.toordinal``) of a date column, and where it is set."""
    if name not in table.column_names:
        return np.zeros(table.num_rows, np.int64), np.zeros(table.num_rows, bool)
    column = table[name].cast(pa.date32())
    valid = np.asarray(column.is_valid().to_numpy(zero_copy_only=False), bool)
    days = pc.fill_null(column.cast(pa.int32()), 0).to_numpy(zero_copy_only=False)
    return np.asarray(days, np.int64) + _EPOCH, valid


def _ranges(first: IntArray, stop: IntArray) -> tuple[IntArray, IntArray]:
    """All (k, j) with first[k] <= j < stop[k]: k repeated, and j."""
    counts = np.maximum(stop - first, 0)
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(first), dtype=np.int64), counts)
    offset = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, np.repeat(first, counts) + offset


def _sorted_members(block: IntArray, item: IntArray, cols: ItemColumns) -> tuple[IntArray, IntArray, IntArray]:
    """Memberships sorted by (block, window start, item); for each, the end of its partner range."""
    order = np.lexsort((item, cols.lo[item], block))
    block, item = block[order], item[order]
    base = int(cols.lo[item].min()) if len(item) else 0
    span = int(cols.hi[item].max()) - base + 2 if len(item) else 1
    start_key = block * span + (cols.lo[item] - base)
    stop = np.searchsorted(start_key, block * span + (cols.hi[item] - base), side="right")
    return item, np.arange(len(item), dtype=np.int64), stop.astype(np.int64)


def candidate_index_pairs(cols: ItemColumns, *, only: BoolArray | None = None) -> tuple[IntArray, IntArray]:
    """The pairs of ``candidate_pairs`` as item indices ``a < b``, sorted: overlapping windows
    within a (type group, participant code) block, or within a type group when either event has
    no code; never two events of one article; with ``only``, pairs touching a marked item."""
    n = len(cols.ids)
    windowed = cols.windowed
    p_len = cols.participants.lengths
    owner = np.repeat(np.arange(n, dtype=np.int64), p_len)
    coded = windowed[owner]
    block = cols.group[owner[coded]] * cols.n_codes + cols.participants.cols[coded]
    item, pos, stop = _sorted_members(block, owner[coded], cols)
    k, j = _ranges(pos + 1, stop)
    firsts, seconds = [item[k]], [item[j]]
    uncoded = windowed & (p_len == 0)
    if uncoded.any():
        members = np.flatnonzero(windowed)
        item, pos, stop = _sorted_members(cols.group[members], members, cols)
        is_uncoded = uncoded[item]
        # an uncoded event pairs with every later overlapping one ...
        k, j = _ranges(pos[is_uncoded] + 1, stop[is_uncoded])
        firsts.append(item[is_uncoded][k])
        seconds.append(item[j])
        # ... and a coded one with the later overlapping uncoded ones
        slots = np.flatnonzero(is_uncoded)
        coded_pos = np.flatnonzero(~is_uncoded)
        k, j = _ranges(np.searchsorted(slots, coded_pos, side="right"),
                       np.searchsorted(slots, stop[coded_pos], side="left"))
        firsts.append(item[coded_pos][k])
        seconds.append(item[slots[j]])
    x, y = np.concatenate(firsts), np.concatenate(seconds)
    a, b = np.minimum(x, y), np.maximum(x, y)
    keep = cols.article[a] != cols.article[b]
    if only is not None:
        keep &= only[a] | only[b]
    key = np.sort(a[keep] * n + b[keep])  # a pair sharing two codes came from two blocks
    key = key[np.concatenate(([True], key[1:] != key[:-1]))] if len(key) else key
    return key // n, key % n


def _text_similarity(cols: ItemColumns, a: IntArray, b: IntArray) -> FloatArray:
    """``text_similarity`` of each pair: the lexical cosine, blended with the dense cosine when
    both have vectors (``merge_text.blend`` applied element-wise)."""
    out = np.zeros(len(a))
    if len(a) and cols.text is not None:
        # cosine() walks the shorter vector (the first one on a tie)
        first_short = cols.text.lengths[a] <= cols.text.lengths[b]
        short, other = np.where(first_short, a, b), np.where(first_short, b, a)
        pair, pos, ea, eb = cols.text.matches(short, other)
        product = cols.text.vals[ea] * cols.text.vals[eb]
        if len(pos):
            order = np.argsort(pos, kind="stable")
            bounds = np.searchsorted(pos[order], np.arange(int(pos.max()) + 2))
            for k in range(len(bounds) - 1):  # add in term order; each pair once per position
                sel = order[bounds[k]:bounds[k + 1]]
                out[pair[sel]] += product[sel]
    both = cols.has_dense[a] & cols.has_dense[b]
    if both.any() and cols.dense is not None:
        va, vb = cols.dense[a[both]], cols.dense[b[both]]
        dense = np.zeros(len(va))
        for k in range(va.shape[1]):  # sequential, like sum() over zip()
            dense += va[:, k] * vb[:, k]
        out[both] = blend(out[both], dense)
    return out


def _score_chunk(cols: ItemColumns, a: IntArray, b: IntArray) -> tuple[BoolArray, FloatArray]:
    """``score_pair`` of each pair before rounding: (possible, score)."""
    ok = cols.compatible[cols.etype[a], cols.etype[b]]
    ok &= (cols.lo[a] <= cols.hi[b]) & (cols.lo[b] <= cols.hi[a])
    # _actors_agree
    np_a, np_b = cols.participants.lengths[a], cols.participants.lengths[b]
    shared = cols.participants.overlap(a, b)
    coded = (np_a > 0) & (np_b > 0)
    nr_a, nr_b = cols.recipients.lengths[a], cols.recipients.lengths[b]
    symmetric = (cols.etype[a] != cols.etype[b]) | cols.symmetric[cols.etype[a]] | (nr_a == 0) | (nr_b == 0)
    directed = coded & ~symmetric
    both_actors = (cols.actors.lengths[a] > 0) & (cols.actors.lengths[b] > 0)
    contradict = coded & (shared == 0)
    if directed.any():
        idx = np.flatnonzero(directed)
        actors_meet = cols.actors.overlap(a[idx], b[idx]) > 0
        recipients_meet = cols.recipients.overlap(a[idx], b[idx]) > 0
        contradict[idx] |= (both_actors[idx] & ~actors_meet) | ~recipients_meet
    ok &= ~contradict
    union = np.where(coded, np_a + np_b - shared, 1)
    actors = np.where(coded, shared / union, 0.0)
    # _place_agreement
    loc_a, loc_b = cols.location[a], cols.location[b]
    c_a, c_b = cols.country[a], cols.country[b]
    place = np.where((loc_a >= 0) & (loc_a == loc_b), 1.0,
                     np.where((c_a >= 0) & (c_b >= 0) & (c_a != c_b) & cols.realis[a] & cols.realis[b], -1.0, 0.0))
    conflict = (cols.negated[a] & cols.realis[b]) | (cols.negated[b] & cols.realis[a])
    same = (cols.etype[a] == cols.etype[b]).astype(np.float64)
    score = _text_similarity(cols, a, b)
    score = score + (0.10 * same + 0.10 * actors + 0.10 * place)
    score = score + 0.05 * (cols.precise[a] & cols.precise[b]).astype(np.float64)
    score = score + 0.05 * ((cols.day[a] >= 0) & (cols.day[a] == cols.day[b])).astype(np.float64)
    score = score - 0.15 * conflict.astype(np.float64)
    return ok, score


@dataclass
class LinkColumns:
    """Links as item indices ``a < b`` (sorted) with their rounded scores."""

    a: IntArray
    b: IntArray
    score: FloatArray

    def links(self, ids: Sequence[str]) -> list[Link]:
        from dyad.resolve.merge import Link

        return [Link(ids[i], ids[j], s) for i, j, s in
                zip(self.a.tolist(), self.b.tolist(), self.score.tolist(), strict=True)]


def link_columns(cols: ItemColumns, *, threshold: float, only: BoolArray | None = None,
                 vectors: VectorSource | None = None) -> LinkColumns:
    """Links (rounded score >= threshold) among the items, sorted by ids. With ``vectors`` (the
    minilm backend) the items in a candidate pair get their embeddings from it first."""
    a, b = candidate_index_pairs(cols, only=only)
    in_pairs = np.zeros(len(cols.ids), bool)
    in_pairs[a] = True
    in_pairs[b] = True
    needed = np.flatnonzero(in_pairs)
    cols.prepare_text(needed)
    if vectors is not None and len(needed):
        cols.set_dense(needed, vectors([cols.ids[i] for i in needed.tolist()],
                                       [cols.texts[i] for i in needed.tolist()]))
    found_a: list[IntArray] = []
    found_b: list[IntArray] = []
    scores: list[float] = []
    for start in range(0, len(a), _CHUNK):
        ca, cb = a[start:start + _CHUNK], b[start:start + _CHUNK]
        ok, score = _score_chunk(cols, ca, cb)
        # round(x, 6) >= threshold needs x >= threshold - 5e-7; Python rounds the few near it
        near = np.flatnonzero(ok & (score >= threshold - 1e-6))
        rounded = np.array([round(x, 6) for x in score[near].tolist()], np.float64)
        keep = near[rounded >= threshold]
        found_a.append(ca[keep])
        found_b.append(cb[keep])
        scores.extend(rounded[rounded >= threshold].tolist())
    empty = np.zeros(0, np.int64)
    return LinkColumns(np.concatenate(found_a) if found_a else empty, np.concatenate(found_b) if found_b else empty,
                       np.array(scores, np.float64))


def link_batch(items: Sequence[MergeItem], *, settings: MergeSettings, only: set[str] | None = None) -> list[Link]:
    """``link_items`` in bulk (see the module docstring)."""
    if len(items) < 2:
        return []
    cols = ItemColumns.build(items, settings)
    mask = None if only is None else np.array([i in only for i in cols.ids], bool)
    return link_columns(cols, threshold=settings.threshold, only=mask).links(cols.ids)


def cluster_columns(cols: ItemColumns, links: LinkColumns) -> IntArray:
    """``cluster_links`` over columns: the index of each item's cluster (its smallest member).

    The same greedy joins in the same order (strongest link first, ties by ids; item indices
    follow id order), with a cluster's articles, types and common window kept as integers."""
    n = len(cols.ids)
    parent = list(range(n))
    article, etype = cols.article.tolist(), cols.etype.tolist()
    lo, hi, windowed = cols.lo.tolist(), cols.hi.tolist(), cols.windowed.tolist()
    compatible = cols.compatible.tolist()
    articles: dict[int, set[int]] = {}
    types: dict[int, set[int]] = {}
    window: dict[int, tuple[int, int] | None] = {}

    def find(e: int) -> int:
        while parent[e] != e:
            parent[e] = parent[parent[e]]
            e = parent[e]
        return e

    def state(r: int) -> None:
        if r not in articles:
            articles[r], types[r] = {article[r]}, {etype[r]}
            window[r] = (lo[r], hi[r]) if windowed[r] else None

    order = np.lexsort((links.b, links.a, -links.score))
    for i, j in zip(links.a[order].tolist(), links.b[order].tolist(), strict=True):
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        state(ri)
        state(rj)
        if not articles[ri].isdisjoint(articles[rj]):
            continue
        if not all(compatible[x][y] for x in types[ri] for y in types[rj]):
            continue
        wi, wj = window[ri], window[rj]
        if wi is not None and wj is not None and (wi[0] > wj[1] or wj[0] > wi[1]):
            continue
        keep, drop = (ri, rj) if ri < rj else (rj, ri)
        parent[drop] = keep
        articles[keep] |= articles.pop(drop)
        types[keep] |= types.pop(drop)
        window.pop(drop)
        window[keep] = (wi or wj) if wi is None or wj is None else (max(wi[0], wj[0]), min(wi[1], wj[1]))
    return np.array([find(e) for e in range(n)], np.int64)
