"""Demo staff for a newcomer's machine: one user per role, with known passwords."""

from dataclasses import dataclass

from .roles import Role


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str | None
    first_name: str
    last_name: str
    is_staff: bool = False


DEMO_USERS = (
    DemoUser("editor", "editor-demo-2026", Role.EDITORIAL, "Edith", "Lane"),
    DemoUser("legal", "legal-demo-2026", Role.LEGAL, "Leo", "Garner"),
    DemoUser("production", "production-demo-2026", Role.PRODUCTION, "Priya", "Das"),
    DemoUser("marketing", "marketing-demo-2026", Role.MARKETING, "Mara", "Quinn"),
    DemoUser("rights", "rights-demo-2026", Role.RIGHTS, "Rhys", "Owen"),
    DemoUser("admin", "admin-demo-2026", None, "Ada", "Admin", is_staff=True),
)
