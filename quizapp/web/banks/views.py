"""Instructors' bank pages: list, upload, validate, preview, publish, version, download, export.

Every route is for staff only, and every bank is fetched through the service's `managed_bank`
(or, for reading a published bank, `readable_bank`), so the owner check happens per object.
Editing single facts and entities is in `bank_edit_views`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from werkzeug.wrappers import Response

from quizapp.engine.bank import MAX_BANK_BYTES, dump_bank_yaml
from quizapp.engine.parsing import BankError
from quizapp.engine.questions import describe_answer
from quizapp.services import banks
from quizapp.services.access import can_manage_bank
from quizapp.services.banks import BankAdminError, ImportResult, engine_bank
from quizapp.web.banks.forms import ConfirmForm, UploadForm
from quizapp.web.formtools import add_form_error, arg_int
from quizapp.web.main import Panel, dashboard_block
from quizapp.web.security import role_required, signed_in_user

bp = Blueprint("banks", __name__, url_prefix="/banks")
staff_only = role_required("instructor", "admin")
T = TypeVar("T")
BANKS_PER_PAGE = 20
ACTIONS = ("publish", "unpublish", "archive", "delete")
SAMPLE_SIZE = 25  # generated questions offered with a GIFT or Moodle XML download


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {
        "describe_answer": describe_answer,
        "manages": lambda row: row is not None and can_manage_bank(signed_in_user(), row),
    }


def managed(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a bank service; turn 'no such bank' and 'not yours' into 404 and 403 pages."""
    try:
        return call(signed_in_user(), *args, **kwargs)
    except BankAdminError as error:
        if error.status in (403, 404):
            abort(error.status)
        raise


@dashboard_block(order=40)
def bank_summary_panel(viewer: Any) -> Panel | None:
    """Show staff how many banks they manage, by status."""
    if viewer.role not in ("instructor", "admin"):
        return None
    return Panel("banks/_dashboard.html", {"counts": banks.status_counts(viewer)})


def _max_bytes() -> int:
    return min(current_app.config.get("MAX_CONTENT_LENGTH") or MAX_BANK_BYTES, MAX_BANK_BYTES)


@bp.route("/")
@staff_only
def index() -> str:
    """List the banks the user manages, a page at a time."""
    page = arg_int("page", 1)
    pager, latest = banks.banks_page(signed_in_user(), page, BANKS_PER_PAGE)
    return render_template("banks/index.html", pager=pager, latest=latest)


def _preview_page(bank: Any, **context: Any) -> str:
    """Render sample questions of a bank (stored, or only uploaded when `filename` is given)."""
    context = {"row": None, "version": None, "filename": None, **context}
    samples = banks.sample_questions(bank)
    return render_template("banks/preview.html", bank=bank, samples=samples, **context)


def _stored(result: ImportResult) -> Response:
    if result.unchanged:
        flash(f"Nothing changed: the file matches version {result.version}.", "info")
    else:
        flash(f"Stored version {result.version} with {result.fact_count} facts.", "success")
    return redirect(url_for("banks.detail", bank_id=result.bank_id))


@bp.route("/upload", methods=["GET", "POST"])
@staff_only
def upload() -> str | Response | tuple[str, int]:
    """Upload a bank file: check and preview it, or store it as a draft (or a new version)."""
    bank_id = arg_int("bank")
    target = managed(banks.managed_bank, bank_id) if bank_id else None
    form = UploadForm()
    if form.validate_on_submit():
        data, filename = form.file.data.read(), (form.file.data.filename or "upload")[-200:]
        try:
            if form.preview.data:
                bank = banks.parse_upload(data, filename, max_bytes=_max_bytes())
                return _preview_page(bank, filename=filename)
            return _stored(
                banks.upload_bank(
                    signed_in_user(), data, filename, bank_id=bank_id, max_bytes=_max_bytes()
                )
            )
        except BankError as error:
            blank = UploadForm(formdata=None)
            page = render_template(
                "banks/errors.html", issues=error.issues, filename=filename, form=blank,
                target=target,
            )  # fmt: skip
            return page, 422
        except BankAdminError as error:
            add_form_error(form, error.message, "file")
    return render_template("banks/upload.html", form=form, target=target)


