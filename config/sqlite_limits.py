"""Let Django batch bulk writes on SQLite by the library's real variable limit, not a hard-coded 999.

Django 5.2 assumes SQLITE_LIMIT_VARIABLE_NUMBER is 999, the default of SQLite before 3.32, so a bulk
insert of 200 rows x 25 columns becomes six statements; the SQLite we ship with allows 32766 or more
(Debian builds: 250000). Django 6.0 reads the limit from the connection (ticket #36143); this does the
same for 5.2, per connection, and can go when we upgrade.
"""

import sqlite3

from django.db.backends.signals import connection_created


def use_real_sqlite_variable_limit(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    # An instance attribute: only this connection's features change.
    connection.features.max_query_params = max(limit, 999)


def connect() -> None:
    connection_created.connect(use_real_sqlite_variable_limit, dispatch_uid="sqlite-variable-limit")
