"""Every URL the resolver knows, probed by every role on organisation B's objects.

The routes are enumerated from ``get_resolver()`` (the site, the admin and the custom
admin views of commission/admin.py); each must be classified in the tables below, so a
new route fails this test until someone states who may open it. A *leak* is a role
outside a route's allowed set getting anything but a refusal (403/404/405 or a redirect
to a sign-in page), a refused request that changed the database, or a page showing an
application's title to someone who may not see that application.

One test per route (xdist spreads them), every role and method probed within it. The
data is built once per module and worker, in a transaction rolled back at the end; each
test and each probe runs in a savepoint on top of it. Each probe signs in with a fresh
copy of the session ``login_verified`` gave the role (signed in, second factor passed).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from api.tokens import create_token
from applications.models import Application, ApplicationVersion
from applications.services.cases import build_case
from applications.services.lifecycle import snapshot_of
from calls.models import Question
from commission import selectors as commission_selectors
from commission.exports import FORMATS
from commission.models import MemberRole
from engine import case_hash
from portal.views import STEP_NAMES
from privacy.services import PersonalDataRead, record_personal_data_access
from reference.models import PriorityDirection
from scoring.models import RecomputeRun
from tests.factories import (
    MeetingFactory,
    MembershipFactory,
    UserFactory,
    applicant,
    call_with_example_scenario,
    complete_application,
    reference_region,
)
from tests.otp_helpers import confirmed_totp_device, login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.otp]

ROLES = ("anonymous", "applicant_a", "owner_b", "member", "chair", "secretary", "administrator", "analyst")
APPLICANTS = frozenset({"applicant_a", "owner_b"})
COMMISSION = frozenset({"member", "chair"})
SCREENERS = frozenset({"secretary", "administrator"})
# The Ministry's analyst: staff (the second factor), reads the regional view, nothing else.
ANALYST = frozenset({"analyst"})
STAFF = COMMISSION | SCREENERS | ANALYST
SIGNED_IN = APPLICANTS | STAFF
OWNER = frozenset({"owner_b"})
SECRETARY = frozenset({"secretary"})
ADMINISTRATOR = frozenset({"administrator"})
CHAIR = frozenset({"chair"})
NOBODY: frozenset[str] = frozenset()
PUBLIC = "public"  # anyone, refusals not expected; still must not change the database

DRAFT_TITLE = "Черновик-B-секретный"
SUBMITTED_TITLE = "Поданная-B-заявка"
# Who may ever see each application's title, on any page.
MAY_SEE = {
    "draft": OWNER | SCREENERS,
    "submitted": OWNER | SCREENERS | COMMISSION,
}

# --- The expectation table: URL name -> roles allowed (GET, POST) ------------------
# A single set applies to both methods; a callable takes the application variant.
SITE: dict[str, object] = {
    "home": SIGNED_IN,
    "healthz": PUBLIC,
    "set_language": PUBLIC,
    "login": PUBLIC,
    "logout": PUBLIC,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    "register": PUBLIC,
    "register_sent": PUBLIC,
    "confirm_email": PUBLIC,
    "resend_confirmation": PUBLIC,
    "otp_setup": STAFF,
    "otp_enrol_send": STAFF,  # POST only; staff with a device are sent to the code prompt
    "otp_enrol_confirm": STAFF,  # a bad token: back to the setup page
    "otp_verify": STAFF,
    "otp_backup_codes": STAFF,
    "portal:my_list": APPLICANTS,
    "portal:create": APPLICANTS,  # an open call: each applicant makes their own draft
    "portal:organisation": APPLICANTS,  # their own organisation, no id in the URL
    "portal:detail": lambda v: MAY_SEE[v],
    "portal:document": lambda v: MAY_SEE[v],
    "portal:card": lambda v: MAY_SEE[v],  # the printable card: a draft's as it stands
    "portal:version_json": lambda v: MAY_SEE[v] if v == "submitted" else NOBODY,  # no version yet
    "portal:step": OWNER,
    "portal:model_template": OWNER,
    "portal:model_import": OWNER,
    "portal:indicators": OWNER,
    "portal:submit": OWNER,
    "portal:withdraw": OWNER,
    "portal:document_delete": OWNER,
    "portal:questions": APPLICANTS,  # questions about a call: each organisation its own
    "calls:calls": SCREENERS,
    "screening:index": SCREENERS,
    "calls:macro_export": SCREENERS,
    "calls:macro_import": SCREENERS,
    "screening:call": SCREENERS,
    "screening:recompute": SCREENERS,
    "screening:recompute_status": SCREENERS,
    "screening:decide": SCREENERS,
    "screening:questions": SCREENERS,
    "screening:answer": SCREENERS,
    "public:calls": PUBLIC,
    "public:call": PUBLIC,
    # The regional view: read-only for the secretary, the chair and the analyst; its
    # reference data (clusters, employment) imported by the secretary.
    "analytics:regions": SECRETARY | CHAIR | ANALYST,
    "analytics:regions_export": SECRETARY | CHAIR | ANALYST,
    "analytics:imports": SECRETARY,
    "analytics:import_clusters": SECRETARY,
    "analytics:import_employment": SECRETARY,
    "analytics:cluster_template": SECRETARY,
    "analytics:employment_template": SECRETARY,
    "admin:login": PUBLIC,
    "admin:logout": PUBLIC,
    "admin:index": STAFF,
    "admin:password_change": STAFF,
    "admin:password_change_done": STAFF,
    "admin:jsi18n": STAFF,
    "admin:autocomplete": NOBODY,  # without a valid field every caller is refused
    "admin:view_on_site": NOBODY,  # no model has get_absolute_url: 404 for staff
    "admin:catch_all": NOBODY,
    # Custom commission views: the meeting's commission members and the secretary.
    "admin:commission_meeting_scoring": COMMISSION | SECRETARY,
    "admin:commission_meeting_project": COMMISSION | SECRETARY,
    "admin:commission_meeting_results": COMMISSION | SECRETARY,
    "admin:commission_meeting_round": (NOBODY, SECRETARY),
    "admin:commission_meeting_protocol": SECRETARY,
    "admin:commission_meeting_audit": SECRETARY,
    # The readable trail: members and the chair only after the round closes (not yet here).
    "admin:commission_meeting_trail": SCREENERS,
    "admin:commission_application_trail": SCREENERS,
    "admin:commission_meeting_export": SECRETARY,
    "admin:auth_user_password_change": ADMINISTRATOR,
    # django-otp's own admin pages show a device's secret: superusers only.
    "admin:otp_totp_totpdevice_config": NOBODY,
    "admin:otp_totp_totpdevice_qrcode": NOBODY,
    # The REST API over the browser session (tests/security/test_api_matrix.py probes it
    # with tokens). The schema, its documentation page and the public data are open.
    "api:schema": PUBLIC,
    "api:docs": PUBLIC,
    "api:tokens": SIGNED_IN,
    "api:token_revoke": OWNER,  # the token is owner B's: anyone else's revoke is a 404
    "api:calls": PUBLIC,
    "api:call": PUBLIC,
    "api:open_calls": PUBLIC,
    "api:winners": PUBLIC,
    "api:winners_csv": PUBLIC,
    "api:organisation": APPLICANTS,
    "api:applications": (SIGNED_IN, APPLICANTS),  # the list is filtered by the selector
    "api:application": lambda v: MAY_SEE[v],
    "api:application_case": OWNER,  # PUT only: GET and POST are 405 for everybody
    "api:application_documents": (lambda v: MAY_SEE[v], OWNER),
    "api:application_submit": OWNER,
    "api:application_indicators": lambda v: MAY_SEE[v],
    "api:screening": SCREENERS,
    "api:screening_decide": SCREENERS,
    # This world's meeting has not closed its round and has no decided protocol.
    "api:meeting_results": NOBODY,
    "api:protocol_file": NOBODY,
}
ADMIN_APPS = {
    "accounts": ADMINISTRATOR,
    "auth": ADMINISTRATOR,
    "applications": COMMISSION | SECRETARY,
    "commission": COMMISSION | SECRETARY,
    "reference": ADMINISTRATOR,
    "organisations": SCREENERS,
    "calls": SCREENERS,
    "privacy": ADMINISTRATOR,
    "audit": SCREENERS,
    "otp_totp": NOBODY,
    "otp_static": NOBODY,
    "axes": NOBODY,
}


@dataclass(frozen=True)
class ModelAccess:
    view: object  # frozenset or callable(variant)
    change: object
    add: frozenset


def _access(view, change=None, add=NOBODY) -> ModelAccess:
    return ModelAccess(view=view, change=view if change is None else change, add=add)


ADMIN_MODELS = {
    "accounts.user": _access(ADMINISTRATOR, add=ADMINISTRATOR),
    "auth.group": _access(ADMINISTRATOR),
    "reference.region": _access(ADMINISTRATOR, add=ADMINISTRATOR),
    "reference.prioritydirection": _access(ADMINISTRATOR, add=ADMINISTRATOR),
    "reference.okvedcode": _access(ADMINISTRATOR, add=ADMINISTRATOR),
    "organisations.organisation": _access(SCREENERS, change=ADMINISTRATOR),
    "calls.call": _access(SCREENERS, change=SECRETARY, add=SECRETARY),
    "calls.macroscenario": _access(SECRETARY, add=SECRETARY),
    # Applications change only through services; members never see drafts (SPEC §3).
    # The changelist opens for members too but must list no drafts (the title check).
    "applications.application": _access(lambda v: (MAY_SEE[v] & STAFF) - ADMINISTRATOR, change=NOBODY),
    # The personal-data access log: administrators read it, nobody changes it (152-FZ).
    "privacy.personaldataaccess": _access(ADMINISTRATOR, change=NOBODY),
    # The audit trail: secretaries and administrators read it, nobody adds or changes rows.
    "audit.auditentry": _access(SCREENERS, change=NOBODY),
    # Identity change requests: the secretary approves or rejects them; applicants request.
    "organisations.identitychangerequest": _access(SECRETARY),
    "commission.commission": _access(SECRETARY, add=SECRETARY),
    "commission.methodology": _access(SECRETARY, add=SECRETARY),
    "commission.meeting": _access(COMMISSION | SECRETARY, change=SECRETARY, add=SECRETARY),
    "otp_totp.totpdevice": _access(NOBODY),
    "otp_static.staticdevice": _access(NOBODY),
    "axes.accessattempt": _access(NOBODY),
    "axes.accesslog": _access(NOBODY),
    "axes.accessfailurelog": _access(NOBODY),
}
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    template: str


def _regex_to_route(regex: str) -> str:
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", text)


def _part(pattern) -> str:
    text = str(pattern)
    return _regex_to_route(text) if hasattr(pattern, "regex") and not hasattr(pattern, "_route") else text


def routes(patterns=None, prefix: str = "", namespace: str = "") -> list[Route]:
    found: list[Route] = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = ":".join(filter(None, [namespace, entry.namespace or ""]))
            found += routes(entry.url_patterns, prefix + _part(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = entry.name or ("catch_all" if "<url>" in _part(entry.pattern) else "")
            full = f"{namespace}:{name}" if namespace and name else name
            found.append(Route(full, prefix + _part(entry.pattern)))
    return found


def app_labels_of_admin_regex() -> list[str]:
    for route in routes():
        if route.name == "admin:app_list":
            regex = next(str(p.pattern) for p in _admin_patterns() if getattr(p, "name", "") == "app_list")
            return re.search(r"\(\?P<app_label>([^)]*)\)", regex).group(1).split("|")
    return []


def _admin_patterns():
    return admin.site.get_urls()


ALL_ROUTES = routes()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The data every probe sees, built once per module (and xdist worker) inside a
    transaction that is rolled back when the module's tests are done."""
    media_root = tmp_path_factory.mktemp("permission-matrix-documents")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root), transaction.atomic():
        yield {**build_world(), "media_root": media_root}
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_root(world, settings):
    """The documents of the shared data, not the per-test folder of tests/conftest.py."""
    settings.MEDIA_ROOT = world["media_root"]


