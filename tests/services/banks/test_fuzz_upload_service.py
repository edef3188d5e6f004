"""Property tests (Hypothesis) of the upload service on the real database (SQLite or PostgreSQL).

Whatever the file, `bank_admin.upload_bank` stores a whole new version (every fact and question
of the file gets its identity row) or refuses with BankError / BankAdminError and stores nothing:
no database error (NUL on PostgreSQL, surrogates anywhere) ever escapes, no row is left behind.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from upload_fuzz import DAMAGES, FORMATS, FUZZ, Upload, upload_file

from quizapp.engine.importers import upload_format
from quizapp.engine.parsing import BankError
from quizapp.extensions import db
from quizapp.models.bank import Bank, BankFact, BankVersion
from quizapp.models.quiz import Quiz
from quizapp.models.user import User
from quizapp.services import banks
from quizapp.services.banks import BankAdminError, current_version, engine_bank

BASE = b"::Existing::Is this the bank being added to?{T}\n"
# Each example is a database round trip: a failure is reported as drawn, without shrinking it.
SERVICE_FUZZ = settings(
    FUZZ,
    max_examples=8,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


def counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Bank, BankVersion, BankFact, Quiz)
    }


def fact_keys(bank_id: int) -> set[str]:
    return set(db.session.scalars(select(BankFact.fact_key).where(BankFact.bank_id == bank_id)))


def _upload(app, user_id: int, upload: Upload, bank_id: int | None):  # type: ignore[no-untyped-def]
    """Upload a file as the instructor; return (result or error, counts before, counts after)."""
    with app.app_context():
        before = counts()
        user = db.session.get(User, user_id)
        try:
            result = banks.upload_bank(user, upload.data, upload.filename, bank_id=bank_id)
        except (BankError, BankAdminError) as error:
            db.session.rollback()
            result = error
        return result, before, counts()


@pytest.mark.parametrize("how", DAMAGES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_upload_stores_a_whole_version_or_nothing(app, make_user, fmt, how):
    teacher = make_user(role="instructor")
    base, _, _ = _upload(app, teacher.id, Upload("base.gift", BASE, True, None), None)
    stored_formats: set[str] = set()

    @SERVICE_FUZZ
    @given(upload=upload_file(fmt, how), into=st.booleans())
    def stores_whole_or_nothing(upload: Upload, into: bool) -> None:
        result, before, after = _upload(app, teacher.id, upload, base.bank_id if into else None)
        if isinstance(result, BankError | BankAdminError):
            assert not upload.valid or isinstance(result, BankAdminError), str(result)[:2000]
            assert after == before, "a refused upload stored something"
            return
        with app.app_context():
            version = current_version(result.bank_id)
            assert version is not None and version.number == result.version
            stored = engine_bank(version)
            keys = {*stored.facts, *stored.questions}
            assert keys <= fact_keys(result.bank_id), "a fact or question lost its identity row"
        if result.created:
            assert after["Bank"] == before["Bank"] + 1 and after["Quiz"] == before["Quiz"] + 1
            assert after["BankFact"] - before["BankFact"] == len(keys)
            if upload.counts is not None:
                assert (len(stored.facts), len(stored.questions)) == upload.counts
        else:
            assert after["Bank"] == before["Bank"]
        new_versions = 0 if result.unchanged else 1
        assert after["BankVersion"] == before["BankVersion"] + new_versions
        stored_formats.add(upload_format(upload.filename))

    stores_whole_or_nothing()
    if how == "none":  # not vacuous: the valid files were drawn, and stored
        assert stored_formats == {fmt}
