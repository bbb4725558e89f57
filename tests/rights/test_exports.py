"""Exports: the permissions log as CSV (its columns, one line per licence, every title or one, cells a
spreadsheet never runs as formulas, streamed in a constant number of queries per chunk) and a title's
evidence pack (a zip with the log, each licence with its approval history, the Getty download records,
the files' checksums and a manifest), bounded."""

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rights import permissions_log
from rights.evidence_pack import evidence_pack
from rights.models import Licence, LicenceEvent
from rights.services import LicenseOrder, picture_license
from tests.factories.assets import AssetFactory
from tests.factories.rights import book, make_licence

pytestmark = pytest.mark.django_db

EXPECTED_HEADER = [
    "Licence",
    "Title",
    "Item",
    "Source",
    "Licence model",
    "Getty product",
    "Rights holder",
    "Credit line",
    "Fee",
    "Currency",
    "Territory",
    "Term",
    "Print run",
    "Printed",
    "Placement",
    "Formats",
    "Channels",
    "Restrictions",
    "Releases",
    "Licence reference",
    "Status",
    "Terms confirmed",
]


def as_user(client, user):
    client.force_login(user)
    return client


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets read it as UTF-8
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == EXPECTED_HEADER
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def shelf():
    """Two titles: a rights-managed cover with full terms and a royalty-free interior picture in one,
    a perpetual picture in the other."""
    title, products = book(title="The Salt Road")
    cover = make_licence(
        title=title,
        covered=[products["hardback"], products["paperback"]],
        placement="front_cover",
        territories=("GB", "IE"),
        channels=("print", "advertising"),
        print_run_cap=10000,
        printed=(3000, 1500),
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2030, 12, 31),
        rights_managed=True,
        collection_name="Stone",
        artist="Ana Ruiz",
        copyright="Ana Ruiz",
    )
    Licence.objects.filter(pk=cover.pk).update(
        fee=Decimal("450.00"),
        fee_currency="EUR",
        licence_reference="RM-2026-17",
        restrictions=["No use on merchandise"],
        release_info="Model released",
        credit_line="Ana Ruiz / Stone / Getty Images",
    )
    interior = make_licence(title=title, territories=("WORLD",), valid_until=None, confirmed=False)
    other, _ = book(title="A Quiet Harbour")
    perpetual = make_licence(title=other, perpetual=True)
    return {"title": title, "other": other, "cover": cover, "interior": interior, "perpetual": perpetual}


def test_the_log_of_every_title_has_one_line_per_licence_with_the_publishers_columns(client, people, shelf):
    rows = read_csv(as_user(client, people.rita).get(reverse("rights:permissions-log")))

    assert [row["Licence"] for row in rows] == [
        str(shelf["perpetual"].pk),  # "A Quiet Harbour" sorts first
        str(shelf["cover"].pk),
        str(shelf["interior"].pk),
    ]
    cover = rows[1]
    asset = shelf["cover"].asset
    assert cover["Title"] == "The Salt Road"
    assert cover["Item"] == f"GettyImages-{asset.getty_id} {asset.title}"
    assert cover["Source"] == "Getty Images, Stone"
    assert cover["Licence model"] == "Rights-managed"
    assert cover["Getty product"] == "40101"
    assert cover["Rights holder"] == "Ana Ruiz (Getty Images, Stone)"
    assert cover["Credit line"] == "Ana Ruiz / Stone / Getty Images"
    assert (cover["Fee"], cover["Currency"]) == ("450.00", "EUR")
    assert cover["Territory"] == "GB, IE"
    assert cover["Term"] == "2026-01-01 to 2030-12-31"
    assert (cover["Print run"], cover["Printed"]) == ("10000", "4500")
    assert cover["Placement"] == "Front cover"
    hardback, paperback = shelf["cover"].products.order_by("id")
    assert cover["Formats"] == f"Hardback {hardback.isbn13}; Paperback {paperback.isbn13}"
    assert cover["Channels"] == "Print, Advertising"
    assert cover["Restrictions"] == "No use on merchandise"
    assert cover["Releases"] == "Model released"
    assert cover["Licence reference"] == "RM-2026-17"
    assert cover["Status"] == "Active"
    assert cover["Terms confirmed"].startswith(timezone.localdate().isoformat()[:4])

    interior = rows[2]
    assert interior["Territory"] == "World" and interior["Term"] == "No end date"
    assert (interior["Fee"], interior["Currency"], interior["Print run"]) == ("", "", "No cap")
    assert interior["Printed"] == "0" and interior["Placement"] == "Interior"
    assert interior["Terms confirmed"] == "Waiting for Legal"
    assert rows[0]["Term"] == "Perpetual"


