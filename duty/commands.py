"""Command-line tasks: demo data, users, case import, backup and restore."""

import click
from flask import Flask
from sqlalchemy import select

from duty.extensions import db


def register(app: Flask) -> None:
    @app.cli.command("seed-demo")
    @click.option(
        "--cases", default=320, show_default=True, help="Number of made-up cases."
    )
    @click.option(
        "--if-empty",
        is_flag=True,
        help="Keep existing data; only set a new demo password.",
    )
    def seed_demo(cases, if_empty):
        """Load the made-up demo set and print the logins."""
        from duty import demo

        if if_empty and demo.has_data():
            password = demo.reset_passwords()
        else:
            password = demo.seed(case_count=cases)
        click.echo("\nDemo logins (every account uses the same password):")
        for username, name, role in demo.demo_logins():
            click.echo(f"  {username:<14} {role:<26} {name}")
        click.echo(f"\n  Password: {password}\n")

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--name", required=True, help="Full name.")
    @click.option(
        "--role",
        required=True,
        help="admin_officer, case_owner, team_leader, manager, assistant_director or trainee.",
    )
    @click.option("--team", "team_name", default=None, help="Team name.")
    @click.password_option()
    def create_user(username, name, role, team_name, password):
        """Create a staff account."""
        from duty.auth.models import Role, User
        from duty.auth.passwords import hash_password, password_problem
        from duty.teams.models import Team

        if role not in {r.value for r in Role}:
            raise click.BadParameter(f"unknown role {role!r}", param_hint="--role")
        problem = password_problem(password)
        if problem:
            raise click.BadParameter(problem, param_hint="password")
        team = None
        if team_name:
            team = db.session.scalar(select(Team).where(Team.name == team_name))
            if team is None:
                raise click.BadParameter(
                    f"no team named {team_name!r}", param_hint="--team"
                )
        db.session.add(
            User(
                username=username,
                full_name=name,
                role=role,
                team_id=team.id if team else None,
                password_hash=hash_password(password),
            )
        )
        db.session.commit()
        click.echo(f"Created {username}.")

    @app.cli.command("import-cases")
    @click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
    def import_cases(csv_file):
        """Load or update cases from a CSV file, keyed by Home Office reference."""
        from duty.cases.importer import import_file

        report = import_file(csv_file, progress=click.progressbar)
        _echo_report(report)

    @app.cli.command("import-establishments")
    @click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
    def import_establishments(csv_file):
        """Load or update the addresses of prisons and removal centres."""
        from duty.cases.importer import import_establishments as load

        report = load(csv_file, progress=click.progressbar)
        _echo_report(report)

    @app.cli.command("import-representatives")
    @click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
    def import_representatives(csv_file):
        """Load or update legal representatives, keyed by case and their reference."""
        from duty.cases.importer import import_representatives as load

        report = load(csv_file, progress=click.progressbar)
        _echo_report(report)

    from duty.backup import commands as backup_commands

    backup_commands.register(app)


def _echo_report(report) -> None:
    click.echo(
        f"Created {report.created}, updated {report.updated}, "
        f"unchanged {report.unchanged}, rejected {len(report.rejected)}."
    )
    for line, reason in report.rejected:
        click.echo(f"  Row {line}: {reason}", err=True)
