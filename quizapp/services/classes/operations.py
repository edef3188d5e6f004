"""Class use cases: create and run a class, its students and co-instructors, and join codes.

Who may do what is checked here on every class, not only on routes: a class is taught by its
owner, its co-instructors and the admins; its students see it and may leave it; to anyone else
it does not exist (ClassNotFound, a 404).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.models.classroom import ClassMember, Classroom
from quizapp.models.user import User
from quizapp.services.access import Actor, is_admin
from quizapp.services.accounts import find_user

#: Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
JOIN_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: 10 characters of 5 bits: 50 bits, far beyond guessing at the rate joins are limited to.
JOIN_LENGTH = 10
NAME_MAX, DESCRIPTION_MAX = 120, 2000


class ClassError(Exception):
    """A class request that cannot be done; the message says why (and `field`, where)."""

    status = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ClassNotFound(ClassError):
    """No such class for this user (hidden and missing look the same)."""

    status = 404


@dataclass(frozen=True)
class Member:
    """A person in a class, as the class page lists them."""

    user_id: int
    username: str
    display_name: str
    role: str


# -- join codes --------------------------------------------------------------------------------


def new_join_code() -> str:
    """Return a fresh random join code (50 bits from `secrets`)."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_LENGTH))


def normalise_code(raw: str) -> str:
    """Return a typed code as stored: upper case, no dashes or spaces, O read as 0, I and L as 1."""
    text = "".join(ch for ch in (raw or "").upper() if ch.isascii() and ch.isalnum())
    return text.translate(str.maketrans("OIL", "011"))[:32]


def format_code(code: str | None) -> str:
    """Return a code as shown: two groups of five, e.g. 7K2QD-M9XWA."""
    if not code:
        return ""
    return f"{code[:5]}-{code[5:]}"


# -- who may see what --------------------------------------------------------------------------


def _member_role(user_id: int, class_id: int) -> str | None:
    return db.session.scalar(
        select(ClassMember.role).where(
            ClassMember.class_id == class_id, ClassMember.user_id == user_id
        )
    )


def teaches(user: Actor, classroom: Classroom) -> bool:
    """Tell whether the user teaches the class: its owner, a co-instructor, or an admin."""
    if is_admin(user) or classroom.owner_id == user.id:
        return True
    return user.role == "instructor" and _member_role(user.id, classroom.id) == "instructor"


def taught_class(user: Actor, class_id: int) -> Classroom:
    """Return a class the user teaches; raise ClassNotFound otherwise."""
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or not teaches(user, classroom):
        raise ClassNotFound("No such class.")
    return classroom


def student_class(user: Actor, class_id: int) -> Classroom:
    """Return a class the user is a student of; raise ClassNotFound otherwise."""
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or _member_role(user.id, class_id) != "student":
        raise ClassNotFound("No such class.")
    return classroom


def taught_classes_query(user: Actor) -> object:
    """Return a query of the classes the user teaches, by name."""
    query = select(Classroom).order_by(Classroom.name, Classroom.id)
    if is_admin(user):
        return query
    co = select(ClassMember.class_id).where(
        ClassMember.user_id == user.id, ClassMember.role == "instructor"
    )
    return query.where(or_(Classroom.owner_id == user.id, Classroom.id.in_(co)))


def classes_taught(user: Actor) -> list[Classroom]:
    """Return the classes the user owns or co-teaches (every class for an admin)."""
    return list(db.session.scalars(taught_classes_query(user)))  # type: ignore[call-overload]


def classes_studied(user_id: int) -> list[Classroom]:
    """Return the classes the user is a student of, by name."""
    return list(
        db.session.scalars(
            select(Classroom)
            .join(ClassMember, ClassMember.class_id == Classroom.id)
            .where(ClassMember.user_id == user_id, ClassMember.role == "student")
            .order_by(Classroom.name, Classroom.id)
        )
    )


def members(class_id: int, role: str | None = None) -> list[Member]:
    """Return the class's members (students or co-instructors), by username."""
    query = (
        select(User.id, User.username, User.display_name, ClassMember.role)
        .join(ClassMember, ClassMember.user_id == User.id)
        .where(ClassMember.class_id == class_id)
        .order_by(User.username)
    )
    if role:
        query = query.where(ClassMember.role == role)
    return [Member(*row) for row in db.session.execute(query)]


def student_ids(class_id: int) -> object:
    """Return a subquery of the ids of the class's students (for filters)."""
    return select(ClassMember.user_id).where(
        ClassMember.class_id == class_id, ClassMember.role == "student"
    )


def teaches_student(user: Actor, student_id: int) -> bool:
    """Tell whether the student is in a class the user teaches (always, for an admin)."""
    if is_admin(user):
        return True
    taught = select(Classroom.id).where(
        or_(
            Classroom.owner_id == user.id,
            Classroom.id.in_(
                select(ClassMember.class_id).where(
                    ClassMember.user_id == user.id, ClassMember.role == "instructor"
                )
            ),
        )
    )
    found = db.session.scalar(
        select(ClassMember.user_id)
        .where(
            and_(
                ClassMember.user_id == student_id,
                ClassMember.role == "student",
                ClassMember.class_id.in_(taught),
            )
        )
        .limit(1)
    )
    return found is not None


