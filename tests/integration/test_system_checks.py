"""The outbox lease must outlast a send: `manage.py check` says so when the settings disagree."""

from integration.system_checks import outbox_lease_outlasts_a_send


def test_the_default_settings_pass(settings):
    settings.CONSONANCE_TIMEOUT_SECONDS, settings.OUTBOX_CLIENT_RETRIES, settings.OUTBOX_LEASE_SECONDS = (
        10,
        1,
        120,
    )
    settings.GETTY_TIMEOUT_SECONDS = 10

    assert outbox_lease_outlasts_a_send() == []


def test_a_lease_shorter_than_two_sends_is_named_with_the_figures(settings):
    settings.CONSONANCE_TIMEOUT_SECONDS, settings.OUTBOX_CLIENT_RETRIES, settings.OUTBOX_LEASE_SECONDS = (
        10,
        1,
        30,
    )

    [warning] = outbox_lease_outlasts_a_send()

    assert warning.id == "integration.W001"
    assert "OUTBOX_LEASE_SECONDS (30)" in warning.msg and "40 s" in warning.msg  # read, then write


def test_a_slow_getty_counts_too(settings):
    settings.CONSONANCE_TIMEOUT_SECONDS, settings.GETTY_TIMEOUT_SECONDS = 10, 30
    settings.OUTBOX_CLIENT_RETRIES, settings.OUTBOX_LEASE_SECONDS = 1, 120

    [warning] = outbox_lease_outlasts_a_send()

    assert "90 s" in warning.msg  # a token call and two tries of the batch
