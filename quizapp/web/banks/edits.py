"""Bank pages for writing in the browser: list, add, edit and delete single facts and entities.

Each saved change is a new version of the bank, validated by the engine like an upload; its
errors show on the form and nothing is stored.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_sqlalchemy.pagination import Pagination
from werkzeug.wrappers import Response

from quizapp.services import banks
from quizapp.services.banks import BankNotFound, EditError, ImportResult, engine_bank
from quizapp.web.banks.forms import ConfirmForm, EntityForm, FactForm, show_edit_errors
from quizapp.web.banks.views import bp, managed, staff_only
from quizapp.web.formtools import arg_int
from quizapp.web.security import signed_in_user

ITEMS_PER_PAGE = 50
_SINGULAR = {"facts": "fact", "entities": "entity"}


class ListPagination(Pagination):
    """A page of an in-memory list, for the `pagination` macro."""

    def __init__(self, items: list[Any], page: int, per_page: int) -> None:
        self._all = items
        super().__init__(page=page, per_page=per_page, error_out=False)

    def _query_items(self) -> list[Any]:
        return self._all[self._query_offset : self._query_offset + self.per_page]

    def _query_count(self) -> int:
        return len(self._all)


def _current(bank_id: int, *, manage: bool = True) -> tuple[Any, Any]:
    """Return (version row, engine bank) of the current version of a managed (or read) bank."""
    version = managed(banks.bank_version, bank_id, manage=manage)
    return version, engine_bank(version)


def _record(version: Any, section: str, record_id: str) -> dict[str, Any]:
    data, _ = banks.content_copy(version)
    found: dict[str, Any] | None = next(
        (r for r in data[section] if r.get("id") == record_id), None
    )
    if found is None:
        abort(404)
    return found


def _saved(result: ImportResult, what: str) -> Response:
    if result.unchanged:
        flash(f"Nothing changed: {what} is as it was.", "info")
    else:
        flash(f"Saved {what}: the bank is now at version {result.version}.", "success")
    return redirect(url_for("banks.detail", bank_id=result.bank_id))


@bp.route("/<int:bank_id>/facts")
@staff_only
def facts(bank_id: int) -> str:
    """List the current version's facts, optionally of one kind, with edit links."""
    version, bank = _current(bank_id, manage=False)
    kind = request.args.get("kind") or None
    items = [f for f in bank.facts.values() if kind is None or f.kind == kind]
    pager = ListPagination(items, arg_int("page", 1), ITEMS_PER_PAGE)
    return render_template("banks/facts.html", row=version.bank, bank=bank, pager=pager,
                           kind=kind)  # fmt: skip


@bp.route("/<int:bank_id>/facts/new", methods=["GET", "POST"])
@bp.route("/<int:bank_id>/facts/<fact_id>/edit", methods=["GET", "POST"], endpoint="edit_fact")
@staff_only
def new_fact(bank_id: int, fact_id: str | None = None) -> str | Response:
    """Add a fact, or edit one; the engine checks it like an upload."""
    version, bank = _current(bank_id)
    form = FactForm()
    form.set_choices(bank)
    if request.method == "GET" and fact_id is not None:
        form.fill(_record(version, "facts", fact_id))
    if form.validate_on_submit() and (record := form.record(bank)) is not None:
        try:
            result = banks.save_fact(signed_in_user(), bank_id, record, fact_id=fact_id)
        except BankNotFound:
            abort(404)
        except EditError as error:
            show_edit_errors(form, error, form.value_type(bank))
        else:
            return _saved(result, f"fact {fact_id}" if fact_id else "the new fact")
    return render_template("banks/fact_form.html", form=form, row=version.bank, bank=bank,
                           fact_id=fact_id)  # fmt: skip


@bp.route("/<int:bank_id>/entities")
@staff_only
def entities(bank_id: int) -> str:
    """List the current version's entities, with edit links."""
    version, bank = _current(bank_id, manage=False)
    items = sorted(bank.entities.values(), key=lambda e: e.name.casefold())
    pager = ListPagination(items, arg_int("page", 1), ITEMS_PER_PAGE)
    return render_template("banks/entities.html", row=version.bank, bank=bank, pager=pager)


@bp.route("/<int:bank_id>/entities/new", methods=["GET", "POST"])
@bp.route(
    "/<int:bank_id>/entities/<entity_id>/edit", methods=["GET", "POST"], endpoint="edit_entity"
)
@staff_only
def new_entity(bank_id: int, entity_id: str | None = None) -> str | Response:
    """Add an entity, or edit one; the engine checks it like an upload."""
    version, bank = _current(bank_id)
    form = EntityForm()
    if request.method == "GET" and entity_id is not None:
        form.fill(_record(version, "entities", entity_id))
    if form.validate_on_submit() and (record := form.record()) is not None:
        try:
            result = banks.save_entity(signed_in_user(), bank_id, record, entity_id=entity_id)
        except BankNotFound:
            abort(404)
        except EditError as error:
            show_edit_errors(form, error)
        else:
            return _saved(result, f"entity {entity_id}" if entity_id else "the new entity")
    types = sorted({e.type for e in bank.entities.values()})
    return render_template("banks/entity_form.html", form=form, row=version.bank, bank=bank,
                           entity_id=entity_id, types=types)  # fmt: skip


@bp.route("/<int:bank_id>/<any(facts, entities):section>/<item_id>/delete", methods=["GET", "POST"])
@staff_only
def delete_item(bank_id: int, section: str, item_id: str) -> str | Response:
    """Ask to confirm deleting a fact or an entity; delete it on POST (a new version)."""
    version, bank = _current(bank_id)
    record = _record(version, section, item_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        remove = banks.delete_fact if section == "facts" else banks.delete_entity
        try:
            result = remove(signed_in_user(), bank_id, item_id)
        except EditError as error:
            for message in [*error.general, *(m for ms in error.fields.values() for m in ms)]:
                flash(message, "error")
        else:
            flash(f"Deleted {_SINGULAR[section]} {item_id}: "
                  f"the bank is now at version {result.version}.", "success")  # fmt: skip
            return redirect(url_for(f"banks.{section}", bank_id=bank_id))
    return render_template("banks/delete_item.html", form=form, row=version.bank, bank=bank,
                           section=section, record=record, item_id=item_id)  # fmt: skip
