"""The statements of the answer save, built once with bound parameters.

The save is the hottest request: building statements per call cost more than running them, and
prebuilt statements hit SQLAlchemy's compiled cache (and psycopg's prepared statements) every time.
"""

from __future__ import annotations

from sqlalchemy import JSON, bindparam, insert, or_, select, update

from quizapp.models.attempt import Attempt, AttemptQuestion, Response
from quizapp.models.quiz import Quiz
from quizapp.models.types import UTCDateTime
from quizapp.models.user import User

#: Everything the save decides with: the question, the attempt's state, the response so far.
SAVE_CONTEXT = (
    select(
        AttemptQuestion.id,
        AttemptQuestion.question,
        Attempt.state,
        Attempt.deadline_at,
        Quiz.feedback,
        Response.id,
        Response.seq,
        Response.late,
        User.session_token,
    )
    .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
    .join(User, User.id == Attempt.user_id)
    .join(Quiz, Quiz.id == Attempt.quiz_id)
    .outerjoin(Response, Response.attempt_question_id == AttemptQuestion.id)
    .where(
        AttemptQuestion.attempt_id == bindparam("attempt_id"),
        AttemptQuestion.position == bindparam("position"),
        Attempt.user_id == bindparam("user_id"),
    )
    # A finish must wait for this save to commit (and then grade it), or this save must
    # wait for the finish and see the attempt closed.
    .with_for_update(read=True, of=Attempt)
)
RESPONSES = Response.__table__
INSERT_RESPONSE = insert(RESPONSES)
# Compare-and-swap: only the save that saw the current seq may write.
UPDATE_RESPONSE = (
    update(RESPONSES)
    .where(RESPONSES.c.id == bindparam("response_id"))
    .where(RESPONSES.c.seq == bindparam("seen_seq"))
    .values(seq=RESPONSES.c.seq + 1)
)


#: The common save in one statement: change an existing answer of an in-progress attempt under
#: deferred feedback, in time, with the seq the page saw and the session still current. It locks
#: the attempt row FOR SHARE exactly as SAVE_CONTEXT does, so a concurrent finish either waits
#: for this answer (and grades it) or has closed the attempt (and nothing is written). Returns
#: the new seq, or no row when anything differs; the caller then takes the ordinary path.
_TARGET = (
    select(AttemptQuestion.id)
    .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
    .join(User, User.id == Attempt.user_id)
    .join(Quiz, Quiz.id == Attempt.quiz_id)
    .where(
        AttemptQuestion.attempt_id == bindparam("attempt_id"),
        AttemptQuestion.position == bindparam("position"),
        Attempt.user_id == bindparam("user_id"),
        User.session_token == bindparam("token"),
        Attempt.state == "in_progress",
        Quiz.feedback == "deferred",
        or_(Attempt.deadline_at.is_(None), Attempt.deadline_at >= bindparam("late_after")),
    )
    .with_for_update(read=True, of=Attempt)
    .scalar_subquery()
)
CHANGE_ANSWER = (
    update(RESPONSES)
    .where(RESPONSES.c.attempt_question_id == _TARGET)
    .where(RESPONSES.c.seq == bindparam("seen_seq"))
    .where(RESPONSES.c.late.is_(False))
    .values(
        seq=RESPONSES.c.seq + 1,
        answer=bindparam("new_answer", type_=JSON),
        saved_at=bindparam("now", type_=UTCDateTime()),
    )
    .returning(RESPONSES.c.seq)
)
