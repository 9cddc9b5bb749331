"""FNV-1a, shard sizing and names, postings and the JSON files (plugins/search_index/shards)."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.search_index.encoding import encode_json
from plugins.search_index.shards import (
    Postings,
    build_id,
    build_shards,
    decode_entry,
    decode_shard,
    delta_decode,
    delta_encode,
    entry_bytes,
    filters_json,
    fnv1a32,
    layout_shards,
    manifest_json,
    patch_entry,
    shard_count,
    shard_name,
    shard_of,
    split_shard,
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", 0x811C9DC5),
        (b"a", 0xE40C292C),
        (b"foobar", 0xBF9CF968),
        ("đầu tư".encode(), None),
    ],
)
def test_fnv1a32_known_values(data, expected):
    h = fnv1a32(data)
    if expected is None:  # the definition, written out
        expected = 0x811C9DC5
        for byte in data:
            expected = ((expected ^ byte) * 0x01000193) % 2**32
    assert h == expected


def test_shard_of_uses_the_low_bits_of_the_utf8_hash():
    assert shard_of("a", 16) == 0xE40C292C & 15
    assert shard_of("đ", 4096) == fnv1a32("đ".encode()) & 4095
    assert shard_of("anything", 1) == 0


@pytest.mark.parametrize(
    ("total", "target", "count"),
    [
        (0, 8192, 1),
        (8192, 8192, 1),
        (8193, 8192, 2),
        (16384, 8192, 2),
        (16385, 8192, 4),
        (100 * 8192, 8192, 128),
        (10**12, 8192, 4096),
    ],
)
def test_shard_count(total, target, count):
    assert shard_count(total, target) == count


@pytest.mark.parametrize(
    ("index", "count", "name"),
    [
        (0, 1, "shards/0.json"),
        (1, 2, "shards/1.json"),
        (15, 16, "shards/f.json"),
        (0, 17, "shards/00.json"),
        (10, 32, "shards/0a.json"),
        (0, 1024, "shards/000.json"),
        (1023, 1024, "shards/3ff.json"),
        (4095, 4096, "shards/fff.json"),
    ],
)
def test_shard_name(index, count, name):
    assert shard_name(index, count) == name


@given(st.lists(st.integers(0, 10**6), unique=True).map(sorted))
def test_delta_round_trip(ids):
    deltas = delta_encode(ids)
    assert delta_decode(deltas) == ids
    assert all(d > 0 for d in deltas[1:])


@given(
    st.text(min_size=1, max_size=10),
    st.lists(st.tuples(st.integers(0, 10**5), st.integers(0, 63)), unique_by=lambda p: p[0]),
)
def test_entry_bytes_are_what_json_dumps_writes(token, postings):
    postings.sort()
    ids = [d for d, _ in postings]
    weights = [w for _, w in postings]
    entry = entry_bytes(token, ids, weights)
    expected = encode_json({token: [delta_encode(ids), weights]})
    assert b"{" + entry + b"}" == expected
    assert decode_entry(entry) == postings
    assert split_shard(expected) == {token: entry}


documents = st.lists(
    st.dictionaries(
        st.sampled_from(["dau", "tu", "dau tu", "dang bo", "đ", "2025", "x y", 'q"', "ư"]),
        st.integers(0, 63),
    ),
    max_size=30,
)


@settings(max_examples=60)
@given(
    documents,
    st.sampled_from([256, 512, 8192]),
    st.lists(st.integers(1, 5000), min_size=30, max_size=30),
    st.integers(0, (1 << 31) - 200_000),
)
def test_decoding_the_shards_gives_back_every_documents_postings(docs, target, gaps, first):
    """Sparse ids (gaps, far from 0: ids.py) come back exactly; Postings packs them relative
    to the first id."""
    doc_ids = [first + sum(gaps[:i]) for i in range(len(docs))]
    postings = Postings(first)
    for doc_id, weights in zip(doc_ids, docs, strict=False):
        postings.add(doc_id, list(weights), bytes(weights.values()))
    files = build_shards(postings, target)
    count = len(files)
    assert count & (count - 1) == 0 and sorted(files) == [
        shard_name(i, count) for i in range(count)
    ]
    decoded = {}
    for name, data in files.items():
        assert data == encode_json(json.loads(data))  # keys sorted, no spaces, UTF-8
        for token, plist in decode_shard(data).items():
            assert name == shard_name(shard_of(token, count), count)
            decoded[token] = plist
    expected: dict[str, list[tuple[int, int]]] = {}
    for doc_id, weights in zip(doc_ids, docs, strict=False):
        for token, weight in weights.items():
            expected.setdefault(token, []).append((doc_id, weight))
    assert decoded == expected


def test_shard_count_follows_the_entry_bytes():
    postings = Postings()
    for doc_id in range(300):
        tokens = [f"tok{doc_id % 50} x", f"w{doc_id}"]
        postings.add(doc_id, tokens, bytes([1, 2]))
    layout = layout_shards(postings, 1024)
    total = sum(layout.totals)
    assert layout.count == shard_count(total, 1024) > 1
    assert total == sum(len(layout.shard_bytes(i)) - 2 for i in range(layout.count)) - sum(
        max(0, len(t) - 1) for t in layout.tokens
    )


@settings(max_examples=500)
@given(
    st.sampled_from(["dau tu", "2025", "đ", "x"]),
    st.dictionaries(st.integers(0, 3000), st.integers(0, 63), max_size=300),  # runs of _SKIP
    st.dictionaries(st.integers(0, 3000), st.one_of(st.none(), st.integers(0, 63)), max_size=12),
    st.integers(0, 10**9),
)
def test_patching_an_entry_equals_encoding_the_patched_postings(token, postings, changes, base):
    """Removing, adding and re-weighting ids in place gives exactly what encoding the patched
    postings from scratch gives (None when nothing is left)."""
    if postings and changes and len(changes) % 2:  # also: change the ids the entry holds
        held = sorted(postings)
        changes = {**changes, held[0]: None, held[-1]: 5, held[len(held) // 2]: None}
    postings = {base + d: w for d, w in postings.items()}
    changes = {base + d: w for d, w in changes.items()}
    entry = entry_bytes(token, sorted(postings), [postings[d] for d in sorted(postings)])
    patched = dict(postings)
    for doc_id, weight in changes.items():
        if weight is None:
            patched.pop(doc_id, None)
        else:
            patched[doc_id] = weight
    ids = sorted(patched)
    expected = entry_bytes(token, ids, [patched[d] for d in ids]) if ids else None
    assert patch_entry(token, entry if postings else None, changes) == expected


def test_postings_reject_ids_outside_the_packed_range():
    postings = Postings(1000)
    postings.add(1000, ["a"], b"\x01")
    postings.add(1000 + (1 << 24) - 1, ["a"], b"\x02")
    assert postings.get("a") == [(1000, 1), (1000 + (1 << 24) - 1, 2)]
    for bad in (999, 1000 + (1 << 24)):
        with pytest.raises(ValueError, match="out of range"):
            postings.add(bad, ["a"], b"\x01")


def test_empty_index_is_one_empty_shard():
    assert build_shards(Postings(), 8192) == {"shards/0.json": b"{}"}


def test_postings_reject_mismatched_weights():
    with pytest.raises(ValueError, match="tokens but"):
        Postings().add(0, ["a", "b"], b"\x01")


def test_filters_json():
    docs = [
        {"topic": ["Đầu tư công"], "category": ["Kinh tế"], "year": ["2024"]},
        {"topic": ["Giao thông", "Đầu tư công"], "category": [], "year": ["2025"]},
        {"topic": ["an ninh"], "category": ["Kinh tế"], "year": ["2025"]},
    ]
    data = filters_json(docs, ["topic", "category", "year"])
    assert json.loads(data) == {
        "category": {"docs": [[0, 2]], "values": ["Kinh tế"]},
        "topic": {
            "docs": [[2], [0, 1], [1]],
            "values": ["an ninh", "Đầu tư công", "Giao thông"],
        },
        "year": {"docs": [[0], [1, 1]], "values": ["2024", "2025"]},
    }
    assert data == encode_json(json.loads(data))
    assert json.loads(filters_json(docs, ["year"])).keys() == {"year"}
    sparse = json.loads(filters_json(docs, ["category", "year"], [45000, 45003, 45010]))
    assert sparse == {
        "category": {"docs": [[45000, 10]], "values": ["Kinh tế"]},
        "year": {"docs": [[45000], [45003, 7]], "values": ["2024", "2025"]},
    }
    assert filters_json(docs, []) == b"{}"


def test_manifest_and_build_id():
    files = {"shards/0.json": b"{}", "docs/0.json": b'{"a":1}', "filters.json": b"{}"}
    h = hashlib.sha256()
    for path in ("docs/0.json", "filters.json", "shards/0.json"):
        h.update(path.encode() + b"\0" + hashlib.sha256(files[path]).digest())
    assert build_id(files) == h.hexdigest()[:16]
    manifest = manifest_json(files, docs=1, shards=1, filters=["topic", "category", "year"])
    assert manifest == (
        b'{"build":"' + h.hexdigest()[:16].encode() + b'","docs":1,'
        b'"filters":["topic","category","year"],"shards":1,"version":1}'
    )
