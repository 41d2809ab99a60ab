"""Object-level access: every URL of the web namespaces (the applicant's portal, calls,
screening), probed as an
applicant of another organisation, as an anonymous visitor and as an applicant on the
secretary's pages. The URL list comes from the resolver, so new routes are probed too."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, get_resolver, reverse

from applications.models import Application, ApplicationVersion, Document, ModelYear, StatusEvent
from applications.services.lifecycle import submit_application
from applications.xlsx_model import build_template
from calls.models import Call, CallStatus, Question
from organisations.models import Organisation
from portal.views import STEP_NAMES
from scoring.models import IndicatorResult, RecomputeRun
from tests.applications.test_lifecycle import complete_application
from tests.factories import CallFactory, UserFactory, applicant, call_with_example_scenario

STAFF_MODULES = {"screening.views", "screening.questions", "calls.views"}
NAMESPACES = ("portal", "calls", "screening")
KNOWN_PARAMETERS = {"pk", "doc_id", "step", "call_id", "run_id", "question_id"}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
WATCHED = (
    Application,
    ApplicationVersion,
    Call,
    Question,
    Document,
    IndicatorResult,
    ModelYear,
    Organisation,
    RecomputeRun,
    StatusEvent,
)


def namespace_patterns() -> list[tuple[str, URLPattern]]:
    patterns = []
    for namespace in NAMESPACES:
        _prefix, resolver = get_resolver().namespace_dict[namespace]
        for entry in resolver.url_patterns:
            assert isinstance(entry, URLPattern), f"nested include in {namespace}: extend the walker"
            patterns.append((namespace, entry))
    return patterns


def is_staff_page(pattern: URLPattern) -> bool:
    return pattern.callback.__module__ in STAFF_MODULES


def parameters(pattern: URLPattern) -> set[str]:
    return set(pattern.pattern.converters)


def post_payload() -> dict:
    """Something every form of the namespace would accept, so a missing check would show."""
    return {
        "title": "Взлом",
        "okved": "29.32",
        "region": "39",
        "total_cost": "1",
        "capex_land": "1",
        "capex_design": "0",
        "capex_construction": "0",
        "capex_equipment": "0",
        "capex_other": "0",
        "equity": "1",
        "debt": "0",
        "cost_of_debt": "0",
        "beta_unlevered": "1",
        "fcff_method": "ebit",
        "terminal_mode": "gordon",
        "terminal_years": "5",
        "terminal_base_years": "1",
        "budget_terminal_mode": "finite",
        "budget_terminal_years": "5",
        "jobs_created": "1",
        "jobs_high_productivity": "1",
        "avg_monthly_wage": "1",
        "loan_amount": "1",
        "loan_rate": "0",
        "loan_term_years": "1",
        "year": [str(y) for y in range(2015, 2025)],
        "ebit-2015": "666",
        "decision": "reject",
        "reasons": "взлом",
        "kind": "other",
        "save_org": "1",
        "org-full_name": "Взлом",
        "go": "review",
        "file": SimpleUploadedFile("x.pdf", PDF),
        "workbook": SimpleUploadedFile(
            "m.xlsx", build_template(years=list(range(2015, 2025)), call_title="")
        ),
    }


def snapshot() -> dict:
    state = {model.__name__: list(model.objects.order_by("pk").values()) for model in WATCHED}
    state["files"] = sorted(d.file.name for d in Document.objects.all())
    return state


@pytest.fixture
def world():
    call = call_with_example_scenario()
    org_a_draft = complete_application(call)
    org_a_submitted = complete_application(call, organisation=org_a_draft.organisation)
    submit_application(application_id=org_a_submitted.pk, user=org_a_submitted.created_by)
    org_a_submitted.refresh_from_db()
    user_b = applicant()
    own_b = complete_application(call, organisation=user_b.organisation, user=user_b)
    closed_call = CallFactory(year=2016, session="march", status=CallStatus.DRAFT)
    run = RecomputeRun.objects.create(call=call, scenario_version=1, total=0)
    question = Question.objects.create(
        call=call,
        organisation=org_a_draft.organisation,
        asked_by=org_a_draft.created_by,
        text="Вопрос A",
        public_text="Вопрос A",
    )
    return {
        "call": call,
        "a": [org_a_draft, org_a_submitted],
        "user_b": user_b,
        "own_b": own_b,
        "closed_call": closed_call,
        "run": run,
        "question": question,
    }


def urls_for(route: tuple[str, URLPattern], world: dict) -> list[str]:
    """Every URL of a pattern filled with another organisation's object ids."""
    namespace, pattern = route
    names = parameters(pattern)
    unknown = names - KNOWN_PARAMETERS
    assert not unknown, f"{pattern.name}: unknown URL parameters {unknown}: teach the probe"
    name = f"{namespace}:{pattern.name}"
    if not names:
        return [reverse(name)]
    if names == {"call_id"}:
        call = world["call"] if is_staff_page(pattern) else world["closed_call"]
        return [reverse(name, kwargs={"call_id": call.pk})]
    if names == {"run_id"}:
        return [reverse(name, kwargs={"run_id": world["run"].pk})]
    if names == {"question_id"}:
        return [reverse(name, kwargs={"question_id": world["question"].pk})]
    urls = []
    for target in world["a"]:
        docs = list(target.documents.values_list("pk", flat=True))
        kwargs_list = [{"pk": target.pk}]
        if "doc_id" in names:
            # Their application with their document, and my application with their document.
            kwargs_list = [{"pk": target.pk, "doc_id": d} for d in docs]
            kwargs_list += [{"pk": world["own_b"].pk, "doc_id": d} for d in docs]
        if "step" in names:
            kwargs_list = [kw | {"step": step} for kw in kwargs_list for step in STEP_NAMES]
        urls += [reverse(name, kwargs=kw) for kw in kwargs_list]
    return urls


