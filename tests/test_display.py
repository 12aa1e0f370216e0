"""Rich display: HTML and Markdown of workbooks, plans, findings, agendas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser

import attrs
import pytest

from amendskit import (
    FixedClock,
    Money,
    Person,
    Restitution,
    RestitutionKind,
    Status,
    UnknownIdError,
    Workbook,
)
from amendskit._markup import md_text, plain
from amendskit.agenda import AgendaItem, AgendaKind, agenda
from amendskit.dates import Interval, IntervalUnit
from amendskit.demo import DEMO_NOW, build_demo
from amendskit.display import (
    STATUS_COLOURS,
    AgendaView,
    Findings,
    PlanView,
    WorkbookView,
    agenda_html,
    agenda_markdown,
    findings_html,
    findings_markdown,
    plan_html,
    plan_markdown,
    progress_svg,
    workbook_html,
    workbook_markdown,
)
from amendskit.restitution import PaymentPlan

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture(scope="module")
def demo() -> Workbook:
    return build_demo()


@pytest.fixture(scope="module")
def hostile() -> Workbook:
    """The demo with a person whose name, and a plan whose id, are markup."""
    workbook = build_demo()
    anna = workbook.person("person-1")
    return workbook.update(attrs.evolve(anna, name=SCRIPT))


class Tags(HTMLParser):
    """The start tags of an HTML text, and its text content."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


# --- the workbook ---------------------------------------------------------------


def test_demo_html_escapes_a_script_name(hostile):
    html = workbook_html(hostile)
    assert ESCAPED in html
    assert "<script" not in html
    parsed = Tags(html)
    assert "script" not in parsed.tags
    assert SCRIPT in "".join(parsed.text)


def test_every_rendering_of_a_script_name_is_inert(hostile):
    for html in (
        workbook_html(hostile),
        plan_html(hostile, "plan-1"),
        agenda_html(
            agenda(hostile, DEMO_NOW, DEMO_NOW + dt.timedelta(days=30)), hostile
        ),
    ):
        assert "<script" not in html
    assert ESCAPED in plan_html(hostile, "plan-1")
    for markdown in (workbook_markdown(hostile), plan_markdown(hostile, "plan-1")):
        assert "<script" not in markdown
        assert "&lt;script&gt;" in markdown


def test_ids_and_quotes_are_escaped_too():
    clock = FixedClock(DEMO_NOW)
    workbook = Workbook(clock=clock).add(
        Person('<img/src="x"/onerror=alert(1)>', 'Ann "the" <b>one</b>')
    )
    html = workbook_html(workbook)
    assert "<img" not in html
    assert "<b>" not in html
    assert "Ann &quot;the&quot; &lt;b&gt;one&lt;/b&gt;" in html


def test_workbook_html_shows_progress_then_each_plan(demo):
    html = workbook_html(demo)
    assert "<strong>9 persons, 9 plans</strong>" in html
    assert html.index("<svg") < html.index("<table>")
    for plan in demo.plans.values():
        assert f"<td>{plan.id}</td>" in html
    assert "Persons without a plan: Mr. Novak" in html


def test_workbook_html_shows_blockers_with_codes_and_messages(demo):
    html = workbook_html(demo)
    assert "<code>AK19</code> living-needs-commitment: no ongoing commitment" in html
    assert "<code>AK10</code> not-reachable" in html
    assert "make &rarr; made: <strong>allowed</strong>" in html
    assert "none; living amends go on" in html


def test_the_progress_bar_draws_each_status_in_proportion(demo):
    svg = progress_svg(demo)
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert svg.count("<rect") == sum(1 for n in demo.summary().by_status.values() if n)
    assert f'fill="{STATUS_COLOURS[Status.LIVING]}"' in svg
    assert 'width="106.7"' in svg  # living: 3 of 9 plans of 320 pixels
    assert "<title>living: 3</title>" in svg


def test_an_empty_workbook_shows_an_empty_bar():
    empty = Workbook(clock=FixedClock(DEMO_NOW))
    svg = progress_svg(empty)
    assert "<title>no plans</title>" in svg
    html = workbook_html(empty)
    assert "<table>" not in html
    assert "without a plan" not in html
    markdown = workbook_markdown(empty)
    assert "| listed | 0 |  |" in markdown
    assert "without a plan" not in markdown