def signed_in_session(user) -> dict:
    """The session data of ``user`` signed in with the second factor passed."""
    client = Client()
    login_verified(client, user)
    return dict(client.session.items())


def build_world() -> dict:
    reference_region()
    call = call_with_example_scenario()
    a = applicant()
    b = applicant()
    draft = complete_application(call, b.organisation, b)
    Application.objects.filter(pk=draft.pk).update(title=DRAFT_TITLE)
    submitted = complete_application(call, b.organisation, b)
    Application.objects.filter(pk=submitted.pk).update(
        title=SUBMITTED_TITLE,
        status="submitted",
        registration_number="2015-J-0001",
        submitted_at=timezone.now(),
    )
    submitted.refresh_from_db()
    # Its frozen version, as a submission stores it (the card and the JSON read it).
    case = build_case(submitted)
    ApplicationVersion.objects.create(
        application=submitted, number=1, case=case, case_hash=case_hash(case), snapshot=snapshot_of(submitted)
    )
    # An admitted one, so the meeting's project page has a project to show its members.
    admitted = complete_application(call, b.organisation, b)
    Application.objects.filter(pk=admitted.pk).update(
        status="admitted", registration_number="2015-J-0002", submitted_at=timezone.now()
    )
    meeting = MeetingFactory(call=call)
    member = MembershipFactory(commission=meeting.commission, role=MemberRole.MEMBER).user
    chair = MembershipFactory(
        commission=meeting.commission, role=MemberRole.CHAIR, user=UserFactory(role="chair")
    ).user
    secretary = UserFactory(role="secretary")
    administrator = UserFactory(role="administrator")
    analyst = UserFactory(role="analyst")
    commission_selectors.ensure_methodology(call)
    run = RecomputeRun.objects.create(call=call, scenario_version=1)
    question = Question.objects.create(
        call=call, organisation=b.organisation, asked_by=b, text="Вопрос B", public_text="Вопрос B"
    )
    StaticDevice.objects.create(user=secretary, name="backup", confirmed=True)
    secretary_device = confirmed_totp_device(secretary)
    export = _protocol_export(meeting, secretary)
    # One access-log row, so the log's own pages are probed on a real object.
    record_personal_data_access(
        user=secretary, reads=[PersonalDataRead.application_card(submitted)], source="test", ip="127.0.0.1"
    )
    token = create_token(user=b, name="B", scopes=["applications:read"], days=30, verified=True).token
    users = {
        "anonymous": None,
        "applicant_a": a,
        "owner_b": b,
        "member": member,
        "chair": chair,
        "secretary": secretary,
        "administrator": administrator,
        "analyst": analyst,
    }
    sessions = {role: None if user is None else signed_in_session(user) for role, user in users.items()}
    apps_by_variant = {"draft": draft, "submitted": submitted}
    return {
        "call": call,
        "meeting": meeting,
        "run": run,
        "question": question,
        "users": users,
        "sessions": sessions,
        "apps": apps_by_variant,
        "admitted": admitted,
        "b": b,
        "secretary_device": secretary_device,
        "export_id": export.pk if export is not None else 999999,
        "token_id": token.pk,
    }


