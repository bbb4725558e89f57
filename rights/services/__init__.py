"""Every write of the rights domain. Views, the API, the admin and tasks call these."""

from .licence_files import download_fetch_file
from .licensing import LicenseOrder, LicensingDone, licensing_choice, picture_license
from .terms import LicenceTerms, licence_set_terms

__all__ = [
    "LicenceTerms",
    "LicenseOrder",
    "LicensingDone",
    "download_fetch_file",
    "licence_set_terms",
    "licensing_choice",
    "picture_license",
]