def _foreign_markers(world) -> list[str]:
    markers = [world["a"][1].registration_number, world["a"][0].organisation.full_name]
    return [m for m in markers if m]


@pytest.mark.django_db
def test_every_url_refuses_another_organisations_objects(world, client, capsys):
    patterns = namespace_patterns()
    assert {p.name for _, p in patterns} >= {"detail", "step", "submit", "document", "decide"}
    client.force_login(world["user_b"])
    before = snapshot()
    markers = _foreign_markers(world)
    probes, failures = 0, []
    for namespace, pattern in patterns:
        for url in urls_for((namespace, pattern), world):
            for method in ("get", "post"):
                response = client.get(url) if method == "get" else client.post(url, post_payload())
                probes += 1
                body = b"" if getattr(response, "streaming", False) else response.content
                leaked = [m for m in markers if m.encode() in body]
                has_object_ids = bool(parameters(pattern))
                if is_staff_page(pattern):
                    ok = response.status_code == 403
                elif has_object_ids:
                    # 405 only for GET on a POST-only view: it is the same for any id.
                    allowed = (403, 404, 405) if method == "get" else (403, 404)
                    ok = response.status_code in allowed
                else:
                    # Pages without object ids show the user's own organisation only.
                    ok = response.status_code in (200, 302, 405) and not leaked
                if not ok or leaked:
                    failures.append((method.upper(), url, response.status_code, leaked))
    print(f"\n{probes} cross-organisation probes over {len(patterns)} URL patterns")
    assert failures == [], "\n".join(map(str, failures))
    assert snapshot() == before
    assert probes >= 4 * len(patterns)
    with capsys.disabled():
        print(f"[test_security] {probes} cross-organisation probes")


@pytest.mark.django_db
def test_another_organisations_document_is_not_downloadable_but_the_owners_is(world, client):
    target = world["a"][0]
    doc = target.documents.get()
    url = reverse("portal:document", args=[target.pk, doc.pk])
    client.force_login(world["user_b"])
    assert client.get(url).status_code == 404
    client.force_login(target.created_by)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_anonymous_is_redirected_to_login_everywhere(world, client):
    before = snapshot()
    probes = 0
    for route in namespace_patterns():
        for url in urls_for(route, world):
            for method in ("get", "post"):
                response = client.get(url) if method == "get" else client.post(url, post_payload())
                probes += 1
                assert response.status_code == 302, (method, url, response.status_code)
                assert response["Location"].startswith(f"{reverse('login')}?next="), (method, url)
    assert snapshot() == before
    assert probes >= 4 * len(namespace_patterns())


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other", "owner"])
def test_applicants_get_403_on_every_secretary_page(world, client, who):
    user = world["user_b"] if who == "other" else world["a"][0].created_by
    client.force_login(user)
    staff = [route for route in namespace_patterns() if is_staff_page(route[1])]
    assert {f"{ns}:{p.name}" for ns, p in staff} >= {
        "calls:calls",
        "screening:index",
        "screening:call",
        "screening:decide",
        "screening:recompute",
    }
    before = snapshot()
    for route in staff:
        for url in urls_for(route, world):
            assert client.get(url).status_code == 403, url
            assert client.post(url, post_payload()).status_code == 403, url
    assert snapshot() == before


@pytest.mark.django_db
def test_user_without_a_role_sees_nothing(world, client):
    client.force_login(UserFactory())
    target = world["a"][1]
    assert client.get(reverse("portal:detail", args=[target.pk])).status_code == 404
    doc = target.documents.get()
    assert client.get(reverse("portal:document", args=[target.pk, doc.pk])).status_code == 404
    assert client.get(reverse("portal:my_list")).status_code == 403


@pytest.mark.django_db
def test_secretary_may_read_a_submitted_application(world, client):
    client.force_login(UserFactory(role="secretary"))
    target = world["a"][1]
    assert client.get(reverse("portal:detail", args=[target.pk])).status_code == 200
    assert client.get(reverse("screening:call", args=[world["call"].pk])).status_code == 200