def _protocol_export(meeting, user):
    model = next(
        (m for m in apps.get_app_config("commission").get_models() if m.__name__ == "ProtocolExport"), None
    )
    if model is None:
        return None
    return model.objects.create(meeting=meeting, fmt="pdf", requested_by=user)


def admin_object(model, world, variant):
    label = model._meta.label_lower
    special = {
        "applications.application": world["apps"][variant].pk,
        "accounts.user": world["b"].pk,
        "organisations.organisation": world["b"].organisation_id,
        "calls.call": world["call"].pk,
        "calls.macroscenario": world["call"].macro.pk,
        "commission.meeting": world["meeting"].pk,
        "commission.commission": world["meeting"].commission_id,
        "auth.group": Group.objects.order_by("pk").first().pk,
        "reference.prioritydirection": PriorityDirection.objects.order_by("pk").first().pk,
    }
    if label in special:
        return special[label]
    first = model.objects.order_by("pk").first()
    return first.pk if first is not None else 999999


ADMIN_MODEL_ROUTE = re.compile(r"^admin/(\w+)/(\w+)/(.*)$")


def classify(route: Route, world) -> list[tuple[str, str, object, object]]:
    """(url, variant, allowed GET, allowed POST) for every way to fill the route."""
    name, template = route.name, route.template
    variants = ["draft", "submitted"]
    out = []
    for variant in variants:
        app = world["apps"][variant]
        doc = app.documents.first()
        values = {
            "pk": app.pk,
            "doc_id": doc.pk,
            "call_id": world["call"].pk,
            "run_id": world["run"].pk,
            "question_id": world["question"].pk,
            "app_id": app.pk,
            "token": "bad-token",
            "uidb64": "MQ",
            "url": "no-such-page/",
            "export_id": world["export_id"],
            "content_type_id": ContentType.objects.get_for_model(Application).pk,
            "object_id": app.pk,
            "token_id": world["token_id"],
        }
        allowed: object = None
        fills: list[dict] = [{}]
        model_match = ADMIN_MODEL_ROUTE.match(template)
        model = None
        if model_match and name not in SITE:
            try:
                model = apps.get_model(model_match.group(1), model_match.group(2))
            except LookupError:
                model = None
        if name in SITE:
            allowed = SITE[name]
            if name.startswith("admin:commission_meeting_"):
                values["pk"] = world["meeting"].pk
            if name == "admin:commission_meeting_project":
                values["app_id"] = world["admitted"].pk  # drafts and unscreened ones: 404
            if name.startswith("admin:otp_totp_totpdevice_"):
                values["pk"] = world["secretary_device"].pk
            if name == "admin:auth_user_password_change":
                values["id"] = world["b"].pk
            if name == "api:call":
                values["pk"] = world["call"].pk
            if name in ("api:meeting_results", "api:protocol_file"):
                values["pk"] = world["meeting"].pk
        elif name == "admin:app_list":
            fills = [{"app_label": label} for label in app_labels_of_admin_regex()]
            allowed = "per-app"
        elif model is not None and model in admin.site._registry:
            access = ADMIN_MODELS.get(model._meta.label_lower)
            if access is None:
                pytest.fail(f"unclassified admin model {model._meta.label_lower}")
            values["object_id"] = admin_object(model, world, variant)
            rest = model_match.group(3)
            if rest == "":
                listing = expected(access.view, "submitted")
                allowed = (listing, listing)
            elif rest == "add/":
                allowed = access.add
            elif rest.endswith("/delete/"):
                allowed = NOBODY
            elif rest.endswith("/history/"):
                allowed = (access.view, access.view)
            elif rest.endswith("/change/"):
                allowed = (access.view, access.change)
            elif re.fullmatch(r"<(\w+:)?object_id>/", rest):
                allowed = STAFF  # a bare redirect to the change page, no data
        if allowed is None:
            pytest.fail(f"unclassified URL {name!r} ({template})")
        if re.search(r"<(\w+:)?step>", template):
            fills = [{"step": s} for s in STEP_NAMES]
        if re.search(r"<(\w+:)?fmt>", template):
            fills = [{"fmt": f} for f in FORMATS]
        for fill in fills:
            url = "/" + template
            for key, value in {**values, **fill}.items():
                url = re.sub(rf"<(?:\w+:)?{key}>", str(value), url)
            assert "<" not in url, url
            per = allowed
            if per == "per-app":
                per = ADMIN_APPS.get(fill["app_label"])
                if per is None:
                    pytest.fail(f"unclassified admin app {fill['app_label']}")
            get, post = per if isinstance(per, tuple) else (per, per)
            out.append((url, variant, get, post))
        depends_on_application = bool(re.search(r"<(\w+:)?(pk|app_id|doc_id)>", template)) or (
            model is not None and model._meta.label_lower == "applications.application"
        )
        if not depends_on_application:
            break
    return out


