"""The `backup` and `restore` commands."""

import os
import tempfile
from contextlib import ExitStack
from pathlib import Path

import click
from flask import Flask

from duty.backup import BackupError
from duty.backup.checks import Staged
from duty.backup.parts import Part, parts_for
from duty.backup.revisions import upgrade_advice
from duty.extensions import db

PERSONAL_DATA_WARNING = (
    "Backups contain personal data: store them encrypted, where only the "
    "people who restore the service can read them."
)


def register(app: Flask) -> None:
    @app.cli.command("backup")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    def backup_command(file):
        """Back up the live and practice databases to FILE.

        The practice database goes to FILE's -practice sibling
        (backup.sqlite and backup-practice.sqlite), unless it is a schema of
        the live PostgreSQL database, which FILE then contains too.
        """
        try:
            backup(file)
        except BackupError as error:
            raise click.ClickException(str(error)) from error

    @app.cli.command("restore")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option(
        "--yes",
        is_flag=True,
        help="Replace databases that contain data without asking first.",
    )
    def restore_command(file, yes):
        """Restore the live and practice databases from a backup made by `backup`.

        Every backup file is checked before anything changes. Stop the app
        first, because the restore gives up after waiting 30 seconds for a lock.
        """
        try:
            restore(file, yes)
        except BackupError as error:
            raise click.ClickException(str(error)) from error


def backup(file: Path) -> None:
    """Write every database of the app to its backup file, refusing to overwrite one."""
    parts = parts_for(file)
    for part in parts:
        if part.file.exists():
            raise BackupError(
                f"{part.file} already exists. Choose a new file name, or move the "
                "old backup away first."
            )
        if not part.file.parent.is_dir():
            raise BackupError(
                f"The folder {part.file.parent} does not exist. Create it first."
            )
    for part in parts:
        if not part.holds_live and not part.store.exists():
            click.echo(
                f"The {part.store.describe()} does not exist yet, so there is "
                "nothing of it to back up."
            )
            continue
        _write_backup(part)
        size = part.file.stat().st_size
        click.echo(
            f"Backed up the {part.store.describe()} to {part.file} ({size:,} bytes)."
        )
    click.echo(PERSONAL_DATA_WARNING)


def _write_backup(part: Part) -> None:
    """Write into a temporary file beside the backup, then rename it into place.

    A backup that fails part-way leaves no file under the backup's name.
    mkstemp creates the file readable by its owner alone.
    """
    handle, name = tempfile.mkstemp(
        prefix=f".{part.file.name}.", suffix=".partial", dir=part.file.parent
    )
    os.close(handle)
    temporary = Path(name)
    try:
        part.store.write_backup(temporary)
        os.replace(temporary, part.file)
    finally:
        temporary.unlink(missing_ok=True)


def restore(file: Path, yes: bool) -> None:
    """Check every backup file, ask before replacing data, then restore each database."""
    parts = parts_for(file)
    with ExitStack() as cleanup:
        staged_parts: list[tuple[Part, Staged]] = []
        for part in parts:
            if not part.holds_live and not part.file.exists():
                click.echo(
                    f"No practice backup was found at {part.file}, so the "
                    f"{part.store.describe()} is left as it is."
                )
                continue
            staged = part.store.stage(part.file, part.holds_live)
            cleanup.callback(staged.discard)
            staged_parts.append((part, staged))

        _confirm_replacing([part for part, _ in staged_parts], yes)
        _close_own_connections()

        restored: list[str] = []
        for part, staged in staged_parts:
            try:
                notes = part.store.restore(staged)
            except BackupError as error:
                if not restored:
                    raise
                raise BackupError(
                    f"{error}\nThe {' and the '.join(restored)} had been restored "
                    "already. Fix the problem and run the restore again."
                ) from error
            restored.append(part.store.describe())
            click.echo(f"Restored the {part.store.describe()} from {part.file}.")
            for note in notes:
                click.echo(note)
    click.echo(upgrade_advice(parts[0].store.revision()))


def _confirm_replacing(parts: list[Part], yes: bool) -> None:
    """Ask before replacing a database that contains data, unless yes is set."""
    occupied = []
    for part in parts:
        contents = part.store.occupancy()
        if contents:
            occupied.append(f"The {part.store.describe()} {contents}.")
    if not occupied:
        return
    for line in occupied:
        click.echo(line)
    if yes:
        return
    try:
        agreed = click.confirm(
            "Replace this data with the backup? It cannot be undone.", default=False
        )
    except click.Abort:
        click.echo()
        agreed = False
    if not agreed:
        raise BackupError(
            "Nothing was restored. Run the command again and answer y, or add "
            "--yes, to replace the data."
        )


def _close_own_connections() -> None:
    """Close this process's pooled connections, so that none holds a lock the restore needs."""
    db.session.remove()
    for engine in db.engines.values():
        engine.dispose()