def test_every_status_has_a_colour():
    assert set(STATUS_COLOURS) == set(Status)


def test_workbook_markdown(demo):
    markdown = workbook_markdown(demo)
    assert markdown.startswith("**9 persons, 9 plans**\n")
    assert "| living | 3 | " + "\u2588" * 20 + " |" in markdown
    assert (
        "| Sam | plan-3 | made | indirect letter | live \u2192 living: blocked by "
        "`AK19` living-needs-commitment (no ongoing commitment) |"
    ) in markdown
    assert "Persons without a plan: Mr. Novak" in markdown


def test_next_steps_are_judged_at_a_given_time(demo):
    earlier = demo.plan("plan-8").last_moved_at - dt.timedelta(days=1)
    assert "AK14" in workbook_html(demo, at=earlier)
    assert "AK14" not in workbook_html(demo)


# --- one plan -------------------------------------------------------------------


def test_plan_html_shows_person_status_approach_and_steps(demo):
    html = plan_html(demo, "plan-2")
    assert "<strong>Riverside Print Shop</strong>" in html
    assert "<dt>status</dt><dd>made since 2024-04-04</dd>" in html
    assert "<dt>approach</dt><dd>in person</dd>" in html
    assert "balance 600.00 USD" in html
    assert "<dt>last outcome</dt><dd>partial on 2024-04-04</dd>" in html
    assert "<code>AK19</code>" in html


def test_plan_html_of_a_living_plan(demo):
    html = plan_html(demo, "plan-1")
    assert "5 of 6 check-ins kept" in html
    assert "none; living amends go on" in html


def test_plan_markdown(demo):
    markdown = plan_markdown(demo, "plan-9")
    assert markdown.startswith("**Priya** \u00b7 plan plan-9\n")
    assert "- approach: not chosen" in markdown
    assert "  - become\\_willing \u2192 willing: blocked" not in markdown
    assert "  - become_willing \u2192 willing: blocked" in markdown
    assert "    - `AK01` harm-states-own-conduct" in markdown
    assert "- next steps: none; living amends go on" in plan_markdown(demo, "plan-1")
    assert ": allowed" in plan_markdown(demo, "plan-8")


def test_an_unknown_plan_is_an_unknown_id(demo):
    with pytest.raises(UnknownIdError):
        plan_html(demo, "no-such-plan")


# --- findings -------------------------------------------------------------------


def test_findings_table(demo):
    findings = demo.check()
    html = findings_html(findings)
    assert html.count("<tr>") == len(findings) + 1
    assert "<td>AK02</td><td>person-without-harm</td><td>person-9</td><td></td>" in html
    markdown = findings_markdown(findings)
    assert (
        markdown.splitlines()[0]
        == "| severity | code | slug | person | plan | message |"
    )
    assert "| warning | AK02 | person-without-harm | person-9 |  |" in markdown


def test_no_findings():
    assert findings_html(()) == "<p>No findings.</p>"
    assert findings_markdown(()) == "No findings.\n"


# --- agenda ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def scheduled(demo) -> Workbook:
    """The demo with a meeting and a payment plan for the brother and employer."""
    tom = attrs.evolve(demo.plan("plan-8"), meeting_at=DEMO_NOW + dt.timedelta(days=3))
    shop = demo.plan("plan-2")
    assert shop.restitution is not None
    every_month = PaymentPlan(
        Money(Decimal("200.00"), "USD"),
        Interval(1, IntervalUnit.MONTHS),
        dt.date(2024, 4, 4),
    )
    shop = attrs.evolve(
        shop, restitution=attrs.evolve(shop.restitution, payment_plan=every_month)
    )
    return demo.update(tom, shop)


def test_agenda_html_shows_items_with_names(scheduled):
    items = agenda(scheduled, DEMO_NOW, DEMO_NOW + dt.timedelta(days=30))
    kinds = {i.kind for i in items}
    assert {AgendaKind.MEETING, AgendaKind.INSTALMENT, AgendaKind.COMMITMENT} <= kinds
    html = agenda_html(items, scheduled)
    assert html.count("<tr>") == len(items) + 1
    assert "<td>2024-09-04 18:00+00:00</td><td>meeting</td><td>Tom</td>" in html
    assert "<td>2024-09-04</td><td>instalment</td><td>Riverside Print Shop</td>" in html
    assert "<td>200.00 USD</td>" in html