def expected(rule, variant):
    return rule(variant) if callable(rule) else rule


SNAPSHOT_SKIP = {"sessions", "axes"}
_snapshot_queries: list[tuple[str, str]] = []


def snapshot_queries() -> list[tuple[str, str]]:
    """(model label, SQL) reading every row of every model, compiled by the ORM once."""
    if not _snapshot_queries:
        for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
            if model._meta.app_label in SNAPSHOT_SKIP or model._meta.proxy:
                continue
            fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
            sql, params = model.objects.order_by("pk").values_list(*fields).query.sql_with_params()
            assert params == (), (model, params)
            _snapshot_queries.append((model._meta.label, sql))
    return _snapshot_queries


def snapshot() -> str:
    """A digest of every row of every table but sessions' and axes' (and last_login)."""
    queries = snapshot_queries()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # All the SELECTs in one round trip; psycopg returns one result set each.
            cursor.execute(";\n".join(sql for _label, sql in queries))
            results = [cursor.fetchall()]
            while cursor.nextset():
                results.append(cursor.fetchall())
        else:
            results = []
            for _label, sql in queries:
                cursor.execute(sql)
                results.append(cursor.fetchall())
    assert len(results) == len(queries)
    digest = hashlib.sha256()
    for (label, _sql), rows in zip(queries, results):
        digest.update(label.encode() + repr(rows).encode())
    return digest.hexdigest()


