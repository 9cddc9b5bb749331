"""bench.infer: the figures it reports come from a draft that agrees with the generic path."""

from __future__ import annotations

import pytest

from bench.infer import markdown, measure_portal

pytestmark = pytest.mark.slow


def test_the_gov_measure_is_of_a_draft_that_agrees_on_every_field():
    result = measure_portal("gov", repeat=1)
    assert result["pages"] == 10
    assert set(result["agreement"]) >= {"title", "date", "body", "other_news"}
    assert all(v == "10/10" for v in result["agreement"].values())
    assert all(rate > 0 for rate in result["pages_per_s"].values())
    assert result["infer_command_s"] > result["infer_only_s"] > 0
    assert "| gov |" in "\n".join(markdown({"gov": result}))
