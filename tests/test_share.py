"""Share exports for a sponsor, and the privacy of everything that leaves.

The property tests plant canaries in every PRIVATE and THIRD_PARTY field
(found through the labels, see `privacy.py`) and check that none of them
shows up in a share export, a display, a table, a finding or an error.
"""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amendskit import (
    DocumentError,
    FixedClock,
    Status,
    TransitionError,
    Workbook,
    dumps,
    from_dict,
    loads,
    to_dict,
)
from amendskit.demo import DEMO_NOW, build_demo, render_summary
from amendskit.display import (
    findings_html,
    findings_markdown,
    plan_html,
    plan_markdown,
    workbook_html,
    workbook_markdown,
)
from amendskit.share import SHARED, share_html, share_markdown
from amendskit.tables import tables
from privacy import PRIVATE_CANARY, THIRD_PARTY_CANARY, leaks, planted
from strategies import workbooks


@pytest.fixture(scope="module")
def demo() -> Workbook:
    return planted(build_demo())


# --- the document -----------------------------------------------------------------


def test_share_markdown_reads_as_a_document(demo):
    text = share_markdown(demo)
    assert text.startswith("# My amends list\n")
    assert "## Anna (sister)" in text
    assert "### Harm harm-1: emotional, trust, 2021" in text
    assert "- What I did: I broke promise after promise" in text
    assert "- What I should have done: Told her the truth" in text
    assert "### Plan plan-1: living" in text
    assert "Approach: in person" in text


def test_share_shows_restitution_state(demo):
    text = share_markdown(demo)
    assert "Paid: 600.00 USD; Balance: 600.00 USD (open)" in text
    assert "Balance: 900.00 USD (open)" in text


def test_share_shows_how_commitments_are_kept(demo):
    text = share_markdown(demo)
    assert "Kept: 5 of 6 check-ins (83%)" in text
    assert "Kept: no check-ins yet" in text


def test_share_shows_the_history_with_its_notes(demo):
    assert "2024-03-15: living: Weekly calls agreed." in share_markdown(demo)


def test_share_shows_a_consent_without_the_party(demo):
    text = share_markdown(demo)
    assert "**Consent**: Granted: yes" in text
    assert THIRD_PARTY_CANARY not in text


def test_a_settled_restitution_says_so():
    demo = build_demo()
    plan = demo.plan("plan-2")
    assert plan.restitution is not None
    paid = attrs.evolve(
        plan.restitution,
        payments=(*plan.restitution.payments,) * 2,
    )
    demo = demo.update(attrs.evolve(plan, restitution=paid))
    assert "Balance: 0.00 USD (settled)" in share_markdown(demo)


def test_share_of_an_empty_workbook():
    empty = Workbook(clock=FixedClock(DEMO_NOW))
    assert "- Persons: 0" in share_markdown(empty)
    assert "<dt>Persons</dt><dd>0</dd>" in share_html(empty)


def test_share_html_is_a_standalone_page(demo):
    page = share_html(demo)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "<h2>Anna (sister)</h2>" in page
    assert "<dt>What I did</dt>" in page


def test_a_person_without_a_relationship_is_titled_by_name():
    demo = build_demo()
    person = attrs.evolve(demo.person("person-1"), relationship="")
    text = share_markdown(demo.update(person))
    assert "## Anna\n" in text