# 401: the API's answer to a caller without credentials (it names the Bearer scheme).
REFUSED = {401, 403, 404, 405}
# Sign-in pages, and the admin index where the admin sends a request for an object
# outside the user's queryset ("does not exist").
LOGIN_PAGES = ("/accounts/login/", "/admin/login/")
REFUSAL_REDIRECTS = (*LOGIN_PAGES, "/admin/")


def refused(response) -> bool:
    if response.status_code in REFUSED:
        return True
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return bool(location) and location.split("?")[0] in REFUSAL_REDIRECTS


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        # The test client's wrapper closes the response once the content is consumed.
        data = b"".join(response.streaming_content)
        return data.decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)
UNWATCHED_TABLES = ("django_session", "axes_")


def writes_of(queries) -> list[str]:
    found = []
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and not match.group(2).startswith(UNWATCHED_TABLES):
            found.append(f"{match.group(1).split()[0].upper()} {match.group(2)}")
    return found


def probe(client: Client, session: dict | None, method: str, url: str, *, watch_database: bool):
    """One request in a savepoint that is rolled back, so every probe sees the same data.
    ``session``: the signed-in session data to start from (a new copy), None: anonymous.
    With ``watch_database``: every write statement is caught, and for POSTs every row of
    every table is hashed before and after as well."""
    client.cookies = SimpleCookie()  # no cookie of an earlier probe (as client.logout())
    hash_rows = watch_database and method == "POST"
    with transaction.atomic():
        if session is not None:
            store = SessionStore()
            store.update(session)
            store.create()
            client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
        before = snapshot() if hash_rows else ""
        # The query log is a bounded deque: empty it, or a full log captures nothing.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url) if method == "GET" else client.post(url, {})
            body = body_of(response)
        after = snapshot() if hash_rows else ""
        transaction.set_rollback(True)
    writes = writes_of(queries.captured_queries) if watch_database else []
    if before != after:
        writes.append("rows differ")
    return response, body, writes


