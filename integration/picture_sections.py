"""The title page's picture sections: the shortlist, and visual themes with reference imagery.

Registered with the title page's sections (`integration.title_page_sections`) when the app starts.
"""

from integration.selectors import shortlists as selectors
from integration.title_page_sections import TitlePanel, register_title_panel


def _shortlist_context(request, title) -> dict | None:
    user = request.user
    if not user.has_perm("integration.view_asset"):
        return None
    return {
        "shortlist_items": selectors.shortlist_panel_items(title.pk),
        "can_search": user.has_perm("integration.search_getty"),
        "can_change_shortlist": user.has_perm("integration.change_shortlistitem"),
        "can_remove_from_shortlist": user.has_perm("integration.delete_shortlistitem"),
        "here": request.get_full_path(),
    }


def _direction_context(request, title) -> dict | None:
    user = request.user
    if not user.has_perm("integration.view_asset"):
        return None
    return {
        "visual_themes": selectors.visual_themes(title.pk),
        "reference_images": selectors.reference_images(title.pk),
        "can_add_theme": user.has_perm("integration.add_visualtheme"),
        "can_remove_theme": user.has_perm("integration.delete_visualtheme"),
        "can_remove_reference": user.has_perm("integration.delete_referenceimage"),
        "here": request.get_full_path(),
    }


def register() -> None:
    register_title_panel(
        TitlePanel(
            name="picture-shortlist",
            template="integration/pictures/panel_shortlist.html",
            order=10,
            context=_shortlist_context,
        )
    )
    register_title_panel(
        TitlePanel(
            name="picture-direction",
            template="integration/pictures/panel_direction.html",
            order=20,
            context=_direction_context,
        )
    )