@bp.route("/<int:bank_id>")
@staff_only
def detail(bank_id: int) -> str:
    """Show a bank: status, counts per fact kind, versions and actions."""
    summary = managed(banks.bank_summary, bank_id, manage=False)
    versions = banks.versions_of(bank_id)
    return render_template(
        "banks/detail.html", s=summary, bank=summary.bank, versions=versions,
        sample_size=SAMPLE_SIZE,
    )  # fmt: skip


@bp.route("/<int:bank_id>/preview")
@staff_only
def preview(bank_id: int) -> str:
    """Show sample questions of each type, with answers and sources, from one version."""
    version = managed(banks.bank_version, bank_id, arg_int("version"), manage=False)
    return _preview_page(engine_bank(version), row=version.bank, version=version)


@bp.route("/<int:bank_id>/versions/<int:number>.yaml")
@staff_only
def download(bank_id: int, number: int) -> Response:
    """Download one version of a bank as YAML."""
    version = managed(banks.bank_version, bank_id, number, manage=False)
    filename = f"{version.bank.slug}-v{version.number}.yaml"
    return Response(
        dump_bank_yaml(engine_bank(version)),
        mimetype="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route('/<int:bank_id>/export/<any(yaml, csv, gift, "moodle-xml", apkg):fmt>')
@staff_only
def export(bank_id: int, fmt: str) -> Response:
    """Download the bank's current version in one format (GIFT and Moodle XML with a sample)."""
    version = managed(banks.bank_version, bank_id, None, manage=False)
    sample = min(max(arg_int("sample", 0) or 0, 0), banks.MAX_SAMPLE)
    cloze = fmt == "apkg" and arg_int("cloze", 0) == 1
    try:
        result = banks.export(
            engine_bank(version), fmt,  # type: ignore[arg-type]
            slug=version.bank.slug, title=version.bank.title, sample=sample, cloze=cloze,
        )  # fmt: skip
    except banks.ExportError as error:
        flash(error.message, "info")
        return redirect(url_for("banks.detail", bank_id=bank_id))
    for note in result.notes:
        flash(note, "info")  # shown on the next page the instructor opens
    return Response(
        result.data,
        mimetype=result.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{result.filename}"'},
    )


@bp.route(
    "/<int:bank_id>/<any(publish, unpublish, archive, delete):action>", methods=["GET", "POST"]
)
@staff_only
def action(bank_id: int, action: str) -> str | Response:
    """Ask to confirm a publish, unpublish, archive or delete; carry it out on POST."""
    summary = managed(banks.bank_summary, bank_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template(
            "banks/confirm.html", s=summary, bank=summary.bank, action=action, form=form
        )
    outcome: str
    try:
        if action == "delete":
            outcome = banks.delete_bank(signed_in_user(), bank_id)
        else:
            outcome = banks.change_status(signed_in_user(), bank_id, action)  # type: ignore[arg-type]
    except BankAdminError as error:
        flash(error.message, "error")
        return redirect(url_for("banks.detail", bank_id=bank_id))
    flash(banks.outcome_message(summary.bank.title, action, outcome), "success")
    if outcome == "deleted":
        return redirect(url_for("banks.index"))
    return redirect(url_for("banks.detail", bank_id=bank_id))


@bp.route("/templates/<kind>.csv")
@staff_only
def csv_template(kind: str) -> Response:
    """Download an empty CSV of one fact kind, with its header and an example row."""
    text = banks.csv_template_text(kind)
    if text is None:
        abort(404)
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="bank-{kind}.csv"'},
    )
