from django.urls import path, register_converter

from sites import editor, leads, views


class AnyPath:
    """A file path inside a site, possibly empty (the home page)."""

    regex = ".*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AnyPath, "anypath")

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("sites/", views.site_list, name="site_list"),
    path("sites/new/", views.site_new, name="site_new"),
    path("sites/<int:site_id>/", views.site_detail, name="site_detail"),
    path("sites/<int:site_id>/rebuild/", views.site_rebuild, name="site_rebuild"),
    path("sites/<int:site_id>/pause/", views.site_pause, name="site_pause"),
    path("sites/<int:site_id>/resume/", views.site_resume, name="site_resume"),
    path("sites/<int:site_id>/unpublish/", views.site_unpublish, name="site_unpublish"),
    path("sites/<int:site_id>/online/", views.site_put_online, name="site_put_online"),
    path("sites/<int:site_id>/address/", views.site_address_change, name="site_address_change"),
    path("sites/<int:site_id>/delete/", views.site_delete, name="site_delete"),
    path(
        "sites/<int:site_id>/versions/<int:version_id>/restore/",
        views.site_restore,
        name="site_restore",
    ),
    path("sites/<int:site_id>/preview/<anypath:path>", views.site_preview, name="site_preview"),
    # The editor (sites.editor): the draft beside its preview, then Publish.
    path("sites/<int:site_id>/edit/", editor.editor_home, name="editor_home"),
    path("sites/<int:site_id>/edit/pages/", editor.editor_pages, name="editor_pages"),
    path("sites/<int:site_id>/edit/page/<slug:slug>/", editor.editor_page, name="editor_page"),
    path("sites/<int:site_id>/edit/facts/", editor.editor_facts, name="editor_facts"),
    path("sites/<int:site_id>/edit/brand/", editor.editor_brand, name="editor_brand"),
    path("sites/<int:site_id>/edit/logo/", editor.editor_logo, name="editor_logo"),
    path("sites/<int:site_id>/edit/photos/", editor.editor_photos, name="editor_photos"),
    path(
        "sites/<int:site_id>/edit/photos/<slug:photo_id>/",
        editor.editor_photo,
        name="editor_photo",
    ),
    path("sites/<int:site_id>/edit/publish/", editor.editor_publish, name="editor_publish"),
    path("sites/<int:site_id>/edit/discard/", editor.editor_discard, name="editor_discard"),
    path(
        "sites/<int:site_id>/edit/proposals/<int:edit_id>/",
        editor.editor_proposal,
        name="editor_proposal",
    ),
    path("sites/<int:site_id>/draft/<anypath:path>", editor.draft_preview, name="draft_preview"),
    path("builds/<int:build_id>/", views.build_detail, name="build_detail"),
    path("builds/<int:build_id>/retry/", views.build_retry, name="build_retry"),
    # Visitors' form submissions, forwarded by each site's Worker (sites.addresses).
    path("f/<int:site_id>/", leads.lead_receive, name="lead_receive"),
]
