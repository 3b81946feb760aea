"""Counts kept as rows come, change and go (issue 18): the model's positions and states, and the
batch's totals, always equal what looking at every row says, and an insert never renumbers
the rows already there."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.ui.control.tally import Batch
from app.ui.table.model import UploadsModel
from app.ui.table.rows import Row, RowState

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
STATES = list(RowState)


def a_row(rng: random.Random, n: int) -> Row:
    state = rng.choice(STATES)
    size = rng.randrange(1, 10_000)
    live = rng.random() < 0.5
    expires = NOW + timedelta(hours=rng.randrange(-48, 48)) if live else None
    return Row(f"r{n}.png", "image", state, size, "image/png", f"/x/r{n}.png",
               sent=rng.randrange(0, size), job_id=n,
               url=f"https://cdn.example/{n}" if expires else None, expires_at=expires)  # fmt: skip


def check(model: UploadsModel) -> None:
    rows = list(model.rows)
    assert [model.position(r) for r in rows] == list(range(len(rows)))
    for state in STATES:
        assert model.count(lambda s, state=state: s is state) == sum(r.state is state for r in rows)
    assert model.active_count() == sum(r.state.active for r in rows)
    assert model.any_live(NOW) == any(r.is_live(NOW) for r in rows)
    assert all(model.by_job(r.job_id) is r for r in rows if r.job_id is not None)


@pytest.mark.parametrize("seed", range(8))
def test_the_model_s_counts_and_positions_match_its_rows(
    qtmodeltester: Any, qapp: Any, seed: int
) -> None:
    rng = random.Random(seed)
    model = UploadsModel(clock=lambda: NOW, loop_time=lambda: 0.0)
    qtmodeltester.check(model, force_py=True)
    made = 0
    for _step in range(40):
        action = rng.random()
        if action < 0.45 or not model.rows:
            rows = [a_row(rng, made + i) for i in range(rng.randrange(1, 6))]
            made += len(rows)
            model.insert(rows, at_top=rng.random() < 0.5)
        elif action < 0.7:
            row = rng.choice(list(model.rows))
            row.state = rng.choice(STATES)
            model.changed([row])
        elif action < 0.9:
            model.remove(rng.sample(list(model.rows), k=min(len(model.rows), rng.randrange(1, 4))))
        else:
            model.sort(rng.randrange(0, 6))
        check(model)


def test_an_insert_renumbers_no_row_already_there(qapp: Any, monkeypatch: Any) -> None:
    model = UploadsModel(clock=lambda: NOW, loop_time=lambda: 0.0)
    rng = random.Random(1)
    model.insert([a_row(rng, i) for i in range(1000)], at_top=False)

    def renumbered() -> None:
        raise AssertionError("every row was renumbered for an insert")

    monkeypatch.setattr(model, "_reindex", renumbered)
    model.insert([a_row(rng, 1000)])  # at the top
    model.insert([a_row(rng, 1001)], at_top=False)
    check(model)


def totals_by_hand(rows: list[Row]) -> tuple[int, int, int, int]:
    kept = [r for r in rows if r.state is not RowState.CANCELLED]
    return (
        sum(r.sent for r in kept),
        sum(r.size or 0 for r in kept),
        sum(not r.state.active for r in kept),
        len(kept),
    )


@pytest.mark.parametrize("seed", range(8))
def test_the_batch_s_running_totals_match_its_rows(seed: int) -> None:
    rng = random.Random(seed)
    batch = Batch()
    members: list[Row] = []
    for step in range(200):
        action = rng.random()
        if action < 0.3 or not members:
            rows = [a_row(rng, step * 10 + i) for i in range(rng.randrange(1, 4))]
            batch.extend(rows)
            members += rows
        elif action < 0.85:
            row = rng.choice(members)
            row.state = rng.choice(STATES)
            row.sent = rng.randrange(0, (row.size or 1) + 1)
            batch.refresh([row])
        else:
            row = rng.choice(members)
            batch.remove(row)
            members.remove(row)
        assert batch.totals() == totals_by_hand(members)
        assert len(batch) == len(members)
        assert [r.uid for r in batch] == [r.uid for r in members]
