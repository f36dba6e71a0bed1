"""`make prod`: the production topology on one machine, in the foreground.

nginx on HOST:PORT (default 127.0.0.1:8000) in front of WEB_PROCESSES daphne processes (HTTP and
WebSocket, on PORT+1 …), CELERY_WORKERS Celery worker processes and one beat, against
DATABASE_URL / REDIS_URL, all run by honcho from a Procfile generated under var/prod/. SIGTERM (or
Ctrl-C) to this process stops them all: honcho forwards it to every child.

Before starting: nginx is installed from Debian's packages when missing (apt-get, as root), the
database is migrated and static files are collected. The settings profile is config.production
(DEBUG off: SECRET_KEY, ALLOWED_HOSTS and the channel secrets as the README says).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / "var" / "prod"
PYTHON = sys.executable


def ensure_nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("make prod: nginx is not installed; run `apt-get install -y nginx` as root.")
    print("make prod: installing nginx from Debian's packages …", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "nginx"], check=False,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        subprocess.run(["apt-get", "update", "-q"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "nginx"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("nginx") or "/usr/sbin/nginx"


def render(template: Path, **values) -> str:
    return Template(template.read_text(encoding="utf-8")).safe_substitute(**values)


def write_configs(*, host: str, port: int, web_ports: list[int], static_root: Path) -> Path:
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (RUN_DIR / sub).mkdir(exist_ok=True)
    site = RUN_DIR / "hotline-site.conf"
    site.write_text(render(ROOT / "deploy/nginx/hotline.conf.template", LISTEN=f"{host}:{port}",
                           UPSTREAMS="\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;"
                                               for p in web_ports),
                           STATIC_ROOT=str(static_root), ACCESS_LOG=str(RUN_DIR / "nginx-access.log")))
    main = RUN_DIR / "nginx.conf"
    main.write_text(render(ROOT / "deploy/nginx/main.conf.template", WORKERS=os.environ.get("NGINX_WORKERS", "2"),
                           RUN_DIR=str(RUN_DIR), MIME_TYPES="/etc/nginx/mime.types", SITE=str(site)))
    return main


def procfile(*, nginx: str, nginx_conf: Path, web_ports: list[int], workers: int) -> Path:
    venv_bin = Path(PYTHON).parent
    lines = [f"nginx: {nginx} -c {nginx_conf} -p {RUN_DIR}"]
    for index, port in enumerate(web_ports, 1):
        # No --proxy-headers: hotline.clients decides which forwarded address to believe.
        lines.append(f"web{index}: {venv_bin / 'daphne'} -b 127.0.0.1 -p {port} --access-log - "
                     f"--application-close-timeout 5 config.asgi:application")
    lines.append(f"worker: {PYTHON} -m celery -A config worker --loglevel=WARNING --concurrency={workers} "
                 f"--hostname=hotline-{os.getpid()}@%h")
    lines.append(f"beat: {PYTHON} -m celery -A config beat --loglevel=WARNING "
                 f"--schedule {RUN_DIR / 'celerybeat-schedule'} --pidfile=")
    path = RUN_DIR / "Procfile"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    count = int(os.environ.get("WEB_PROCESSES", "2"))
    base = int(os.environ.get("WEB_PORT_BASE", str(port + 1)))
    web_ports = [base + i for i in range(count)]
    workers = int(os.environ.get("CELERY_WORKERS", "2"))
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            sys.exit(f"make prod: {name} is required (the production topology runs on PostgreSQL and Redis).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.production")
    os.environ.setdefault("HOTLINE_TLS", "false")  # one machine, no certificate: plain HTTP behind nginx
    os.environ.setdefault("TRUSTED_PROXIES", "127.0.0.1")
    os.environ.setdefault("DB_POOL_MAX_SIZE", "8")
    os.environ["PYTHONUNBUFFERED"] = "1"
    nginx = ensure_nginx()
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "check", "--deploy", "--fail-level", "ERROR"], check=True, cwd=ROOT)
    subprocess.run([*manage, "migrate", "--noinput"], check=True, cwd=ROOT)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], check=True, cwd=ROOT)
    static_root = Path(subprocess.run([*manage, "shell", "-c", "from django.conf import settings; "
                                       "print(settings.STATIC_ROOT)"], check=True, cwd=ROOT, capture_output=True,
                                      text=True).stdout.strip().splitlines()[-1])
    nginx_conf = write_configs(host=host, port=port, web_ports=web_ports, static_root=static_root)
    subprocess.run([nginx, "-t", "-q", "-c", str(nginx_conf), "-p", str(RUN_DIR)], check=True)
    path = procfile(nginx=nginx, nginx_conf=nginx_conf, web_ports=web_ports, workers=workers)
    print(f"make prod: nginx on http://{host}:{port} → web {web_ports}, {workers} Celery workers, one beat",
          flush=True)
    honcho = str(Path(PYTHON).parent / "honcho")
    sys.exit(supervise([honcho, "start", "-f", str(path), "-d", str(ROOT)]))


def supervise(command: list[str]) -> int:
    """Run honcho and make sure it stops: on SIGTERM/SIGINT to us, and also when our parent (make)
    is killed — make does not pass a SIGTERM on to its recipe, so we notice being orphaned."""
    parent = os.getppid()
    child = subprocess.Popen(command, cwd=ROOT)

    def forward(signum, frame):
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    while True:
        try:
            return child.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            if os.getppid() != parent:
                forward(signal.SIGTERM, None)


if __name__ == "__main__":
    main()