def test_the_resolver_is_enumerated():
    assert len(ALL_ROUTES) > 60
    assert len({route.template for route in ALL_ROUTES}) == len(ALL_ROUTES)


@dataclass
class Findings:
    """What a matrix of probes found: leaks, server errors, and allowed requests refused.

    The verdict on one probe is the same for pages and the API; only whether a response
    counts as refused differs, and the caller says it (``refused``, ``refused_if_allowed``).
    """

    kind: str  # "page" or "operation", for the messages
    probes: int = 0

    def __post_init__(self) -> None:
        self.leaks: list[str] = []
        self.errors: list[str] = []
        self.unexpected: list[str] = []

    def judge(self, where: str, status: int, body: str, writes: list[str], rule, role: str, *,
              refused: bool, refused_if_allowed: bool) -> None:  # fmt: skip
        self.probes += 1
        if status >= 500:
            self.errors.append(where)
            return
        for title_variant, title in (("draft", DRAFT_TITLE), ("submitted", SUBMITTED_TITLE)):
            if title in body and role not in MAY_SEE[title_variant]:
                self.leaks.append(f"{where}: shows the {title_variant} application")
        if rule == PUBLIC:
            if writes:
                self.leaks.append(f"{where}: public {self.kind} changed the database: {writes}")
            return
        if role in rule:
            if refused_if_allowed:
                self.unexpected.append(where)
            return
        if not refused:
            self.leaks.append(f"{where}: expected a refusal")
        if writes:
            self.leaks.append(f"{where}: refused request changed the database: {writes}")

    def assert_clean(self, name: str) -> None:
        print(
            f"{name} — probes: {self.probes}, leaks: {len(self.leaks)}, "
            f"server errors: {len(self.errors)}, allowed-but-refused: {len(self.unexpected)}"
        )
        found = (("LEAK", self.leaks), ("ERROR", self.errors), ("REFUSED-ALLOWED", self.unexpected))
        for label, lines in found:
            for line in lines:
                print(label, line)
        assert self.probes > 0
        assert self.leaks == [], "\n".join(self.leaks)
        assert self.errors == [], "\n".join(self.errors)
        assert self.unexpected == [], "\n".join(self.unexpected)


