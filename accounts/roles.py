"""The staff roles (Django groups) and what each may do.

Groups are created by a data migration from this table; later migrations call
`grant_role_permissions` again when new models bring new permissions.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import TextChoices


class Role(TextChoices):
    EDITORIAL = "Editorial"
    LEGAL = "Legal"
    PRODUCTION = "Production"
    MARKETING = "Marketing"
    RIGHTS = "Rights"


ROLE_DESCRIPTIONS = {
    Role.EDITORIAL: "Search Getty from a title, shortlist, submit pictures, first approval step.",
    Role.LEGAL: "Review licence model, allowed use, releases, restrictions, territory and term.",
    Role.PRODUCTION: "Check technical fit, license and download the file; final approval step.",
    Role.MARKETING: "Source pictures for campaigns, catalogues and promotions.",
    Role.RIGHTS: "Own licence records, clearance checks and expiry alerts.",
}

# "app_label.codename" per role. Codenames that do not exist yet are skipped, so the table can
# name permissions of models a later migration adds; that migration calls grant_role_permissions.
# Every role reads the mirrored titles and pictures and the approval requests.
_READ = [
    "integration.view_title",
    "integration.view_product",
    "integration.view_syncrun",
    "integration.view_asset",
    "approvals.view_approvalrequest",
    # Where each write to Consonance stands (the Consonance panel on request and title pages).
    "integration.view_outboxmessage",
]
# Production and Rights send a dead write to Consonance again once its cause is fixed.
_RETRY_WRITES = ["integration.retry_outboxmessage"]
# Editorial and Marketing source pictures: search, shortlist, themes, reference imagery, submit.
_SOURCE_PICTURES = [
    "integration.search_getty",
    "integration.add_shortlistitem",
    "integration.change_shortlistitem",
    "integration.delete_shortlistitem",
    "integration.view_visualtheme",
    "integration.add_visualtheme",
    "integration.delete_visualtheme",
    "integration.view_referenceimage",
    "integration.add_referenceimage",
    "integration.change_referenceimage",
    "integration.delete_referenceimage",
    "approvals.add_approvalrequest",
]

# Licence records: Production licenses at Getty, Legal confirms the terms, Rights owns the records.
_READ_LICENCES = [
    "rights.view_licence",
    "rights.view_licenceevent",
    "rights.view_usage",
    "rights.view_printing",
    "rights.view_download",
    "rights.view_replacement",
    # Clearance checks: Rights runs them (and records a cleared reprint's printing); the others read them.
    "rights.view_clearancecheck",
    "rights.view_clearanceresult",
    "rights.view_licencealert",
]
_RUN_CLEARANCE = ["rights.add_clearancecheck", "rights.add_printing"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.EDITORIAL: [*_READ, *_SOURCE_PICTURES],
    Role.LEGAL: [*_READ, *_READ_LICENCES, "rights.confirm_licence_terms"],
    Role.PRODUCTION: [
        *_READ,
        "integration.search_getty",
        *_RETRY_WRITES,
        *_READ_LICENCES,
        "rights.license_picture",
    ],
    Role.MARKETING: [*_READ, *_SOURCE_PICTURES],
    Role.RIGHTS: [*_READ, *_RETRY_WRITES, *_READ_LICENCES, "rights.change_licence", *_RUN_CLEARANCE],
}
# Replacing a licensed picture: Rights, Editorial and Marketing look at Getty's similar pictures; those
# who submit pictures for approval (Editorial, Marketing) choose one.
for _role, _names in (
    (Role.EDITORIAL, ["rights.find_replacement", "rights.add_replacement"]),
    (Role.MARKETING, ["rights.find_replacement", "rights.add_replacement"]),
    (Role.RIGHTS, ["rights.find_replacement"]),
):
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], *_names]


def grant_role_permissions(apps, schema_editor=None):
    """Create every role group and give it the permissions of ROLE_PERMISSIONS that exist now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        wanted = []
        for name in names:
            app_label, codename = name.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.add(*wanted)


@dataclass(frozen=True)
class Memberships:
    """A person's groups, (id, name) by name, and the "app_label.codename" permissions they hold:
    through their groups, and their own."""

    groups: tuple[tuple[int, str], ...] = ()
    group_permissions: frozenset[str] = frozenset()
    own_permissions: frozenset[str] = frozenset()


def memberships_of(user) -> Memberships:
    """Groups, group permissions and own permissions in one query, kept on the user object (one
    request long).

    Every page needs them: the permission checks, the menu, the queue's group filter.
    `accounts.backends.MembershipBackend` answers permission checks from here. The query joins
    both sides from the user, so it returns (group permissions × own permissions) rows: a few dozen.
    """
    if not user.is_authenticated:
        return Memberships()
    held = getattr(user, "_memberships", None)
    if held is None:
        rows = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .values_list(
                "groups__id",
                "groups__name",
                "groups__permissions__content_type__app_label",
                "groups__permissions__codename",
                "user_permissions__content_type__app_label",
                "user_permissions__codename",
            )
        )
        groups: dict[int, str] = {}
        group_permissions, own_permissions = set(), set()
        for group_id, name, group_app, group_codename, own_app, own_codename in rows:
            if group_id is not None:
                groups[group_id] = name
            if group_codename is not None:
                group_permissions.add(f"{group_app}.{group_codename}")
            if own_codename is not None:
                own_permissions.add(f"{own_app}.{own_codename}")
        held = Memberships(
            tuple(sorted(groups.items(), key=lambda group: (group[1], group[0]))),
            frozenset(group_permissions),
            frozenset(own_permissions),
        )
        user._memberships = held
    return held


def groups_of(user) -> tuple[tuple[int, str], ...]:
    """The (id, name) of a person's groups, by name."""
    return memberships_of(user).groups


def roles_of(user) -> list[str]:
    """Names of the roles a user holds, in the table's order."""
    held = {name for _, name in groups_of(user)}
    return [str(role) for role in Role if str(role) in held]
