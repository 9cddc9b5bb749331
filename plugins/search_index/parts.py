"""Token entries built in pieces: each run of consecutive documents is encoded on its own (in a
worker of a full build) and the pieces are joined in id order (pure).

A *part* is one token's postings over a run of documents, already as shard text:
`(first id, last id, deltas, weights)`, where `deltas` starts with the absolute first id, as a
whole entry's would. Joining two runs only re-encodes the first delta of the later one
(`first - previous last`), so the process that joins them does string work per token and run,
not per posting, and the workers ship one string per token and run instead of an array per token
and batch. The joined entries are byte for byte those of `shards.entry_bytes` over all postings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import chain, repeat
from operator import and_, rshift, sub

from .layout import split_key
from .shards import NUMBER_TEXT, Postings

Part = tuple[int, int, str, str]  # (first id, last id, deltas, weights)


def encode_parts(postings: Postings) -> dict[str, Part]:
    """Every token's postings as a part, emptying `postings` as it goes."""
    text = NUMBER_TEXT.__getitem__
    base = postings.base
    lists = postings.lists
    parts: dict[str, Part] = {}
    for token in list(lists):
        packed = lists.pop(token)
        ids = list(map(rshift, packed, repeat(8)))
        if base:
            ids = list(map(base.__add__, ids))
        deltas = ",".join(map(text, map(sub, ids, chain((0,), ids))))
        weights = ",".join(map(text, map(and_, packed, repeat(255))))
        parts[token] = (ids[0], ids[-1], deltas, weights)
    return parts


class EntryJoiner:
    """Joins the parts of runs of documents, added in id order (each run after the last)."""

    def __init__(self) -> None:
        # token -> [last id so far, delta pieces, weight pieces]
        self._open: dict[str, list] = {}

    def add(self, parts: dict[str, Part]) -> None:
        opened = self._open
        for token, (first, last, deltas, weights) in parts.items():
            known = opened.get(token)
            if known is None:
                opened[token] = [last, [deltas], [weights]]
                continue
            if first <= known[0]:
                raise ValueError(
                    f"token {token!r}: a run starting at id {first} was added after id {known[0]}"
                )
            # the first delta of this run was its absolute id: re-encode it against the last
            known[1].append(f",{first - known[0]}{deltas[len(str(first)) :]}")
            known[2].append(weights)
            known[0] = last

    def entries(self) -> Iterator[tuple[str, bytes]]:
        """(key, entry bytes) for every key (a token in a part, layout.part_key; the entry names
        the bare token), emptying the joiner as it goes."""
        opened = self._open
        for token in list(opened):
            _, deltas, weights = opened.pop(token)
            name = json.dumps(split_key(token)[1], ensure_ascii=False)
            yield token, f"{name}:[[{''.join(deltas)}],[{','.join(weights)}]]".encode()
