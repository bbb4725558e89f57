"""Test settings: fast hasher, in-memory email, synchronous tasks, the local sandboxes' names."""

import os

os.environ.setdefault("DATABASE_URL", "sqlite:///var/test.sqlite3")

from .local import *  # noqa: E402,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": CACHES["fragments"],  # noqa: F405
}
# Tasks run in-process unless a test starts a real worker.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# Clients in tests retry fast; the retry policy itself is what is tested, not the wait.
CONSONANCE_TIMEOUT_SECONDS = 2.0
GETTY_TIMEOUT_SECONDS = 2.0
RETRY_BACKOFF_SECONDS = 0.01
# A file, not SQLite's shared in-memory database: threads of the concurrency tests need real
# locking (busy waits) like the embedded default has, not "database table is locked" errors.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-run.sqlite3")}  # noqa: F405
# Tests that do not start the Consonance sandbox must not reach one a developer runs on the usual
# port (`make run`): writes the outbox delivers on commit find nothing listening here and wait.
CONSONANCE_URL = "http://127.0.0.1:9"
