#!/usr/bin/env python3
"""The two quick-start commands, needing only Python 3.11+.

    python3 tasks.py run     serve the app at http://127.0.0.1:5000 (SQLite in instance/)
    python3 tasks.py test    run the whole test suite; extra arguments go to pytest

Each creates .venv if missing and installs the project into it when pyproject.toml changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
CHROMIUM = Path("/usr/bin/chromium")


def say(message: str) -> None:
    """Print a progress line that stands out from the tools' own output."""
    print(f"==> {message}", flush=True)


def run(*args: str | Path, check: bool = True, **kwargs: object) -> int:
    """Run a command from the repository root; stop here if it fails and `check` is set."""
    command = [str(arg) for arg in args]  # fixed commands of this file, never user input
    completed = subprocess.run(command, cwd=ROOT, check=False, **kwargs)  # noqa: S603
    if check and completed.returncode != 0:
        sys.exit(completed.returncode)
    return completed.returncode


def ensure_venv(extras: str) -> None:
    """Create .venv and install quizapp (plus `extras`) unless done already for this pyproject."""
    if sys.version_info < (3, 11):  # noqa: UP036 (this file runs under any python3 there is)
        sys.exit(f"quizapp needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV}")
        try:
            venv.create(VENV, with_pip=True)
        except Exception as error:  # Debian ships venv's pip support separately
            shutil.rmtree(VENV, ignore_errors=True)
            sys.exit(f"could not create {VENV} ({error}); on Debian/Ubuntu install python3-venv")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / ".quizapp-installed"
    recorded = stamp.read_text().split() if stamp.exists() else []
    # The stamp holds the pyproject hash, then the extras installed for it ("base" or "dev").
    if recorded[:1] == [digest] and (not extras or extras in recorded[1:]):
        return
    target = f".[{extras}]" if extras else "."
    say(f"installing quizapp{f' with its {extras} extras' if extras else ''} into .venv")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target)
    stamp.write_text(f"{digest} {extras or 'base'}\n")


def flask(*args: str, check: bool = True, **kwargs: object) -> int:
    """Run a `flask` command against the quizapp factory."""
    return run(PYTHON, "-m", "flask", "--app", "quizapp", *args, check=check, **kwargs)


def import_banks() -> None:
    """Import the shipped question banks, once a `flask bank import-all` command exists."""
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    if flask("bank", "import-all", "--help", check=False, **quiet) == 0:
        say("importing the question banks")
        flask("bank", "import-all")


def cmd_run(_args: list[str]) -> None:
    """Upgrade the database, import the banks and serve the app on 127.0.0.1:5000."""
    ensure_venv("")
    say("upgrading the database")
    flask("db", "upgrade")
    import_banks()
    say("serving quizapp at http://127.0.0.1:5000 (Ctrl-C stops it)")
    try:
        sys.exit(flask("run", "--host", "127.0.0.1", "--port", "5000", check=False))
    except KeyboardInterrupt:
        sys.exit(0)


def ensure_chromium() -> None:
    """Install Debian's Chromium for the browser tests if it is missing."""
    if CHROMIUM.exists():
        return
    if not shutil.which("apt-get"):
        sys.exit(f"{CHROMIUM} is missing and there is no apt-get here: install Chromium yourself")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    lock_wait = ["-o", "DPkg::Lock::Timeout=600"]
    say(f"installing Chromium for the browser tests: {' '.join([*sudo, 'apt-get', 'install'])}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(*sudo, "apt-get", *lock_wait, "update", env=env)
    run(*sudo, "apt-get", *lock_wait, "install", "-y", "--no-install-recommends", "chromium",
        env=env)


def cmd_test(args: list[str]) -> None:
    """Run the test suite (pytest), passing `args` through; exit with pytest's status."""
    ensure_venv("dev")
    ensure_chromium()
    say("running the tests" + (f" on {os.environ['TEST_DATABASE_URL'].split('@')[-1]}"
                               if os.environ.get("TEST_DATABASE_URL") else " on SQLite"))
    sys.exit(run(PYTHON, "-m", "pytest", *args, check=False))


COMMANDS = {"run": cmd_run, "test": cmd_test}


def main(argv: list[str]) -> None:
    """Dispatch to a command."""
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.strip())
        sys.exit(2)
    COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
