"""Pagefind's output made reproducible (plugins/pagefind_search/reproducible and cbor)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from plugins.pagefind_search import cbor
from plugins.pagefind_search.reproducible import read_pagefind_file
from tests.support.site import build_site

from .corpus import write_corpus

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)
    | st.text(max_size=20)
    | st.binary(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=20,
)


@given(values)
def test_cbor_round_trip(value):
    assert cbor.loads(cbor.dumps(value)) == value


def test_cbor_shortest_form():
    assert cbor.dumps(23) == b"\x17"
    assert cbor.dumps(24) == b"\x18\x18"
    assert cbor.dumps(-25) == b"\x38\x18"
    assert cbor.dumps(["a"]) == b"\x81\x61a"


def test_two_builds_give_the_same_index_bytes(tmp_path):
    bundles = []
    for name in ("one", "two"):
        content = write_corpus(tmp_path / name)
        build_site(content, tmp_path / name / "output")
        bundle = tmp_path / name / "output" / "pagefind"
        bundles.append(
            {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
        )
    assert bundles[0].keys() == bundles[1].keys()
    assert [str(p) for p in bundles[0] if bundles[0][p] != bundles[1][p]] == []


def test_filter_values_are_sorted(search_site):
    for path in (search_site / "pagefind" / "filter").glob("*.pf_filter"):
        _, entries = read_pagefind_file(path)
        names = [str(value) for value, _ in entries]
        assert names == sorted(names), path.name