def test_agenda_without_a_workbook_shows_person_ids(scheduled):
    items = agenda(scheduled, DEMO_NOW, DEMO_NOW + dt.timedelta(days=30))
    markdown = agenda_markdown(items)
    assert (
        markdown.splitlines()[0] == "| when | kind | person | plan | summary | amount |"
    )
    assert (
        "| 2024-09-04 | instalment | person-2 | plan-2 | Instalment due | 200.00 USD |"
        in (markdown)
    )


def test_an_agenda_item_of_a_person_not_in_the_workbook(demo):
    item = AgendaItem(DEMO_NOW, AgendaKind.FOLLOW_UP, "plan-x", "person-x", "Follow-up")
    assert "<td>person-x</td>" in agenda_html([item], demo)


def test_an_empty_agenda():
    assert agenda_html([]) == "<p>Nothing on the agenda.</p>"
    assert agenda_markdown([]) == "Nothing on the agenda.\n"


# --- views ----------------------------------------------------------------------


def test_views_render_in_notebooks(scheduled):
    items = agenda(scheduled, DEMO_NOW, DEMO_NOW + dt.timedelta(days=30))
    views = [
        (
            WorkbookView(scheduled),
            workbook_html(scheduled),
            workbook_markdown(scheduled),
        ),
        (
            PlanView(scheduled, "plan-2"),
            plan_html(scheduled, "plan-2"),
            plan_markdown(scheduled, "plan-2"),
        ),
        (
            Findings(scheduled.check()),
            findings_html(scheduled.check()),
            findings_markdown(scheduled.check()),
        ),
        (
            AgendaView(items, scheduled),
            agenda_html(items, scheduled),
            agenda_markdown(items, scheduled),
        ),
    ]
    for view, html, markdown in views:
        assert view._repr_html_() == html
        assert view._repr_markdown_() == markdown


def test_findings_is_a_tuple(demo):
    findings = Findings(demo.check())
    assert findings == demo.check()
    assert isinstance(findings, tuple)


def test_agenda_view_takes_any_iterable(scheduled):
    items = agenda(scheduled, DEMO_NOW, DEMO_NOW + dt.timedelta(days=30))
    assert AgendaView(iter(items)).items == items


# --- escaping helpers -----------------------------------------------------------


def test_markdown_text_is_inert_and_one_line():
    assert md_text("*a* _b_ [c](d) `e` | f\n# g <h>") == (
        "\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` \\| f \\# g &lt;h&gt;"
    )


def test_plain_refuses_what_it_cannot_show_safely():
    assert plain((Status.LISTED, True)) == "listed, yes"
    with pytest.raises(TypeError):
        plain(RestitutionKind)
    with pytest.raises(TypeError):
        plain(Restitution(RestitutionKind.FULL, Money(Decimal(1), "EUR")))


def test_views_print_no_free_text(scheduled):
    """A notebook stores text/plain beside the HTML: it must hold no notes."""
    items = agenda(scheduled, DEMO_NOW, DEMO_NOW + dt.timedelta(days=30))
    assert repr(WorkbookView(scheduled)) == "<WorkbookView: 9 persons, 9 plans>"
    assert repr(PlanView(scheduled, "plan-2")) == "<PlanView: plan 'plan-2'>"
    assert repr(AgendaView(items)) == f"<AgendaView: {len(items)} items>"


def test_a_workbook_shows_itself_in_notebooks() -> None:
    from amendskit.demo import build_demo
    from amendskit.display import PlanView, workbook_html, workbook_markdown

    wb = build_demo()
    assert wb._repr_html_() == workbook_html(wb)
    assert wb._repr_markdown_() == workbook_markdown(wb)
    plan_id = next(iter(wb.plans))
    view = wb.plan_view(plan_id)
    assert isinstance(view, PlanView)
    assert (view.workbook, view.plan_id) == (wb, plan_id)


def test_a_plan_view_of_an_unknown_plan_fails_at_once() -> None:
    from amendskit import UnknownIdError
    from amendskit.demo import build_demo

    with pytest.raises(UnknownIdError):
        build_demo().plan_view("plan-unknown")
