"""Command-line commands: thin wrappers around services."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models.user import ROLES, User
from quizapp.services import accounts
from quizapp.services.accounts import AccountError

users = AppGroup("users", help="Manage user accounts.")


@users.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="student", show_default=True)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="The password; asked for (hidden) when not given.",
)
def create_user(name: str, role: str, password: str) -> None:
    """Create an account with the given role."""
    try:
        user = accounts.create_user(name, password, role)
    except AccountError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Created {user.role} {user.username!r}.")


@users.command("list")
def list_users() -> None:
    """List every account with its role."""
    rows = db.session.scalars(select(User).order_by(User.id)).all()
    if not rows:
        click.echo("No users yet.")
        return
    width = max(len(user.username) for user in rows)
    click.echo(f"{'id':>5}  {'username':<{width}}  {'role':<10}  created (UTC)")
    for user in rows:
        created = user.created_at.strftime("%Y-%m-%d %H:%M")
        click.echo(f"{user.id:>5}  {user.username:<{width}}  {user.role:<10}  {created}")


@users.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
def set_role(name: str, role: str) -> None:
    """Give an existing account another role."""
    user = accounts.find_user(name)
    if user is None:
        raise click.ClickException(f"No user named {name!r}.")
    try:
        accounts.set_role(user.id, role)
    except AccountError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"{user.username!r} is now {role}.")


def register_cli(app: Flask) -> None:
    """Add the quizapp command groups to `flask`."""
    from quizapp.bank_cli import bank, quiz

    app.cli.add_command(users)
    app.cli.add_command(bank)
    app.cli.add_command(quiz)
