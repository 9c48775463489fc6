"""The production settings, run as an operator runs them: in a subprocess, without pytest's
environment, with ``DEBUG`` off.

* Without ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS`` nothing starts, and the reason is one
  Dutch line (``scripts/serve.sh``, gunicorn loading the WSGI module, ``manage.py check``).
* ``check --deploy`` is clean with a real secret and the HTTPS settings on.
* ``scripts/serve.sh`` migrates, collects the static files and starts gunicorn on 127.0.0.1:
  WhiteNoise serves hashed, compressed static files with a long cache, the favicon works, the
  error pages are the Dutch ones, the health endpoint answers, every request is one log line.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET = secrets.token_urlsafe(50)


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a production start: no pytest, no DEBUG, SQLite in a fresh folder."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "PYTEST_VERSION",
            "PYTEST_CURRENT_TEST",
            "DJANGO_DEBUG",
            "DJANGO_SECRET_KEY",
            "DJANGO_ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DATABASE_URL",
        }
    }
    env.update(
        SAMENSPEL_VAR_DIR=str(tmp_path / "var"),
        SAMENSPEL_VENV_BIN=str(BIN),
        DJANGO_SETTINGS_MODULE="samenspel.config.settings",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


SHOW_MODE = "import django; django.setup(); from django.conf import settings; " + (
    "print(settings.DEBUG, settings.SAMENSPEL_MODE, settings.STORAGES['staticfiles']['BACKEND'])"
)


def test_debug_is_off_unless_asked_for(tmp_path):
    result = run([sys.executable, "-c", SHOW_MODE], production_env(tmp_path))
    assert result.stdout.split() == [
        "False",
        "production",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]
    for off in ("0", "", "nee"):
        env = production_env(tmp_path, DJANGO_DEBUG=off)
        assert run([sys.executable, "-c", SHOW_MODE], env).stdout.split()[0] == "False", off


def test_the_local_demo_asks_for_debug_and_needs_no_secret(tmp_path):
    env = production_env(tmp_path, DJANGO_DEBUG="1")
    result = run([sys.executable, "-c", SHOW_MODE], env)
    assert result.stdout.split()[:2] == ["True", "development"]
    result = run([sys.executable, "-m", "django", "check"], env)
    assert result.returncode == 0, result.stderr
    assert 'export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"' in (REPO / "scripts/start.sh").read_text()


def test_serve_without_secret_or_hosts_stops_with_one_dutch_line(tmp_path):
    result = run(["bash", "scripts/serve.sh"], production_env(tmp_path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Samenspel start niet: DJANGO_SECRET_KEY ontbreekt")
    assert "DJANGO_ALLOWED_HOSTS ontbreekt" in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_serve_with_a_short_secret_says_how_long_it_must_be(tmp_path):
    env = production_env(tmp_path, DJANGO_SECRET_KEY="geheim", DJANGO_ALLOWED_HOSTS="x.be")
    result = run(["bash", "scripts/serve.sh"], env)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Samenspel start niet: DJANGO_SECRET_KEY is te kort (6 tekens): neem er minstens 50."
    )


def test_gunicorn_and_runserver_refuse_without_secret(tmp_path):
    env = production_env(tmp_path, DJANGO_ALLOWED_HOSTS="x.be")
    # what gunicorn does first: import the WSGI module
    result = run([sys.executable, "-c", "import samenspel.config.wsgi"], env)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.endswith(
        "Samenspel start niet: DJANGO_SECRET_KEY ontbreekt: zet een geheime sleutel van "
        "minstens 50 tekens (bv. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'), "
        "of DJANGO_DEBUG=1 voor een lokale demo."
    )
    # runserver, migrate and check run the system checks first
    result = run([sys.executable, "-m", "django", "check"], env)
    assert result.returncode == 1
    assert "(samenspel.E001) DJANGO_SECRET_KEY ontbreekt" in result.stderr


def test_command_line_computations_need_no_secret(tmp_path):
    """Only the web server needs a secret: loading data and ``samenspel atlas`` work without."""
    from tests.fixtures.bundle import write_bundle

    env = production_env(tmp_path)
    bundle = write_bundle(tmp_path / "bundle")
    samenspel = str(BIN / "samenspel")
    for args in (
        ["beheer", "migrate", "--skip-checks", "--verbosity", "0"],
        ["data", "load", str(bundle)],
        ["atlas", "coverage", "--date", "2025-06-01", "--format", "json"],
    ):
        result = run([samenspel, *args], env)
        assert result.returncode == 0, result.stderr
        assert "SECRET_KEY" not in result.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = production_env(tmp_path, DJANGO_SECRET_KEY=SECRET, DJANGO_ALLOWED_HOSTS="cultuur.be")
    result = run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "DEBUG"], env
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_when_https_is_switched_off(tmp_path):
    """SAMENSPEL_HTTPS=0 (plain HTTP on 127.0.0.1, e.g. a load test) is not a deployment."""
    env = production_env(
        tmp_path, DJANGO_SECRET_KEY=SECRET, DJANGO_ALLOWED_HOSTS="cultuur.be", SAMENSPEL_HTTPS="0"
    )
    result = run([sys.executable, "-m", "django", "check", "--deploy"], env)
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, https: bool = True, **headers: str) -> Response:
    """GET through 'the reverse proxy': it says TLS was terminated with X-Forwarded-Proto."""
    if https:
        headers["X-Forwarded-Proto"] = "https"
    request = urllib.request.Request(
        url, headers={k.replace("_", "-"): v for k, v in headers.items()}
    )
    try:
        with OPENER.open(request, timeout=30) as r:
            return Response(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Response(e.code, e.headers, e.read())


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """scripts/serve.sh on a free port of 127.0.0.1 with 2 workers; stopped after the module."""
    tmp = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = production_env(
        tmp,
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        SAMENSPEL_BIND=f"127.0.0.1:{port}",
        SAMENSPEL_WORKERS="2",
    )
    log = tmp / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["bash", "scripts/serve.sh"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if proc.poll() is not None:
                pytest.fail(f"serve.sh stopte:\n{log.read_text()}", pytrace=False)
            try:
                if fetch(base + "/gezondheid/").status == 200:
                    break
            except OSError:
                pass  # not listening yet
            time.sleep(0.5)
        else:
            pytest.fail(f"serve.sh antwoordde niet:\n{log.read_text()}", pytrace=False)
        yield base, log, tmp
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_static_files_are_hashed_compressed_and_cached_for_a_year(served):
    base, _, tmp = served
    home = fetch(base + "/")
    assert home.status == 200
    css = re.search(r'href="(/static/samenspel/site\.[0-9a-f]{12}\.css)"', home.text)
    assert css, "site.css zonder hash in de naam"
    plain = fetch(base + css.group(1))
    assert plain.status == 200
    assert plain.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert plain.body == (REPO / "src/samenspel/static/samenspel/site.css").read_bytes()
    for encoding in ("gzip", "br"):
        packed = fetch(base + css.group(1), Accept_Encoding=encoding)
        assert packed.headers["Content-Encoding"] == encoding
        assert len(packed.body) < len(plain.body)
    script = re.search(r'src="(/static/samenspel/kaart\.[0-9a-f]{12}\.js)"', home.text)
    assert script and fetch(base + script.group(1)).status == 200
    # collected into STATIC_ROOT under the variable folder, not into the repository
    assert (tmp / "var" / "static" / "staticfiles.json").exists()


def test_favicon(served):
    base, _, _ = served
    r = fetch(base + "/favicon.ico")
    assert r.status == 301
    icon = fetch(base + r.headers["Location"])
    assert icon.status == 200 and icon.headers["Content-Type"].startswith("image/svg+xml")


def test_plain_http_is_redirected_to_https(served):
    base, _, _ = served
    r = fetch(base + "/igs/", https=False)
    assert r.status == 301
    assert r.headers["Location"] == base.replace("http://", "https://") + "/igs/"
    r = fetch(base + "/", https=True)
    assert r.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


INTERNALS = ("Traceback", "urlpatterns", "URLconf", "DEBUG = True", "Django", "site-packages")


def test_dutch_error_pages_without_internals(served):
    base, _, _ = served
    r = fetch(base + "/bestaat-niet/")
    assert r.status == 404
    assert "Deze pagina bestaat niet (fout 404)" in r.text
    assert '<header class="site">' in r.text  # in the site's layout
    r = fetch(base + "/", Host="aanvaller.example")
    assert r.status == 400
    assert "Deze vraag kan Samenspel niet lezen (fout 400)" in r.text
    for page in (fetch(base + "/bestaat-niet/").text, r.text):
        for word in INTERNALS:
            assert word not in page


def test_health_reports_database_and_data_load(served):
    base, _, _ = served
    r = fetch(base + "/gezondheid/", https=False)  # a health probe may use plain HTTP
    assert r.status == 200
    assert r.text.startswith('{"status": "ok", "database": "ok", "gegevens": {"geladen": false')


def test_one_log_line_per_request_with_status_and_duration(served):
    base, log, _ = served
    fetch(base + "/bestaat-niet/?naam=Jan+Peeters")
    for _ in range(50):  # the worker writes the line right after answering
        lines = [x for x in log.read_text().splitlines() if "GET /bestaat-niet/ 404" in x]
        if lines:
            break
        time.sleep(0.1)
    assert re.search(r"INFO samenspel\.requests GET /bestaat-niet/ 404 \d+,\d ms$", lines[-1])
    assert "Jan" not in log.read_text() and "127.0.0.1 -" not in log.read_text()