def test_shared_labels_are_structure_and_personal():
    assert {label.value for label in SHARED} == {"structure", "personal"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


def test_share_escapes_what_a_person_wrote():
    demo = build_demo()
    person = attrs.evolve(demo.person("person-1"), name='<script>alert("1")</script>')
    demo = demo.update(person)
    page = share_html(demo)
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags
    assert "&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt;" in page
    assert "&lt;script&gt;" in share_markdown(demo)


# --- privacy, as properties --------------------------------------------------------

HIDDEN_ANYWHERE = settings(max_examples=40)


def _exports(workbook: Workbook) -> list[str]:
    """Everything that may be shown or shared, rendered."""
    texts = [
        share_markdown(workbook),
        share_html(workbook),
        render_summary(workbook),
        workbook_html(workbook),
        workbook_markdown(workbook),
        findings_html(workbook.check()),
        findings_markdown(workbook.check()),
        json.dumps(tables(workbook)),
    ]
    for plan_id in workbook.plans:
        texts += [plan_html(workbook, plan_id), plan_markdown(workbook, plan_id)]
    return texts


def test_the_planted_demo_holds_both_canaries(demo):
    document = dumps(demo)
    assert PRIVATE_CANARY in document
    assert THIRD_PARTY_CANARY in document


def test_nothing_shown_of_the_planted_demo_leaks(demo):
    assert [leaks(text) for text in _exports(demo)] == [[]] * len(_exports(demo))


@HIDDEN_ANYWHERE
@given(workbooks())
def test_share_exports_never_show_hidden_text(workbook):
    workbook = planted(workbook)
    assert leaks(share_markdown(workbook)) == []
    assert leaks(share_html(workbook)) == []


@HIDDEN_ANYWHERE
@given(workbooks())
def test_displays_tables_and_findings_never_show_hidden_text(workbook):
    workbook = planted(workbook)
    for text in _exports(workbook):
        assert leaks(text) == []


@HIDDEN_ANYWHERE
@given(workbooks(), st.data())
def test_refused_transitions_never_echo_hidden_text(workbook, data):
    workbook = planted(workbook)
    refused: list[TransitionError] = []
    for plan_id in workbook.plans:
        target = data.draw(st.sampled_from(Status))
        try:
            workbook.transition(plan_id, target)
        except TransitionError as error:
            refused.append(error)
        for step in workbook.next_steps(plan_id):
            assert leaks(repr(step.findings)) == []
    for error in refused:
        assert leaks(str(error)) == []
        assert leaks(repr(error.findings)) == []


def _corrupt_hidden(value, how):
    """The parsed document with every canary string corrupted by `how`."""
    if isinstance(value, dict):
        return {k: _corrupt_hidden(v, how) for k, v in value.items()}
    if isinstance(value, list):
        return [_corrupt_hidden(v, how) for v in value]
    if isinstance(value, str) and leaks(value):
        return how(value)
    return value


CORRUPTIONS = {
    "wrong type": lambda text: [text],
    "too long": lambda text: text * 2_000,
    "an object": lambda text: {text: text},
}


@HIDDEN_ANYWHERE
@given(workbooks(), st.sampled_from(sorted(CORRUPTIONS)))
def test_document_errors_never_echo_hidden_text(workbook, corruption):
    data = to_dict(planted(workbook))
    broken = _corrupt_hidden(data, CORRUPTIONS[corruption])
    with pytest.raises(DocumentError) as raised:
        from_dict(broken)
    assert leaks(str(raised.value)) == []


@HIDDEN_ANYWHERE
@given(workbooks(), st.data())
def test_errors_of_broken_text_never_echo_hidden_text(workbook, data):
    text = dumps(planted(workbook))
    # Keys are schema names: an unknown key that reads like one is named in
    # the error's path, any other (with a space, say) is not.
    replaced = [
        text.replace('"persons"', f'"persons {PRIVATE_CANARY}"'),
        text.replace('"version":', f'"a {THIRD_PARTY_CANARY}":0,"version":'),
        text.replace('"status":"', f'"status":"{PRIVATE_CANARY}'),
        text.replace('"notes":"', '"notes":'),
    ]
    breaks = st.one_of(
        st.integers(0, len(text) - 1).map(lambda n: text[:n]),
        st.sampled_from([r for r in replaced if r != text]),
    )
    broken = data.draw(breaks)
    with pytest.raises(DocumentError) as raised:
        loads(broken)
    assert leaks(str(raised.value)) == []


def test_a_future_document_error_never_echoes_hidden_text(demo):
    data = to_dict(demo)
    data["version"] = 99
    with pytest.raises(DocumentError) as raised:
        from_dict(data)
    assert raised.value.codes == ("version-too-new",)
    assert leaks(str(raised.value)) == []


def test_a_datetime_is_shared_as_its_date():
    demo = build_demo(FixedClock(dt.datetime(2024, 9, 1, 23, 30, tzinfo=dt.UTC)))
    assert "At: 2024-03-10" in share_markdown(demo)
