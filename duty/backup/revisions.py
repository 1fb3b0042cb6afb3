"""Schema revisions of the app's Alembic migrations, and what a restore needs next."""

from alembic.script import ScriptDirectory

from duty.backup import BackupError
from duty.extensions import migrate

UPGRADE_COMMAND = "flask --app app db upgrade"


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(migrate.get_config())


def head_revision() -> str:
    """Return the newest revision of the app's migrations."""
    return _scripts().get_current_head()


def known_revisions() -> set[str]:
    """Return every revision of the app's migrations."""
    return {script.revision for script in _scripts().walk_revisions()}


def check_known(revision: str | None, backup_file) -> None:
    """Raise BackupError unless revision is one of the app's migrations."""
    if revision is None:
        raise BackupError(
            f"{backup_file} is not a backup of this app: its alembic_version "
            "table records no schema revision."
        )
    if revision not in known_revisions():
        raise BackupError(
            f"{backup_file} has schema revision {revision}, which is not one of "
            "this app's migrations, so it comes from another version of the app "
            "or from another application. Restore it with the version of the "
            "app that made it."
        )


def upgrade_advice(revision: str | None) -> str:
    """Return a sentence saying whether the restored schema needs `db upgrade`."""
    head = head_revision()
    if revision == head:
        return f"The schema is at the app's newest revision ({head}); no upgrade is needed."
    if revision in known_revisions():
        return (
            f"The schema is at revision {revision}, older than the app's newest "
            f"revision ({head}). Run `{UPGRADE_COMMAND}` before starting the app."
        )
    return (
        f"The schema revision is {revision or 'missing'}, which is not one of this "
        f"app's migrations (newest: {head}). Check the database before starting the app."
    )