def test_the_log_of_one_title_has_only_its_licences(client, people, shelf):
    url = reverse("rights:title-permissions-log", args=[shelf["title"].pk])
    response = as_user(client, people.lena).get(url)
    assert f'filename="permissions-log-title-{shelf["title"].pk}-' in response["Content-Disposition"]
    rows = read_csv(response)
    assert {row["Licence"] for row in rows} == {str(shelf["cover"].pk), str(shelf["interior"].pk)}


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_cells_a_spreadsheet_would_run_are_escaped(client, people, dangerous):
    title, _ = book(title=dangerous)
    licence = make_licence(title=title, credit_line=dangerous)
    Licence.objects.filter(pk=licence.pk).update(
        credit_line=dangerous, licence_reference=dangerous, release_info=dangerous, restrictions=[dangerous]
    )
    rows = read_csv(as_user(client, people.rita).get(reverse("rights:permissions-log")))
    row = rows[0]
    for column in ("Title", "Credit line", "Licence reference", "Releases", "Restrictions"):
        assert row[column] == "'" + dangerous, column


def test_safe_text_is_left_alone():
    assert permissions_log.safe_cell("Jane Doe / Getty Images") == "Jane Doe / Getty Images"
    assert permissions_log.safe_cell(450) == "450" and permissions_log.safe_cell(None) == ""
    assert permissions_log.safe_cell("a=b") == "a=b"


def _queries_for_log(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("rights:permissions-log"))
        b"".join(response.streaming_content)
    return len(captured)


def test_the_log_reads_licences_in_chunks_with_a_fixed_number_of_queries_each(client, people, monkeypatch):
    monkeypatch.setattr(permissions_log, "CHUNK_SIZE", 5)
    as_user(client, people.rita)
    client.get(reverse("rights:dashboard"))  # the session and the menu's caches settle
    title, _ = book()
    for _ in range(5):
        make_licence(title=title, printed=(100,))
    one_chunk = _queries_for_log(client)
    for _ in range(10):
        make_licence(title=title, printed=(100,))
    three_chunks = _queries_for_log(client)
    # Each further chunk: the products and usages of its licences (two prefetches).
    assert three_chunks - one_chunk == 2 * 2


@pytest.mark.parametrize(
    "who, status", [("rita", 200), ("lena", 200), ("pat", 200), ("edith", 403), ("mary", 403)]
)
def test_who_may_export_the_log(client, people, shelf, who, status):
    response = as_user(client, getattr(people, who)).get(reverse("rights:permissions-log"))
    assert response.status_code == status


def test_an_unknown_title_is_a_404_not_a_500(client, people):
    as_user(client, people.rita)
    assert client.get("/rights/titles/999999/permissions-log.csv").status_code == 404
    assert client.get("/rights/titles/99999999999999999999/evidence-pack.zip").status_code == 404
    assert client.get("/rights/titles/x1/permissions-log.csv").status_code == 404


# --- the evidence pack ---------------------------------------------------------------------------------


@pytest.fixture
def licensed(getty, approved, people, django_capture_on_commit_callbacks) -> Licence:
    """A picture licensed through the Getty sandbox: real approval history, a stored file."""
    with django_capture_on_commit_callbacks(execute=True):
        return picture_license(
            approval_request=approved, order=LicenseOrder("40101"), actor=people.pat
        ).licence


