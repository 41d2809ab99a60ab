"""Locust scenario of ``make bench-web``: applicants, commission members and the secretary
on the scaled demo (``scale_demo_data``). Run by bench/web/run.py, which passes the
object ids in the JSON file named by ``BENCH_TARGETS``.

Every simulated user signs in once through the login form (CSRF token from the form),
then loops over its pages with a think time. The first ``BENCH_WARMUP`` seconds (the
20 sign-ins, each a deliberately slow password hash, and the first, cold request of every
page) are written to ``BENCH_WARMUP_STATS`` and then the statistics are reset, so the CSV
holds the steady state. Only 127.0.0.1 is ever targeted, and the
run stops itself after ``BENCH_MAX_REQUESTS`` requests whatever ``--run-time`` says.

The server runs with DEBUG off, so Django marks its cookies ``Secure``; the benchmark
speaks plain HTTP on loopback, where a cookie jar would withhold them. The cookies are
therefore kept here and sent in an explicit ``Cookie`` header.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"], encoding="utf-8").read())
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "20000"))
WARMUP_SECONDS = float(os.environ.get("BENCH_WARMUP", "0"))
WARMUP_STATS = os.environ.get("BENCH_WARMUP_STATS", "")
ALLOWED_HOSTS = {"127.0.0.1"}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_applicants = itertools.count()
_members = itertools.count()
_sent = itertools.count(1)
_first_pass_done: set[str] = set()


@events.test_start.add_listener
def _only_loopback(environment, **_kwargs) -> None:
    host = urlparse(environment.host or "").hostname
    if host not in ALLOWED_HOSTS:
        raise SystemExit(f"bench-web targets 127.0.0.1 only, not {host!r}")


_environment = None


@events.test_start.add_listener
def _warm_up(environment, **_kwargs) -> None:
    if WARMUP_SECONDS <= 0:
        return
    import gevent

    def end_of_warmup() -> None:
        gevent.sleep(WARMUP_SECONDS)
        stats = environment.runner.stats
        snapshot = {
            name: {
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "p50": entry.get_response_time_percentile(0.5),
                "p95": entry.get_response_time_percentile(0.95),
            }
            for (name, _method), entry in sorted(stats.entries.items())
            if entry.num_requests
        }
        if WARMUP_STATS:
            with open(WARMUP_STATS, "w", encoding="utf-8") as handle:
                json.dump(snapshot, handle, ensure_ascii=False)
        stats.reset_all()

    gevent.spawn(end_of_warmup)


@events.init.add_listener
def _keep_environment(environment, **_kwargs) -> None:
    global _environment
    _environment = environment


@events.request.add_listener
def _bounded(**_kwargs) -> None:
    from locust.runners import STATE_STOPPED, STATE_STOPPING

    runner = _environment.runner if _environment else None
    if next(_sent) >= MAX_REQUESTS and runner and runner.state not in (STATE_STOPPING, STATE_STOPPED):
        runner.quit()


class SignedInUser(HttpUser):
    abstract = True
    wait_time = between(1, 2)

    def email(self) -> str:
        raise NotImplementedError

    def on_start(self) -> None:
        self.cookies: dict[str, str] = {}
        page = self._request("GET", "/accounts/login/", "login form")
        token = CSRF_INPUT.search(page.text).group(1)
        self._request(
            "POST",
            "/accounts/login/",
            "login (POST)",
            expect=302,
            data={"username": self.email(), "password": TARGETS["password"], "csrfmiddlewaretoken": token},
        )
        if "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {self.email()} failed")
        if WARMUP_SECONDS > 0 and type(self).__name__ not in _first_pass_done:
            # The first user of each kind opens every one of its pages once, inside the
            # warm-up: the first, cold request of each page (a protocol's first rendering,
            # a 1,000-row ranking) is then always reported with the warm-up, not by chance.
            _first_pass_done.add(type(self).__name__)
            for name in dir(self):
                task_function = getattr(type(self), name, None)
                if callable(task_function) and hasattr(task_function, "locust_task_weight"):
                    task_function(self)

    def _request(self, method: str, path: str, name: str, expect: int = 200, **kwargs):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        with self.client.request(
            method, path, name=name, headers=headers, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            self.cookies.update(response.cookies.get_dict())
            if response.status_code != expect:
                response.failure(f"HTTP {response.status_code}, expected {expect}")
            return response

    def page(self, path: str, name: str) -> None:
        self._request("GET", path, name)


class Applicant(SignedInUser):
    """Their list, their admitted application (detail, review step) and their draft."""

    weight = 10

    def on_start(self) -> None:
        self.target = TARGETS["applicants"][next(_applicants) % len(TARGETS["applicants"])]
        super().on_start()

    def email(self) -> str:
        return self.target["email"]

    @task(3)
    def my_list(self) -> None:
        self.page("/applications/", "applicant: my list")

    @task(2)
    def detail(self) -> None:
        self.page(f"/applications/{self.target['submitted']}/", "applicant: detail")

    @task(1)
    def review(self) -> None:
        self.page(
            f"/applications/{self.target['submitted']}/step/review/", "applicant: step review (submitted)"
        )

    @task(2)
    def draft_project(self) -> None:
        self.page(f"/applications/{self.target['draft']}/step/project/", "applicant: step project (draft)")

    @task(2)
    def draft_model(self) -> None:
        self.page(f"/applications/{self.target['draft']}/step/model/", "applicant: step model (draft)")


class Member(SignedInUser):
    """A voting member on the open meeting's scoring page."""

    weight = 5

    def email(self) -> str:
        return TARGETS["members"][next(_members) % len(TARGETS["members"])]

    @task
    def scoring(self) -> None:
        self.page(
            f"/admin/commission/meeting/{TARGETS['open_meeting']}/scoring/",
            "member: scoring page (open meeting)",
        )


class Secretary(SignedInUser):
    """Screening, both results pages, and the protocol of the closed meeting."""

    weight = 5

    def email(self) -> str:
        return TARGETS["secretary"]

    @task(12)
    def screening(self) -> None:
        self.page(f"/screening/{TARGETS['call']}/", "secretary: screening")

    @task(9)
    def results_open(self) -> None:
        self.page(
            f"/admin/commission/meeting/{TARGETS['open_meeting']}/results/",
            "secretary: results (open: progress grid)",
        )

    @task(9)
    def results_closed(self) -> None:
        self.page(
            f"/admin/commission/meeting/{TARGETS['closed_meeting']}/results/",
            "secretary: results (closed: ranking)",
        )

    # Protocols: the scaled meeting (1,000 applications by default) is above export_jobs.LARGE_MEETING,
    # so the request queues a worker job and redirects (302) to its status page; the
    # demo's decided meeting (22 applications) renders in the request (200).
    @task(3)
    def protocol_xlsx(self) -> None:
        self._protocol("xlsx")

    @task(3)
    def protocol_docx(self) -> None:
        self._protocol("docx")

    @task(1)
    def protocol_pdf(self) -> None:
        self._protocol("pdf")  # a third as often as xlsx and docx

    def _protocol(self, fmt: str) -> None:
        self._request(
            "GET",
            f"/admin/commission/meeting/{TARGETS['closed_meeting']}/protocol/{fmt}/",
            f"secretary: protocol {fmt} (scaled: queued)",
            expect=302,
        )
        self.page(
            f"/admin/commission/meeting/{TARGETS['demo_meeting']}/protocol/{fmt}/",
            f"secretary: protocol {fmt} (demo 22: rendered)",
        )
