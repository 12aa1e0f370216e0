"""Flat tables of a workbook, for pandas, CSV and JSON."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from amendskit import FixedClock, Workbook
from amendskit.demo import DEMO_NOW, build_demo
from amendskit.tables import (
    check_in_records,
    harm_records,
    person_records,
    plan_records,
    tables,
)
from privacy import PRIVATE_CANARY, THIRD_PARTY_CANARY, planted

SCALARS = (str, int, bool, type(None))


@pytest.fixture(scope="module")
def demo() -> Workbook:
    return planted(build_demo())


@pytest.mark.parametrize("include_private", [False, True])
def test_every_record_of_a_table_has_the_same_columns(demo, include_private):
    for name, records in tables(demo, include_private=include_private).items():
        assert records, name
        columns = list(records[0])
        assert all(list(r) == columns for r in records), name


@pytest.mark.parametrize("include_private", [False, True])
def test_values_are_json_ready_scalars(demo, include_private):
    found = tables(demo, include_private=include_private)
    for records in found.values():
        for record in records:
            assert all(isinstance(v, SCALARS) for v in record.values())
    assert json.loads(json.dumps(found)) == found


def test_pandas_takes_the_records_as_they_are(demo):
    frames = {name: pd.DataFrame(r) for name, r in tables(demo).items()}
    assert len(frames["persons"]) == len(demo.persons)
    assert len(frames["harms"]) == len(demo.harms)
    assert len(frames["plans"]) == len(demo.plans)
    plans = frames["plans"].set_index("plan_id")
    assert plans.loc["plan-2", "restitution_balance"] == "600.00"
    kept = frames["check_ins"].groupby("plan_id")["kept"].mean()
    assert kept["plan-1"] == pytest.approx(5 / 6)


def test_person_columns(demo):
    assert list(person_records(demo)[0]) == [
        "person_id",
        "name",
        "relationship",
        "contact",
        "institution",
        "invited_at",
        "harms",
        "plans",
    ]
    novak = person_records(demo)[-1]
    assert (novak["name"], novak["harms"], novak["plans"]) == ("Mr. Novak", 0, 0)


def test_harm_columns_hold_my_conduct_and_money_as_decimal_strings(demo):
    shop = harm_records(demo)[1]
    assert shop["kinds"] == "financial,trust"
    assert shop["conduct"].startswith("I took cash")
    assert (shop["owed"], shop["owed_currency"]) == ("1200.00", "USD")
    assert shop["when"] == "2020-11"
    anna = harm_records(demo)[0]
    assert (anna["owed"], anna["owed_currency"], anna["intent"]) == (None, None, None)


def test_plan_columns(demo):
    records = {r["plan_id"]: r for r in plan_records(demo)}
    anna = records["plan-1"]
    assert anna["status"] == "living"
    assert anna["approach"] == "in_person"
    assert anna["harms"] == 1
    assert anna["last_moved_at"] == "2024-03-15T18:00:00+00:00"
    assert (anna["check_ins"], anna["check_ins_kept"]) == (6, 5)
    assert anna["outcome"] == "received"
    assert anna["restitution_kind"] is None
    shop = records["plan-2"]
    assert (
        shop["restitution_kind"],
        shop["restitution_amount"],
        shop["restitution_paid"],
        shop["restitution_balance"],
        shop["restitution_currency"],
    ) == ("payment_plan", "1200.00", "600.00", "600.00", "USD")
    landlord = records["plan-7"]
    assert landlord["deferral_reason"] == "person_unavailable"
    assert landlord["deferral_review_on"] == "2024-10-31"
    assert records["plan-9"]["approach"] is None
    assert records["plan-9"]["outcome"] is None


def test_check_in_columns(demo):
    first = check_in_records(demo)[0]
    assert first == {
        "plan_id": "plan-1",
        "person_id": "person-1",
        "commitment_id": "commitment-1",
        "on": "2024-07-28",
        "kept": True,
    }


def test_private_notes_are_left_out_by_default(demo):
    assert PRIVATE_CANARY not in json.dumps(tables(demo))
    assert "notes" not in person_records(demo)[0]


def test_private_notes_come_in_on_request(demo):
    found = tables(demo, include_private=True)
    assert PRIVATE_CANARY in json.dumps(found)
    for name in ("persons", "harms", "plans", "check_ins"):
        assert "notes" in found[name][0], name


def test_third_parties_names_never_appear(demo):
    assert THIRD_PARTY_CANARY not in json.dumps(tables(demo, include_private=True))


def test_an_empty_workbook_has_empty_tables():
    empty = Workbook(clock=FixedClock(DEMO_NOW))
    assert tables(empty) == {"persons": [], "harms": [], "plans": [], "check_ins": []}