def open_zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_evidence_pack_holds_the_log_each_licence_with_its_history_downloads_and_checksums(
    client, people, licensed, settings
):
    title = licensed.title
    second = make_licence(title=title, printed=(2000,))
    download = licensed.download
    download.refresh_from_db()
    assert download.has_file

    response = as_user(client, people.rita).get(reverse("rights:title-evidence-pack", args=[title.pk]))
    assert f'filename="evidence-pack-title-{title.pk}-' in response["Content-Disposition"]
    pack = open_zip(response)

    names = set(pack.namelist())
    assert names == {
        "README.txt",
        "permissions-log.csv",
        f"licences/licence-{licensed.pk}.json",
        f"licences/licence-{second.pk}.json",
        "getty/downloads.json",
        "getty/SHA256SUMS",
        "manifest.json",
    }
    log = list(csv.reader(io.StringIO(pack.read("permissions-log.csv").decode("utf-8")[1:])))
    assert log[0] == EXPECTED_HEADER and {row[0] for row in log[1:]} == {str(licensed.pk), str(second.pk)}

    record = json.loads(pack.read(f"licences/licence-{licensed.pk}.json"))
    assert record["picture"]["getty_id"] == licensed.asset.getty_id
    assert record["getty"]["product_id"] == "40101" and record["terms"]["territories"] == ["GB", "IE"]
    assert [event["kind"] for event in record["history"]][:1] == [LicenceEvent.Kind.LICENSED]
    approval = record["approval"]
    assert approval["request"] == licensed.request_id and approval["status"] == "approved"
    kinds = [event["kind"] for event in approval["history"]]
    assert kinds[0] == "submitted" and kinds[-1] == "completed" and kinds.count("approved") == 3
    assert {event["by"] for event in approval["history"] if event["kind"] == "approved"} == {
        "edith",
        "lena",
        "pat",
    }
    assert record["usages"][0]["printings"] == [
        {"quantity": 3000, "printed_on": record["usages"][0]["printings"][0]["printed_on"]}
    ]

    downloads = json.loads(pack.read("getty/downloads.json"))
    assert [d["download"] for d in downloads] == sorted({download.pk, second.download_id})
    ours = next(d for d in downloads if d["download"] == download.pk)
    assert ours["file"]["sha256"] == download.sha256 and ours["file"]["stored"] is True
    assert ours["getty_id"] == licensed.asset.getty_id and ours["product_name"]
    sums = pack.read("getty/SHA256SUMS").decode("ascii").splitlines()
    assert sums == [f"{download.sha256}  GettyImages-{licensed.asset.getty_id}-download-{download.pk}.jpg"]

    manifest = json.loads(pack.read("manifest.json"))
    assert {entry["name"] for entry in manifest["files"]} == names - {"manifest.json"}
    for entry in manifest["files"]:
        data = pack.read(entry["name"])
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(data)
    assert "Evidence pack: The Lighthouse Keeper's Daughter" in pack.read("README.txt").decode()


def test_the_pack_is_refused_past_its_bounds_with_a_message(client, people, settings):
    title, _ = book(title="The Salt Road")
    make_licence(title=title)
    make_licence(title=title)
    url = reverse("rights:title-evidence-pack", args=[title.pk])
    as_user(client, people.rita)

    settings.RIGHTS_EVIDENCE_PACK_MAX_LICENCES = 1
    response = client.get(url)
    assert response.status_code == 400
    text = response.content.decode()
    assert "The Salt Road has 2 licences; an evidence pack holds at most 1." in text
    assert reverse("rights:title-permissions-log", args=[title.pk]) in text

    settings.RIGHTS_EVIDENCE_PACK_MAX_LICENCES = 10
    settings.RIGHTS_EVIDENCE_PACK_MAX_BYTES = 2000
    response = client.get(url)
    assert response.status_code == 400 and "would be larger than 2,000 bytes" in response.content.decode()


def test_the_pack_reads_a_fixed_number_of_queries_whatever_the_licences(people):
    now = timezone.now()

    def queries(title) -> int:
        with CaptureQueriesContext(connection) as captured:
            pack = evidence_pack(title=title, actor=people.rita, now=now)
        pack.file.close()
        return len(captured)

    title, _ = book()
    make_licence(title=title, printed=(10,))
    few = queries(title)
    for _ in range(12):
        make_licence(title=title, printed=(10, 20), asset=AssetFactory())
    assert queries(title) == few


@pytest.mark.parametrize(
    "who, status", [("rita", 200), ("lena", 200), ("pat", 200), ("edith", 403), ("mary", 403)]
)
def test_who_may_take_the_evidence_pack(client, people, who, status):
    title, _ = book()
    make_licence(title=title)
    response = as_user(client, getattr(people, who)).get(
        reverse("rights:title-evidence-pack", args=[title.pk])
    )
    assert response.status_code == status


def test_the_title_page_offers_the_exports_once_the_title_has_a_licence(client, people):
    title, _ = book()
    url = reverse("integration:title-detail", args=[title.pk])
    log_url = reverse("rights:title-permissions-log", args=[title.pk])
    assert log_url not in as_user(client, people.rita).get(url).content.decode()
    make_licence(title=title)
    text = client.get(url).content.decode()
    assert log_url in text and reverse("rights:title-evidence-pack", args=[title.pk]) in text
    assert log_url not in as_user(client, people.edith).get(url).content.decode()
