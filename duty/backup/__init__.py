"""Backup and restore of the live and practice databases.

`flask --app app backup FILE` writes the live database to FILE. The practice
database goes to a second file beside it, named the way the app names the
practice database ("duty.sqlite" gives "duty-practice.sqlite"), unless it is
the `practice` schema of the live PostgreSQL database. One pg_dump archive
then contains both. `flask --app app restore FILE` reads the same files back.
"""


class BackupError(Exception):
    """A backup or restore that cannot proceed. The message states why and what to do next."""
