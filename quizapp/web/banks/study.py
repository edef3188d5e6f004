"""A bank's study mode: its flashcards and Anki export open to learners, or assessment only."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from quizapp.services.flashcards import FlashcardError, FlashcardNotFound, set_study_mode
from quizapp.web.banks.views import bp, staff_only
from quizapp.web.security import signed_in_user


@bp.route("/<int:bank_id>/study-mode", methods=["POST"])
@staff_only
def study_mode(bank_id: int) -> Response:
    """Choose whether learners may open the bank's flashcards and export."""
    mode = request.form.get("mode", "")
    try:
        title = set_study_mode(signed_in_user(), bank_id, mode)
    except FlashcardNotFound:
        abort(404)
    except FlashcardError as error:
        flash(error.message, "error")
    else:
        said = "open to learners" if mode == "study" else "for assessment only"
        flash(f"The flashcards and Anki export of “{title}” are now {said}.", "success")
    return redirect(url_for("banks.detail", bank_id=bank_id))