# -- writes ------------------------------------------------------------------------------------


def _check_text(name: str, description: str) -> tuple[str, str]:
    name, description = (name or "").strip(), (description or "").strip()
    if not name:
        raise ClassError("Give the class a name.", "name")
    if len(name) > NAME_MAX:
        raise ClassError(f"Keep the name under {NAME_MAX} characters.", "name")
    if len(description) > DESCRIPTION_MAX:
        raise ClassError(f"Keep the description under {DESCRIPTION_MAX} characters.", "description")
    return name, description


def _commit() -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ClassError("That changed at the same moment elsewhere; try again.") from None


def create_class(user: Actor, name: str, description: str = "") -> int:
    """Create a class owned by the user, joinable by a fresh code; return its id."""
    if user.role not in ("instructor", "admin"):
        raise ClassError("Only instructors create classes.")
    name, description = _check_text(name, description)
    classroom = Classroom(
        name=name, description=description, owner_id=user.id, join_code=new_join_code()
    )
    db.session.add(classroom)
    db.session.flush()
    class_id = classroom.id
    _commit()
    return class_id


def update_class(user: Actor, class_id: int, name: str, description: str) -> None:
    """Rename a class or change its description."""
    classroom = taught_class(user, class_id)
    classroom.name, classroom.description = _check_text(name, description)
    _commit()


def set_join_code(user: Actor, class_id: int, *, enabled: bool) -> str | None:
    """Switch joining by code on with a new code (rotating the old one) or off; return it."""
    classroom = taught_class(user, class_id)
    classroom.join_code = new_join_code() if enabled else None
    code = classroom.join_code
    _commit()
    return code


def join_by_code(user: Actor, raw_code: str) -> tuple[int, bool]:
    """Join the class whose code this is; return (class id, whether newly joined)."""
    code = normalise_code(raw_code)
    if not code:
        raise ClassError("Enter the class code your instructor gave you.", "code")
    classroom = db.session.scalar(select(Classroom).where(Classroom.join_code == code))
    if classroom is None:
        db.session.rollback()
        raise ClassError(
            "No class has this code: check it with your instructor (codes can be switched off "
            "or replaced).",
            "code",
        )
    class_id = classroom.id
    role = _member_role(user.id, class_id)
    if role is not None:
        db.session.rollback()
        return class_id, False
    if user.role != "student" and classroom.owner_id == user.id:
        db.session.rollback()
        raise ClassError("You teach this class.", "code")
    db.session.add(ClassMember(class_id=class_id, user_id=user.id, role="student"))
    _commit()
    return class_id, True


def leave_class(user: Actor, class_id: int) -> str:
    """Leave a class one is a student of; return its name."""
    classroom = student_class(user, class_id)
    name = classroom.name
    db.session.execute(
        delete(ClassMember).where(ClassMember.class_id == class_id, ClassMember.user_id == user.id)
    )
    _commit()
    return name


def add_member(user: Actor, class_id: int, username: str, role: str = "student") -> str:
    """Add an existing account as a student or co-instructor; return its username."""
    classroom = taught_class(user, class_id)
    person = find_user(username)
    if person is None:
        db.session.rollback()
        raise ClassError(f"There is no account named “{username.strip()[:64]}”.", "username")
    if role == "student" and person.role != "student":
        db.session.rollback()
        raise ClassError(f"{person.username} is an {person.role}, not a student.", "username")
    if role == "instructor" and person.role not in ("instructor", "admin"):
        db.session.rollback()
        raise ClassError(f"{person.username} is not an instructor.", "username")
    if person.id == classroom.owner_id or _member_role(person.id, class_id) is not None:
        db.session.rollback()
        raise ClassError(f"{person.username} is already in this class.", "username")
    db.session.add(ClassMember(class_id=class_id, user_id=person.id, role=role))
    username = person.username
    _commit()
    return username


def remove_member(user: Actor, class_id: int, member_id: int) -> None:
    """Take a student or co-instructor out of the class (their attempts are kept)."""
    taught_class(user, class_id)
    gone = db.session.execute(
        delete(ClassMember).where(
            ClassMember.class_id == class_id, ClassMember.user_id == member_id
        )
    )
    if gone.rowcount != 1:
        db.session.rollback()
        raise ClassNotFound("No such member.")
    _commit()


def delete_class(user: Actor, class_id: int) -> None:
    """Delete a class: its members and assignments go, the students' attempts stay."""
    classroom = taught_class(user, class_id)
    if not (is_admin(user) or classroom.owner_id == user.id):
        raise ClassError("Only the class's owner can delete it.")
    db.session.delete(classroom)
    _commit()