@pytest.mark.parametrize("route", ALL_ROUTES, ids=lambda route: route.template or "/")
def test_route_refuses_every_role_it_should(route, world):
    client = Client(raise_request_exception=False)
    findings = Findings("page")
    for url, variant, get_rule, post_rule in classify(route, world):
        for method, rule in (("GET", get_rule), ("POST", post_rule)):
            rule = expected(rule, variant)
            for role in ROLES:
                watch = rule == PUBLIC or role not in rule
                response, body, writes = probe(
                    client, world["sessions"][role], method, url, watch_database=watch
                )
                location = response.get("Location", "").split("?")[0]
                findings.judge(
                    f"{method} {url} [{variant}] as {role} -> {response.status_code}",
                    response.status_code, body, writes, rule, role,
                    refused=refused(response),
                    refused_if_allowed=(method == "GET" and response.status_code in (403, 404))
                    or location in LOGIN_PAGES,
                )  # fmt: skip
    findings.assert_clean(route.name or route.template)


def test_the_probe_sees_writes_and_rolls_them_back(world):
    """The database check is not vacuous: an allowed write is seen, then undone."""
    client = Client(raise_request_exception=False)
    count = Application.objects.count()
    url = f"/applications/new/{world['call'].pk}/"
    response, _body, writes = probe(
        client, world["sessions"]["applicant_a"], "POST", url, watch_database=True
    )
    assert response.status_code == 302
    assert "INSERT applications_application" in writes and "rows differ" in writes
    assert Application.objects.count() == count
